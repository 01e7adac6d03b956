"""Lists of quotes the app shows and exports: every quote of a query (the export), and one
person's quotes, searchable (the speaker's page).

A person's quotes are the quote records whose speaker, as written, is one of the
spellings the registry merged into their :class:`~.identities.Identity`: the same
person as ``speaker:`` in article search, the speaker facets and the speaker's page.
The quote index keys speakers by their name keys (``speakerkey``), which is wider ("Blair"
also finds Cherie Blair): the query narrows to those keys, and the spellings decide.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .export import EXPORT_TIME_LIMIT
from .identities import Identity
from .query_edit import speaker_term
from .quotes import QuoteHit, QuoteResult, QuoteSearcher

__all__ = ["QuoteExport", "all_quotes", "speaker_quotes"]

#: Quotes asked for at a time while gathering a whole list.
_PAGE = 500


@dataclass(frozen=True, slots=True)
class QuoteExport:
    """Every quote of a query (``complete``), or the first ones found in time."""

    hits: tuple[QuoteHit, ...]
    total: int | None
    complete: bool


def all_quotes(quotes: QuoteSearcher, text: str, *, sort: str = "relevance",
               time_limit: float = EXPORT_TIME_LIMIT) -> QuoteExport:
    """Every quote ``text`` finds, in ``sort`` order, page by page until ``time_limit``."""
    deadline = time.monotonic() + time_limit
    hits: list[QuoteHit] = []
    total: int | None = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return QuoteExport(tuple(hits), total, False)
        result = quotes.search(text, sort=sort, limit=_PAGE, offset=len(hits), time_limit=left, count=False)
        hits.extend(result.hits)
        total = result.total if result.total is not None else total
        if result.timed_out:
            return QuoteExport(tuple(hits), total, False)
        if not result.more:
            return QuoteExport(tuple(hits), len(hits), True)


def speaker_quotes(quotes: QuoteSearcher, identity: Identity, text: str = "", *,
                   time_limit: float = EXPORT_TIME_LIMIT) -> QuoteResult:
    """``identity``'s quotes that ``text`` finds (all of them for no text), newest first.

    ``text`` is the quote query language (plain words match the quote, ``date:``,
    phrases, AND/OR/NOT); :class:`~.searcher.QueryError` if it cannot run. ``total`` is
    the number of quotes listed; ``timed_out`` when not all could be gathered in time.
    """
    started = time.perf_counter()
    spellings = {name for name, _q, _a in identity.spellings}
    who = " OR ".join(speaker_term(name) for name in sorted(spellings))
    words = text.strip()
    query = f"({words}) AND ({who})" if words and words != "*" else who
    found = all_quotes(quotes, query, sort="date", time_limit=time_limit)
    hits = tuple(hit for hit in found.hits if hit.speaker in spellings)
    terms = frozenset()
    if words and words != "*":
        terms = quotes.query_terms(quotes.parse(words))
    return QuoteResult(text, "date", hits, len(hits), time.perf_counter() - started, not found.complete, terms)
