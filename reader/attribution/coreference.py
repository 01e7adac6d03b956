"""Stage 3, coreference: mentions resolved to the people of one article.

``Pistorius``, ``Mr. Pistorius`` and ``Boris Pistorius`` are one ``Cluster`` (same surname,
compatible first names); "he"/"she" goes to the person of the nearest sentence before it that
names one of a compatible gender (``pronouns.Narrative``: forenames, titles and role words
give genders), else to the latest speaker who can be he/she (organisations cannot, nor
someone whose title or role gives the other gender).
"""

from __future__ import annotations

from .lexicon import (
    CAP_STOP,
    ORG_WORDS,
    SPEAKER_NOUNS,
)
from .names import fold, name_parts, near_spelling, surname_form
from .sources import Mention, strip_det


class Cluster:
    """One person (or organisation, or description) of the article: the fullest name seen and the first role given."""

    __slots__ = ("name", "role", "kind", "parts", "apos", "gender", "person")

    def __init__(self, np: Mention):
        self.name = np.name
        self.role = np.role
        self.kind = np.kind
        self.parts = name_parts(np.name)
        self.gender = np.gender
        self.person = np.kind == "name" and _person_like(np.name)
        self.apos = 0  # mentions spelt with ' minus mentions spelt with ’ (O'Neill / O’Neill)
        self.count_apostrophes(np.name)

    def count_apostrophes(self, name: str) -> None:
        if "'" in name:
            self.apos += 1
        elif "’" in name:
            self.apos -= 1

    def display_name(self) -> str:
        """The name, its apostrophes spelt as most mentions spell them."""
        if self.apos > 0:
            return self.name.replace("’", "'")
        if self.apos < 0:
            return self.name.replace("'", "’")
        return self.name


def _person_like(name: str) -> bool:
    """A name that can be "he" or "she": no organisation word, not an acronym (CNN)."""
    words = name.split()
    if any(fold(w) in ORG_WORDS for w in words):
        return False
    if len(words) == 1 and (fold(name) in SPEAKER_NOUNS or fold(name) in CAP_STOP):
        return False  # "Analysts", "Police"
    return not (len(words) == 1 and len(name) > 1 and name.isupper())


def _gender_ok(c: Cluster, g: str) -> bool:
    return c.person and (not c.gender or c.gender == "?" or c.gender == g)


def same_person(c: Cluster, np: Mention) -> bool:
    """Whether mention *np* is person *c*: same kind; descriptions by their words, names by surname and a compatible first name."""
    if c.kind != np.kind:
        return False
    if np.kind == "desc":
        return fold(strip_det(c.name)) == fold(strip_det(np.name))
    a, b = c.parts, name_parts(np.name)
    if not a or not b:
        return False
    if surname_form(a[-1]) != surname_form(b[-1]):
        return False
    fa, fb = a[:-1], b[:-1]
    if not fa or not fb:
        return True
    x, y = fa[0], fb[0]
    return x == y or x[0] == y[0] and (len(x) == 1 or len(y) == 1 or near_spelling(x, y))


def he_or_she(pronoun: str, pos: int, narrative, clusters: list, recent: list) -> Cluster | Mention | None:
    """Who *pronoun* ("he" or "she") at *pos* stands for: the person of the nearest sentence
    before it that names one of a compatible gender (``pronouns.Narrative.resolve``); else
    the latest of the *recent* speakers who can be he/she. A person the article already has
    comes back as their cluster, a new one as a mention; None when nobody fits."""
    g = "m" if pronoun == "he" else "f"
    by_key: dict = {}
    for c in clusters:
        if c.kind == "name" and c.parts:
            by_key.setdefault(surname_form(c.parts[-1]), c)

    def is_person(cand) -> bool:
        c = by_key.get(cand.key)
        return c is not None and c.person

    def compatible(cand) -> bool:
        c = by_key.get(cand.key)
        if c is None:
            return True
        if not c.person:
            return False
        # the narrative's gender (title, forename) outranks the speaker's, which may come
        # from a guess ("Trump said she was …" is no sign of Trump's gender)
        return bool(narrative.gender(cand)) or not c.gender or c.gender == "?" or c.gender == g

    cand = narrative.resolve(g, pos, is_person, compatible)
    if cand is None:
        for c in reversed(recent[-4:]):
            if _gender_ok(c, g):
                return c
        return None
    np = Mention("name", cand.name, "", cand.pos, narrative.gender(cand))
    for c in clusters:
        if same_person(c, np):
            return c
    return np
