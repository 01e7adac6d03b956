"""Stage 3, coreference: mentions resolved to the people of one article.

``Pistorius``, ``Mr. Pistorius`` and ``Boris Pistorius`` are one ``Cluster`` (same surname,
compatible first names); "he"/"she" goes to the person last named as the subject of a
sentence since the latest attribution, else to the latest speaker who can be he/she
(organisations cannot, nor someone whose title or role gives the other gender), else to the
most recently mentioned person.
"""

from __future__ import annotations

from .lexicon import (
    CAP_STOP,
    CONNECTORS,
    HONORIFICS,
    ORG_WORDS,
    PARTICLES,
    ROLE_WORDS,
    SENTENCE_END,
    SPEAKER_NOUNS,
    STOP_NP_LOWER,
    SUBJECT_SKIP,
)
from .model import PARAGRAPH_SEPARATOR
from .names import fold, name_parts, near_spelling, surname_form
from .sources import Mention, make_mention, np_forward, strip_det
from .tokens import P, W, is_name_tok, is_possessive, tokenize_words


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


def _recent_person(paras: list[str], pos: int) -> Mention | None:
    """The last person-like name (two or more capitalised words) in the 1,500 characters
    before *pos*, outside quotes as far as a local scan can tell."""
    text = PARAGRAPH_SEPARATOR.join(paras) if len(paras) < 2 else None
    if text is None:
        # find the window without joining everything
        start_para, base = 0, 0
        for i, p in enumerate(paras):
            if base + len(p) >= pos:
                start_para = i
                break
            base += len(p) + len(PARAGRAPH_SEPARATOR)
        a = max(0, start_para - 3)
        off = base - sum(len(p) + len(PARAGRAPH_SEPARATOR) for p in paras[a:start_para])
        text = PARAGRAPH_SEPARATOR.join(paras[a:start_para + 1])
        pos -= off
    else:
        off = 0
    a = max(0, pos - 1500)
    toks: list = []
    tokenize_words(text, a, max(a, min(pos, len(text))), toks)
    k = len(toks) - 1
    while k >= 0:
        if is_name_tok(toks[k]) and toks[k].low not in ROLE_WORDS:
            e = k
            st = k
            while st - 1 >= 0 and (is_name_tok(toks[st - 1]) or toks[st - 1].low in PARTICLES):
                st -= 1
            if e - st >= 1 or (st - 1 >= 0 and toks[st - 1].low in HONORIFICS):
                if st - 1 >= 0 and toks[st - 1].low in HONORIFICS:
                    st -= 1
                np = make_mention(toks, st, e + 1)
                if np is not None and np.kind == "name":
                    return np
            k = st - 1
            continue
        k -= 1
    return None


def _salient_subject(text: str, a: int, b: int, g: str, clusters: list) -> Mention | None:
    """The person last named as the subject of a sentence in ``text[a:b]`` (at most the
    1,500 characters before *b*, outside quote marks) whose gender does not contradict *g*:
    ``Clinton leaned in heavy. She then peppered him. “…,” she said`` → Clinton."""
    a = max(a, b - 1500, 0)
    if b - a < 3:
        return None
    found = None
    cands: list = []
    for para in text[a:b].split(PARAGRAPH_SEPARATOR):
        toks: list = []
        tokenize_words(para, 0, len(para), toks)
        # sentences of narrative text: quoted words are left out
        sents: list = [[]]
        inq = False
        for t in toks:
            if t.kind == P and t.text in "“”\"«»":
                inq = t.text in "“«" or (t.text == '"' and not inq)
                if sents[-1]:
                    sents.append([])
                continue
            if inq:
                continue
            if t.kind == P and t.text in SENTENCE_END:
                if sents[-1]:
                    sents.append([])
                continue
            sents[-1].append(t)
        for st in sents:
            np = _sentence_person(st)
            if np is None:
                if found is not None and not found.gender and st and st[0].low in ("he", "she"):
                    found.gender = "m" if st[0].low == "he" else "f"  # "Clinton leaned in. She …"
                continue
            gender = np.gender
            known = False
            for c in clusters:
                if same_person(c, np):
                    known = c.person
                    gender = gender or (c.gender if c.gender != "?" else "")
                    break
            if len(name_parts(np.name)) < 2 and not (known or np.role or np.gender):
                continue  # a lone capitalised word may be a firm or a paper ("Politifact")
            np.gender = gender
            found = np
            cands.append(np)
    for np in reversed(cands):
        if not np.gender or np.gender == g:
            return np
    return None


def _sentence_person(st: list) -> Mention | None:
    """The person-like name that is the subject of the sentence *st* (tokens), or None."""
    n = len(st)
    starts = [0]
    for k in range(min(n, 12)):
        if st[k].kind == P and st[k].text == ",":
            starts.append(k + 1)
            break
    for s in starts:
        if s < n and st[s].kind == W and st[s].low in SUBJECT_SKIP:
            s += 1
        if s >= n or not is_name_tok(st[s]) and st[s].low not in ROLE_WORDS:
            continue
        e = np_forward(st, s, n)
        if e <= s or e >= n:
            continue
        np = make_mention(st, s, e)
        if np is None or np.kind != "name" or not _person_like(np.name) or is_possessive(st[e - 1]):
            continue
        if any(t.low in CONNECTORS for t in st[s:e]):
            continue  # "A reporter for Agence France-Presse": the name is not the subject
        nx = st[e]
        if nx.kind == P and nx.text == "(":
            k = e + 1
            while k < n and k < e + 8 and st[k].text != ")":
                k += 1
            if k + 1 >= n:
                continue
            nx = st[k + 1]
        if (nx.kind == P and nx.text == ",") or (
            nx.kind == W and nx.text.islower() and nx.low not in CONNECTORS and nx.low not in STOP_NP_LOWER
        ):
            return np
    return None


def he_or_she(pronoun: str, pos: int, text: str, paras: list[str], since: int, clusters: list,
              recent: list) -> Cluster | Mention | None:
    """Who *pronoun* ("he" or "she") at *pos* stands for: a person named as the subject of a
    sentence since *since* (where the latest attribution ends); else the latest of the
    *recent* speakers who can be he/she; else the most recently mentioned person. A person
    the article already has comes back as their cluster, a new one as a mention; None when
    nobody fits."""
    g = "m" if pronoun == "he" else "f"
    sub = _salient_subject(text, since, pos, g, clusters)
    if sub is None:
        for c in reversed(recent[-4:]):
            if _gender_ok(c, g):
                return c
        sub = _recent_person(paras, pos)
        if sub is None or (sub.gender and sub.gender != g):
            return None
    for c in clusters:
        if same_person(c, sub):
            return c
    return sub
