"""Quotes as records of their own: one index document per quote, in a second Whoosh
index (named :data:`QUOTES_INDEX`) in the same folder as the articles' index.

Why a second index and not a second kind of document in the articles' index: every
article search, count, browse list and facet reads the articles' index whole (the
deletion bitmaps are the browse list, ``doc_count`` is the number of articles, BM25's
idf and average field lengths are over articles). Quote records mixed in would change
every one of those, or need a filter in each. A second index in the same storage keeps
article search exactly as it was, gives quote search its own statistics, and still
lives and dies with the articles: it is written in the same update, under the same
lock, by the same pool workers (each writes a quote segment beside its article
segment), from the same attribution (done once, in the worker). See
:mod:`reader.index.update` for how the two are kept together.

The fields: ``text`` (the quote, analysed as the articles' body), ``kind`` (direct,
partial, indirect), ``speaker`` (the name as written) and ``speakerkey`` (its keys, as
the articles' schema has them, so :func:`reader.search.speaker_query.widen_speaker`
means the same person in both), ``role``, the article's ``article`` id, ``file``,
``path``, ``title`` and ``date`` (with the ``datesort`` column, as articles), and
``start``/``end``/``paragraph``: ``text == article.text[start:end]``. A quote nobody
could be credited with is indexed too, with no speaker: words find it, ``speaker:``
never does.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right

from whoosh import columns, fields

from ..article import Article
from ..attribution import Attribution, name_keys
from .schema import NO_DATE, name_analyzer, text_analyzer

#: The Whoosh index name of the quote records (its files are ``QUOTES_*``, ``_QUOTES_*``).
QUOTES_INDEX = "QUOTES"

#: The fields a quote query may name; plain words search ``text``.
QUOTE_QUERY_FIELDS = ("text", "speaker", "kind", "date")
QUOTE_DEFAULT_FIELD = "text"
KINDS = ("direct", "partial", "indirect")


def build_quote_schema() -> fields.Schema:
    """The schema of the quote records (see the module docstring)."""
    return fields.Schema(
        text=fields.TEXT(analyzer=text_analyzer(), stored=True),
        kind=fields.ID(stored=True),
        speaker=fields.TEXT(analyzer=name_analyzer(), stored=True),
        speakerkey=fields.KEYWORD(lowercase=True),
        role=fields.STORED(),
        article=fields.ID(stored=True),
        file=fields.ID(stored=True),
        path=fields.STORED(),
        title=fields.STORED(),
        date=fields.DATETIME(stored=True),
        datesort=fields.COLUMN(columns.NumericColumn("q", default=NO_DATE)),
        start=fields.STORED(),
        end=fields.STORED(),
        paragraph=fields.STORED(),
    )


def quote_documents(article: Article, attribution: Attribution, *, file_key: str) -> list[dict]:
    """The quote records of one article, in text order, from the attribution the article's
    own document was made with (never attributed twice)."""
    credited = [(q, s.name, s.role) for s in attribution.speakers for q in s.quotes]
    credited += [(q, "", "") for q in attribution.unattributed]
    if not credited:
        return []
    credited.sort(key=lambda item: (item[0].start, item[0].end))
    starts = article.paragraph_offsets()
    common: dict = {"article": article.id, "file": file_key, "path": article.path, "title": article.title}
    if article.date is not None:
        common["date"] = article.date
        common["datesort"] = calendar.timegm(article.date.timetuple())
    else:
        common["datesort"] = NO_DATE
    keys: dict[str, str] = {}
    docs = []
    for quote, name, role in credited:
        doc = dict(common, text=quote.text, kind=quote.kind, start=quote.start,
                   end=quote.end, paragraph=bisect_right(starts, quote.start) - 1)
        if name:
            key = keys.get(name)
            if key is None:
                key = keys[name] = " ".join(name_keys(name))
            doc["speaker"] = name
            doc["speakerkey"] = key
            doc["role"] = role
        docs.append(doc)
    return docs
