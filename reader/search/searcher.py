"""Parsing queries and searching an index: results with snippets, bounded in time.

One :class:`Searcher` is kept for many queries (opening a Whoosh searcher costs more
than most queries) and replaced only when the index has changed. Query mistakes come
back as :class:`QueryError` with a one-line message, never a traceback.
"""

from __future__ import annotations

import os
import re
import threading
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import islice

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.collectors import TimeLimit, TopCollector, UnlimitedCollector, WrappingCollector
from whoosh.index import Index
from whoosh.qparser import MultifieldParser, plugins
from whoosh.query.spans import Span, SpanNear2

from ..article import Article
from ..attribution import speaker_key
from ..engine import scoring
from ..index import DEFAULT_FIELDS, NO_DATE, QUERY_FIELDS, load_indexed_article
from . import suggest

# make_snippet and match_spans are re-exported: the app and the tests import them from here.
from .snippets import Snippet, article_snippet, make_snippet, match_spans  # noqa: F401

SORTS = ("relevance", "date")
DEFAULT_TIME_LIMIT = 5.0
_TEXT_FIELDS = frozenset(("title", "standfirst", "body", "quotes"))
_PLAIN_WORDS = re.compile(r"^\s*(?!(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b)[^\W_]+(?:[’'-][^\W_]+)*"
                          r"(?:\s+(?!(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b)[^\W_]+(?:[’'-][^\W_]+)*){1,7}\s*$")
_PHRASE_BOOST = 3.0


class QueryError(ValueError):
    """A query that cannot be run; ``str()`` is a one-line message for the user."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result."""

    id: str
    path: str
    title: str
    date: datetime | None
    score: float
    standfirst: str
    speakers: tuple[str, ...]
    snippet: Snippet | None = None

    def to_json(self) -> dict:
        snippet = self.snippet or Snippet("")
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "score": round(self.score, 4),
            "snippet": snippet.text,
            "highlights": [list(span) for span in snippet.highlights],
            "speakers": list(self.speakers),
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits, the total number of matches (if counted) and what the search cost."""

    query: str
    sort: str
    hits: tuple[Hit, ...]
    #: all matches; None when the search was asked not to count (see ``Searcher.count``)
    total: int | None
    seconds: float
    timed_out: bool = False
    terms: frozenset[str] = field(default_factory=frozenset)
    #: whether there are hits after this page
    more: bool = False


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """How a query's results spread over time: one count per calendar month.

    ``months`` runs from the first month with a result to the last, every month in
    between included (zeros too), so that bars drawn from it are evenly spaced in time.
    ``undated`` counts the results without a date; ``complete`` is False when the count
    ran out of time and covers only part of the results.
    """

    months: tuple[tuple[str, int], ...]
    undated: int = 0
    complete: bool = True

    @property
    def dated(self) -> int:
        return sum(count for _month, count in self.months)

    def to_json(self) -> dict:
        return {"months": [{"month": month, "count": count} for month, count in self.months],
                "undated": self.undated}


_EPOCH = datetime(1970, 1, 1)
_DAY = 86400
#: Documents counted between two looks at the clock.
_COUNT_BATCH = 1024


def _month_range(counts: Counter) -> tuple[tuple[str, int], ...]:
    """(YYYY-MM, count) for every month from the first to the last key of ``counts``.

    Keys are (year, month) pairs.
    """
    if not counts:
        return ()
    (year, month), last = min(counts), max(counts)
    months = []
    while (year, month) <= last:
        months.append((f"{year:04d}-{month:02d}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def _leaves(q: wq.Query) -> Iterable[wq.Query]:
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _leaves(child)


class _FlatRange(wq.NumericRange):
    """A date range whose documents are read term by term and merged in one go.

    Whoosh matches a range as a tree of binary unions over its trie terms and walks
    it in Python to list the documents: 25 ms for a month of 10,000 articles. Reading
    each term's postings and merging them as a set gives the same documents in 9 ms.
    """

    def matcher(self, searcher, context=None):
        if not self.constantscore or (context is not None and context.needs_current):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        ids: set[int] = set()
        for fieldname, text in self._compile_query(reader).existing_terms(reader, expand=True):
            ids.update(reader.postings(fieldname, text).all_ids())
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(array("I", sorted(ids)), all_weights=self.boost)

    def docs(self, searcher):
        return self.matcher(searcher).all_ids()


class _PhraseMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's phrase matcher, with the check of a document done on sets of positions.

    Whoosh builds a Span object for every position of every word and compares them
    pairwise, for every document holding all the words: 17 of the 31 ms "oil prices"
    takes at 21k articles. Words one position apart (slop 1, in order) is a lookup.
    """

    def _get_spans(self):
        ends = {p: p for p in self.ms[0].value_as("positions")}  # span end -> its start
        for m in self.ms[1:]:
            if not ends:
                return []
            ends = {p: ends[p - 1] for p in m.value_as("positions") if p - 1 in ends}
        return sorted(Span(start, end) for end, start in ends.items())


class _Phrase(wq.Phrase):
    """A phrase query (slop 1) matched by :class:`_PhraseMatcher`; other slops as Whoosh does."""

    def matcher(self, searcher, context=None):
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if self.slop != 1 or field is None or not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, word) not in reader:
                return matching.NullMatcher()
            terms.append(wq.Term(self.fieldname, word))
        m = _PhraseMatcher([t.matcher(searcher, context) for t in terms])
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


def _fast_phrase(node: wq.Query) -> wq.Query:
    if type(node) is wq.Phrase:
        return _Phrase(node.fieldname, node.words, slop=node.slop, boost=node.boost, char_ranges=node.char_ranges)
    return node


class _PhraseFirst(wq.AndMaybe):
    """Plain words (``a``), ranked higher where they stand together as a phrase (``b``).

    Marked so that :meth:`Searcher._search` can rank it by :meth:`Searcher._phrase_first`.
    """


# Same answers as Whoosh's classes, faster matchers: reader.scoring scores them as those.
scoring.scores_like(_Phrase, wq.Phrase)
scoring.scores_like(_FlatRange, wq.NumericRange)
scoring.scores_like(_PhraseFirst, wq.AndMaybe)


def _phrase_bound(q: _PhraseFirst) -> float:
    """How many times its words' score an article of ``q`` can score at most.

    The phrase part scores each word of the phrase again, boosted, where they stand
    together; the words part scores each distinct word once (Whoosh drops repeated
    clauses), so a word the phrase repeats ("said said") counts that many times over.
    """
    repeats = max((max(Counter(leaf.words).values()) for leaf in _leaves(q.b) if getattr(leaf, "words", None)),
                  default=1)
    return 1.0 + _PHRASE_BOOST * repeats


def _flat_range(node: wq.Query) -> wq.Query:
    if type(node) in (wq.NumericRange, wq.DateRange):
        return _FlatRange(node.fieldname, node.start, node.end, node.startexcl, node.endexcl, node.boost,
                          node.constantscore)
    return node


def _widen_speaker(node: wq.Query) -> wq.Query:
    """``speaker:`` queries also match other spellings of the person, through their keys.

    ``speaker:zelensky`` finds "Zelenskiy" (key ``zelensk``); ``speaker:"volodymyr zelensky"``
    finds "Volodomyr Zelenskiy" (key ``v.zelensk``).
    """
    if getattr(node, "fieldname", None) != "speaker":
        return node
    if isinstance(node, wq.Term) and isinstance(node.text, str):
        key = speaker_key(node.text.capitalize())
        return wq.Or([node, wq.Term("speakerkey", key)]) if key and " " not in key else node
    if isinstance(node, wq.Phrase) and len(node.words) >= 2:
        key = speaker_key(" ".join(w.capitalize() for w in node.words))
        if key and " " not in key:
            return wq.Or([node, wq.Term("speakerkey", f"{node.words[0][:1]}.{key}")])
    return node


def _top(limit: int) -> TopCollector:
    """A collector of the ``limit`` best-scored documents that scores every match.

    Whoosh 2.7.4's shortcuts for a top-N search (skipping blocks that cannot make the
    top N, rewriting matchers as the bar rises) drop documents that belong there:
    ``AndMaybeMatcher.skip_to`` leaves the optional part behind (so a matching phrase
    adds nothing), a boost wrapper rewrites its child against an unboosted bar, and
    ``ArrayUnionMatcher`` reports the best of its parts where their sum is due. On the
    BBC set 18 of 20 two-word queries had a wrong first page ("oil prices": the four
    best articles missing); at 21k articles "interest rates" lost 9 of its top 20.
    Scoring every match is right by construction; what it costs is won back for plain
    words by :meth:`Searcher._phrase_first` (bench p95 at 21k articles: 24 ms wrong, 21 ms right).
    """
    return TopCollector(limit=limit, usequality=False, replace=0)


class _Deadline(WrappingCollector):
    """Stops a search that runs past its time limit, keeping what it found so far.

    Whoosh's TimeLimitCollector starts a timer thread for every search (over a
    millisecond each); this compares the clock between matches instead, which is when
    the timer's flag was looked at anyway.
    """

    def __init__(self, child, timelimit: float):
        self.child = child
        self.timelimit = timelimit
        self.deadline = 0.0

    def prepare(self, top_searcher, q, context):
        self.child.prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.timelimit

    def collect_matches(self):
        child = self.child
        deadline = self.deadline
        clock = time.monotonic
        for count, sub_docnum in enumerate(child.matches()):
            if not count & 63 and clock() > deadline:
                raise TimeLimit
            child.collect(sub_docnum)

    def finish(self):
        self.child.finish()


class Searcher:
    """Queries one index; reuse it, and call :meth:`refresh` to see later commits.

    Safe to share between threads: calls run one at a time.
    """

    def __init__(self, ix: Index):
        self._ix = ix
        self._searcher = ix.searcher()
        # Whoosh searchers are not thread-safe; the app calls this from worker threads.
        self._lock = threading.RLock()
        self._parser = MultifieldParser(list(DEFAULT_FIELDS), ix.schema)
        self._parser.replace_plugin(plugins.FieldsPlugin(remove_unknown=False))
        folder = getattr(ix.storage, "folder", None)
        self._words_path = os.path.join(folder, suggest.WORDS_FILE) if folder else None
        self._lexicon: tuple[tuple[int, int], suggest.Lexicon | None] | None = None
        self._scorer = None  # a scoring.IndexScorer for self._searcher, made on first use

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        with self._lock:
            return self._searcher.doc_count()

    def refresh(self) -> bool:
        """Pick up changes committed since this searcher opened; True if there were any."""
        with self._lock:
            if self._searcher.up_to_date():
                return False
            self._searcher = self._searcher.refresh()
            self._scorer = None
            return True

    def parse(self, text: str) -> wq.Query:
        """Parse a query, or raise :class:`QueryError` naming what is wrong with it."""
        return self._widen(self._parse_checked(text), text)

    def _parse_checked(self, text: str) -> wq.Query:
        """The parser's query for ``text``, with positions in it, after checking it can run."""
        if not text.strip():
            raise QueryError("empty query")
        try:
            q = self._parser.parse(text)
        except RecursionError:
            raise QueryError("query is nested too deeply") from None
        except Exception as exc:  # whoosh's parser raises assorted types on odd input
            raise QueryError(f"cannot parse query: {' '.join(str(exc).split())[:120]}") from None
        for leaf in [q, *_leaves(q)]:
            error = getattr(leaf, "error", None)
            if error is not None:
                raise QueryError(f"cannot parse query {text!r}: {' '.join(str(error).split())[:120]}"
                                 + (" (dates look like 2025, 2025-02, 2025-02-13 or [2025-02-01 to 2025-02-28])"
                                    if "date:" in text else ""))
            name = getattr(leaf, "fieldname", None)
            if name is not None and name not in QUERY_FIELDS:
                raise QueryError(f"unknown field {name!r} in query {text!r}; fields are: {', '.join(QUERY_FIELDS)}")
        return q

    def _widen(self, q: wq.Query, text: str) -> wq.Query:
        """Other spellings of speakers; several plain words also ranked as a phrase."""
        q = q.accept(_widen_speaker).accept(_flat_range)
        if _PLAIN_WORDS.match(text):
            # Several plain words: articles where they stand together as a phrase rank first.
            q = _PhraseFirst(q, self._parser.parse(f'"{text.strip()}"').with_boost(_PHRASE_BOOST))
        return q.accept(_fast_phrase)

    def query_terms(self, q: wq.Query) -> frozenset[str]:
        """The analysed words a query looks for in the text fields (wildcards expanded)."""
        terms = {text for name, text in q.iter_all_terms() if name in _TEXT_FIELDS and isinstance(text, str)}
        try:
            expanded = q.existing_terms(self._searcher.reader(), expand=True)
        except Exception:
            expanded = set()
        terms.update(t.decode("utf-8", "replace") if isinstance(t, bytes) else t
                     for name, t in expanded if name in _TEXT_FIELDS)
        return frozenset(terms)

    def search(self, text: str, *, sort: str = "relevance", limit: int = 20, offset: int = 0,
               snippets: bool = True, time_limit: float = DEFAULT_TIME_LIMIT, count: bool = True) -> SearchResult:
        """Run a query; hits ``offset`` to ``offset + limit`` in ``sort`` order.

        ``date`` order is newest first, undated articles last. A search that runs out of
        ``time_limit`` returns what it found so far with ``timed_out`` set.

        ``count=False`` skips counting all matches — a second pass over every posting,
        4-12 ms of a 10-20 ms query at 21k articles — so ``total`` is None unless this page
        is the last; ``more`` still says whether hits follow. The app shows the page first
        and counts after (:meth:`count`).
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
        with self._lock:
            return self._search(text, sort, limit, offset, snippets, time_limit, count)

    def count(self, text: str, *, time_limit: float = DEFAULT_TIME_LIMIT) -> int | None:
        """How many articles match; None if counting ran out of ``time_limit``."""
        with self._lock:
            return self._count(self.parse(text), time.monotonic() + time_limit)

    def _count(self, q: wq.Query, deadline: float, upto: int | None = None) -> int | None:
        """How many articles ``q`` finds (no further than ``upto + 1``); None past ``deadline``.

        Not len(results): Whoosh's top-N collector decides whether its own tally is
        complete from the matcher of the *last* segment it searched, after swapping
        matchers mid-search; at 21k articles "oil date:[1987-03-01 to 1987-03-31]" said
        285 for 780 matches. Listing the query's documents is always right.
        """
        if isinstance(q, wq.AndMaybe):
            q = q.a  # the phrase part of plain words only ranks
        scorer = self._index_scorer(q)
        if scorer is not None:
            try:
                return len(scorer.matches(q)[0])
            except scoring.Unsupported:
                pass
        total = 0
        for total, _docnum in enumerate(q.docs(self._searcher), 1):
            if upto is not None and total > upto:
                break
            if not total & 255 and time.monotonic() > deadline:
                return None
        return total

    def _search(self, text: str, sort: str, limit: int, offset: int, snippets: bool, time_limit: float,
                count: bool) -> SearchResult:
        started = time.perf_counter()
        q = self.parse(text)
        wanted = offset + limit + 1  # one hit past the page tells whether more follow
        try:
            scorer = self._index_scorer(q)
            if scorer is None:
                raise scoring.Unsupported(str(q))
            ranked, matched = self._rank_arrays(scorer, q, sort, wanted)
            timed_out = False
        except scoring.Unsupported:
            ranked, matched, timed_out = self._rank_whoosh(q, sort, wanted, time_limit)
        terms = self.query_terms(q)
        hits = []
        for score, docnum in ranked[offset : offset + limit]:
            fields = self._searcher.stored_fields(docnum)
            found = _hit(fields, score)
            hits.append(self.with_snippet(found, terms, fields) if snippets else found)
        more = len(ranked) > offset + limit
        if matched is not None:
            total = matched
        elif timed_out:
            total = len(ranked)
        elif count:
            total = self._count(q, time.monotonic() + time_limit)
        else:
            total = None if more else len(ranked)  # everything was collected
        return SearchResult(text, sort, tuple(hits), total, time.perf_counter() - started, timed_out, terms, more)

    def _index_scorer(self, q: wq.Query) -> scoring.IndexScorer | None:
        """The array scorer for ``q`` (see :mod:`reader.scoring`), or None to ask Whoosh."""
        if not scoring.supports(q):
            return None
        if self._scorer is None:
            self._scorer = scoring.IndexScorer(self._searcher, {"date": ("datesort", NO_DATE)})
        return self._scorer

    def _rank_arrays(self, scorer, q: wq.Query, sort: str, n: int) -> tuple[list[tuple[float, int]], int]:
        """The ``n`` first of ``q`` in ``sort`` order as (score, docnum), and how many match.

        Every match is scored; relevance ties go to the lower document number and date
        ties to the higher (both as Whoosh orders them).
        """
        with scorer.reading():
            if sort == "date":
                # which articles match is the words' business; the phrase part of plain
                # words only adds to a score, so it is scored for the page alone
                words = q.a if isinstance(q, _PhraseFirst) else q
                ids, scores = scorer.matches(words)
                order = np.lexsort((-ids, -scorer.column("datesort", ids)))[:n]
                page, scores = ids[order], scores[order]
                if words is not q:
                    within = np.sort(page)
                    _ids, exact = scorer.matches(q, within=within)
                    scores = exact[np.searchsorted(within, page)]
                return [(float(score), int(docnum)) for score, docnum in zip(scores, page)], len(ids)
            if not isinstance(q, _PhraseFirst):
                ids, scores = scorer.matches(q)
                return scoring.best(ids, scores, n), len(ids)
            return self._phrase_first_arrays(scorer, q, n)

    def _phrase_first_arrays(self, scorer, q: _PhraseFirst, n: int) -> tuple[list[tuple[float, int]], int]:
        """:meth:`_phrase_first` on arrays: the phrase is checked only where it can matter."""
        ids, scores = scorer.matches(q.a)
        if not len(ids):
            return [], 0
        order = np.lexsort((ids, -scores))
        ids, scores = ids[order], scores[order]
        bound = _phrase_bound(q)
        checked = 0
        want = min(4 * n, len(ids))
        while True:
            batch = np.sort(ids[:want])
            phrase_ids, phrase_scores = scorer.matches(q.b, within=batch)
            totals = scores[:want].copy()
            at = np.searchsorted(batch, ids[:want])
            extra = np.zeros(len(batch))
            extra[np.searchsorted(batch, phrase_ids)] = phrase_scores
            totals += extra[at]
            if (totals > bound * scores[:want] * (1 + 1e-9)).any():  # the bound does not hold
                all_ids, all_scores = scorer.matches(q)
                return scoring.best(all_ids, all_scores, n), len(ids)
            top = scoring.best(ids[:want], totals, n)
            bar = top[-1][0] if len(top) == n else 0.0
            # every article whose bound reaches the bar may still belong in the top n
            reach = int(np.count_nonzero(bound * scores >= bar)) if bar else len(ids)
            checked = want
            if reach <= checked:
                return top, len(ids)
            want = reach if 2 * reach >= len(ids) else min(reach, 2 * checked)

    def _rank_whoosh(self, q: wq.Query, sort: str, n: int,
                     time_limit: float) -> tuple[list[tuple[float, int]], int | None, bool]:
        """Whoosh's matchers rank what :mod:`reader.scoring` does not (wildcards, fuzzy, ...)."""
        sort_args = {"sortedby": "datesort", "reverse": True} if sort == "date" else {}
        if not sort_args and isinstance(q, _PhraseFirst):
            return self._phrase_first(q, n, time_limit)
        collector = self._searcher.collector(limit=n, **sort_args) if sort_args else _top(n)
        timed = _Deadline(collector, time_limit)
        timed_out = False
        try:
            self._searcher.search_with_collector(q, timed)
        except TimeLimit:
            timed_out = True
        ranked = [(hit.score, hit.docnum) for hit in timed.results()]
        if sort_args:  # a sorted search gives each hit its sort key as its score
            scores = self._scores_of(q, [docnum for _key, docnum in ranked])
            ranked = [(scores.get(docnum, 0.0), docnum) for _key, docnum in ranked]
        # not counted: a top-N search does not count
        return ranked, None, timed_out

    def _phrase_first(self, q: _PhraseFirst, n: int, time_limit: float) -> tuple[list[tuple[float, int]], int, bool]:
        """The ``n`` best of ``q`` as (score, docnum), how many articles match, whether time ran out.

        Exact, and without checking the phrase in every article that holds the words
        (half of a two-word query's time): the phrase part scores the same terms as the
        words part, boosted, in the fields where they stand together, so an article can
        score at most ``(1 + boost) × its words' score``. Every match is scored on the
        words; the phrase is checked only in the best ones, until no unchecked article
        could reach the top ``n`` even with that bound (3 % of "oil prices"' 720 matches
        for a first page at 21k articles).
        """
        collector = UnlimitedCollector()
        timed_out = False
        try:
            self._searcher.search_with_collector(q.a, _Deadline(collector, time_limit))
        except TimeLimit:
            timed_out = True
        by_words = sorted(collector.items, key=lambda item: (-item[0], item[1]))
        bound = _phrase_bound(q)
        exact: dict[int, float] = {}
        checked = 0
        want = min(4 * n, len(by_words))
        while True:
            batch = by_words[checked:want]
            checked = want
            phrase = self._scores_of(q.b, [docnum for _score, docnum in batch])
            for score, docnum in batch:
                total = score + phrase.get(docnum, 0.0)
                if total > bound * score * (1 + 1e-9):  # the bound does not hold: rank them all
                    return self._rank_all(q, by_words, n), len(by_words), timed_out
                exact[docnum] = total
            best = sorted(exact.items(), key=lambda item: (-item[1], item[0]))[:n]
            bar = best[-1][1] if len(best) == n else 0.0
            # every article whose bound reaches the bar may still belong in the top n
            reach = next((i for i, (score, _d) in enumerate(by_words) if bound * score < bar), len(by_words))
            if reach <= checked:
                return [(score, docnum) for docnum, score in best], len(by_words), timed_out
            # more phrases found raise the bar, so check in steps; but each step costs its
            # matchers (about 4 ms), so a reach of half the matches is checked at once
            want = reach if 2 * reach >= len(by_words) else min(reach, 2 * checked)

    def _rank_all(self, q: wq.Query, by_words: list[tuple[float, int]], n: int) -> list[tuple[float, int]]:
        phrase = self._scores_of(q.b, [docnum for _score, docnum in by_words])
        scored = [(score + phrase.get(docnum, 0.0), docnum) for score, docnum in by_words]
        return sorted(scored, key=lambda item: (-item[0], item[1]))[:n]

    def _scores_of(self, q: wq.Query, docnums: list[int]) -> dict[int, float]:
        """The score ``q`` gives each of ``docnums`` that it matches."""
        scores: dict[int, float] = {}
        wanted = sorted(docnums)
        for sub, offset in self._searcher.leaf_searchers():
            end = offset + sub.doc_count_all()
            local = [d - offset for d in wanted if offset <= d < end]
            if not local:
                continue
            m = q.matcher(sub, sub.context())
            for d in local:
                if not m.is_active():
                    break
                if m.id() < d:
                    m.skip_to(d)
                if m.is_active() and m.id() == d:
                    scores[d + offset] = m.score()
        return scores

    def with_snippet(self, hit: Hit, terms: Iterable[str], fields: dict | None = None) -> Hit:
        """``hit`` with its snippet: the best fragment around the hits, else the lead."""
        fields = fields or self.stored_fields(hit.id) or {}
        article = load_indexed_article(fields)
        return _replace_snippet(hit, Snippet(hit.standfirst) if article is None else article_snippet(article, terms))

    def suggest_query(self, text: str, *, found: int | None = None,
                      time_limit: float = suggest.DEFAULT_TIME_LIMIT) -> str | None:
        """"Did you mean": ``text`` with its misspelt words corrected, or None.

        Only when the query finds fewer than :data:`reader.suggest.SUGGEST_BELOW` results
        (``found``, if the caller has just counted them) and the corrected query finds
        more. Only plain words of the text fields change; the rest of the query (fields,
        phrases' quotes, operators, wildcards, dates) stays as typed. See
        :mod:`reader.suggest` for the rules. Bounded by ``time_limit`` (None past it); a
        query that does not parse gets None.
        """
        deadline = time.monotonic() + time_limit
        if len(text) > suggest.MAX_QUERY_CHARS:
            return None
        with self._lock:
            try:
                parsed = self._parse_checked(text)
                if found is None:
                    found = self._count(self._widen(parsed, text), deadline, upto=suggest.SUGGEST_BELOW)
                if found is None or found >= suggest.SUGGEST_BELOW:
                    return None
                lexicon = self._load_lexicon()
                if lexicon is None:
                    return None
                reader = self._searcher.reader()

                def articles(stem: str) -> int:
                    return max(reader.doc_frequency(name, stem) for name in ("body", "title", "standfirst"))

                spans = [span for leaf in _leaves(parsed) for span in _word_spans(leaf)]
                better = suggest.correct_query(text, spans, suggest.Speller(lexicon, articles, deadline))
                if better is None:
                    return None
                more = self._count(self.parse(better), deadline, upto=found)
            except QueryError:
                return None
            return better if more is not None and more > found else None

    def _load_lexicon(self) -> suggest.Lexicon | None:
        """The index's word list, read again when another commit has rewritten it."""
        if self._words_path is None:
            return None
        try:
            info = os.stat(self._words_path)
            stamp = (info.st_size, info.st_mtime_ns)
        except OSError:
            return None
        if self._lexicon is None or self._lexicon[0] != stamp:
            self._lexicon = (stamp, suggest.Lexicon.load(os.path.dirname(self._words_path)))
        return self._lexicon[1]

    def stored_fields(self, doc_id: str) -> dict | None:
        """The stored fields of an article, by id."""
        with self._lock:
            return self._searcher.document(id=doc_id)

    def related(self, article: Article, *, limit: int = 10) -> list[Hit]:
        """The articles most like ``article`` (not itself), best first.

        Its most telling words (Whoosh's Bo1 model, over title, standfirst and body) are
        searched in the body, each weighted by how telling it is.
        """
        text = "\n".join((article.title, article.standfirst, article.text))
        own = os.path.realpath(article.path) if article.path else None
        with self._lock:
            keys = self._searcher.key_terms_from_text("body", text, numterms=15)
            if not keys:
                return []
            q = wq.Or([wq.Term("body", word, boost=weight) for word, weight in keys])
            hits = []
            collector = _top(limit + 5)
            self._searcher.search_with_collector(q, collector)
            for hit in collector.results():
                fields = hit.fields()
                same_file = own and os.path.realpath(fields.get("path", "")) == own and "loc" not in fields
                if fields["id"] != article.id and not same_file:
                    hits.append(_hit(fields, hit.score))
            return hits[:limit]

    def speaker_facets(self, text: str, *, top: int = 10,
                       time_limit: float = DEFAULT_TIME_LIMIT) -> tuple[list[tuple[str, int, int]], bool]:
        """The most-quoted people across *all* of a query's results (not just one page).

        Returns ``(name, quotes, articles)`` rows, one spelling per person (merged by
        :class:`SpeakerRegistry`), and whether every result was counted in time.
        """
        from ..attribution import SpeakerRegistry

        q = self.parse(text)
        registry = SpeakerRegistry()
        deadline = time.monotonic() + time_limit
        complete = True
        with self._lock:
            for number, docnum in enumerate(self._searcher.docs_for_query(q)):
                if not number & 255 and time.monotonic() > deadline:
                    complete = False
                    break
                fields = self._searcher.stored_fields(docnum)
                for name, count in fields.get("speakers") or ():
                    registry.add(name, fields["id"], count)
        return registry.top(top), complete

    def month_counts(self, text: str, *, time_limit: float = DEFAULT_TIME_LIMIT) -> MonthCounts:
        """How many of *all* a query's results fall in each month (see :class:`MonthCounts`).

        Reads the ``datesort`` column (one number per document, no stored fields loaded)
        of each segment for the matching documents, counts days, and turns only the
        distinct days into months: a broad query over thousands of articles costs little
        more than finding them.
        """
        q = self.parse(text)
        if isinstance(q, wq.AndMaybe):
            q = q.a  # the phrase boost of plain words orders results; it never adds one
        days: Counter[int] = Counter()
        deadline = time.monotonic() + time_limit
        complete = True
        with self._lock:
            scorer = self._index_scorer(q)
            by_array = scorer is not None and self._searcher.reader().has_column("datesort")
            if by_array:
                try:
                    ids, _scores = scorer.matches(q)
                    found, counts = np.unique(scorer.column("datesort", ids) // _DAY, return_counts=True)
                    days.update(dict(zip(found.tolist(), counts.tolist())))
                except scoring.Unsupported:
                    by_array = False
            for sub, _offset in (() if by_array else self._searcher.leaf_searchers()):
                reader = sub.reader()
                docs = q.docs(sub)
                if not reader.has_column("datesort"):  # an empty index
                    days[NO_DATE // _DAY] += sum(1 for _ in docs)
                    continue
                column = reader.column_reader("datesort", translate=False)
                while batch := list(islice(docs, _COUNT_BATCH)):
                    days.update([column[docnum] // _DAY for docnum in batch])
                    if len(batch) == _COUNT_BATCH and time.monotonic() > deadline:
                        complete = False  # more may follow, and time is up
                        break
                if not complete:
                    break
        undated = days.pop(NO_DATE // _DAY, 0)
        months: Counter[tuple[int, int]] = Counter()
        for day, count in days.items():
            try:
                date = _EPOCH + timedelta(days=day)
            except OverflowError:  # not a date a loader makes; count it with the undated
                undated += count
                continue
            months[date.year, date.month] += count
        return MonthCounts(_month_range(months), undated, complete)

    def all_speakers(self) -> list[tuple[str, list]]:
        """(article id, [[name, quote count], …]) for every article in the index."""
        with self._lock:
            return [(f["id"], f.get("speakers") or []) for f in self._searcher.all_stored_fields()]

    def article(self, doc_id: str) -> Article | None:
        """The full article behind a result, read again from its file (None if it is gone)."""
        fields = self.stored_fields(doc_id)
        return load_indexed_article(fields) if fields else None


def _word_spans(leaf: wq.Query) -> list[tuple[int, int]]:
    """Where the query's words for the text fields stand in the query string.

    Terms and phrases only (the parser records their positions); wildcards, prefixes,
    ranges and other fields are never corrected.
    """
    if getattr(leaf, "fieldname", None) not in _TEXT_FIELDS:
        return []
    if type(leaf) is wq.Term and isinstance(getattr(leaf, "startchar", None), int):
        return [(leaf.startchar, leaf.endchar)]
    if type(leaf) is wq.Phrase and leaf.char_ranges:
        return [tuple(span) for span in leaf.char_ranges if span and span[0] is not None]
    return []


def _hit(fields: dict, score: float | None) -> Hit:
    """A Hit from an index document's stored fields."""
    return Hit(
        id=fields["id"], path=fields.get("path", ""), title=fields.get("title", ""),
        date=fields.get("date"), score=float(score or 0.0), standfirst=fields.get("standfirst", ""),
        speakers=tuple(name for name, _count in fields.get("speakers") or ()),
    )


def _replace_snippet(hit: Hit, snippet: Snippet) -> Hit:
    return replace(hit, snippet=snippet)
