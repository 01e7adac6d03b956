"""Names: folding, surname keys and first-name compatibility, shared by the attributor
(one person under several mentions within an article) and the registry (one person across
a corpus). Both must agree on when two spellings are one name, so the rules live here once.

Articles spell people differently ("Zelenskiy", "Zelensky", "Volodymyr Zelenskyy",
"Mr. Zelensky"). :func:`speaker_key` folds a name to a surname key (accents folded, case
ignored, titles dropped, simple transliteration endings unified); two first names are
compatible when they are equal, one is an initial, or they are a near spelling of each
other (Volodomyr / Volodymyr).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .forenames import forename_gender
from .lexicon import HONORIFICS, NAME_TITLES, PARTICLES, SPEAKER_NOUNS, SUFFIXES

__all__ = ["capitalised_common_word", "fold", "name_keys", "near_spelling", "speaker_key", "surname_form"]

_FOLD_TABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                             "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i",
                             "’": "'", "‘": "'"})
_WORD_RE = re.compile(r"[^\s,()]+")


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    """Lower case with accents and special letters folded ("Šakalienė" → "sakaliene").

    Cached: the attributor folds the same few thousand names and words over and over
    (about 190,000 calls for half of a 21,000-article corpus), and NFKD plus a scan of
    every character is most of what comparing two names costs.
    """
    s = unicodedata.normalize("NFKD", s.translate(_FOLD_TABLE))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1 << 14)
def surname_form(word: str) -> str:
    """A surname folded, with common transliteration endings unified (-iy/-yy/-y/-ij, -ii/-i).

    Cached for the same reason as ``fold``: every name comparison asks for it again.
    """
    w = fold(word).strip(".'-")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) >= 5:
        for suf in ("iy", "yy", "ij", "ii", "y", "i"):
            if w.endswith(suf):
                return w[: -len(suf)]
    return w


def name_words(name: str) -> list[str]:
    """Original-case words of a name, titles and suffixes dropped."""
    words = _WORD_RE.findall(name or "")
    out = [w for w in words]
    # titles at the front ("Mr.", "President", "Prime Minister", "U.S. President")
    while len(out) > 1 and fold(out[0]).strip(".") in NAME_TITLES:
        out = out[1:]
    while len(out) > 1 and fold(out[-1]).strip(".") in SUFFIXES:
        out = out[:-1]
    return out


def is_person_name(words: list[str]) -> bool:
    """A person-like name: every word capitalised (particles excepted)."""
    if not words:
        return False
    for w in words:
        if w[:1].isupper() or fold(w) in PARTICLES:
            continue
        return False
    return True


def speaker_key(name: str) -> str:
    """Canonical key of a name, for comparing spellings of one person.

    Lower case, accents folded, titles dropped, the surname's transliteration ending
    unified: ``"Zelenskiy"``, ``"Zelensky"``, ``"Zelenskyy"`` and ``"Volodymyr Zelensky"``
    all give ``"zelensk"``; ``"Dovilė Šakalienė"`` gives ``"sakaliene"``. It is a *surname*
    key: two people who share a surname share it — use :class:`SpeakerRegistry` to tell
    them apart. Names that are not person-like ("the Kremlin", "police") key on their
    whole folded text.
    """
    words = name_words(name)
    if not words:
        return ""
    if not is_person_name(words):
        return " ".join(fold(w).strip(".") for w in words)
    return surname_form(words[-1])


def name_keys(name: str) -> list[str]:
    """Index keys of a person's name: the surname key and ``initial.key`` when a first
    name is given ("Boris Pistorius" → ``pistorius``, ``b.pistorius``). Organisations and
    descriptions get none: their own words identify them."""
    words = name_words(name)
    if not is_person_name(words):
        return []
    key = surname_form(words[-1])
    given = given_names(words)
    return [key, f"{given[0][:1]}.{key}"] if given and given[0][:1] else [key]


def given_names(words: list[str]) -> tuple[str, ...]:
    """The folded words before the surname, particles left out."""
    return tuple(fold(w).strip(".") for w in words[:-1] if fold(w) not in PARTICLES)


def initials_only(given: tuple[str, ...]) -> bool:
    """Given names that are all initials (or none)."""
    return all(len(g.replace(".", "")) <= 1 for g in given)


def near_spelling(x: str, y: str) -> bool:
    """At most two edits apart: one name spelt two ways (Volodomyr / Volodymyr)."""
    return Levenshtein.distance(x, y, score_cutoff=2) <= 2


def first_names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names that can be one person's: either missing, equal, an initial, or a near spelling."""
    if not a or not b:
        return True
    x, y = a[0].replace(".", ""), b[0].replace(".", "")
    if not x or not y:
        return True
    if x == y:
        return True
    if x[0] != y[0]:
        return False
    return len(x) == 1 or len(y) == 1 or near_spelling(x, y)


@lru_cache(maxsize=1 << 14)
def name_parts(name: str) -> tuple[str, ...]:
    """The folded words of a name, titles left out ("Sen. Claire McCaskill" → claire, mccaskill).

    Cached: every mention is compared with every speaker of the article so far, and each
    comparison asks for the mention's parts again.
    """
    return tuple(p for p in (fold(w).strip(".") for w in name.split()) if p and p not in HONORIFICS)


#: Words that open sentences capitalised and are not names, when the article has no other
#: use of them to tell ("Once in my twenties, I said …", "Partial transcript:").
_OPENING_WORDS = frozenset("once imagine partial notice consider remember overall lots plenty twice "
                           "thanks sadly luckily hopefully".split())

_SENTENCE_OPENERS = frozenset('.!?"“”:;—–-(')


def capitalised_common_word(np, para: str, text: str) -> bool:
    """A one-word name that opens its sentence (``Following claims that …``, ``Having won
    …``, ``Once in my twenties …``), that the article writes in lower case elsewhere (or
    that ends in -ing or -ly), and never capitalises inside a sentence (``…, said Trump``,
    ``Mr. Trump``): a capitalised common word, not a person. A known forename, a word with
    a capital inside (McLenney) and a describing noun ("Police") are not such words."""
    name = np.name
    if " " in name or not name[:1].isupper() or not name.isalpha() or not name[1:].islower():
        return False  # (McLenney, DeSantis, NATO: names)
    low = name.lower()
    if low in SPEAKER_NOUNS:
        return False  # "Authorities said", "Police said": a described group
    k = min(np.pos, len(para)) - 1
    while k >= 0 and para[k].isspace():
        k -= 1
    if k >= 0 and para[k] not in _SENTENCE_OPENERS:
        return False
    if not (low.endswith(("ing", "ly")) or low in _OPENING_WORDS or (low in text and _word_re(low).search(text))):
        return False  # a word the article never writes in lower case ("Russia")
    if forename_gender(name) is not None:
        return False
    return _inside_re(name).search(text) is None


@lru_cache(maxsize=4096)
def _word_re(low: str):
    return re.compile(r"\b" + re.escape(low) + r"\b")


@lru_cache(maxsize=4096)
def _inside_re(name: str):
    """The name capitalised inside a sentence: after a lower-case word, a comma, an initial or a title."""
    return re.compile(r"(?:[a-z,;]|\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?)\s+" + re.escape(name) + r"\b")
