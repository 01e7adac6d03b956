"""Noun phrases: who the subject (or the named source) of a speech act is.

Turns a run of tokens into a ``Mention``: a name with its role ("Defense Secretary Pete
Hegseth" → Pete Hegseth, Defense Secretary), a describing phrase that can speak ("police",
"a spokesman for the company") or a pronoun. The cue stages call it on the words around a
speech verb; appositives ("Smith, the role, said") give the role.
"""

from __future__ import annotations

from .forenames import forename_gender
from .lexicon import (
    AUX,
    CONNECTORS,
    DET,
    FEMALE_WORDS,
    HONORIFICS,
    INDIRECT_SKIP_PREP,
    INVERTIBLE,
    MALE_WORDS,
    MONTHS_DAYS,
    ORG_WORDS,
    PARTIAL_ONLY,
    PARTICLES,
    PASSIVE,
    PRONOUNS,
    ROLE_WORDS,
    SAY,
    SPEAKER_NOUNS,
    STOP_NP_LOWER,
)
from .tokens import P, Q, Tok, W, is_name_tok, is_possessive


class Mention:
    """A speaker mention: ``kind`` is "name", "pronoun" or "desc"."""

    __slots__ = ("kind", "name", "role", "pos", "gender")

    def __init__(self, kind: str, name: str, role: str, pos: int, gender: str = ""):
        self.kind = kind
        self.name = name
        self.role = role
        self.pos = pos
        self.gender = gender  # "m", "f" or "" (unknown), from a title or a role word


def is_np_word(tok: Tok) -> bool:
    """A word that can be part of a noun phrase naming a speaker."""
    if tok.kind != W:
        return False
    if is_name_tok(tok):
        return True
    low = tok.low
    if low in SPEAKER_NOUNS or low in PARTICLES or low in HONORIFICS:
        return True
    if is_possessive(tok):
        return True
    if "-" in low and tok.text[0].isupper():
        return True
    return False


def _open_role_word(t: Tok) -> bool:
    """A lower-case word that may describe the person named after it ("engineer")."""
    if t.kind != W or not t.text.isalpha() or not t.text.islower():
        return False
    low = t.low
    return not (low in STOP_NP_LOWER or low in AUX or low in SAY or low in PASSIVE
                or low in CONNECTORS or low in PRONOUNS or low in DET or low in PARTIAL_ONLY
                or low in INDIRECT_SKIP_PREP
                or low.endswith(("ed", "ing")))


def np_backward(toks: list, j: int, lo: int) -> int:
    """Start index of the noun phrase that ends at toks[j] (or j+1 if none)."""
    k = j
    limit = max(lo, j - 9)
    while k >= limit:
        t = toks[k]
        if is_np_word(t):
            k -= 1
            continue
        if t.kind == W and t.low in DET:
            if k - 2 >= lo and toks[k - 1].low in CONNECTORS and toks[k - 2].kind == W \
                    and toks[k - 2].low in ORG_WORDS and toks[k - 2].text[0].isupper():
                k -= 2  # "The Committee for a Responsible Federal Budget": one organisation
                continue
            k -= 1
            break
        if t.kind == W and t.low in CONNECTORS and k > lo and k < j:
            # keep the connector only if a noun-phrase word precedes it
            if is_np_word(toks[k - 1]):
                k -= 1
                continue
        break
    start = k + 1
    # trim leading connectors
    while start <= j and toks[start].kind == W and toks[start].low in CONNECTORS:
        start += 1
    return start


def np_forward(toks: list, i: int, hi: int) -> int:
    """End index (exclusive) of the noun phrase starting at toks[i] (i if none)."""
    k = i
    n = min(hi, i + 10)
    if k < n and toks[k].kind == W and toks[k].low in DET:
        k += 1
    while k < n:
        t = toks[k]
        if is_np_word(t) or (k > i and _month_surname(toks, k, i)):
            k += 1
            continue
        if _open_role_word(t) and k + 1 < n and (
            is_name_tok(toks[k + 1]) or (k + 2 < n and _open_role_word(toks[k + 1]) and (
                is_name_tok(toks[k + 2]) or (k + 3 < n and _open_role_word(toks[k + 2]) and is_name_tok(toks[k + 3]))))
        ):
            k += 1  # "engineer Paul Okafor", "tax lawyer Jo Bloggs", "election law expert Rick Hasen"
            continue
        if (
            t.kind == W
            and t.low in CONNECTORS
            and k > i
            and (toks[k - 1].low in SPEAKER_NOUNS or (toks[k - 1].low in ORG_WORDS and toks[k - 1].text[0].isupper()))
            and k + 1 < n
            and (is_np_word(toks[k + 1]) or toks[k + 1].low in DET)
        ):
            k += 1
            if toks[k].low in DET:
                k += 1
            continue
        break
    # drop trailing connectors / determiners
    while k > i and toks[k - 1].kind == W and (toks[k - 1].low in CONNECTORS or toks[k - 1].low in DET):
        k -= 1
    return k


def make_mention(toks: list, a: int, b: int) -> Mention | None:
    """Turn toks[a:b] into a speaker mention (name + role), or None.

    What it gives depends on the words' kinds and texts alone (and its position is that of
    one of them), so it is worked out once per run of words and cached: the same few
    thousand phrases ("he", "the minister", "Mr Blair") recur within and across articles.
    A fresh ``Mention`` each time (later stages set its gender)."""
    if b <= a:
        return None
    words = toks[a:b]
    key = tuple([(w.kind, w.text) for w in words])
    rec = _MENTION_CACHE.get(key, False)
    if rec is False:
        m = _make_mention(words)
        if m is None:
            rec = None
        else:
            d = next(k for k, w in enumerate(words) if w.start == m.pos)
            rec = (m.kind, m.name, m.role, d, m.gender)
        if len(_MENTION_CACHE) > 1 << 15:
            _MENTION_CACHE.clear()
        _MENTION_CACHE[key] = rec
    if rec is None:
        return None
    return Mention(rec[0], rec[1], rec[2], words[rec[3]].start, rec[4])


#: ``_make_mention`` by the words' (kind, text) pairs: (kind, name, role, index of the word
#: whose position it has, gender), or None.
_MENTION_CACHE: dict = {}


def _make_mention(words: list) -> Mention | None:
    if len(words) == 1 and words[0].kind == W:
        w = words[0]
        if w.low in PRONOUNS:
            return Mention("pronoun", w.low, "", w.start)
    # strip leading determiners, and a verb that opens an inverted sentence ("Continued Stone:")
    while words and words[0].low in DET:
        words = words[1:]
    while len(words) > 1 and (words[0].low in INVERTIBLE or words[0].low in AUX) and words[0].text[0].isupper():
        words = words[1:]
    if len(words) > 1 and words[-1].low.endswith(("'s", "’s")):
        return None  # "Michael Howard's", "BBC Radio 4's": a possessor, the phrase goes on
    conn = next((i for i, w in enumerate(words) if w.low in CONNECTORS or w.low == "on"), -1)
    if len(words) >= 3 and 0 < conn < len(words) - 1 and words[-1].text[0].isupper() and any(
        w.low in ORG_WORDS and w.text[0].isupper() for w in words[:conn]
    ) and all(w.text[0].isupper() for w in words[:conn]):
        # "Commission on Presidential Debates", "Department of Justice": one organisation
        return Mention("desc", _join(words), "", words[0].start)
    if not words:
        return None
    if any(w.low in PRONOUNS and not w.text[0].isupper() for w in words):
        return None
    caps = [i for i, w in enumerate(words) if is_name_tok(w) and w.low.rstrip(".") not in ROLE_WORDS
            and w.low not in ROLE_WORDS and w.low not in HONORIFICS and not is_possessive(w)]
    pos = words[0].start
    if not caps:
        # describing phrase ("police", "a spokesman for the company", "the President")
        head = words[-1].low
        if head not in SPEAKER_NOUNS and not any(w.low in SPEAKER_NOUNS for w in words):
            return None
        return Mention("desc", _join(words), "", pos)
    # split role | name: the name is what follows the last role word / possessive
    last_role = -1
    for i, w in enumerate(words):
        low = w.low
        if low in ROLE_WORDS or low.rstrip(".") in ROLE_WORDS or is_possessive(w) or (
            "-" in low and w.text.rsplit("-", 1)[1].islower()  # "Moscow-based", "Ohio-born"
        ) or (
            low in HONORIFICS and low not in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", "mx", "mx.")
        ):
            last_role = i
    name_words = words[last_role + 1:]
    role_words = words[: last_role + 1]
    while name_words and name_words[0].kind == W and name_words[0].text.islower() and name_words[0].low not in CONNECTORS:
        role_words = role_words + [name_words[0]]
        name_words = name_words[1:]
    # a connector right after the role word: "Secretary of State John Kerry"
    if name_words and name_words[0].low in CONNECTORS:
        rest = name_words
        capn = [i for i, w in enumerate(rest) if is_name_tok(w)]
        if len(capn) >= 3 and all(is_name_tok(w) or w.low in PARTICLES for w in rest[-2:]) and (
                rest[-3].low in ROLE_WORDS or rest[-3].low.rstrip(".") in ROLE_WORDS):
            role_words = role_words + rest[:-2]
            name_words = rest[-2:]
        else:
            return Mention("desc", _join(words), "", pos)
    # "Mr. Morgan of the Sierra Club": the affiliation is not part of the name
    for i in range(1, len(name_words)):
        if name_words[i].low in CONNECTORS:
            name_words = name_words[:i]
            break
    # a lower-case word inside: what comes before it describes ("Conservative icon Phyllis
    # Schlafly", "Kingson faces Colleen Deacon")
    for i in range(len(name_words) - 2, 0, -1):
        w = name_words[i]
        if w.kind == W and w.text.isalpha() and w.text.islower() and w.low not in PARTICLES \
                and w.low not in CONNECTORS and is_name_tok(name_words[i + 1]):
            role_words = role_words + name_words[: i + 1]
            name_words = name_words[i + 1:]
            break
    # drop honorifics from the name
    while name_words and name_words[0].low in HONORIFICS:
        name_words = name_words[1:]
    # only particles / lower-case words left, or an organisation word ("Iowa Democratic Party")?
    if not any(is_name_tok(w) for w in name_words) or (
        len(name_words) == 1 and name_words[0].low in ORG_WORDS
    ):
        return Mention("desc", _join(words), "", pos)
    # trailing lower-case words after a name are not part of it
    while name_words and not name_words[-1].text[0].isupper():
        name_words = name_words[:-1]
    if not name_words:
        return None
    name = _join(name_words)
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if len(name_words) == 1 and (name_words[0].low in _VERB_WORDS or (name.endswith(".") and len(name) <= 6)):
        return None  # "Are" (a title's first word), "Conn." / "Md." (a state after a place)
    return Mention("name", name, clean_role(role_words), pos, _gender_of(words))


def _gender_of(words: list) -> str:
    """"m"/"f" when a title or role word of the mention says so (Mr., Ms., spokeswoman)."""
    g = ""
    for w in words:
        low = w.low
        if low in FEMALE_WORDS:
            g = "f" if g in ("", "f") else "?"
        elif low in MALE_WORDS:
            g = "m" if g in ("", "m") else "?"
    return "" if g == "?" else g


def clean_role(words: list) -> str:
    # drop a possessor ("Trump’s defense secretary") and determiners
    """The text of a role, without a possessor, determiners or honorifics."""
    for i in range(len(words) - 1, -1, -1):
        if is_possessive(words[i]):
            words = words[i + 1:]
            break
    while words and (words[0].low in DET or words[0].low in HONORIFICS):
        words = words[1:]
    while words and words[-1].low in HONORIFICS:
        words = words[:-1]
    return _join(words)


def _join(words: list) -> str:
    return " ".join(w.text for w in words)


def strip_det(s: str) -> str:
    """*s* without a leading determiner ("the minister" → "minister")."""
    parts = s.split(" ", 1)
    if len(parts) == 2 and parts[0].lower() in DET:
        return parts[1]
    return s


def appositive(toks, a, b) -> tuple[Mention | None, str]:
    """Interpret toks[a:b] (between commas) as an appositive: returns (name NP or None, role text)."""
    if b <= a or b - a > 24:
        return None, ""
    first = toks[a]
    if first.kind == P:
        return None, ""
    if first.low in ("who", "which", "whose", "whom", "where", "when", "speaking", "however",
                     "though", "too", "meanwhile", "also", "then", "in", "on", "at", "after",
                     "before", "during", "according", "like", "as", "for", "with", "without"):
        return None, ""
    if any(t.kind == Q for t in toks[a:b]):
        return None, ""
    # a name?
    end = np_forward(toks, a, b)
    if end == b:
        np = make_mention(toks, a, b)
        if np is not None and np.kind == "name" and np.role and not is_name_tok(first) and any(
                t.low in CONNECTORS for t in toks[a:b]):
            return None, clean_role(toks[a:b])  # "chairman of the Congressional Black Caucus PAC"
        if np is not None and np.kind == "name" and not np.role and is_name_tok(first):
            return np, ""
        if np is not None and np.kind == "name":
            return np, np.role
    # an age ("Smith, 45, said") carries no role
    if first.text.isdigit():
        return None, ""
    if first.low in DET or first.kind == W:
        words = toks[a:b]
        if any(w.low in SPEAKER_NOUNS or is_possessive(w) for w in words) or first.low in DET:
            return None, clean_role(words)
    return None, ""


def subject_before(toks: list, v: int, lo: int) -> Mention | None:
    """The subject of the speech verb at toks[v] (looking left, not before lo); a name that
    is a place (``_is_place``) is nobody."""
    np = _subject_before(toks, v, lo)
    if np is not None and np.kind == "name" and _is_place(toks, np.pos, v, lo):
        return None
    if np is not None and np.kind == "name" and " " not in np.name and not toks[v].low.endswith("ing") \
            and _after_of(toks, np.pos, v, lo):
        return None  # "22% of Democratic claims": a modifier of a noun ("footage of Trump saying" is speech)
    return np


def _month_surname(toks: list, j: int, lo: int) -> bool:
    """toks[j] is a capitalised month or modal after a forename: a surname ("Theresa May")."""
    t = toks[j]
    return (t.kind == W and t.text[:1].isupper() and (t.low in MONTHS_DAYS or t.low in AUX) and j - 1 >= lo
            and toks[j - 1].kind == W and forename_gender(toks[j - 1].text) is not None
            and not (j + 1 < len(toks) and toks[j + 1].text[:1].isdigit()))


def _after_of(toks: list, pos: int, v: int, lo: int) -> bool:
    """The word at *pos* follows a lower-case "of"."""
    m = v - 1
    while m > lo and toks[m].start > pos:
        m -= 1
    return m > lo and toks[m].start == pos and toks[m - 1].kind == W and toks[m - 1].text == "of"


def _is_place(toks: list, pos: int, v: int, lo: int) -> bool:
    """The name at *pos* follows a place preposition (``a swing state in Iowa, …, said``) or
    ends a place of two parts (``a delegate from Houston, Texas, said`` · ``in Columbus,
    Ohio, said``): the place of somebody, not the speaker."""
    m = v - 1
    while m >= lo and toks[m].start > pos:
        m -= 1
    if m < lo or toks[m].start != pos or m - 1 < lo:
        return False
    before = toks[m - 1]
    if before.kind == W and before.low in _PLACE_OF:
        return True
    if not (before.kind == P and before.text == "," and m - 3 >= lo and is_name_tok(toks[m - 2])
            and toks[m - 3].kind == W and toks[m - 3].low in _PLACE_OF):
        return False
    # the second part is short and ends at a comma ("Texas,"), not a person after an opening
    # phrase ("In Washington, Marc H. Morial, the chief executive …, told")
    comma = next((k for k in range(m + 1, min(v, m + 3)) if toks[k].kind == P and toks[k].text == ","), -1)
    return comma > 0 and (comma == m + 1 or forename_gender(toks[m].text) is None)


#: Prepositions of place: a name right after one is where somebody is ("in Iowa").
_PLACE_OF = frozenset(("in", "at", "from", "near", "inside", "outside"))


def _subject_before(toks: list, v: int, lo: int) -> Mention | None:
    j = v - 1
    verb = toks[v].low
    # skip auxiliaries and adverbs
    while j >= lo and toks[j].kind == W and not _month_surname(toks, j, lo) and (
        toks[j].low in AUX
        or toks[j].low in MONTHS_DAYS
        or (toks[j].low == "on" and j + 1 < v and toks[j + 1].low in MONTHS_DAYS)
        or (toks[j].low.endswith("ly") and not toks[j].text[0].isupper() and toks[j].low not in SPEAKER_NOUNS)
        or (verb == "saying" and toks[j].low in ("as", "quoted", "was", "is", "been", "being"))
    ):
        j -= 1
    if j < lo:
        return None
    t = toks[j]
    if t.kind == W and t.low in PASSIVE:
        return None
    if t.kind == P and t.text == ")":
        k = j - 1
        while k >= lo and k > j - 8 and toks[k].text != "(":
            k -= 1
        if k >= lo and toks[k].text == "(":
            j = k - 1
            if j < lo:
                return None
            t = toks[j]
    if t.kind == P and t.text == "," and j - 1 >= lo and toks[j - 1].text == ")":
        # "Gov. John Kasich (R-OH), said": the name before the bracket
        e = _before_brackets(toks, j - 1, lo)
        if e < j - 1:
            st = np_backward(toks, e, lo)
            head = make_mention(toks, st, e + 1) if st <= e else None
            if head is not None and head.kind == "name" and (st == lo or toks[st - 1].kind == P):
                return head
    if t.kind == P and t.text == ",":
        # Name, the role, said  |  the role, Name, said  |  Name, 45, said
        j2 = _skip_asides(toks, j, lo)
        if j2 < j:
            # ``Johnnie Wilson, of Springfield, Va., said`` · ``Donna Rawlings, 59, of Ashton,
            # Md., who watched …, said``: the subject is the name before the asides
            e = _before_brackets(toks, j2 - 1, lo)
            st = np_backward(toks, e, lo)
            head = make_mention(toks, st, e + 1) if st <= e else None
            if head is not None and head.kind in ("name", "desc"):
                return head
            return None
        k = j - 1
        while k >= lo and k > j - 26 and not (toks[k].kind == P and toks[k].text in ",.;:") and toks[k].kind != Q:
            k -= 1
        if k >= lo and toks[k].kind == P and toks[k].text == ",":
            app_np, app_role = appositive(toks, k + 1, j)
            e = _before_brackets(toks, k - 1, lo)
            st = np_backward(toks, e, lo)
            head = make_mention(toks, st, e + 1) if st <= e else None
            if head is not None and app_np is not None and app_np.kind == "name" and st - 1 >= lo \
                    and toks[st - 1].kind == W and toks[st - 1].low in CONNECTORS:
                # "The Shadow Secretary of State for the Family, Theresa May, said": the head
                # ends a role, the appositive is the name
                return app_np
            if head is not None and head.kind == "name":
                if app_np is not None and head.role == "" and app_np.role == "":
                    # "Smith, John Doe, said" — unusual; keep the head
                    return head
                if app_role and not head.role:
                    head.role = app_role
                return head
            if head is not None and head.kind == "desc" and app_np is not None:
                if not app_np.role:
                    app_np.role = clean_role(toks[st:k])
                return app_np
            if head is not None and head.kind == "pronoun":
                return head
            if head is not None and app_np is None and not app_role:
                return head
            if app_np is not None and app_np.kind == "name" and (head is None or head.kind == "desc"):
                return app_np
        return None
    if t.kind == W and t.low == "and":
        return None  # coordination: caller falls back to the sentence subject
    if t.kind == W and t.low in PRONOUNS and t.low != "it" and (
            j == lo or toks[j - 1].kind == P or toks[j - 1].low in _CLAUSE_OPENERS):
        return Mention("pronoun", t.low, "", t.start)  # "He says, “…”" / "Later, she added: “…”"
    if _month_surname(toks, j, lo):
        st = np_backward(toks, j - 1, lo)  # "Theresa May said": May is her surname
    else:
        st = np_backward(toks, j, lo)
    if st > j:
        return None
    if st - 1 >= lo and toks[st - 1].kind == W and toks[st - 1].low in _PLACE_PREP:
        return None  # "detainee 'A' in Woodhill Prison said": a place, not the subject
    k = st - 1
    while k >= lo and k > st - 14 and not (toks[k].kind == P and toks[k].text in ",.;:") and toks[k].kind != Q:
        k -= 1
    if k > lo and toks[k].text == "," and k + 2 < st and toks[k + 1].low in ("who", "which", "whose") \
            and toks[st - 1].kind == W and toks[st - 1].text.islower():
        # "Ms Robinson, who presents The Weakest Link, tells …": the name before the clause
        e = _before_brackets(toks, k - 1, lo)
        st2 = np_backward(toks, e, lo)
        head = make_mention(toks, st2, e + 1) if st2 <= e else None
        return head if head is not None and head.kind in ("name", "desc") else None
    if st - 1 >= lo and toks[st - 1].kind == W and toks[st - 1].low in ("and", "or", "&") and (
        st - 2 < lo or is_np_word(toks[st - 2])
    ):
        return None  # a joint subject ("Trump and Putin announced"): nobody in particular
    return make_mention(toks, st, j + 1)


#: Auxiliaries that a capitalised title or question can open with ("Are You Ready?").
_VERB_WORDS = frozenset("are is was were be been do does did has have had".split())

#: Words that open a clause whose subject can be a pronoun ("though he said “…”").
_CLAUSE_OPENERS = frozenset(("though", "although", "but", "because", "while", "when", "as", "so",
                             "and", "if", "after", "before", "since", "yet"))

#: A noun phrase after these is a place or a time, not a subject ("in Woodhill Prison said").
_PLACE_PREP = frozenset(("in", "near", "inside"))


def _before_brackets(toks: list, e: int, lo: int) -> int:
    """*e*, or the token before a bracket that closes at toks[e] ("Meeks (D-N.Y.)")."""
    if e >= lo and toks[e].kind == P and toks[e].text == ")":
        k = e - 1
        while k >= lo and k > e - 10 and toks[k].text != "(":
            k -= 1
        if k > lo and toks[k].text == "(":
            return k - 1
    return e


def _skip_asides(toks: list, j: int, lo: int) -> int:
    """The comma at toks[j] ends asides that are not the subject (a place "of Springfield",
    a state "Va.", an age "59", a relative clause "who watched …"): the index of the comma
    before them all (j itself when there are none)."""
    for _ in range(5):
        k = j - 1
        while k >= lo and k > j - 26 and not (toks[k].kind == P and toks[k].text in ",.;:") and toks[k].kind != Q:
            k -= 1
        if k < lo or toks[k].kind != P or toks[k].text != ",":
            break
        seg = toks[k + 1:j]
        if not seg:
            break
        first = seg[0]
        aside = first.kind == W and (
            first.low in ("who", "whose", "which", "of", "from") or first.text.isdigit()
            or (len(seg) == 1 and first.text.endswith(".") and first.text[0].isupper() and len(first.text) <= 6)
        )
        if not aside:
            break
        j = k
    return j


def _after_place(toks: list, s: int, lo: int) -> bool:
    """toks[s] follows "in|at|from|near Name," (a place of two parts: "in St. Clairsville, Ohio")."""
    if s - 3 < lo or toks[s - 1].text != "," or not is_name_tok(toks[s - 2]):
        return False
    k = s - 2
    while k > lo and k > s - 5 and is_name_tok(toks[k]):
        k -= 1
    return toks[k].kind == W and toks[k].low in _PLACE_OF


def sentence_subject(toks: list, lo: int, hi: int) -> Mention | None:
    """The noun phrase that opens the sentence toks[lo:hi] (skipping one intro phrase)."""
    starts = [lo]
    for k in range(lo, min(hi, lo + 25)):
        if toks[k].kind == P and toks[k].text == ",":
            starts.append(k + 1)
            break
    for s in starts:
        if s >= hi:
            continue
        if len(starts) < 4 and _after_place(toks, s, lo):
            # "At an event in St. Clairsville, Ohio, 62-year-old Brenda Johnson railed …": the
            # state ends the opening phrase; the subject is after the next comma
            nxt_comma = next((k for k in range(s, min(hi, s + 4)) if toks[k].kind == P and toks[k].text == ","), -1)
            if nxt_comma > 0:
                starts.append(nxt_comma + 1)
                continue
        t = toks[s]
        if t.kind == W and t.low in PRONOUNS:
            if s + 1 < hi and toks[s + 1].kind == W and not toks[s + 1].text[0].isupper():
                return Mention("pronoun", t.low, "", t.start)
            continue
        e = np_forward(toks, s, hi)
        if e > s and e < hi:
            e0 = e
            if toks[e].kind == P and toks[e].text == "(":
                # "Rep. Hakeem Jeffries (D-N.Y.) reacted …": what follows the bracket counts
                k = e + 1
                while k < hi and k < e + 8 and toks[k].text != ")":
                    k += 1
                if k + 1 < hi and toks[k].text == ")":
                    e = k + 1
            nxt = toks[e]
            if nxt.kind == P and nxt.text == ",":
                # appositive after the subject
                k = e + 1
                while k < hi and k < e + 15 and not (toks[k].kind == P and toks[k].text in ",.;:"):
                    k += 1
                np = make_mention(toks, s, e0)
                if np is not None and k < hi and toks[k].text == ",":
                    if np.kind == "name" and not np.role:
                        _, role = appositive(toks, e + 1, k)
                        np.role = role
                    if np.kind in ("name", "desc"):
                        return np
                continue
            if nxt.kind == W and not nxt.text[0].isupper():
                np = make_mention(toks, s, e0)
                if np is not None and np.kind in ("name", "desc"):
                    return np
    return None
