"""Paragraphs as tokens (words, punctuation marks, whole quotes) and sentence bounds over
them: the representation that every stage after quote finding reads. The tokenizer is the
hottest code of the attributor, hence the notes on speed below.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import ABBREVIATIONS, CAP_STOP, PARTIAL_ONLY, PRONOUNS, ROLE_WORDS, SAY, SENTENCE_END

#: A token (a word, or any other single non-space character) with the whitespace before it;
#: the groups are (space, word, mark), one of word and mark empty.
_SPACED_TOKEN_RE = re.compile(r"(\s*)(?:(\w[\w'’.\-]*)|([^\w\s]))")

_INITIAL_RE = re.compile(r"^(?:[A-Za-z]\.)+$")

#: Token kinds: a word, a punctuation mark, a whole quote.
W, P, Q = 0, 1, 2


class Tok(NamedTuple):
    """One token of a paragraph: a word (W), a punctuation mark (P) or a whole quote (Q,
    ``qi`` is its index among the paragraph's quotes).

    A named tuple, not a class with ``__slots__``: ``tokenize_words`` makes one for each of about
    70 words in every paragraph that has a quote or a speech verb (1.5 million for the
    21,000-article scale corpus), and building a tuple is done in C where an ``__init__``
    runs Python code for every token. Reading a field costs the same either way.
    """

    kind: int
    text: str
    low: str
    start: int
    end: int
    qi: int = -1


def tokenize(para: str, a: int, b: int, quotes: list, out: list, qpos: dict | None = None) -> None:
    """Append tokens of ``para[a:b]`` to *out*; the given quotes (opening mark..closing
    mark) become single ``Q`` tokens (with *qpos*, it maps each one's ``qi`` to its index
    in *out*)."""
    pos = a
    for qi, q in quotes:
        qa, qb = q.mark_start, q.mark_end
        if qb <= pos:
            continue
        if qa > pos:
            tokenize_words(para, pos, min(qa, b), out)
        if qa >= b:
            pos = b
            break
        text = para[q.s:q.e]
        if qpos is not None:
            qpos[qi] = len(out)
        out.append(Tok(Q, text, text.lower(), q.s, q.e, qi))
        pos = max(pos, qb)
    if pos < b:
        tokenize_words(para, pos, b, out)


def tokenize_words(para: str, a: int, b: int, out: list) -> None:
    """Append the word and punctuation tokens of ``para[a:b]`` to *out*.

    The hottest loop of the attributor, so it is written for speed: one ``findall`` gives
    each token with the whitespace before it (so offsets are sums, no match objects), the
    punctuation alternative is its own group (no per-token test of the first character),
    and tokens are built with ``tuple.__new__`` (no Python ``__init__``). A word ending in
    ``.``, ``'``, ``’`` or ``-`` is rare and goes through the careful path: an
    abbreviation or initial keeps its dot, otherwise the trailing marks are cut off and
    each dot becomes a full stop.
    """
    append = out.append
    new = tuple.__new__
    pos = a
    for space, t, mark in _SPACED_TOKEN_RE.findall(para, a, b):
        s = pos + len(space)
        if mark:
            pos = s + 1
            append(new(Tok, (P, mark, mark.lower(), s, pos, -1)))
            continue
        pos = e = s + len(t)
        if t[-1] not in ".'’-":  # a word starts with \w, so a one-letter word never ends so
            append(new(Tok, (W, t, t.lower(), s, e, -1)))
            continue
        low = t.lower()
        if t[-1] == ".":
            if low in ABBREVIATIONS or _INITIAL_RE.match(t) or (len(t) == 2 and t[0].isupper()) or (
                low in ROLE_WORDS and t[0].isupper()
            ):
                append(new(Tok, (W, t, low, s, e, -1)))
                continue
            # "R-Ky., said" / "Del. Stacey" / "the U.S. economy": an abbreviation, not a full stop
            nx = para[e] if e < b else ""
            if nx == " " and e + 1 < b:
                nx2 = para[e + 1]
                if nx2.islower() or ("-" in t and nx2 in ",)"):
                    append(new(Tok, (W, t, low, s, e, -1)))
                    continue
            elif nx and nx in ",);":
                append(new(Tok, (W, t, low, s, e, -1)))
                continue
        t2 = t.rstrip(".'’-")
        if t2:
            append(new(Tok, (W, t2, t2.lower(), s, s + len(t2), -1)))
        for k in range(s + len(t2), e):
            if para[k] == ".":
                append(new(Tok, (P, ".", ".", k, k + 1, -1)))


def is_name_tok(tok: Tok) -> bool:
    """A capitalised word that may be part of a name (or an organisation/role)."""
    if tok.kind != W or not tok.text[0].isupper():
        return False
    low = tok.low
    if low in CAP_STOP and tok.text != "US":  # (the United States, not "us")
        return False
    if low.endswith(("'s", "’s")) and low[:-2] in CAP_STOP:
        return False
    return True


def is_possessive(tok: Tok) -> bool:
    """A word ending in 's or s' ("Trump’s", "officials'")."""
    return tok.kind == W and tok.low.endswith(("'s", "’s", "s'", "s’")) and len(tok.text) > 2


def is_speech_verb(tok: Tok, partial: bool) -> bool:
    """A speech verb (and with *partial*, a verb that introduces quoted words: "called it")."""
    if tok.kind != W:
        return False
    low = tok.low
    return low in SAY or (partial and low in PARTIAL_ONLY)


def sentence_start(toks: list, i: int, lo: int) -> int:
    """Index of the first token of the sentence of toks[i] (not before *lo*, at most 120 tokens back)."""
    k = i - 1
    lo = max(lo, i - 120)
    while k >= lo:
        t = toks[k]
        if t.kind == P and t.text in SENTENCE_END:
            return k + 1
        if t.kind == Q and k != i and t.text[-1:] in SENTENCE_END and k + 1 < len(toks):
            nx = toks[k + 1]
            if nx.kind == W and nx.text[0].isupper() and nx.low not in PRONOUNS:
                # “…done.” Smith said / “…done.” The … — a boundary unless a verb follows
                if not (k + 2 < len(toks) and is_speech_verb(toks[k + 2], False)):
                    return k + 1
        k -= 1
    return lo


def sentence_end(toks: list, i: int, hi: int) -> int:
    """Index of the full stop that ends the sentence of toks[i] (or *hi*, at most 150 tokens on)."""
    k = i + 1
    hi = min(hi, i + 150)
    while k < hi:
        t = toks[k]
        if t.kind == P and t.text in SENTENCE_END:
            return k
        k += 1
    return hi
