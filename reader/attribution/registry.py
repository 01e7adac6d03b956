"""Corpus-wide identity of speakers: one person under one name across many articles.

:class:`SpeakerRegistry` collects the names the attributor found across a corpus and
merges them (the name rules themselves, :func:`~.names.speaker_key` and first-name
compatibility, are in :mod:`.names`):

* names with the same surname key and compatible first names (equal, an initial, or a
  near spelling such as Volodomyr / Volodymyr) are one person;
* a surname alone (or with an initial) merges into the full name when exactly one full
  name with that surname (and a compatible initial) is known in the corpus, or when one
  of several is quoted 4 times as much as the others together ("Tony Blair" over "Cherie
  Blair"); otherwise ("Boris Johnson", "Lyndon Johnson") the bare "Johnson" stays alone;
* a lone capitalised word the corpus also has as a description ("Analysts said", "the
  analysts said") is that description;
* the canonical display name is the fullest spelling seen (most words, then most used).

Organisations, places and descriptions ("the Kremlin", "police", "Washington", "IBM",
"Liberal Democrats") are keyed on their whole folded text and only merge with the same text:
a place or an organisation never joins a person ("Washington" the government is not
"Denzel Washington"). Each merged group is an :class:`Identity` of one kind: ``person``,
``organisation`` or ``description`` ("spokesman", "analysts": who spoke, not someone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from . import lexicon, names
from .lexicon import ORG_WORDS, SPEAKER_NOUNS
from .names import first_names_compatible, fold, given_names, initials_only, is_person_name, name_words, speaker_key

__all__ = ["PERSON", "ORGANISATION", "DESCRIPTION", "Identity", "SpeakerRegistry", "name_kind", "registry_key"]

PERSON, ORGANISATION, DESCRIPTION = "person", "organisation", "description"

#: Last words that make a capitalised name a body of people, not a person ("Downing
#: Street", "the Tories"); with :data:`~.lexicon.ORG_WORDS` ("Financial Times", "Home Office").
_BODY_WORDS = frozenset(
    "street tories tory labour conservatives liberals dems nationalists greens unionists socialists "
    "communists ministry parliament assembly executive commons lords whitehall kremlin pentagon "
    "treasury downing airways airlines motors group holdings systems technologies industries "
    "international exchange".split())
#: Places that stand for their governments or markets ("Washington said", "Moscow denied"):
#: alone, such a word is never read as a surname.
_PLACES = frozenset(
    "washington moscow london beijing brussels paris berlin tokyo kiev kyiv tehran baghdad damascus "
    "jerusalem ankara delhi islamabad kabul seoul pyongyang canberra ottawa dublin madrid rome "
    "athens warsaw vienna geneva cairo riyadh havana caracas minsk tbilisi belgrade pretoria "
    "nairobi lagos mumbai shanghai taipei hanoi bangkok jakarta manila edinburgh cardiff belfast "
    "westminster holyrood stormont strasbourg luxembourg frankfurt wall china russia america "
    "britain france germany japan iran iraq israel syria india pakistan ukraine europe "
    "england scotland wales ireland italy spain turkey egypt canada australia".split())


#: Letters after a person's name, not an organisation's acronym ("Guy Mansfield QC").
_POSTNOMINALS = frozenset("qc kc mp mep msp mla am obe mbe cbe kbe phd md jp".split())


def rule_files() -> list[str]:
    """The source files of the rules that merge names into identities (this module, the
    name rules and their word lists): what a stored registry must have been made with."""
    return [__file__, names.__file__, lexicon.__file__]


def _is_acronym(word: str) -> bool:
    core = word.strip(".'’")
    return len(core) >= 2 and core.isalpha() and core.isupper() and core.lower() not in _POSTNOMINALS


@lru_cache(maxsize=1 << 16)
def name_kind(name: str) -> str:
    """What a speaker's name names: a :data:`PERSON`, an :data:`ORGANISATION` (or a place
    standing for one) or a :data:`DESCRIPTION` of the speaker ("a spokesman", "analysts").

    A name is a person's when it is person-like (:func:`~.names.is_person_name`) and not
    an acronym ("IBM", "Yukos US"), a place alone ("Washington"), a describing noun alone
    ("Analysts" opening a sentence), or a name ending in an organisation's word ("Human
    Rights Watch", "Liberal Democrats", "Downing Street").
    """
    words = name_words(name)
    if not words:
        return DESCRIPTION
    folded = [fold(w).strip(".'’") for w in words]
    if not is_person_name(words):
        return DESCRIPTION if any(w in SPEAKER_NOUNS for w in folded) else ORGANISATION
    if any(_is_acronym(w) for w in words) or folded[-1] in ORG_WORDS or folded[-1] in _BODY_WORDS:
        return ORGANISATION
    if len(words) == 1 and folded[0] in SPEAKER_NOUNS:
        return DESCRIPTION
    if len(words) == 1 and folded[0] in _PLACES:
        return ORGANISATION
    return PERSON


@lru_cache(maxsize=1 << 16)
def registry_key(name: str) -> tuple | None:
    """The key a name is merged under: ``(given names, surname key)`` for a person,
    ``("#", folded text)`` for the rest; None for a name of no words. Cached, as
    :func:`name_kind` is: a corpus repeats its names (24,000 names, 10,000 distinct, at
    19,000 Reuters articles)."""
    words = name_words(name)
    if not words:
        return None
    if name_kind(name) != PERSON:
        return ("#", " ".join(fold(w).strip(".") for w in words) if is_person_name(words) else speaker_key(name))
    return (given_names(words), speaker_key(name))


class Identity(NamedTuple):
    """One speaker of a corpus under all its spellings.

    ``spellings`` maps each name as the attributor wrote it to ``(quotes, articles)``;
    ``articles`` is the set of article ids where any spelling speaks.
    """

    name: str
    kind: str
    quotes: int
    articles: frozenset
    spellings: dict


class _Entry:
    __slots__ = ("forms", "quotes", "articles", "given", "skey", "person", "names", "kind")

    def __init__(self, given, skey, person, kind):
        self.forms: Counter = Counter()
        self.quotes = 0
        self.articles: set = set()
        self.given = given
        self.skey = skey
        self.person = person
        self.kind = kind
        self.names: dict[str, list] = {}  # name as written -> [quotes, article ids]


class _Group:
    __slots__ = ("entries", "display", "quotes", "articles")

    def __init__(self):
        self.entries: list[_Entry] = []


def _dominant(groups: list[_Group], entries: dict) -> _Group | None:
    """Of several people a bare surname could be, the one the corpus quotes far more
    (4 times the others together): "Blair" in a corpus of "Tony Blair" (129 quotes) and
    "Cherie Blair" (3). None when no one stands out: "Johnson" stays on its own."""
    if not groups:
        return None
    quotes = [sum(e.quotes for e in g.entries) for g in groups]
    best = max(range(len(groups)), key=quotes.__getitem__)
    return groups[best] if quotes[best] >= 4 * (sum(quotes) - quotes[best]) else None


#: With the articles' text to ask (``mentions``), a bare surname joins a full name only
#: when at least this share of its articles name that person in full somewhere: "Blair"
#: speaks in 33 BBC articles and 32 of them say "Tony Blair"; "Japanese" speaks in 33
#: Reuters articles and one says "Major Japanese", "Sony" in 9 and none says "Rival Sony".
MENTIONED_SHARE = 0.25


class SpeakerRegistry:
    """Merges speaker names across a corpus.

    ``mentions(names, article_ids)``, when given, says in how many of those articles the
    text has one of ``names`` (a first name and a surname): the corpus's word that a bare
    surname is that person (see :data:`MENTIONED_SHARE`). Without it a bare surname joins
    on the names alone.

    >>> r = SpeakerRegistry()
    >>> r.add("Volodymyr Zelensky", "a1", 2); r.add("Zelenskiy", "a2", 1)
    >>> r.resolve("Mr. Zelenskyy")
    'Volodymyr Zelensky'
    """

    def __init__(self, mentions: Callable[[tuple[str, ...], frozenset], int] | None = None) -> None:
        self._entries: dict[tuple, _Entry] = {}
        self._index: dict[tuple, _Group] | None = None
        self._mentions = mentions

    def add(self, name: str, article_id: str, n_quotes: int = 1) -> None:
        """Record that *name* was credited with *n_quotes* quotes in article *article_id*."""
        ent = self._entry(name, create=True)
        if ent is None:
            return
        n = max(0, int(n_quotes))
        if not ent.person and ent.kind != DESCRIPTION and name_kind(name) == DESCRIPTION:
            ent.kind = DESCRIPTION  # "police" and "Police" (opening a sentence) are a description
        ent.forms[" ".join(name_words(name))] += 1
        ent.quotes += n
        ent.articles.add(article_id)
        written = ent.names.setdefault(name, [0, set()])
        written[0] += n
        written[1].add(article_id)
        self._index = None

    def _key(self, name: str) -> tuple | None:
        return registry_key(name)

    def _entry(self, name: str, create: bool) -> _Entry | None:
        key = self._key(name)
        if key is None:
            return None
        ent = self._entries.get(key)
        if ent is None and create:
            person = key[0] != "#"
            ent = _Entry(key[0] if person else (), key[1], person, PERSON if person else name_kind(name))
            self._entries[key] = ent
        return ent

    # -- merging ---------------------------------------------------------------------

    def _build(self) -> dict[tuple, _Group]:
        if self._index is not None:
            return self._index
        index: dict[tuple, _Group] = {}
        by_surname: dict[str, list[tuple]] = {}
        for key, ent in self._entries.items():
            if not ent.person:
                g = _Group()
                g.entries.append(ent)
                index[key] = g
                continue
            by_surname.setdefault(ent.skey, []).append(key)
        for keys in by_surname.values():
            full = [k for k in keys if k[0] and not initials_only(k[0])]
            short = [k for k in keys if not (k[0] and not initials_only(k[0]))]
            groups: list[_Group] = []
            for k in sorted(full, key=lambda k: -self._entries[k].quotes):
                ent = self._entries[k]
                for g in groups:
                    if all(first_names_compatible(ent.given, e.given) for e in g.entries if e.given):
                        g.entries.append(ent)
                        index[k] = g
                        break
                else:
                    g = _Group()
                    g.entries.append(ent)
                    groups.append(g)
                    index[k] = g
            short_group: dict[tuple, _Group] = {}
            for k in short:
                ent = self._entries[k]
                fits = [g for g in groups
                        if all(first_names_compatible(ent.given, e.given) for e in g.entries if e.given)]
                fit = fits[0] if len(fits) == 1 else _dominant(fits, self._entries)
                if fit is not None and not ent.given and not self._named_in_full(fit, ent):
                    fit = None
                if fit is not None:
                    fit.entries.append(ent)
                    index[k] = fit
                else:
                    # ambiguous (or no full name known): the bare surname stays on its own
                    sk = (ent.given[:1],) if ent.given else ()
                    g = short_group.get(sk)
                    if g is None:
                        g = short_group[sk] = _Group()
                    g.entries.append(ent)
                    index[k] = g
        self._merge_capitalised_descriptions(index)
        for g in {id(g): g for g in index.values()}.values():
            forms: Counter = Counter()
            for e in g.entries:
                forms.update(e.forms)
            # a description reads as one ("analysts", not "Analysts" that opened a sentence)
            lower = g.entries[0].kind == DESCRIPTION
            g.display = max(forms.items(), key=lambda kv: (len(kv[0].split()), lower and kv[0].islower(),
                                                           kv[1], kv[0]))[0] if forms else ""
            g.quotes = sum(e.quotes for e in g.entries)
            arts: set = set()
            for e in g.entries:
                arts |= e.articles
            g.articles = arts
        self._index = index
        return index

    def _named_in_full(self, group: _Group, bare: _Entry) -> bool:
        """Whether the corpus's text says a bare surname is the person of ``group``: the
        person's first name before the surname as the bare name spells it ("Volodymyr
        Zelenskiy" where "Zelenskiy" speaks) in enough of its articles."""
        if self._mentions is None:
            return True
        full = max((e for e in group.entries if e.given), key=lambda e: len(e.articles))
        first = max(full.forms.items(), key=lambda kv: (kv[1], kv[0]))[0].split()[-2]
        names = tuple(sorted({f"{first} {form.split()[-1]}" for form in bare.forms if form}))
        named = self._mentions(names, frozenset(bare.articles))
        return named >= MENTIONED_SHARE * len(bare.articles)

    def _merge_capitalised_descriptions(self, index: dict[tuple, _Group]) -> None:
        """"Analysts said" opens a sentence: a lone capitalised word that the corpus also has
        as a description ("analysts") is that description, not a person's surname."""
        for key, ent in self._entries.items():
            if not ent.person or ent.given or key not in index or len(index[key].entries) != 1:
                continue
            word = next(iter(ent.forms), "")
            same = index.get(("#", fold(word).strip(".")))
            if same is not None and word[:1].isupper():
                ent.kind = same.entries[0].kind
                same.entries.append(ent)
                index[key] = same

    def top(self, n: int = 20) -> list[tuple[str, int, int]]:
        """The *n* speakers with most quotes: ``(display_name, quote_count, article_count)``."""
        index = self._build()
        seen = {id(g): g for g in index.values()}.values()
        rows = [(g.display, g.quotes, len(g.articles)) for g in seen]
        rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
        return rows[: max(0, n)]

    def identities(self) -> list[Identity]:
        """Every identity of the corpus, most quoted first (then most articles, then name)."""
        out = []
        for g in {id(g): g for g in self._build().values()}.values():
            spellings: dict[str, tuple[int, int]] = {}
            for e in g.entries:
                for name, (quotes, arts) in e.names.items():
                    spellings[name] = (quotes, len(arts))
            out.append(Identity(g.display, g.entries[0].kind, g.quotes, frozenset(g.articles), spellings))
        out.sort(key=lambda i: (-i.quotes, -len(i.articles), i.name))
        return out

    def resolve(self, name: str) -> str:
        """The canonical display name for *name* (the fullest spelling seen in the corpus).
        An unknown name is returned cleaned (titles dropped) — merged into a known person
        when that is unambiguous."""
        index = self._build()
        key = self._key(name)
        if key is None:
            return (name or "").strip()
        g = index.get(key)
        if g is not None:
            return g.display
        if key[0] != "#":
            cands = {id(g): g for k, g in index.items() if k[0] != "#" and k[1] == key[1]
                     and any(e.given and not initials_only(e.given) for e in g.entries)
                     and all(first_names_compatible(key[0], e.given) for e in g.entries if e.given)}
            if len(cands) == 1:
                return next(iter(cands.values())).display
        return " ".join(name_words(name))

    def __len__(self) -> int:
        return len({id(g) for g in self._build().values()})
