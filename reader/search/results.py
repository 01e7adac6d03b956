"""What a search gives back: a :class:`Hit` per article and a :class:`SearchResult` per page.

Apart from the searcher because the export, the app and the CLI handle hits without
searching; hits are made from an index document's stored fields, and a hit's snippet
comes from its article, read again from its file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..index import load_indexed_article
from .snippets import Snippet, article_snippet


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
    #: whether making snippets ran out of time, so that some hits show their standfirst
    snippets_cut: bool = False


def hit_from_fields(fields: dict, score: float | None) -> Hit:
    """A Hit from an index document's stored fields."""
    return Hit(
        id=fields["id"], path=fields.get("path", ""), title=fields.get("title", ""),
        date=fields.get("date"), score=float(score or 0.0), standfirst=fields.get("standfirst", ""),
        speakers=tuple(name for name, _count in fields.get("speakers") or ()),
    )


def with_lead_snippet(hit: Hit) -> Hit:
    """``hit`` with its standfirst as its snippet (no file read)."""
    return replace(hit, snippet=Snippet(hit.standfirst))


def with_article_snippet(hit: Hit, terms: Iterable[str], fields: dict) -> Hit:
    """``hit`` with the best fragment of its article around ``terms``, else its lead."""
    article = load_indexed_article(fields)
    return replace(hit, snippet=Snippet(hit.standfirst) if article is None else article_snippet(article, terms))
