"""Stage 2, speech cues: for each quote, the speech act that attributes it and its subject.

Tried in order: a verb and its subject right after the closing mark (“…,” Name said ·
“…,” said Name · “…,” according to Name · a sign-off “…” — Name); the nearest speech verb
before the quote in its sentence (Name said: “…” · a name and a colon, Clinton: “…” ·
Said Name, …, “…”); the attribution after a few lower-case words that go on with the quote
(“…” for the victory, Sanders said); a short sentence ending in a speech verb just before
(Dianne Bystrom agreed. “…”). A short quote with no cue at all is a scare quote and is
dropped here.
"""

from __future__ import annotations

import re

from .lexicon import (
    AFTER_ONLY,
    AUX,
    DET,
    INDIRECT_STARTS,
    INTRO_VERBS,
    INVERTIBLE,
    PARTIAL_ONLY,
    PARTICIPLES,
    PHRASAL,
    PRONOUNS,
    SAY,
)
from .model import Item
from .quotes import quote_kind, word_count
from .sources import (
    Mention,
    appositive,
    make_mention,
    np_backward,
    np_forward,
    sentence_subject,
    strip_det,
    subject_before,
)
from .tokens import P, Q, W, is_name_tok, is_speech_verb, sentence_end, sentence_start


def _word_trie_re(words) -> re.Pattern:
    """``\\b(?:w1|w2|…)\\b`` for *words*, written as a trie (``sa(?:id|ys?)``): Python's
    ``re`` tries the alternatives of a group one by one at every word start, so sharing the
    prefixes makes each try a walk down one word instead of a pass over hundreds."""
    trie: dict = {}
    for w in words:
        d = trie
        for ch in w:
            d = d.setdefault(ch, {})
        d[""] = {}

    def pattern(d: dict) -> str:
        alts = [re.escape(ch) + pattern(sub) for ch, sub in sorted(d.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in d else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in d else body

    return re.compile(r"\b" + pattern(trie) + r"\b")


#: A paragraph with none of these words has no reported speech to look for: the words
#: ``reported.reported_speech`` starts from (a participle or "according" may open the sentence).
SPEECH_CUE_TEST_RE = _word_trie_re(
    INDIRECT_STARTS | {w.capitalize() for w in PARTICIPLES} | {"According", "Says", "Said"}
)
SPEECH_CUE_RE = SPEECH_CUE_TEST_RE

#: A quote of at most this many words, inside a sentence with no speech act, is a scare
#: quote (or a title, a term): not speech.
_SCARE_WORDS = 6


def analyse_quote(toks, n, lo, hi, q, pi, base, used_verbs) -> Item | None:
    """The item of the quote at toks[n] with the mention its cue gives (or none), or None for a scare quote."""
    kind = "direct" if q.unclosed and n == lo else quote_kind(toks, n, lo)
    partial = kind == "partial"
    np, verb = _after_speaker(toks, n, hi)
    found_verb = np is not None
    if np is None:
        np, verb, found_verb = _before_speaker(toks, n, lo, True)
        if verb >= 0 and toks[verb].low in PARTIAL_ONLY and (not partial or n - verb > 8):
            np, found_verb, verb = None, False, -1
    if np is None and not found_verb:
        np, verb = _later_speaker(toks, n, lo, hi)
        found_verb = np is not None
    if np is None and kind == "direct":
        np = _previous_sentence_speaker(toks, n, lo)
        if np is not None:
            found_verb = True
    if verb >= 0:
        used_verbs.add(verb)
    words = word_count(toks[n].text)
    if np is None:
        if partial and not found_verb and words <= _SCARE_WORDS:
            return None  # scare quote / title / mention: not speech
        if words <= 3 and toks[n].text[-1:] not in ".?!" and not found_verb:
            return None  # scare quote opening a sentence
    return Item(base + q.s, base + q.e, kind, np, pi)


def _after_speaker(toks: list, qi: int, hi: int) -> tuple[Mention | None, int]:
    """``“…,” Name said`` / ``“…,” said Name`` / ``“…,” according to Name``.
    Returns the mention and the index of the verb used (or -1)."""
    i = qi + 1
    dash = i < hi and toks[i].kind == P and toks[i].text in "―—–-"
    while i < hi and toks[i].kind == P and toks[i].text in ",—–-:;―":
        i += 1
    if i >= hi:
        return None, -1
    t = toks[i]
    if t.kind != W:
        return None, -1
    if dash and is_name_tok(t):
        # a sign-off: “…” ― Jane Doe  /  “…” — Jane Doe, the role.
        e = np_forward(toks, i, hi)
        if e > i and (e >= hi or toks[e].kind == Q or (toks[e].kind == P and toks[e].text in ".,;(")):
            np = make_mention(toks, i, e)
            if np is not None and np.kind == "name":
                return _with_appositive_after(toks, np, e, hi), -1
    if t.low == "according" and i + 1 < hi and toks[i + 1].low == "to":
        e = np_forward(toks, i + 2, hi)
        np = make_mention(toks, i + 2, e)
        if np is not None:
            np = _with_appositive_after(toks, np, e, hi)
        return np, i
    if t.low in INVERTIBLE or t.low in AFTER_ONLY or _phrasal(toks, i, hi):
        j = i + 2 if t.low in PHRASAL else i + 1
        k = j
        while k < hi and k < j + 3 and (toks[k].text.isdigit() or toks[k].text in "/-"):
            k += 1  # "said 9/11 widow Terry Strada"
        if k > j and k < hi and toks[k].kind == W and np_forward(toks, k, hi) > k:
            j = k
        e = np_forward(toks, j, hi)
        if e > j:
            np = make_mention(toks, j, e)
            if np is not None and np.kind != "pronoun":
                return _with_appositive_after(toks, np, e, hi), i
        return None, -1
    # Name [, role,] [aux] said
    if t.low in PRONOUNS:
        j = i + 1
        np = Mention("pronoun", t.low, "", t.start)
    else:
        e = np_forward(toks, i, hi)
        if e == i:
            return None, -1
        np = make_mention(toks, i, e)
        if np is None:
            return None, -1
        j = e
        if np.kind == "name" and j + 1 < hi and toks[j].low in ("of", "from", "at"):
            # Mr. Morgan of the Sierra Club said
            k = j + 1
            if toks[k].low in DET:
                k += 1
            while k < hi and k < j + 7 and is_name_tok(toks[k]):
                k += 1
            if k > j + 1 and is_name_tok(toks[k - 1]):
                j = k
        if j < hi and toks[j].kind == P and toks[j].text == "(":
            k = j + 1
            while k < hi and k < j + 8 and toks[k].text != ")":
                k += 1
            if k < hi and toks[k].text == ")":
                j = k + 1
        if j < hi and toks[j].kind == P and toks[j].text == ",":
            k = j + 1
            while k < hi and k < j + 26 and not (toks[k].kind == P and toks[k].text in ",.;:") and toks[k].kind != Q:
                k += 1
            if k < hi and toks[k].text == ",":
                app_np, app_role = appositive(toks, j + 1, k)
                if np.kind == "name":
                    if app_role and not np.role:
                        np.role = app_role
                elif app_np is not None:
                    if not app_np.role:
                        app_np.role = np.name
                    np = app_np
                j = k + 1
                # more appositives: ``Harry Bond, 30, of Raleigh, N.C., who was polled, said``
                for _ in range(3):
                    if j >= hi or toks[j].kind != W or is_speech_verb(toks[j], False) or toks[j].low in AUX:
                        break
                    k = j
                    while k < hi and k < j + 26 and not (toks[k].kind == P and toks[k].text in ",.;:") \
                            and toks[k].kind != Q:
                        k += 1
                    if not (k < hi and toks[k].text == ","):
                        break
                    if np.kind == "name" and not np.role:
                        np.role = appositive(toks, j, k)[1]
                    j = k + 1
    while j < hi and toks[j].kind == W and (
        toks[j].low in AUX or (toks[j].low.endswith("ly") and not toks[j].text[0].isupper())
    ):
        j += 1
    if j < hi and is_speech_verb(toks[j], False) and not toks[j].low.endswith("ing"):
        return np, j
    if j < hi and (toks[j].low in AFTER_ONLY or _phrasal(toks, j, hi)):
        return np, j
    return None, -1


def _phrasal(toks: list, j: int, hi: int) -> bool:
    """``shot back`` / ``chimed in`` at toks[j]."""
    t = toks[j]
    part = PHRASAL.get(t.low) if t.kind == W else None
    return part is not None and j + 1 < hi and toks[j + 1].low == part


def _with_appositive_after(toks, np: Mention, e: int, hi: int) -> Mention:
    """``said Smith, the role.`` / ``said the role, Smith.``"""
    if e < hi and toks[e].kind == P and toks[e].text == ",":
        k = e + 1
        while k < hi and k < e + 26 and not (toks[k].kind == P and toks[k].text in ",.;:!?") and toks[k].kind != Q:
            k += 1
        app_np, app_role = appositive(toks, e + 1, k)
        if np.kind == "name" and app_role and not np.role:
            np.role = app_role
        elif np.kind == "desc" and app_np is not None and app_np.kind == "name":
            if not app_np.role:
                app_np.role = strip_det(np.name)
            return app_np
    return np


def _before_speaker(toks: list, qi: int, lo: int, partial: bool) -> tuple[Mention | None, int, bool]:
    """The nearest speech act before toks[qi] in its sentence and its subject.
    Returns (mention, verb index, found_a_verb)."""
    s0 = sentence_start(toks, qi, lo)
    k = qi - 1
    found = False
    colon = k >= s0 and toks[k].kind == P and toks[k].text == ":"
    if colon and k - 1 >= s0 and is_name_tok(toks[k - 1]):
        # a name and a colon: ``Clinton: “…”`` · ``HEADLINE - Carl Bialik: “…”`` ·
        # ``More from Jones: “…”`` (the name opens the sentence or follows a dash or "from")
        st = np_backward(toks, k - 1, s0)
        if st <= k - 1 and (st == s0 or (toks[st - 1].kind == P and toks[st - 1].text in "-–—―")
                             or toks[st - 1].low == "from"):
            np = make_mention(toks, st, k)
            if np is not None and np.kind == "name":
                return np, -1, True
    while k >= s0 and k > qi - 80:
        t = toks[k]
        if t.kind == W:
            low = t.low
            if low == "according" and k + 1 < qi and toks[k + 1].low == "to":
                e = np_forward(toks, k + 2, qi)
                np = make_mention(toks, k + 2, e)
                if np is not None:
                    return np, k, True
            if (low in SAY or (partial and low in PARTIAL_ONLY)) and not (
                    t.text[0].isupper() and k > s0 and is_name_tok(toks[k - 1])):
                # (a capitalised verb after a name is part of it: "the United States, which …")
                prev = toks[k - 1] if k - 1 >= s0 else None
                if prev is not None and prev.kind == W and prev.low == "to":
                    k -= 1
                    continue  # "declined to say", "to tell"
                if prev is not None and prev.kind == W and prev.low in DET:
                    k -= 1
                    continue  # "the call", "a claim"
                found = True
                np = None
                if low.endswith("ing") and not (prev is not None and prev.low in ("as", "was", "is", "were", "been")):
                    np = sentence_subject(toks, s0, k)
                if np is None:
                    np = subject_before(toks, k, s0)
                if np is None and (low.endswith("ing") or (prev is not None and prev.low == "and")
                                   or (prev is not None and prev.kind == P and prev.text == ",")):
                    np = sentence_subject(toks, s0, k)
                    if np is None and low.endswith("ing"):
                        # “…,” Smith said, adding “…” — the subject of the previous clause
                        for m in range(k - 1, s0 - 1, -1):
                            if toks[m].kind == W and toks[m].low in SAY and toks[m].low not in ("saying", "adding"):
                                np = subject_before(toks, m, s0)
                                if np is None and m - 1 >= s0:
                                    np2, _v = _after_speaker(toks, m - 2, qi) if m - 2 >= s0 else (None, -1)
                                    np = np2
                                break
                if np is None and k == s0 and low in INVERTIBLE and t.text[0].isupper():
                    # the verb opens the sentence: ``Said Dorothy Poynter, …, “…”``
                    e = np_forward(toks, k + 1, qi)
                    np = make_mention(toks, k + 1, e)
                    if np is not None and np.kind == "pronoun":
                        np = None
                if np is not None:
                    return np, k, True
                # a verb without a subject we can read: stop here
                return None, k, True
        elif t.kind == Q:
            pass
        k -= 1
    if colon and qi - 1 > s0:
        # Name scolded him: “…”  — a colon introducing a quote makes the subject its speaker
        np = sentence_subject(toks, s0, qi - 1)
        if np is not None:
            return np, -1, True
    return None, -1, found


def _later_speaker(toks, n, lo, hi) -> tuple[Mention | None, int]:
    """``“…” for the victory, Sanders said.`` / ``“…” but to take the lead, says Evan Tracey``:
    a quote that opens its sentence, a few more words, then the attribution after a comma."""
    if sentence_start(toks, n, lo) != n:
        return None, -1
    if not (n + 1 < hi and toks[n + 1].kind == W and toks[n + 1].text.islower()):
        return None, -1  # the words after the quote go on with it in lower case
    end = min(sentence_end(toks, n, hi), n + 30)
    for m in range(n + 1, end):
        t = toks[m]
        if t.kind == Q or (t.kind == W and (t.low in SAY or t.low in PRONOUNS)):
            return None, -1
        if t.kind == P and t.text == "," and m > n + 1:
            np, v = _after_speaker(toks, m, end + 1 if end < hi else hi)
            if np is not None and v >= 0:
                return np, v
    return None, -1


def _previous_sentence_speaker(toks, n, lo) -> Mention | None:
    """``Dianne Bystrom agreed. “…”`` — a short sentence ending in a speech verb just before."""
    s0 = sentence_start(toks, n, lo)
    if s0 != n or s0 - 2 < lo:
        return None
    end = toks[s0 - 1]
    v = s0 - 2
    if not (end.kind == P and end.text in ".:"):
        return None
    if toks[v].kind != W or toks[v].low not in INTRO_VERBS or toks[v].low.endswith("ing"):
        return None
    s1 = sentence_start(toks, s0 - 1, lo)
    return subject_before(toks, v, s1)
