"""What the speaker's page shows of one identity, gathered in the core.

The app's page (built on this later) and any script get the same data: the spellings
merged into the person, the roles the texts give them, their counts of quotes and
articles, their quotes by month, the people most often quoted in the same articles, and
their quotes, newest first. The articles are exactly those of
:func:`~.identities.speaker_query`, so the page's counts are the sidebar's and the
facets'. Roles and quotes are not in the index: the page reads the identity's articles
again and attributes them (about 1 ms an article), within a time limit.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..index import load_indexed_article
from .facets import MonthCounts, month_range
from .identities import NAMED, Identities, Identity, speaker_query

__all__ = ["PageQuote", "SpeakerPage", "speaker_page"]


@dataclass(frozen=True, slots=True)
class PageQuote:
    """One quote of the person: its text and kind, offsets into the article's body, and
    the article (id, title, date)."""

    text: str
    kind: str
    start: int
    end: int
    article_id: str
    title: str
    date: datetime | None

    def to_json(self) -> dict:
        return {"text": self.text, "kind": self.kind, "start": self.start, "end": self.end,
                "article": self.article_id, "title": self.title,
                "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True, slots=True)
class SpeakerPage:
    """One identity's page. ``months`` counts the person's quotes per month (the
    timeline strip; ``undated`` the quotes of undated articles); ``roles`` are ``(role,
    articles)``, most given first; ``quoted_with`` are ``(name, articles together)`` of
    the people and organisations most often quoted in the same articles; ``quotes`` are
    newest first. ``complete`` is False when reading the articles for roles and quotes ran
    out of time (the counts, months and ``quoted_with`` always cover every article)."""

    identity: Identity
    months: MonthCounts
    roles: tuple[tuple[str, int], ...]
    quoted_with: tuple[tuple[str, int], ...]
    quotes: tuple[PageQuote, ...]
    complete: bool

    def to_json(self) -> dict:
        return {"identity": self.identity.to_json(), "months": self.months.to_json(),
                "roles": [{"role": r, "articles": n} for r, n in self.roles],
                "quoted_with": [{"name": n, "articles": a} for n, a in self.quoted_with],
                "quotes": [q.to_json() for q in self.quotes], "complete": self.complete}


def speaker_page(searcher, identities: Identities, identity: Identity, deadline: float,
                 *, with_quotes: int = 10) -> SpeakerPage:
    """The page of ``identity`` from the Whoosh ``searcher`` of the index it was made for.

    ``with_quotes`` people are listed in ``quoted_with``. Stored fields are read for every
    article of the person; the articles themselves until ``deadline``, newest first.
    """
    spellings = {name for name, _q, _a in identity.spellings}
    articles = []
    for docnum in sorted(speaker_query(identity).docs(searcher)):
        articles.append(searcher.stored_fields(docnum))
    months: Counter = Counter()
    undated = 0
    together: Counter = Counter()
    named: dict[int, Identity] = {}
    for fields in articles:
        quotes = sum(count for name, count in fields.get("speakers") or () if name in spellings)
        date = fields.get("date")
        if date is None:
            undated += quotes
        else:
            months[date.year, date.month] += quotes
        others = {}
        for name, _count in fields.get("speakers") or ():
            other = identities.of_spelling(name)
            if other is not None and other.kind in NAMED and other is not identity:
                others[id(other)] = other
        named.update(others)
        together.update(others.keys())
    quoted_with = tuple((named[k].name, n) for k, n in sorted(together.items(),
                                                               key=lambda kv: (-kv[1], named[kv[0]].name)))
    return _read_articles(identity, articles, spellings, MonthCounts(month_range(months), undated),
                          quoted_with[:with_quotes], deadline)


def _read_articles(identity: Identity, articles: list[dict], spellings: set[str], months: MonthCounts,
                   quoted_with: tuple, deadline: float) -> SpeakerPage:
    """The roles and quotes of the person in their articles, newest first, until ``deadline``."""
    roles: Counter = Counter()
    quotes: list[PageQuote] = []
    complete = True
    newest_first = sorted(articles, key=lambda f: (f.get("date") is not None,
                                                   f["date"].isoformat() if f.get("date") else "", f["id"]),
                          reverse=True)
    from ..attribution import attribute  # the rules load with the first page, not with every search

    for fields in newest_first:
        if time.monotonic() > deadline:
            complete = False
            break
        article = load_indexed_article(fields)
        if article is None:  # gone since it was indexed
            continue
        given = set()
        for speaker in attribute(article.body).speakers:
            if speaker.name not in spellings:
                continue
            if speaker.role:
                given.add(" ".join(speaker.role.split()))
            quotes.extend(PageQuote(q.text, q.kind, q.start, q.end, fields["id"], fields.get("title", ""),
                                    fields.get("date")) for q in speaker.quotes)
        roles.update(given)
    return SpeakerPage(identity, months, tuple(sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))),
                       quoted_with, tuple(quotes), complete)
