"""How *all* of a query's results spread: over speakers and over months.

Apart from the searcher because these count every match rather than rank a page: the
app's speaker facets and timeline, and ``reader search --facets`` / ``--timeline``.
Each is bounded in time and says whether it counted everything.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice

import numpy as np
from whoosh import query as wq
from whoosh.collectors import TimeLimit

from ..engine import matchers, scoring
from ..index import NO_DATE
from .identities import NAMED, Identities

_EPOCH = datetime(1970, 1, 1)
_DAY = 86400
#: Documents counted between two looks at the clock.
_COUNT_BATCH = 1024


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


def speaker_facets(searcher, q: wq.Query, top: int, deadline: float,
                   identities: Identities) -> tuple[list[tuple[str, int, int]], bool]:
    """``(name, quotes, articles)`` of the ``top`` most-quoted identities (people and
    organisations of the corpus's ``identities``) in ``q``'s results (in the Whoosh
    ``searcher``), and whether all were counted by ``deadline``.

    Each article's names count for the identity the corpus-wide registry gives them, not
    for one merged over these results alone: so "Tony Blair · 38 articles" here is what
    ``speaker:"Tony Blair"`` added to the query finds.
    """
    quotes: Counter = Counter()
    articles: Counter = Counter()
    named = {}
    complete = True
    try:
        for number, docnum in enumerate(searcher.docs_for_query(matchers.timed(q, deadline))):
            if not number & 255 and time.monotonic() > deadline:
                complete = False
                break
            seen = set()
            for name, count in searcher.stored_fields(docnum).get("speakers") or ():
                identity = identities.of_spelling(name)
                if identity is None or identity.kind not in NAMED:
                    continue
                key = id(identity)
                named[key] = identity
                quotes[key] += count
                if key not in seen:
                    seen.add(key)
                    articles[key] += 1
    except TimeLimit:  # making the matchers took the time
        complete = False
    rows = sorted(((named[k].name, quotes[k], articles[k]) for k in named), key=lambda r: (-r[1], -r[2], r[0]))
    return rows[: max(0, top)], complete


def month_counts(searcher, scorer: scoring.IndexScorer | None, q: wq.Query, deadline: float) -> MonthCounts:
    """How many of ``q``'s matches in the Whoosh ``searcher`` fall in each month.

    Reads the ``datesort`` column (one number per document, no stored fields loaded)
    for the matching documents — on arrays with ``scorer`` when it scores ``q``, else
    segment by segment — counts days, and turns only the distinct days into months: a
    broad query over thousands of articles costs little more than finding them.
    """
    days: Counter[int] = Counter()
    complete = True
    by_array = scorer is not None and searcher.reader().has_column("datesort")
    if by_array:
        try:
            ids, _scores = scorer.matches(q)
            found, counts = np.unique(scorer.column("datesort", ids) // _DAY, return_counts=True)
            days.update(dict(zip(found.tolist(), counts.tolist())))
        except scoring.Unsupported:
            by_array = False
    for sub, _offset in (() if by_array else searcher.leaf_searchers()):
        reader = sub.reader()
        try:
            docs = matchers.timed(q, deadline).docs(sub)
        except TimeLimit:  # making the matchers took the time
            complete = False
            break
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
    return MonthCounts(month_range(months), undated, complete)


def month_range(counts: Counter) -> tuple[tuple[str, int], ...]:
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
