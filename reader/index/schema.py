"""The Whoosh schema, its analyzers and its version.

Changing anything here changes what is in an index: bump :data:`SCHEMA_VERSION` and every
existing index is rebuilt (with a message) the next time it is opened.
"""

from __future__ import annotations

from whoosh import columns, fields
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from ..engine.analysis import simple_chain

#: 4: the index folder also holds the corpus's word list (``reader/suggest.py``).
#: 5: and the quote records, a second Whoosh index (``reader/index/quote_records.py``).
#: 6: ``speakername``, each speaker's name whole, and the speaker registry beside the index.
SCHEMA_VERSION = 6

#: Written between speaker names in the ``speaker`` field; the analyzer turns it into a
#: gap in positions so that a phrase never spans two people ("pistorius john").
NAME_SEPARATOR = " \u2016 "

#: ``datesort`` of an undated article: below every real date.
NO_DATE = -(2**62)

#: The fields a query may name, and the ones a bare word searches.
QUERY_FIELDS = ("title", "standfirst", "body", "quotes", "speaker", "date")
#: Where plain words are looked for. Not ``quotes``: quoted words are in ``body`` too, so
#: it found nothing more and made every word a fourth matcher (p95 42 -> 30 ms at 21k).
DEFAULT_FIELDS = ("title", "standfirst", "body")


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


#: The words of a speaker's name (and the name separator).
_NAME_WORDS = r"\w+(?:[.'’-]\w+)*|\u2016"


def name_analyzer():
    """Speaker names: words, lowercased, accents folded; no stemming, no stop words."""
    return RegexTokenizer(_NAME_WORDS) | LowercaseFilter() | CharsetFilter(accent_map) | _NameGapFilter()


def _as_it_is(word: str) -> str:
    """The stem of a name's word: the word (a function, not a lambda: the schema is pickled)."""
    return word


def one_name_analyzer():
    """One speaker's name (a quote record's speaker, and its keys): the terms
    :func:`name_analyzer` gives a name, by a chain of the text analyzer's shape (no stop
    words, words of one letter kept, the stem the word itself), which the bulk writer
    analyses in one loop (:class:`reader.engine.analysis.BulkAnalysis`), a word at a time;
    Whoosh's chain of generators cost a quote record a fifth of its time. No separator
    gap: a record has one speaker."""
    return (RegexTokenizer(_NAME_WORDS) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=(), minsize=1) | StemFilter(stemfn=_as_it_is, cachesize=-1))


def build_schema() -> fields.Schema:
    """The schema of a reader index.

    The body is indexed but not stored: snippets re-read it from the article file, which
    keeps the index small. ``datesort`` (a column, not searchable) orders by date with
    undated articles last (seconds since 1970, :data:`NO_DATE` when undated). ``speaker`` holds the names the
    attributor found, ``speakerkey`` their spelling-independent keys (``zelensk`` and
    ``v.zelensk`` for every spelling of Volodymyr Zelensky), ``speakername`` each name whole
as written (one term a name: what ``speaker:`` matches once the registry has said which
spellings are the person, see :mod:`.speakers`), ``quotes`` the quoted words,
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
        # A column only: it orders results and is never searched (indexing it cost 16
        # postings per article, an eighth of all postings).
        datesort=fields.COLUMN(columns.NumericColumn("q", default=NO_DATE)),
        standfirst=fields.TEXT(analyzer=text, stored=True),
        body=fields.TEXT(analyzer=text),
        quotes=fields.TEXT(analyzer=text),
        speaker=fields.TEXT(analyzer=name_analyzer()),
        speakerkey=fields.KEYWORD(lowercase=True),
        speakername=fields.KEYWORD(),
        speakers=fields.STORED(),
        meta=fields.STORED(),
        size=fields.STORED(),
        mtime_ns=fields.STORED(),
        sha=fields.STORED(),
    )


def surface_words(texts, into: set[str]) -> set[str]:
    """Add to ``into`` the words of ``texts`` as :class:`reader.engine.analysis.BulkAnalysis`
    collects them.

    Lowercased, accents kept, not stemmed, stop words left out: the same set the bulk
    build gathers, for documents the parent process writes itself.
    """
    finditer, charmap, stops, minsize, maxsize, _stem, _ignore, _renumber = simple_chain(text_analyzer())
    for value in texts:
        for match in finditer(value or ""):
            word = match.group(0).lower()
            text = word.translate(charmap)
            if minsize <= len(text) and (maxsize is None or len(text) <= maxsize) and text not in stops:
                into.add(word)
    return into


def word_analysis():
    """``(fold, stem, stops)`` of :func:`text_analyzer`, word by word.

    ``fold`` lowercases and folds accents; ``stem`` takes a folded word to the term the
    index holds. The spelling suggestions compare words the way the index sees them.
    """
    _finditer, charmap, stops, _min, _max, stemfn, ignore, _renumber = simple_chain(text_analyzer())

    def fold(word: str) -> str:
        return word.lower().translate(charmap)

    def stem(folded: str) -> str:
        return folded if folded in ignore else stemfn(folded)

    return fold, stem, stops


def word_term():
    """A function from one word, as :func:`text_analyzer`'s tokenizer cuts it, to its term.

    The term is what the index holds for the word (lowercased, accents folded, stemmed);
    None for a word the analyzer drops (a stop word, a one-letter word). Snippets use it
    to analyse each distinct word of an article once instead of running every word
    through the analyzer's chain of generators.
    """
    _finditer, charmap, stops, minsize, maxsize, stemfn, ignore, _renumber = simple_chain(text_analyzer())

    def term(word: str) -> str | None:
        text = word.lower().translate(charmap)
        size = len(text)
        if size < minsize or (maxsize is not None and size > maxsize) or text in stops:
            return None
        return text if text in ignore else stemfn(text)

    def initial(word: str) -> str:
        """The first character of ``word``'s term, whatever the term (the stemmer only ever
        changes a word's end: tests/core/test_snippets.py holds it on BBC's words)."""
        return word[:1].lower().translate(charmap)[:1]

    term.initial = initial
    return term
