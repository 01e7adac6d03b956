"""Stage 2b, reported speech: speech without quote marks, found from its verb rather than
from a quote: "Name said (that) …", "According to Name, …", "…, according to Name.",
"Clause, Name said in an interview." The span is the reported clause. Also a paragraph
ending "Name continued:", which introduces the quote of the next paragraph.
"""

from __future__ import annotations

from itertools import compress, count
from operator import attrgetter

from .lexicon import (
    CLAUSE_VERBS,
    COMMISSIVE_VERBS,
    DET,
    INDIRECT_SKIP_PREP,
    INDIRECT_STARTS,
    INVERTIBLE,
    MONTHS_DAYS,
    NP_VERBS,
    OBJECT_VERBS,
    PARTICIPLES,
    PARTICLE_VERBS,
    PRONOUNS,
    REPORT_VERBS,
    SAY,
    THAT_VERBS,
)
from .model import Item
from .names import fold, name_parts, surname_form
from .sources import Mention, make_mention, np_forward, sentence_subject, strip_det, subject_before
from .tokens import P, Q, W, sentence_end, sentence_start

_LOW = attrgetter("low")


def reported_speech(para, toks, pi, base, used_verbs, items, budget) -> None:
    """Reported speech without quote marks: ``Name said (that) …``, ``According to Name, …``.

    Called only for a paragraph with a speech verb. Only the tokens that can start an
    attribution ("according", the clause verbs, the verbs with a noun-phrase content and the
    participles) are visited, picked out in C: the other tokens, nine in ten, cost nothing here.
    """
    n = len(toks)
    n0 = len(items)
    for v in compress(count(), map(INDIRECT_STARTS.__contains__, map(_LOW, toks))):
        t = toks[v]
        if t.kind != W or v in used_verbs:
            continue
        if len(items) > n0 and items[-1].kind == "indirect" and base + t.start < items[-1].e:
            continue  # inside the clause just reported ("… cites Republican claims as …")
        low = t.low
        if low == "according":
            if v + 1 < n and toks[v + 1].low == "to":
                if budget[0] <= 0:
                    return
                budget[0] -= 1
                _according(toks, v, pi, base, items)
            continue
        if budget[0] <= 0:
            return
        budget[0] -= 1
        prev = toks[v - 1] if v else None
        if prev is not None and prev.kind == W and (prev.low == "to" or prev.low in DET):
            continue
        if v + 1 < n and toks[v + 1].low in ("by", "of") and low.endswith("s") and low != "says":
            continue  # "claims by the licensed trade": a noun
        if low not in CLAUSE_VERBS and (v + 1 >= n or toks[v + 1].kind != W):
            continue  # "the attacks.", "a call," — the other verbs need words after them
        s0 = sentence_start(toks, v, 0)
        if (low in PARTICIPLES or (low.endswith("ing") and prev is not None and prev.text == ",")) \
                and not (prev is not None and prev.kind == W and prev.low in _BE):
            np = _participle_subject(toks, v, s0, prev)
            if np is None:
                continue
            if np is _OPENING:
                _opening_participle(toks, v, s0, sentence_end(toks, v, n), pi, base, items, used_verbs)
                continue
        else:
            if prev is not None and prev.kind == P and prev.text == "," and low in INVERTIBLE \
                    and _inverted_after_clause(toks, v, s0, sentence_end(toks, v, n), pi, base, items):
                used_verbs.add(v)
                continue
            if low not in CLAUSE_VERBS:
                # the other verbs report a phrase: look for it before their subject (most of
                # these words, "attacks", "calls", "expected", have none)
                e_sent = sentence_end(toks, v, n)
                c = _content_start(toks, v, low, e_sent, None, s0)
                if c < 0 or _content_end(toks, c, e_sent, True) - c < 2:
                    continue
            w = v - 1 if prev is not None and prev.kind == W and prev.low in _BE and low.endswith("ing") else v
            np = subject_before(toks, w, s0)
            if np is None and prev is not None and prev.low == "and":
                np = sentence_subject(toks, s0, v)
            if np is None:
                continue
            if low in CLAUSE_VERBS and _clause_before(toks, v, s0, np, pi, base, items):
                used_verbs.add(v)
                continue
        e_sent = sentence_end(toks, v, n)
        c = _content_start(toks, v, low, e_sent, np, s0)
        if c < 0:
            continue
        weak = low not in CLAUSE_VERBS and low not in PARTICIPLES
        e = _content_end(toks, c, e_sent, weak)
        short = 2 if weak else 3
        if e - c < short:
            continue
        if np.kind == "name" and not np.gender and toks[c].low in ("he", "she"):
            np.gender = "m" if toks[c].low == "he" else "f"  # "Fowler said he expects …"
        items.append(Item(base + toks[c].start, base + toks[e - 1].end, "indirect", np, pi, weak=weak))
        used_verbs.add(v)


def keep_supported(items: list) -> list:
    """*items* without the weak ones (stance and belief verbs: "Kaine accused …", "the group
    cited …") whose subject is said to say nothing else in the article: such a verb is
    evidence of a view, not that its subject is one of the article's speakers."""
    if not any(it.weak for it in items):
        return items
    keys = {_speaker_key(it.np) for it in items if not it.weak and it.np is not None}
    return [it for it in items if not it.weak or (it.np.kind != "pronoun" and _speaker_key(it.np) in keys)]


def _speaker_key(np) -> str:
    """What two mentions of one speaker share: a name's surname, a description's words."""
    if np.kind == "name":
        parts = name_parts(np.name)
        return surname_form(parts[-1]) if parts else fold(np.name)
    return np.kind + ":" + fold(strip_det(np.name))


#: Forms of *be* before a participle: ``is saying``, ``was defending``.
_BE = frozenset("is are was were be been am".split())

#: ``_participle_subject``'s answer for a participle that opens its sentence.
_OPENING = object()


def _participle_subject(toks, v, s0, prev):
    """Whose words a participle reports: after a comma (``Trump defended the tweets, saying …``)
    the subject of the sentence; a participle that opens the sentence is answered by
    ``_OPENING`` (its subject comes after the comma); anything else, None."""
    if v == s0 and toks[v].text[0].isupper():
        return _OPENING
    if prev is not None and prev.kind == P and prev.text == ",":
        np = sentence_subject(toks, s0, v)
        if np is None:
            np = _speaker_of_verb_before(toks, v, s0)
        if np is not None and np.kind == "name" and " " not in np.name and np.name.endswith(("ed", "ing")):
            return None  # "Chastened by the analyses, Trump revised his plan, promising …"
        if np is not None:
            st = next((m for m in range(s0, v) if toks[m].start == np.pos), -1)
            e = np_forward(toks, st, v) if st >= 0 else v
            if e < v and toks[e].low in ("and", "or", "&"):
                return None  # "The Times and the Gannett chain filed a motion, arguing …"
        return np
    return None


def _speaker_of_verb_before(toks, v, s0):
    """``“…,” DuVernay said, emphasizing …`` / ``…, said Smith, citing …``: the subject of the
    nearest verb of saying before the participle at toks[v], in its sentence."""
    for m in range(v - 2, max(s0, v - 12) - 1, -1):
        t = toks[m]
        if t.kind == Q:
            return None
        if t.kind == W and t.low in SAY and not t.low.endswith("ing"):
            np = subject_before(toks, m, s0)
            if np is None and m - 1 >= s0 and toks[m - 1].kind == W and toks[m - 1].low in PRONOUNS:
                np = Mention("pronoun", toks[m - 1].low, "", toks[m - 1].start)  # “…,” he told the group,
            elif np is None and m - 1 >= s0 and toks[m - 1].kind != W and t.low in INVERTIBLE:
                e = np_forward(toks, m + 1, v)  # “…,” said Smith, citing …
                np = make_mention(toks, m + 1, e) if e > m + 1 else None
            return np
    return None


def _opening_participle(toks, v, s0, e_sent, pi, base, items, used_verbs) -> None:
    """``Claiming the criticism is unfair, Trump told Fox …``: the words up to the comma are
    what the subject after it said."""
    k = next((m for m in range(v + 1, min(e_sent, v + 30)) if toks[m].kind != W), -1)
    if k < 0 or toks[k].text != "," or k - v - 1 < 3 or (toks[v + 1].low in INDIRECT_SKIP_PREP):
        return
    e = np_forward(toks, k + 1, e_sent)
    np = make_mention(toks, k + 1, e)
    if np is None or np.kind not in ("name", "desc") or e >= e_sent or toks[e].kind != W \
            or not toks[e].text.islower():
        return
    c = v + 2 if toks[v + 1].low == "that" else v + 1
    items.append(Item(base + toks[c].start, base + toks[k - 1].end, "indirect", np, pi))
    used_verbs.add(v)


def _content_start(toks, v, low, e_sent, np, s0) -> int:
    """Where the reported words of the verb at toks[v] start, or -1: after "that"; the object
    of a verb with a noun-phrase content (``cited the figure``) or of a particle (``called for
    an inquiry``); the addressee of ``told his advisers to …``; the clause after a verb of
    saying or belief, not a phrase of time or place (``said on Tuesday that`` is after that)."""
    k = v + 1
    if k >= e_sent:
        return -1
    tk = toks[k]
    parts = PARTICLE_VERBS.get(low)
    if parts is not None and tk.low in parts:
        return k + 1 if k + 1 < e_sent and toks[k + 1].kind == W else -1
    if tk.kind == P and tk.text == "," and low in CLAUSE_VERBS and _set_off(toks, v, s0, np):
        return k + 1  # "The museum, Mr. Bush said, celebrated …": the words after the aside
    if tk.kind != W:
        return -1
    aside = tk.low in INDIRECT_SKIP_PREP  # "says at a campaign stop in Toledo, Ohio, that …"
    for m in range(k, min(e_sent, k + (16 if aside else 9))):
        tm = toks[m]
        if tm.kind == Q:
            continue  # a title: "told MSNBC's “Morning Joe” that …"
        if tm.kind != W and not (aside and tm.text == ","):
            break
        if tm.low == "that":
            return m + 1 if m + 1 < e_sent else -1
    if low in COMMISSIVE_VERBS and tk.low == "to" and k + 1 < e_sent and toks[k + 1].kind == W:
        return k  # "vowed to bring back the jobs"
    if low in NP_VERBS and low not in CLAUSE_VERBS:
        return k if tk.low not in INDIRECT_SKIP_PREP and tk.low not in _NOT_OBJECT else -1
    if low in OBJECT_VERBS:
        # "told his advisers to figure out …", "urged Congress to act", "asked whether …"
        if tk.low in _QUESTION_WORDS:
            return k
        e = np_forward(toks, k, e_sent)
        if e == k and tk.low in _OBJECT_PRONOUNS:
            e = k + 1
        return k if k < e < e_sent and (toks[e].low == "to" or toks[e].low in _QUESTION_WORDS) else -1
    if low in THAT_VERBS and low in _FINDING and np.kind == "desc" \
            and fold(np.name.split()[-1]) in _DOCUMENTS and tk.low not in INDIRECT_SKIP_PREP:
        return k  # "A new poll shows Clinton leading in Ohio"
    if low in THAT_VERBS or tk.low in INDIRECT_SKIP_PREP or tk.low == "that":
        return -1
    c = k
    while c < e_sent and toks[c].low in MONTHS_DAYS:
        c += 1  # "said Tuesday …"
    return c


#: Punctuation that ends the object of a verb with a noun-phrase content.
_PHRASE_END = frozenset(",;:—–-―(")

#: Words that open a reported question: ``asked whether the plan would pass``.
_QUESTION_WORDS = frozenset("whether if why how what when where who".split())

#: Finding verbs that report a document's content without "that": ``the poll shows …``.
_FINDING = frozenset("shows showed show found finds indicates indicated".split())

#: Object pronouns: ``told them to leave``.
_OBJECT_PRONOUNS = frozenset("him her them us me it".split())

#: Words after a verb that start no content: "questioned whether", "defended himself".
_NOT_OBJECT = frozenset("himself herself itself themselves so up out off back down away".split())


def _set_off(toks, v, s0, np) -> bool:
    """The attribution at toks[v] is an aside between commas inside its sentence."""
    st = _np_start(toks, v, s0, np)
    return st > s0 and toks[st - 1].kind == P and toks[st - 1].text == ","


def _np_start(toks, v, s0, np) -> int:
    """The index of the first token of *np* (a subject before toks[v]), determiner included."""
    st = v - 1
    while st > s0 and toks[st].start > np.pos:
        st -= 1
    while st > s0 and toks[st - 1].kind == W and toks[st - 1].low in DET:
        st -= 1  # "the IMF said", "one West Virginia official said"
    return st


def _content_end(toks, c, e_sent, phrase=False) -> int:
    """Where reported words starting at toks[c] end (exclusive): the sentence's end, the word
    before a quote (the quote stays a quote of its own; quotes never overlap), or a comma
    before a participle of saying (``…, saying …`` is reported on its own). A *phrase* (the
    object of "cited", "called for") ends at the first comma, semicolon or dash
    (``As he praised the guests, Scott was launching …``)."""
    for m in range(c, e_sent):
        tm = toks[m]
        if phrase and tm.kind == P and tm.text in _PHRASE_END:
            return m
        if tm.kind == Q:
            last = m - 1
            while last > c and toks[last].kind == P:
                last -= 1
            return last + 1 if m > c and last - c >= 2 else c
        if tm.kind == P and tm.text == "," and m + 1 < e_sent and (
                toks[m + 1].low in PARTICIPLES or toks[m + 1].low == "according"):
            return m
    return e_sent


def _inverted_after_clause(toks, v, s0, e_sent, pi, base, items) -> bool:
    """``Its first ad could start this week, said Brian Baker, an adviser.``: the clause before
    the comma is what the name after the verb said. Adds the item and returns True when so."""
    if v - 1 - s0 < 4:
        return False
    e = np_forward(toks, v + 1, e_sent)
    np = make_mention(toks, v + 1, e)
    if np is None or np.kind not in ("name", "desc"):
        return False
    if e < e_sent and not (toks[e].kind == P and toks[e].text == ","):
        return False
    if any(toks[m].kind == Q or (toks[m].kind == W and toks[m].low in SAY) for m in range(s0, v - 1)):
        return False
    items.append(Item(base + toks[s0].start, base + toks[v - 2].end, "indirect", np, -1 if pi is None else pi))
    return True


def _clause_before(toks, v, s0, np, pi, base, items) -> bool:
    """``Clause, Mr. Obama said in his interview.``: the reported clause comes first and the
    attribution closes the sentence. Adds the item and returns True when it is so."""
    st = _np_start(toks, v, s0, np)
    if st - 1 - s0 < 4 or toks[st - 1].text != ",":
        return False
    e_sent = sentence_end(toks, v, len(toks))
    aside = v + 1 < e_sent and toks[v + 1].text == ","  # "…, the group said, compared with …"
    # "…, McConnell said in June 2012, citing …": the participle is reported on its own
    aside = aside or any(toks[m].text == "," and toks[m + 1].low in PARTICIPLES for m in range(v + 1, min(e_sent - 1, v + 8)))
    if (e_sent - v > 8 and not aside) or any(toks[m].low == "that" or toks[m].kind == Q for m in range(v + 1, e_sent)):
        return False
    if any(toks[m].kind == Q or (toks[m].kind == W and toks[m].low in SAY) for m in range(s0, st - 1)):
        return False
    items.append(Item(base + toks[s0].start, base + toks[st - 2].end, "indirect", np, -1 if pi is None else pi))
    return True


#: Documents that carry what someone said: "according to a report from X" is X.
_DOCUMENTS = frozenset("report study survey poll statement memo letter filing analysis review "
                       "paper document release audit reports studies surveys polls data figures "
                       "research results numbers analyses records documents".split())


def _document_author(toks, e, np, hi):
    """``a report earlier this week from the British Retail Consortium``: the author named
    after "by"/"from" within a few words of a document (or the document itself)."""
    if np.kind != "desc" or np.name.split()[-1].lower() not in _DOCUMENTS:
        return np, e
    for m in range(e, min(hi, e + 8)):
        t = toks[m]
        if t.kind != W:
            break
        if t.low in ("by", "from"):
            e2 = np_forward(toks, m + 1, hi)
            np2 = make_mention(toks, m + 1, e2)
            if np2 is not None and np2.kind in ("name", "desc"):
                return np2, e2
            break
    return np, e


def _author_of_data(toks, i, hi):
    """``according to data from the U.S. Department of Education``, ``according to a recent
    analysis of tax returns by the Tax Policy Center``: the author after a document word that
    is not a speaker by itself, within a few words. Returns (mention, its end) or (None, i)."""
    for m in range(i, min(hi, i + 5)):
        if toks[m].kind != W:
            break
        if toks[m].low in _DOCUMENTS:
            for k in range(m + 1, min(hi, m + 8)):
                if toks[k].kind != W:
                    break
                if toks[k].low in ("by", "from"):
                    e = np_forward(toks, k + 1, hi)
                    np = make_mention(toks, k + 1, e)
                    if np is not None and np.kind in ("name", "desc"):
                        return np, e
                    break
            break
    return None, i


def _according(toks, v, pi, base, items) -> None:
    """``According to Name, clause.`` · ``Clause, according to Name.`` · ``The next day,
    according to Name, clause.`` (a short opening before the aside: the clause after it)."""
    n = len(toks)
    e = np_forward(toks, v + 2, n)
    np = make_mention(toks, v + 2, e)
    if np is None:
        np, e = _author_of_data(toks, v + 2, n)
    if np is None:
        return
    np, e = _document_author(toks, e, np, n)
    s0 = sentence_start(toks, v, 0)
    e_sent = sentence_end(toks, v, n)
    opening = v == s0 or (v == s0 + 1 and toks[s0].low in ("but", "and", "yet", "so"))
    after_comma = v - 1 >= s0 and toks[v - 1].kind == P and toks[v - 1].text == ","
    if opening or (after_comma and v - 1 - s0 < 5):
        # According to Name, clause.  /  The next day, according to Name, clause.
        if e < n and toks[e].kind == P and toks[e].text == ",":
            c = e + 1
            end = _content_end(toks, c, e_sent)
            if end - c >= 3:
                items.append(Item(base + toks[c].start, base + toks[end - 1].end, "indirect", np, pi))
        return
    # clause, according to Name.
    if after_comma and v - 1 - s0 >= 3:
        end = _content_end(toks, s0, v - 1)
        if end - s0 >= 4:
            items.append(Item(base + toks[s0].start, base + toks[end - 1].end, "indirect", np, pi))


def introducer(toks, pi, base, items) -> None:
    """A paragraph ending ``Name continued:`` introduces the quote of the next one."""
    end = len(toks) - 1
    s0 = sentence_start(toks, end, 0)
    np = None
    for k in range(end - 1, s0 - 1, -1):
        t = toks[k]
        if t.kind == Q:
            return
        if t.kind == W and (t.low in SAY or t.low in REPORT_VERBS):
            np = subject_before(toks, k, s0)
            break
    if np is None:
        np = sentence_subject(toks, s0, end)
    if np is not None:
        pos = base + toks[end].end
        items.append(Item(pos, pos, "intro", np, pi))
