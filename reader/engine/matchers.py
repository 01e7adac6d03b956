"""Whoosh queries, matchers and collectors that reader replaces, for speed or for exact pages.

Why here: each class below subclasses a Whoosh 2.7.4 class (and :func:`scores_of` walks
Whoosh's matchers by hand), relying on how they work inside, which only this room may
do; :mod:`reader.search` builds its queries from them and ranks with them. This module
imports neither the search nor the index. The private things relied on:

- ``NumericRange._compile_query`` (the trie terms of a range) and
  ``whoosh.matching.ListMatcher`` / ``NullMatcher``: :class:`FlatRange`.
- ``SpanNear2.SpanNear2Matcher``, its ``ms`` (one matcher per word) and ``_get_spans``:
  :class:`PhraseMatcher`; ``whoosh.matching.WrappingMatcher`` carries a phrase's boost
  (:class:`Phrase`).
- ``WrappingCollector``'s ``child``, ``prepare``, ``matches``, ``collect`` and ``finish``,
  and ``TimeLimit``: :class:`Deadline`.
- ``WrappingQuery``'s ``child`` and ``_rewrap``, and ``MultiTerm._btexts`` (the words a
  wildcard or prefix expands to) with what ``MultiTerm.matcher`` does with them: :class:`Timed`.
- ``TopCollector``'s ``usequality`` and ``replace`` switches: :func:`top_collector`.
- the matcher protocol (``is_active``, ``id``, ``skip_to``, ``score``) over each leaf
  searcher: :func:`scores_of`.

The tests that guard them:

- ``tests/core/test_search.py``: ``test_phrases_match_as_whooshs_own_phrase_matcher_does``
  (:class:`Phrase`, :class:`PhraseMatcher` against Whoosh's own),
  ``test_the_first_page_is_the_top_of_the_whole_ranking`` (:func:`top_collector`),
  ``test_phrase_first_ranking_falls_back_to_scoring_all_when_its_bound_fails``
  (:class:`PhraseFirst`, :class:`Deadline`, :func:`scores_of`) and
  ``test_the_total_is_every_matching_article`` (:class:`FlatRange`'s documents);
- ``tests/core/test_scoring.py``: ``test_pages_are_the_ones_whoosh_ranks``,
  ``test_date_sorted_hits_carry_their_relevance_score`` and
  ``test_a_repeated_word_does_not_lose_the_phrase_articles`` (these matchers against the
  array scores);
- ``tests/core/test_timeline.py``: ``test_counts_agree_with_the_date_filter`` (:class:`FlatRange`);
- ``tests/core/test_query_bombs.py``: ``test_query_bombs_answer_or_fail_clearly`` (:class:`Deadline`);
- ``tests/core/test_hardening_search_cli.py``: ``test_a_search_that_matches_nothing_stops_at_its_deadline``
  and ``test_timed_queries_find_and_score_as_whooshs_own`` (:class:`Timed`).
"""

from __future__ import annotations

import time
from array import array

from whoosh import matching
from whoosh import query as wq
from whoosh.collectors import TimeLimit, TopCollector, WrappingCollector
from whoosh.query.spans import Span, SpanNear2

from . import scoring


class FlatRange(wq.NumericRange):
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


class PhraseMatcher(SpanNear2.SpanNear2Matcher):
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


class Phrase(wq.Phrase):
    """A phrase query (slop 1) matched by :class:`PhraseMatcher`; other slops as Whoosh does."""

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
        m = PhraseMatcher([t.matcher(searcher, context) for t in terms])
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


def fast_phrase(node: wq.Query) -> wq.Query:
    """``node`` as a :class:`Phrase` if it is a Whoosh phrase (for ``Query.accept``)."""
    if type(node) is wq.Phrase:
        return Phrase(node.fieldname, node.words, slop=node.slop, boost=node.boost, char_ranges=node.char_ranges)
    return node


class PhraseFirst(wq.AndMaybe):
    """Plain words (``a``), ranked higher where they stand together as a phrase (``b``).

    Marked so that the search ranks it by :func:`reader.search.ranking.phrase_first`.
    """


# Same answers as Whoosh's classes, faster matchers: reader.engine.scoring scores them as those.
scoring.scores_like(Phrase, wq.Phrase)
scoring.scores_like(FlatRange, wq.NumericRange)
scoring.scores_like(PhraseFirst, wq.AndMaybe)


def flat_range(node: wq.Query) -> wq.Query:
    """``node`` as a :class:`FlatRange` if it is a numeric or date range (for ``Query.accept``)."""
    if type(node) in (wq.NumericRange, wq.DateRange):
        return FlatRange(node.fieldname, node.start, node.end, node.startexcl, node.endexcl, node.boost,
                         node.constantscore)
    return node


def top_collector(limit: int) -> TopCollector:
    """A collector of the ``limit`` best-scored documents that scores every match.

    Whoosh 2.7.4's shortcuts for a top-N search (skipping blocks that cannot make the
    top N, rewriting matchers as the bar rises) drop documents that belong there:
    ``AndMaybeMatcher.skip_to`` leaves the optional part behind (so a matching phrase
    adds nothing), a boost wrapper rewrites its child against an unboosted bar, and
    ``ArrayUnionMatcher`` reports the best of its parts where their sum is due. On the
    BBC set 18 of 20 two-word queries had a wrong first page ("oil prices": the four
    best articles missing); at 21k articles "interest rates" lost 9 of its top 20.
    Scoring every match is right by construction; what it costs is won back for plain
    words by :func:`reader.search.ranking.phrase_first` (bench p95 at 21k articles: 24 ms
    wrong, 21 ms right).
    """
    return TopCollector(limit=limit, usequality=False, replace=0)


class Deadline(WrappingCollector):
    """Stops a search that runs past its time limit, keeping what it found so far.

    Whoosh's TimeLimitCollector starts a timer thread for every search (over a
    millisecond each); this compares the clock between matches instead, which is when
    the timer's flag was looked at anyway. ``at`` (a ``time.monotonic()`` value) is a
    deadline fixed before the search, shared with its other phases; else the time
    limit counts from the start of the collecting.

    The clock is only looked at between matches: a query that matches nothing spends
    its time building matchers, which :func:`timed` bounds.
    """

    def __init__(self, child, timelimit: float, at: float | None = None):
        self.child = child
        self.timelimit = timelimit
        self.at = at
        self.deadline = 0.0

    def prepare(self, top_searcher, q, context):
        self.child.prepare(top_searcher, q, context)
        self.deadline = self.at if self.at is not None else time.monotonic() + self.timelimit

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


def scores_of(searcher, q: wq.Query, docnums: list[int]) -> dict[int, float]:
    """The score ``q`` gives each of ``docnums`` that it matches, in a Whoosh searcher."""
    scores: dict[int, float] = {}
    wanted = sorted(docnums)
    for sub, offset in searcher.leaf_searchers():
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


class Timed(wq.WrappingQuery):
    """A leaf of a query that raises ``TimeLimit`` when its matcher is wanted past ``deadline``.

    Making the matchers is most of the time of a query over many words (every word of
    200 prefixes read, to find nothing: 28 s at 22k articles), and Whoosh does it before
    any match reaches a collector's clock. Each leaf looks at the clock before and after
    making its matcher, and a wildcard or prefix between the words it expands to. The
    matchers themselves are Whoosh's, unwrapped: matching costs nothing more.
    """

    def __init__(self, child: wq.Query, deadline: float):
        self.child = child
        self.deadline = deadline

    def __eq__(self, other):
        return type(other) is Timed and other.child == self.child

    def __hash__(self):
        return hash(("Timed", self.child))

    def _rewrap(self, child):
        return Timed(child, self.deadline)

    def matcher(self, searcher, context=None):
        clock = time.monotonic
        if clock() > self.deadline:
            raise TimeLimit
        child = self.child
        m = _expanded(child, searcher, context, self.deadline) if isinstance(child, wq.MultiTerm) \
            else child.matcher(searcher, context)
        if clock() > self.deadline:
            raise TimeLimit
        return m


def _expanded(q: wq.MultiTerm, searcher, context, deadline: float):
    """``MultiTerm.matcher`` (Whoosh 2.7.4), looking at the clock as it expands and reads words."""
    fieldname = q.field()
    clock = time.monotonic
    terms = []
    for count, word in enumerate(q._btexts(searcher.reader())):
        if not count & 63 and clock() > deadline:
            raise TimeLimit
        if word:
            terms.append(Timed(wq.Term(fieldname, word), deadline))
    if not terms:
        return matching.NullMatcher()
    if len(terms) == 1:
        return terms[0].matcher(searcher, context)
    if q.constantscore:
        # as Whoosh: the words' scores do not matter (weighting None)
        if context:
            context = context.set(weighting=None)
        else:
            from whoosh.searching import SearchContext

            context = SearchContext(weighting=None)
    return wq.Or(terms, boost=q.boost).matcher(searcher, context)


def timed(q: wq.Query, deadline: float) -> wq.Query:
    """``q`` with every leaf :class:`Timed` to ``deadline``: for Whoosh's matchers only
    (:mod:`reader.engine.scoring` scores the queries it knows, fast, and not these)."""
    return q.accept(lambda node: Timed(node, deadline) if node.is_leaf() else node)
