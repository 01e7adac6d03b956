"""The two ways a query's matches are ranked: on arrays, and by Whoosh's matchers.

Apart from the searcher because ranking is where the speed and the exactness of a page
are won, and each path has its own proof: :func:`rank_arrays` scores every match with
:mod:`reader.engine.scoring` (the shapes of query people type); :func:`rank_whoosh`
asks Whoosh's matchers for the rest (wildcards, fuzzy terms, sloppy phrases, ...).
Both rank plain words that stand together as a phrase first without checking the
phrase in every article (:func:`phrase_first`, :func:`phrase_first_arrays`).

Rankings are lists of (score, document number), best first.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
from whoosh import query as wq
from whoosh.collectors import TimeLimit, UnlimitedCollector

from ..engine import matchers, scoring
from ..index import NO_DATE

#: How much more the phrase part of plain words weighs than the words alone.
PHRASE_BOOST = 3.0

Ranking = list[tuple[float, int]]


def phrase_bound(q: matchers.PhraseFirst) -> float:
    """How many times its words' score an article of ``q`` can score at most.

    The phrase part scores each word of the phrase again, boosted, where they stand
    together; the words part scores each distinct word once (Whoosh drops repeated
    clauses), so a word the phrase repeats ("said said") counts that many times over.
    """
    repeats = max((max(Counter(leaf.words).values()) for leaf in q.b.leaves() if getattr(leaf, "words", None)),
                  default=1)
    return 1.0 + PHRASE_BOOST * repeats


def rank_arrays(scorer: scoring.IndexScorer, q: wq.Query, sort: str, n: int) -> tuple[Ranking, int]:
    """The ``n`` first of ``q`` in ``sort`` order as (score, docnum), and how many match.

    Every match is scored; relevance ties go to the lower document number and date
    ties to the higher (both as Whoosh orders them).
    """
    with scorer.reading():
        if sort == "date":
            # which articles match is the words' business; the phrase part of plain
            # words only adds to a score, so it is scored for the page alone
            words = q.a if isinstance(q, matchers.PhraseFirst) else q
            ids, scores = scorer.matches(words)
            order = np.lexsort((-ids, -scorer.column("datesort", ids)))[:n]
            page, scores = ids[order], scores[order]
            if words is not q:
                within = np.sort(page)
                _ids, exact = scorer.matches(q, within=within)
                scores = exact[np.searchsorted(within, page)]
            return [(float(score), int(docnum)) for score, docnum in zip(scores, page)], len(ids)
        if not isinstance(q, matchers.PhraseFirst):
            ids, scores = scorer.matches(q)
            return scoring.best(ids, scores, n), len(ids)
        return phrase_first_arrays(scorer, q, n)


def is_everything(q: wq.Query) -> bool:
    """Whether ``q`` is "all articles": ``*`` alone or an empty query (see the searcher)."""
    return type(q) is wq.Every and q.fieldname is None


def rank_everything(scorer: scoring.IndexScorer, n: int, undated_order) -> tuple[Ranking, int]:
    """The ``n`` first of all live articles, the browse order, and how many there are.

    Newest first by the ``datesort`` column (ties to the higher document number, as a
    date sort orders them), then the undated ones by path: ``undated_order(docnums)``
    gives those document numbers in path order, and is called only when the page
    reaches them. Both sorts use this order (no words: every article scores the same).
    Only the page is sorted (a partition first), so a first page of a million costs
    a pass over two arrays, not a sort.
    """
    with scorer.reading():
        ids, scores = scorer.matches(wq.Every())
        if not len(ids) or n <= 0:
            return [], len(ids)
        dates = scorer.column("datesort", ids)
        dated = dates != NO_DATE
        dated_ids, dated_dates = ids[dated], dates[dated]
        if n < len(dated_ids):
            bar = np.partition(dated_dates, len(dated_dates) - n)[len(dated_dates) - n]
            pick = np.flatnonzero(dated_dates >= bar)  # every tie at the bar, then sorted
            dated_ids, dated_dates = dated_ids[pick], dated_dates[pick]
        page = dated_ids[np.lexsort((-dated_ids, -dated_dates))][:n]
        if len(page) < n:
            page = np.concatenate([page, np.asarray(undated_order(ids[~dated]), dtype=np.int64)[: n - len(page)]])
        score = float(scores[0])
        return [(score, int(docnum)) for docnum in page], len(ids)


def phrase_first_arrays(scorer: scoring.IndexScorer, q: matchers.PhraseFirst, n: int) -> tuple[Ranking, int]:
    """:func:`phrase_first` on arrays: the phrase is checked only where it can matter."""
    ids, scores = scorer.matches(q.a)
    if not len(ids):
        return [], 0
    order = np.lexsort((ids, -scores))
    ids, scores = ids[order], scores[order]
    bound = phrase_bound(q)
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


def rank_whoosh(searcher, q: wq.Query, sort: str, n: int, time_limit: float, *,
                deadline: float | None = None) -> tuple[Ranking, int | None, bool]:
    """Whoosh's matchers (in the Whoosh ``searcher``) rank what :mod:`reader.engine.scoring` does not.

    Returns the ranking, how many match (None: a top-N search does not count) and
    whether time ran out. Every step, from making the matchers (``q`` is made
    :func:`~reader.engine.matchers.timed`) to scoring a date-sorted page, stops at
    ``deadline`` (a ``time.monotonic()`` value shared with the search's other phases),
    else ``time_limit`` seconds from now.
    """
    deadline = time.monotonic() + time_limit if deadline is None else deadline
    q = matchers.timed(q, deadline)
    sort_args = {"sortedby": "datesort", "reverse": True} if sort == "date" else {}
    if not sort_args and isinstance(q, matchers.PhraseFirst):
        return phrase_first(searcher, q, n, time_limit, deadline=deadline)
    collector = searcher.collector(limit=n, **sort_args) if sort_args else matchers.top_collector(n)
    timed = matchers.Deadline(collector, 0.0, at=deadline)
    timed_out = False
    try:
        searcher.search_with_collector(q, timed)
    except TimeLimit:
        timed_out = True
    ranked = [(hit.score, hit.docnum) for hit in timed.results()]
    if sort_args:  # a sorted search gives each hit its sort key as its score
        try:
            scores = matchers.scores_of(searcher, q, [docnum for _key, docnum in ranked])
        except TimeLimit:
            scores, timed_out = {}, True
        ranked = [(scores.get(docnum, 0.0), docnum) for _key, docnum in ranked]
    # not counted: a top-N search does not count
    return ranked, None, timed_out


def phrase_first(searcher, q: matchers.PhraseFirst, n: int, time_limit: float, *,
                 deadline: float | None = None) -> tuple[Ranking, int, bool]:
    """The ``n`` best of ``q`` as (score, docnum), how many articles match, whether time ran out.

    Exact, and without checking the phrase in every article that holds the words
    (half of a two-word query's time): the phrase part scores the same terms as the
    words part, boosted, in the fields where they stand together, so an article can
    score at most ``(1 + boost) × its words' score``. Every match is scored on the
    words; the phrase is checked only in the best ones, until no unchecked article
    could reach the top ``n`` even with that bound (3 % of "oil prices"' 720 matches
    for a first page at 21k articles).
    """
    deadline = time.monotonic() + time_limit if deadline is None else deadline
    collector = UnlimitedCollector()
    timed_out = False
    try:
        searcher.search_with_collector(q.a, matchers.Deadline(collector, 0.0, at=deadline))
    except TimeLimit:
        timed_out = True
    by_words = sorted(collector.items, key=lambda item: (-item[0], item[1]))
    try:
        return _phrase_first(searcher, q, n, by_words, timed_out)
    except TimeLimit:  # checking the phrases ran out of time: the best by their words
        return by_words[:n], len(by_words), True


def _phrase_first(searcher, q: matchers.PhraseFirst, n: int, by_words: Ranking,
                  timed_out: bool) -> tuple[Ranking, int, bool]:
    bound = phrase_bound(q)
    exact: dict[int, float] = {}
    checked = 0
    want = min(4 * n, len(by_words))
    while True:
        batch = by_words[checked:want]
        checked = want
        phrase = matchers.scores_of(searcher, q.b, [docnum for _score, docnum in batch])
        for score, docnum in batch:
            total = score + phrase.get(docnum, 0.0)
            if total > bound * score * (1 + 1e-9):  # the bound does not hold: rank them all
                return _rank_all(searcher, q, by_words, n), len(by_words), timed_out
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


def _rank_all(searcher, q: matchers.PhraseFirst, by_words: Ranking, n: int) -> Ranking:
    phrase = matchers.scores_of(searcher, q.b, [docnum for _score, docnum in by_words])
    scored = [(score + phrase.get(docnum, 0.0), docnum) for score, docnum in by_words]
    return sorted(scored, key=lambda item: (-item[0], item[1]))[:n]
