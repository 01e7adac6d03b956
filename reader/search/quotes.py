"""Searching the quote records: what a person said, about what, across the corpus.

Each quote is a record of its own (:mod:`reader.index.quote_records`), so a query on
quotes means its words and its speaker are in *the same quote*: ``ukraine --speaker
healey`` finds what Healey said about Ukraine, not articles where Healey speaks and
someone says "Ukraine". The query language is the articles' (parsed and checked by
:func:`.searcher.parse_checked`: phrases, AND/OR/NOT, wildcards, ``date:``); plain
words match the quote's text, ``speaker:`` (and ``--speaker``) goes through
:func:`.speaker_query.widen_speaker` as in article search, so a name means the same
person in both. Ranking goes through :mod:`.ranking` (every match scored on arrays, or
Whoosh's matchers without its top-N shortcut), never Whoosh's ``search()``.

The results are plain dataclasses (:class:`QuoteHit`, :class:`QuoteResult`), for the
command line now and the app later; the hits' marks come from the snippets' analysis
(:func:`.snippets.match_spans`), so what is marked is what was found.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from whoosh import query as wq
from whoosh.collectors import TimeLimit
from whoosh.fields import Schema
from whoosh.index import Index
from whoosh.qparser import MultifieldParser, plugins

from ..engine import matchers, scoring
from ..index import NO_DATE
from ..index.quote_records import KINDS, QUOTE_DEFAULT_FIELD, QUOTE_QUERY_FIELDS
from . import ranking
from .dates import DateField
from .query_edit import speaker_term
from .searcher import _PLAIN_WORDS, DEFAULT_TIME_LIMIT, SORTS, QueryError, parse_checked
from .snippets import match_spans
from .speaker_query import widen_speaker

__all__ = ["KINDS", "QuoteHit", "QuoteResult", "QuoteSearcher"]

#: The fields whose words are marked in a quote.
_TEXT_FIELDS = frozenset((QUOTE_DEFAULT_FIELD,))


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """One quote found: who said it (``speaker`` as the article writes it, "" when nobody
    could be credited), how (``kind``), where (``text == article text[start:end]``, in
    paragraph ``paragraph``), and the spans of the hits in ``text``."""

    article_id: str
    path: str
    title: str
    date: datetime | None
    speaker: str
    role: str
    kind: str
    text: str
    start: int
    end: int
    paragraph: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat() if self.date else None,
            "speaker": self.speaker or None,
            "role": self.role or None,
            "kind": self.kind,
            "quote": self.text,
            "highlights": [list(span) for span in self.highlights],
            "title": self.title,
            "path": self.path,
            "id": self.article_id,
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class QuoteResult:
    """A page of quotes and the total number of matches (None if not counted)."""

    query: str
    sort: str
    hits: tuple[QuoteHit, ...]
    total: int | None
    seconds: float
    timed_out: bool = False
    terms: frozenset[str] = field(default_factory=frozenset)
    #: whether there are hits after this page
    more: bool = False


def _everything(node: wq.Query) -> wq.Query:
    """``*`` (parsed as "anything in the text") means every quote: every record has text."""
    if type(node) is wq.Every and node.fieldname == QUOTE_DEFAULT_FIELD:
        return wq.Every(boost=node.boost)
    return node


class QuoteSearcher:
    """Queries one quote index; reuse it, and call :meth:`refresh` to see later commits.

    Safe to share between threads: calls run one at a time.
    """

    def __init__(self, ix: Index):
        self._ix = ix
        self._searcher = ix.searcher()
        self._lock = threading.RLock()
        schema = Schema(**{name: DateField() if name == "date" else ix.schema[name] for name in QUOTE_QUERY_FIELDS})
        self._parser = MultifieldParser([QUOTE_DEFAULT_FIELD], schema)
        self._parser.replace_plugin(plugins.FieldsPlugin(remove_unknown=False))
        self._scorer: scoring.IndexScorer | None = None
        self._undated: list[int] | None = None

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def __enter__(self) -> QuoteSearcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        """How many quotes the index holds."""
        with self._lock:
            return self._searcher.doc_count()

    def refresh(self) -> bool:
        """Pick up changes committed since this searcher opened; True if there were any."""
        with self._lock:
            if self._searcher.up_to_date():
                return False
            self._searcher = self._searcher.refresh()
            self._scorer = self._undated = None
            return True

    def parse(self, text: str, *, speaker: str | None = None, kind: str | None = None) -> wq.Query:
        """The query for ``text`` narrowed to ``speaker`` and ``kind``, or :class:`QueryError`."""
        q = parse_checked(self._parser, text, QUOTE_QUERY_FIELDS)
        q = q.accept(_everything).accept(widen_speaker).accept(matchers.flat_range)
        filters = []
        if speaker is not None:
            filters.append(self._speaker(speaker))
        if kind is not None:
            if kind not in KINDS:
                raise QueryError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
            filters.append(wq.Term("kind", kind))
        phrase = None
        if _PLAIN_WORDS.match(text):
            # several plain words: quotes where they stand together as a phrase rank first
            phrase = self._parser.parse(f'"{text.strip()}"').with_boost(ranking.PHRASE_BOOST)
        if filters:
            q = wq.And([q, *filters])
        if phrase is not None:
            q = matchers.PhraseFirst(q, phrase)
        return q.accept(matchers.fast_phrase)

    def _speaker(self, name: str) -> wq.Query:
        """``--speaker NAME``: the same clause as ``speaker:"NAME"`` in the query."""
        try:
            clause = speaker_term(name)
        except ValueError:
            raise QueryError(f"no name to look for in --speaker {name!r}") from None
        return parse_checked(self._parser, clause, QUOTE_QUERY_FIELDS).accept(widen_speaker)

    def search(self, text: str = "", *, speaker: str | None = None, kind: str | None = None,
               sort: str = "relevance", limit: int = 20, offset: int = 0,
               time_limit: float = DEFAULT_TIME_LIMIT, count: bool = True) -> QuoteResult:
        """Quotes ``offset`` to ``offset + limit`` of a query, in ``sort`` order.

        ``date`` order is newest first, undated quotes last; with no words (an empty
        query or ``*``, with or without ``speaker``/``kind``) the order is always
        newest first. A search that runs out of ``time_limit`` returns what it found
        with ``timed_out`` set. ``count=False`` leaves ``total`` None unless the page
        is the last (as :meth:`.Searcher.search`).
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
        deadline = time.monotonic() + time_limit
        with self._lock:
            return self._search(text, speaker, kind, sort, limit, offset, deadline, count)

    def count(self, text: str = "", *, speaker: str | None = None, kind: str | None = None,
              time_limit: float = DEFAULT_TIME_LIMIT) -> int | None:
        """How many quotes match; None if counting ran out of ``time_limit``."""
        with self._lock:
            return self._count(self.parse(text, speaker=speaker, kind=kind), time.monotonic() + time_limit)

    def _search(self, text: str, speaker: str | None, kind: str | None, sort: str, limit: int, offset: int,
                deadline: float, count: bool) -> QuoteResult:
        started = time.perf_counter()
        q = self.parse(text, speaker=speaker, kind=kind)
        if not text.strip() or text.strip() == "*":
            sort = "date"  # no words, nothing to rank by: newest first
        wanted = offset + limit + 1  # one past the page tells whether more follow
        try:
            scorer = self._index_scorer(q)
            if scorer is None:
                raise scoring.Unsupported(str(q))
            if ranking.is_everything(q):
                ranked, matched = ranking.rank_everything(scorer, wanted, self._undated_order)
            else:
                ranked, matched = ranking.rank_arrays(scorer, q, sort, wanted)
            timed_out = False
        except scoring.Unsupported:
            ranked, matched, timed_out = ranking.rank_whoosh(self._searcher, q, sort, wanted, 0.0, deadline=deadline)
        terms = self.query_terms(q, deadline)
        hits = tuple(self._hit(docnum, score, terms) for score, docnum in ranked[offset : offset + limit])
        more = len(ranked) > offset + limit
        if matched is not None:
            total = matched
        elif timed_out or not more:
            total = len(ranked)
        elif count:
            total = self._count(q, deadline)
            timed_out = total is None
        else:
            total = None
        return QuoteResult(text, sort, hits, total, time.perf_counter() - started, timed_out, terms, more)

    def _hit(self, docnum: int, score: float, terms: frozenset[str]) -> QuoteHit:
        stored = self._searcher.stored_fields(docnum)
        text = stored.get("text", "")
        return QuoteHit(
            article_id=stored.get("article", ""), path=stored.get("path", ""), title=stored.get("title", ""),
            date=stored.get("date"), speaker=stored.get("speaker", ""), role=stored.get("role", ""),
            kind=stored.get("kind", ""), text=text, start=stored.get("start", 0), end=stored.get("end", 0),
            paragraph=stored.get("paragraph", 0), score=float(score or 0.0),
            highlights=tuple(match_spans(text, terms)),
        )

    def _count(self, q: wq.Query, deadline: float) -> int | None:
        """How many quotes ``q`` finds, listing them (never Whoosh's top-N tally); None past ``deadline``."""
        if isinstance(q, wq.AndMaybe):
            q = q.a  # the phrase part of plain words only ranks
        scorer = self._index_scorer(q)
        if scorer is not None:
            try:
                return len(scorer.matches(q)[0])
            except scoring.Unsupported:
                pass
        total = 0
        try:
            for total, _docnum in enumerate(matchers.timed(q, deadline).docs(self._searcher), 1):
                if not total & 255 and time.monotonic() > deadline:
                    return None
        except TimeLimit:
            return None
        return total

    def _index_scorer(self, q: wq.Query) -> scoring.IndexScorer | None:
        if not scoring.supports(q):
            return None
        if self._scorer is None:
            self._scorer = scoring.IndexScorer(self._searcher, {"date": ("datesort", NO_DATE)})
        return self._scorer

    def _undated_order(self, docnums) -> list[int]:
        """Undated quotes (for the list of all quotes) by article, then place in it."""
        if self._undated is None:
            reader = self._searcher.reader()
            keyed = []
            for docnum in docnums:
                stored = reader.stored_fields(int(docnum))
                keyed.append((stored.get("article") or "", stored.get("start", 0), int(docnum)))
            self._undated = [docnum for _article, _start, docnum in sorted(keyed)]
        return self._undated

    def query_terms(self, q: wq.Query, deadline: float | None = None) -> frozenset[str]:
        """The analysed words ``q`` looks for in the quote text (wildcards expanded, until
        ``deadline``): the words :func:`.snippets.match_spans` marks."""
        terms = {text for name, text in q.iter_all_terms() if name in _TEXT_FIELDS and isinstance(text, str)}
        reader = self._searcher.reader()
        for leaf in q.leaves():
            if deadline is not None and time.monotonic() > deadline:
                break
            if isinstance(leaf, wq.MultiTerm) and leaf.field() in _TEXT_FIELDS:
                try:
                    expanded = leaf.existing_terms(reader, expand=True)
                except Exception:
                    continue
                terms.update(t.decode("utf-8", "replace") if isinstance(t, bytes) else t
                             for name, t in expanded if name in _TEXT_FIELDS)
        return frozenset(terms)
