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
``span`` = (start, end, paragraph): ``text == article.text[start:end]``. A quote nobody
could be credited with is indexed too, with no speaker: words find it, ``speaker:``
never does.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right

from whoosh import columns, fields

from ..article import Article
from ..attribution import Attribution, name_keys
from .schema import NO_DATE, one_name_analyzer, text_analyzer

#: The Whoosh index name of the quote records (its files are ``QUOTES_*``, ``_QUOTES_*``).
QUOTES_INDEX = "QUOTES"

#: The fields a quote query may name; plain words search ``text``.
QUOTE_QUERY_FIELDS = ("text", "speaker", "kind", "date")
QUOTE_DEFAULT_FIELD = "text"
KINDS = ("direct", "partial", "indirect")


def build_quote_schema() -> fields.Schema:
    """The schema of the quote records (see the module docstring).

    Lean, because a corpus has several quotes per article and each field of each record
    costs the build: the speaker and the keys are analysed in the bulk writer's one loop
    (:func:`.schema.one_name_analyzer`); the article's id is stored, not indexed (nothing searches it;
    ``file`` is what an update deletes by); the offsets are one stored ``span``; the date
    is one term a record, not Whoosh's eight (``shift_step=0``): a date range is read
    from the ``datesort`` column (:mod:`reader.engine.scoring`), and Whoosh's own
    matchers, for the queries left to them, list the distinct dates in the range.
    """
    date = fields.DATETIME(stored=True)
    date.shift_step = 0
    names = one_name_analyzer()
    return fields.Schema(
        text=fields.TEXT(analyzer=text_analyzer(), stored=True),
        kind=fields.ID(stored=True),
        speaker=fields.TEXT(analyzer=names, stored=True),
        speakerkey=fields.TEXT(analyzer=names),  # the keys, as words of a name (one analysis)
        role=fields.STORED(),
        article=fields.STORED(),
        file=fields.ID(stored=True),
        path=fields.STORED(),
        title=fields.STORED(),
        date=date,
        datesort=fields.COLUMN(columns.NumericColumn("q", default=NO_DATE)),
        span=fields.STORED(),  # (start, end, paragraph)
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
        doc = dict(common, text=quote.text, kind=quote.kind,
                   span=(quote.start, quote.end, bisect_right(starts, quote.start) - 1))
        if name:
            key = keys.get(name)
            if key is None:
                key = keys[name] = " ".join(name_keys(name))
            doc["speaker"] = name
            doc["speakerkey"] = key
            doc["role"] = role
        docs.append(doc)
    return docs
