"""Who "he" or "she" stands for: the people named in the narrative before the pronoun.

The article's narrative (its text outside quote marks) is read once, the first time a
pronoun needs it, into sentences and the person mentions of each. A mention is a run of
capitalised words; it is a *person* when it has a forename of the forename list
(``Melanie``, ``Dante Chinni``) or a title (``Mr. Clarke``), or when it is a surname or a
forename that such a mention gives elsewhere in the article (``Trump`` after ``Donald
Trump``), or a speaker the article already has. Organisation words ("Commission", "Times"),
places and capitalised common words ("Following") are not people, having none of these.

Its gender is that of its title or of a role word just before it ("widow Terry Strada",
"spokeswoman"), else of its forename, else of the fullest mention of that surname in the
article (one surname spelt with two genders, Bill and Hillary Clinton, is either).

The pronoun goes to the nearest sentence before it that names a person of a compatible
gender; in that sentence, to the last one that is *salient* — the sentence's first person
when a verb or an appositive follows it, one named right after a speech verb ("…, noted
NBC's Dante Chinni"), one followed by an appositive ("Henry Crespo, president of …") or by a
speech verb — else to the first compatible one ("Clinton criticized … officer Betty Shelby"
→ Clinton).
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import islice

from .forenames import forename_gender
from .lexicon import (
    AUX,
    CAP_STOP,
    DET,
    FEMALE_WORDS,
    HONORIFICS,
    MALE_WORDS,
    NAME_TITLES,
    ORG_WORDS,
    PARTICLES,
    ROLE_WORDS,
    SAY,
    SENTENCE_END,
    SPEAKER_NOUNS,
    SUBJECT_SKIP,
)
from .model import PARAGRAPH_SEPARATOR
from .names import fold, surname_form
from .tokens import P, Q, W, is_name_tok, is_possessive, tokenize_words

__all__ = ["Narrative"]

#: How far back (characters) a pronoun looks for the person it stands for.
LOOK_BACK = 3000

_OPEN = "“«"
_CLOSE = "”»"


class Cand:
    """A person mention of the narrative: its name, surname key, forename key, gender
    ("m", "f", "" unknown), whether the name itself shows a person (``strong``), whether it
    is salient in its sentence, and its offset in the body text."""

    __slots__ = ("name", "key", "first", "gender", "strong", "salient", "pos", "lone_gender")

    def __init__(self, name, key, first, gender, strong, salient, pos):
        self.name = name
        self.key = key
        self.first = first
        self.gender = gender
        self.strong = strong
        self.salient = salient
        self.pos = pos
        self.lone_gender = None  # the gender of a lone word that is a forename ("Melanie")


def _narrative_tokens(para: str) -> list:
    """The tokens of *para* outside closed pairs of double quote marks."""
    toks: list = []
    tokenize_words(para, 0, len(para), toks)
    if not ('"' in para or "“" in para or "”" in para or "«" in para or "»" in para):
        return toks  # no quote marks: all narrative
    drop = [False] * len(toks)
    open_at = -1
    straight = False
    for i, t in enumerate(toks):
        if t.kind != P:
            continue
        c = t.text
        if c in _OPEN or (c == '"' and not straight):
            open_at = i
            straight = c == '"'
        elif (c in _CLOSE or c == '"') and open_at >= 0:
            for k in range(open_at, i + 1):
                drop[k] = True
            open_at = -1
            straight = False
    return [t for t, d in zip(toks, drop) if not d]


def _gender_before(st: list, i: int) -> str:
    """A gender word among the three lower-case words before st[i] ("widow", "spokeswoman")."""
    for k in range(i - 1, max(-1, i - 4), -1):
        t = st[k]
        if t.kind != W:
            break
        if t.low in FEMALE_WORDS:
            return "f"
        if t.low in MALE_WORDS:
            return "m"
    return ""


def _after_speech_verb(st: list, i: int) -> bool:
    """An inverted speech verb just before st[i] (``…, noted NBC's Dante Chinni`` ·
    ``said 9/11 widow Terry Strada``): the verb opens the clause, role words, determiners or
    a possessor between."""
    k = i - 1
    while k >= 0 and i - k <= 7:
        t = st[k]
        if t.kind == W and t.low in SAY:
            return k == 0 or st[k - 1].kind == P
        if t.kind == W and (t.low in DET or t.low in ROLE_WORDS or t.low in FEMALE_WORDS or t.low in MALE_WORDS
                            or is_possessive(t) or t.text[:1].isdigit()):
            k -= 1
            continue
        if t.kind == P and t.text in "/-" and k >= 1 and st[k - 1].text[:1].isdigit():
            k -= 1  # "said 9/11 widow Terry Strada"
            continue
        break
    return False


def _salient_after(st: list, j: int) -> tuple[bool, bool]:
    """(an appositive or a speech verb follows the mention ending before st[j], a verb-like
    word, a comma or a bracket follows it)."""
    if j >= len(st):
        return False, False
    t = st[j]
    if t.kind == P and t.text in ",(":
        nx = st[j + 1] if j + 1 < len(st) else None
        appos = nx is not None and nx.kind == W and (nx.low in DET or nx.low in ROLE_WORDS or nx.low in SPEAKER_NOUNS)
        return appos, True
    k = j
    while k < len(st) and st[k].kind == W and (st[k].low in AUX or st[k].low.endswith("ly")) and st[k].text.islower():
        k += 1
    if k < len(st) and st[k].kind == W and st[k].low in SAY:
        return True, True
    return False, t.kind == W and t.text.islower()


def _title_text(text: str, low: str) -> bool:
    return fold(text).strip(".") in NAME_TITLES or low in HONORIFICS or low in ROLE_WORDS


def _name_of(texts: tuple) -> tuple | None:
    """What the words of a mention (their texts, a run of capitalised words) give, apart
    from where they stand: (the index of the name's first word among them, the gender of
    a title word or "", whether there is a title, whether the name is a possessor, its
    surname key, whether it is one word, its forename's gender, its forename key, the
    name); None when they are no person's name."""
    lows = [w.lower() for w in texts]
    start = 0
    # a possessor inside ("NBC's Dante Chinni"): the name is what follows it
    for k in range(len(texts) - 2, -1, -1):
        if lows[k].endswith(_POSSESSIVE_ENDS) and len(texts[k]) > 2:
            start = k + 1
            break
    gender = ""
    honor = False
    # the name is what follows the last title or role word ("U.S. Air Force Gen. Norman Ham")
    cut = start - 1
    for k in range(start, len(texts)):
        if _title_text(texts[k], lows[k]):
            cut = k
    if cut == len(texts) - 1 and cut >= start and lows[cut] not in HONORIFICS and (
            cut == start or forename_gender(texts[cut - 1]) is not None):
        # a title word alone, or after a forename, is a surname ("Dean, a medical doctor,"
        # · "Howard Dean")
        cut = max([k for k in range(start, cut) if _title_text(texts[k], lows[k])], default=start - 1)
    for k in range(start, cut + 1):
        low = lows[k]
        if low in FEMALE_WORDS:
            gender, honor = "f", True
        elif low in MALE_WORDS:
            gender, honor = "m", True
        elif low in HONORIFICS or fold(texts[k]).strip(".") in NAME_TITLES:
            honor = True
    start = cut + 1
    words = texts[start:]
    wlows = lows[start:]
    if not words:
        return None
    # an organisation, then a forename: the name is what follows it ("Secretary of State
    # John F. Kerry", "Pentagon Press Secretary Peter Cook")
    org = -1
    if len(words) > 2:
        for k, w in enumerate(wlows):
            if w in ORG_WORDS or w in _NOT_PEOPLE:
                org = k
    if 0 <= org < len(words) - 2:
        fore = next((k for k in range(org + 1, len(words) - 1) if forename_gender(words[k]) is not None), -1)
        if fore > org:
            start += fore
            words = words[fore:]
            wlows = wlows[fore:]
    if any(w in ORG_WORDS or w in _NOT_PEOPLE for w in wlows) or (len(words) == 1 and len(words[0]) > 1
                                                              and words[0].isupper()):
        return None
    possessor = wlows[-1].endswith(_POSSESSIVE_ENDS) and len(words[-1]) > 2
    last = words[-1]
    if possessor:
        last = last[:-2] if last.endswith(("'s", "’s")) else last[:-1]
    if not last or fold(last) in CAP_STOP or (len(words) == 1 and (
            wlows[0] in _VERB_WORDS or (last.endswith(".") and len(last) <= 6))):
        return None  # "Are" (a title's first word), "Conn." (a state)
    key = surname_form(last)
    lone = len(words) == 1
    fg = forename_gender(words[0])
    first = fold(words[0]).strip(".") if not lone else ""
    name = " ".join(words)
    if possessor:
        name = name[: len(name) - (len(words[-1]) - len(last))]
    return start, gender, honor, possessor, key, lone, fg, first, name


_POSSESSIVE_ENDS = ("'s", "’s", "s'", "s’")

#: ``_name_of`` by the words' texts (names recur within and across articles).
_NAME_CACHE: dict = {}


def _mentions(st: list, base: int) -> list:
    """The candidate person mentions of one narrative sentence *st*."""
    out: list = []
    n = len(st)
    i = 0
    cache = _NAME_CACHE
    for k0 in [k for k, t in enumerate(st) if t.kind == W and t.text[0].isupper()]:
        if k0 < i:
            continue
        t = st[k0]
        if not (is_name_tok(t) or t.low in HONORIFICS):
            continue
        i = k0
        j = i + 1
        while j < n and (is_name_tok(st[j]) or (st[j].low in PARTICLES and j + 1 < n and is_name_tok(st[j + 1]))):
            if is_possessive(st[j - 1]):
                break
            j += 1
        texts = tuple([w.text for w in st[i:j]])
        rec = cache.get(texts, False)
        if rec is False:
            if len(cache) > 1 << 15:
                cache.clear()
            rec = cache[texts] = _name_of(texts)
        start_i = i
        i = j
        if rec is None:
            continue
        off, tgender, honor, possessor, key, lone, fg, first, name = rec
        b4 = start_i - 1
        if b4 >= 1 and st[b4].low in ("a", "an", "the"):
            b4 -= 1
        if b4 >= 1 and st[b4].low in ("of", "on", "for") and is_name_tok(st[b4 - 1]) and not (off and fg is not None):
            continue  # "Commission on Presidential Debates", "University of Michigan" (but
            # "Secretary of State John Kerry": a forename after the organisation)
        if start_i and st[start_i - 1].low in ("the", "a", "an") and j < n and st[j].kind == W \
                and st[j].text.islower():
            continue  # "the Clinton campaign", "a Trump rally": a modifier, not a person
        gender = tgender or _gender_before(st, start_i)
        if not gender and not lone and fg:
            gender = fg
        appos, verbish = _salient_after(st, j)
        prev = st[start_i - 1] if start_i else None
        subject = verbish and (prev is None or prev.kind == P or (start_i == 1 and prev.low in SUBJECT_SKIP))
        place = prev is not None and prev.low in _PLACE_PREP
        strong = honor or (not lone and (fg is not None or (appos and not place)))
        salient = not possessor and (appos or subject or _after_speech_verb(st, start_i))
        c = Cand(name, key, first, gender, strong, salient, base + st[start_i + off].start)
        c.lone_gender = fg if lone and not honor and not place else None
        out.append(c)
    return out


#: Words of names that are not people, beyond the organisation words ("Morning Show").
_NOT_PEOPLE = frozenset(("show", "program", "programme", "street", "avenue", "county", "city", "river",
                         "island", "islands", "mountains", "airport", "hall", "prison", "hospital", "square",
                         "act", "bill", "amendment", "treaty", "accord", "agreement", "united", "city", "rovers",
                         "athletic", "wanderers", "fc"))

_VERB_WORDS = frozenset("are is was were be been do does did has have had".split())

#: A capitalised word after these is more likely a place than a person ("in Cleveland").
_PLACE_PREP = frozenset(("in", "at", "from", "to", "near", "across", "outside", "inside", "of", "into"))


class Narrative:
    """The person mentions of an article's narrative, by sentence, and the genders that its
    fuller mentions give each surname and forename."""

    def __init__(self, paras: list[str], para_toks: dict | None = None):
        self.paras = paras
        self.para_toks = para_toks or {}
        self.starts: list[int] = []
        self.sents: list[list] = []
        self.openers: list[str] = []  # "he"/"she" for a sentence that opens with it, else ""
        self.surnames: dict[str, str] = {}
        self.forenames: dict[str, str] = {}
        self.seen: dict[str, int] = {}  # how many mentions of each key, so far
        self.next_para = 0  # paragraphs are read as far as a pronoun needs, in order
        self.base = 0

    def read_to(self, pos: int) -> None:
        """Read the paragraphs that start before *pos* (those not read yet)."""
        paras = self.paras
        sep = len(PARAGRAPH_SEPARATOR)
        while self.next_para < len(paras) and self.base < pos:
            para = paras[self.next_para]
            self._read(para, self.base, self.para_toks.get(self.next_para))
            self.base += len(para) + sep
            self.next_para += 1

    def _read(self, para: str, base: int, toks: list | None) -> None:
        surnames, forenames, seen = self.surnames, self.forenames, self.seen
        toks = _narrative_tokens(para) if toks is None else [t for t in toks if t.kind != Q]
        ends = [k for k, t in enumerate(toks) if t.kind == P and t.text in SENTENCE_END]
        ends.append(len(toks))
        starts, sents, openers = self.starts, self.sents, self.openers
        a = 0
        for e in ends:
            if e > a:
                sent = toks[a:e]
                caps = any(t.text[0].isupper() and t.low not in CAP_STOP for t in sent)
                cands = _mentions(sent, base) if caps else []
                opener = _pronoun_opener(sent)
                if cands or opener:
                    starts.append(base + sent[0].start)
                    sents.append(cands)
                    openers.append(opener)
                    for c in cands:
                        if c.lone_gender:
                            seen[c.key] = seen.get(c.key, 0) + 1
                        if c.strong and c.lone_gender is None:
                            _note(surnames, c.key, c.gender)
                            if c.first:
                                _note(forenames, c.first, c.gender)
            a = e + 1

    def known(self, c: Cand) -> bool:
        """A weak mention that is a person all the same: a surname or forename the article
        gives a fuller mention of, or a forename alone."""
        return c.key in self.surnames or c.key in self.forenames or bool(c.lone_gender)

    def gender(self, c: Cand) -> str:
        """A mention's gender: its own (title, role word, forename); for a lone word, that
        of the article's mentions with a title of that surname (a family shares a surname,
        not a gender: Keith and Rakeyia Scott), else of a forename alone ("Melanie")."""
        if c.gender or c.first:
            return c.gender
        g = self.surnames.get(c.key)
        if g is None:
            g = self.forenames.get(c.key) or c.lone_gender
        return "" if not g or g == "?" else g

    def guessed(self, c: Cand) -> bool:
        """The gender of *c* is only that of a forename spelt like it (a lone "Clinton"):
        no title, role word or fuller mention gives it; and the word names somebody more
        than once so far (not "Race and gender have shaped …")."""
        return bool(c.lone_gender) and not c.gender and self.surnames.get(c.key) is None \
            and self.forenames.get(c.key) is None and self.seen.get(c.key, 0) >= 2

    def resolve(self, g: str, pos: int, is_person, compatible) -> Cand | None:
        """The person "he" (g "m") or "she" (g "f") at *pos* stands for, or None;
        ``is_person(cand)`` tells a weak mention that is a person all the same (a speaker of
        the article), ``compatible(cand)`` that what the speakers say of its gender allows it.

        Sentences are read nearest first, back to ``LOOK_BACK`` characters. Once a sentence
        that opens with the same pronoun is met (``She said … . She has called …``), only
        salient mentions can be its referent: the chain of "she"s is about its subject.
        """
        pron = "he" if g == "m" else "she"
        self.read_to(pos)
        i = bisect_left(self.starts, pos) - 1
        chain = False
        while i >= 0 and self.starts[i] >= pos - LOOK_BACK:
            if self.openers[i] == pron:
                chain = True
            # the next sentence opens with the pronoun: a lone word whose gender is only a
            # forename's guess may be its subject ("Clinton leaned in. She started off …")
            next_opens = i + 1 < len(self.openers) and self.openers[i + 1] == pron and self.starts[i + 1] < pos
            ok = [c for c in self.sents[i] if c.pos < pos and (c.strong or self.known(c) or is_person(c))
                  and (self.gender(c) in ("", g) or (next_opens and c.salient and c is self.sents[i][0]
                                                      and self.guessed(c)))
                  and compatible(c)]
            i -= 1
            if not ok:
                continue
            sal = [c for c in ok if c.salient]
            if sal:
                return sal[-1]
            if not chain:
                return ok[0]
        return None


def _pronoun_opener(sent: list) -> str:
    """"he" or "she" when the sentence opens with it (after a conjunction or an adverb), or
    says it said something (``…, he said, …``)."""
    for t in sent[:2]:
        if t.kind == W and t.low in ("he", "she"):
            return t.low
        if not (t.kind == W and t.low in SUBJECT_SKIP):
            break
    for t, nx in zip(sent, islice(sent, 1, None)):
        if t.low in _HE_SHE and t.kind == W and nx.low in SAY:
            return t.low
    return ""


_HE_SHE = frozenset(("he", "she"))


def _note(genders: dict, key: str, g: str) -> None:
    old = genders.get(key)
    if old is None:
        genders[key] = g
    elif g and old != g:
        genders[key] = g if not old else "?"
