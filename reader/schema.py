"""The Whoosh schema, its analyzers and its version.

Changing anything here changes what is in an index: bump :data:`SCHEMA_VERSION` and every
existing index is rebuilt (with a message) the next time it is opened.
"""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 2

#: Written between speaker names in the ``speaker`` field; the analyzer turns it into a
#: gap in positions so that a phrase never spans two people ("pistorius john").
NAME_SEPARATOR = " \u2016 "

#: ``datesort`` of an undated article: below every real date.
NO_DATE = -(2**62)

#: The fields a query may name, and the ones a bare word searches.
QUERY_FIELDS = ("title", "standfirst", "body", "quotes", "speaker", "date")
DEFAULT_FIELDS = ("title", "standfirst", "body", "quotes")


def text_analyzer():
    """Words, lowercased, accents folded *before* stemming, stop words out, English stems.

    Folding before the stemmer matters: the stemmer does not know "Šakalienė", so
    stemming first would leave a form that "Sakaliene" never reaches.
    """
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter(lang="en")


class _NameGapFilter(Filter):
    """Drops the name separator and leaves a wide gap in positions where it stood."""

    def __call__(self, tokens):
        gap = 0
        for token in tokens:
            if token.text == "\u2016":
                gap += 100
                continue
            if token.positions:
                token.pos += gap
            yield token


def name_analyzer():
    """Speaker names: words, lowercased, accents folded; no stemming, no stop words."""
    return RegexTokenizer(r"\w+(?:[.'’-]\w+)*|\u2016") | LowercaseFilter() | CharsetFilter(accent_map) | _NameGapFilter()


def build_schema() -> fields.Schema:
    """The schema of a reader index.

    The body is indexed but not stored: snippets re-read it from the article file, which
    keeps the index small. ``datesort`` orders by date with undated articles last
    (seconds since 1970, :data:`NO_DATE` when undated). ``speaker`` holds the names the
    attributor found, ``speakerkey`` their spelling-independent keys (``zelensk`` and
    ``v.zelensk`` for every spelling of Volodymyr Zelensky), ``quotes`` the quoted words,
    ``speakers`` (stored) the ``[name, quote count]`` pairs. ``file``/``size``/``mtime_ns``/``sha`` are what incremental
    indexing compares; ``loc`` is the byte offset of a JSON Lines record.
    """
    text = text_analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        file=fields.ID(stored=True),
        path=fields.STORED(),
        loc=fields.STORED(),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=2.0),
        date=fields.DATETIME(stored=True, sortable=True),
        datesort=fields.NUMERIC(bits=64, signed=True, sortable=True),
        standfirst=fields.TEXT(analyzer=text, stored=True),
        body=fields.TEXT(analyzer=text),
        quotes=fields.TEXT(analyzer=text),
        speaker=fields.TEXT(analyzer=name_analyzer()),
        speakerkey=fields.KEYWORD(lowercase=True),
        speakers=fields.STORED(),
        meta=fields.STORED(),
        size=fields.STORED(),
        mtime_ns=fields.STORED(),
        sha=fields.STORED(),
    )
