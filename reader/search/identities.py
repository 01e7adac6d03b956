"""Who a name means across the corpus: the one identity that ``speaker:`` queries, the
speaker facets, ``reader speakers --corpus`` and the speaker's page all use.

The identities come from the speaker registry kept with the index
(:mod:`reader.index.speakers`). :meth:`Identities.resolve` turns what a user typed or
picked ("blair", "Mr Blair", "Tony Blair") into an :class:`Identity`, and
:func:`speaker_query` turns an identity into the query for exactly the articles where one
of its spellings speaks: so "Tony Blair · 74 articles" leads to 74 results, whichever of
its spellings was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from ..attribution.names import first_names_compatible, fold, initials_only
from ..attribution.registry import DESCRIPTION, ORGANISATION, PERSON, registry_key
from ..index.speakers import spelling_token

__all__ = ["DESCRIPTION", "ORGANISATION", "PERSON", "Identities", "Identity", "speaker_query"]

#: What the ranked lists show (``reader speakers --corpus``, the speaker facets): someone,
#: not a description of whoever spoke ("a spokesman" in 35 articles is not one person).
NAMED = (PERSON, ORGANISATION)


@dataclass(frozen=True, slots=True)
class Identity:
    """One speaker of the corpus under all its spellings.

    ``kind`` is ``person``, ``organisation`` or ``description``; ``spellings`` are
    ``(name as written, quotes, articles)``, most articles first; ``articles`` counts the
    articles where any spelling speaks (the number of results of :func:`speaker_query`).
    """

    name: str
    kind: str
    quotes: int
    articles: int
    spellings: tuple[tuple[str, int, int], ...]

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "quotes": self.quotes, "articles": self.articles,
                "spellings": [{"name": n, "quotes": q, "articles": a} for n, q, a in self.spellings]}


def speaker_query(identity: Identity) -> wq.Query:
    """The articles where one of ``identity``'s spellings speaks (``speakername`` terms)."""
    terms = [wq.Term("speakername", spelling_token(name)) for name, _q, _a in identity.spellings]
    return terms[0] if len(terms) == 1 else wq.Or(terms)


class Identities:
    """The identities of one index generation, looked up by name.

    Made from the registry's data (:func:`reader.index.speakers.read_registry`).
    """

    def __init__(self, data: dict):
        self._all: list[Identity] = []
        self._by_spelling: dict[str, Identity] = {}  # exact spelling as written
        self._by_folded: dict[str, Identity] = {}  # folded spelling (what a user types)
        self._by_key: dict[tuple, Identity] = {}  # the registry's merge key
        self._by_surname: dict[str, list[tuple[tuple, Identity]]] = {}
        for item in data.get("identities") or ():
            identity = Identity(item["name"], item["kind"], int(item["quotes"]), int(item["articles"]),
                                tuple((str(n), int(q), int(a)) for n, q, a in item["spellings"]))
            self._all.append(identity)
            for name, _q, _a in identity.spellings:
                self._by_spelling[name] = identity
                self._by_folded.setdefault(_folded(name), identity)
                key = registry_key(name)
                if key is not None:
                    self._by_key.setdefault(key, identity)
                    if key[0] != "#":
                        self._by_surname.setdefault(key[1], []).append((key[0], identity))

    def __len__(self) -> int:
        return len(self._all)

    def __iter__(self):
        return iter(self._all)

    def of_spelling(self, name: str) -> Identity | None:
        """The identity a name exactly as the attributor wrote it belongs to."""
        return self._by_spelling.get(name) or self.resolve(name)

    def resolve(self, text: str) -> Identity | None:
        """The identity a user means by ``text`` ("blair", "Mr Blair", "tony blair",
        "spokesman"), or None when the corpus has no one of that name.

        A spelling of the corpus (case and accents aside) is its identity; else the
        registry's rules: same surname key and compatible first names, and a bare surname
        only when one person of that surname is known, or one is quoted 4 times as much
        as the others together.
        """
        text = " ".join((text or "").split())
        if not text:
            return None
        found = self._by_spelling.get(text) or self._by_folded.get(_folded(text))
        if found is not None:
            return found
        if text == text.lower():  # typed in lower case: read as a name
            text = " ".join(w[:1].upper() + w[1:] for w in text.split())
        key = registry_key(text)
        if key is None:
            return None
        found = self._by_key.get(key)
        if found is not None or key[0] == "#":
            return found
        given = key[0]
        fits = {id(i): i for g, i in self._by_surname.get(key[1], ())
                if g and not initials_only(g) and first_names_compatible(given, g) and i.kind == PERSON}
        people = list(fits.values())
        if len(people) == 1:
            return people[0]
        if people and not given:
            best = max(people, key=lambda i: i.quotes)
            if best.quotes >= 4 * (sum(i.quotes for i in people) - best.quotes):
                return best
        return None

    def top(self, n: int = 20, kinds: tuple[str, ...] = NAMED) -> list[Identity]:
        """The ``n`` most-quoted identities of the given kinds."""
        return [i for i in self._all if i.kind in kinds][: max(0, n)]


def _folded(name: str) -> str:
    return " ".join(fold(name).replace(".", " ").split())
