"""Stage 1, quote marks: the double-quoted spans of a paragraph, and whether each is a
direct quote (a sentence or clause of its own) or a partial one (a few words inside a
sentence).

Finding is one linear scan over the marks, curly (“ ” „ « ») or straight ("), that tells
opening from closing marks by their neighbours, keeps a quote in the other kind of mark
nested inside an open one, and leaves a quote open at the end of a paragraph when its
closing mark is missing (a quote that runs on into the next paragraph).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .lexicon import SAY
from .tokens import P, Q, W, sentence_start

#: Quote marks: curly, guillemets, straight, and two apostrophes ('') standing for a straight
#: double mark (the New York Times archive writes ''Like this,'' he said).
QUOTE_MARK_RE = re.compile("[\"“”„«»]|''")


def has_quote_mark(para: str) -> bool:
    """Whether ``QUOTE_MARK_RE`` matches in *para* (substring tests: about ten times as fast)."""
    return ('"' in para or "“" in para or "”" in para or "„" in para or "«" in para or "»" in para
            or "''" in para)

_SENTENCE_INSIDE_RE = re.compile(r"\w[.?!] +[A-Z“‘\"']")


class RawQuote:
    """A quoted span of one paragraph: its marks (``mark_start``..``mark_end``), its text (``s``..``e``), whether it is left open."""

    __slots__ = ("mark_start", "mark_end", "s", "e", "unclosed", "para")

    def __init__(self, mark_start, mark_end, s, e, unclosed, para):
        self.mark_start = mark_start  # index of the opening mark (or of s if none)
        self.mark_end = mark_end  # index just past the closing mark
        self.s = s
        self.e = e
        self.unclosed = unclosed
        self.para = para


_OPEN_BEFORE = set("([{—–-/:;,'‘\u00a0")

_CLOSE_AFTER = set(".,;:!?)]}—–-'’…")


def find_quotes(para: str, pi: int, budget: list) -> list:
    """Double-quoted spans of one paragraph, in order, as ``RawQuote``s (linear scan).
    At most ``budget[0]`` quote marks are looked at (shared by the whole article)."""
    out = []
    n = len(para)
    open_i = -1
    open_len = 1
    open_straight = False
    nested = False  # inside a quote nested in the open one
    nested_same = False  # inside a “quote” nested in an open “quote”
    closers: list = []  # where the paragraph's ” marks are, found once when needed
    for m in QUOTE_MARK_RE.finditer(para):
        budget[0] -= 1
        if budget[0] < 0:
            break
        i = m.start()
        j = m.end()
        c = para[i] if j == i + 1 else '"'
        prev = para[i - 1] if i else " "
        nxt = para[j] if j < n else " "
        can_open = prev.isspace() or prev in _OPEN_BEFORE or prev in "“„\"«"
        can_close = nxt.isspace() or nxt in _CLOSE_AFTER or nxt in "”\"»"
        if nested_same:
            nested_same = False
            if c == "”":
                continue  # the inner quote's closing mark; the outer one stays open
        if nested:
            # inside a quote nested in the open one: its own kind of mark ends it; the other
            # kind closes the outer quote (the nested one was left open)
            nested = False
            if (c in "”“") if open_straight else (c == '"'):
                continue
        elif (open_i >= 0 and i > open_i + open_len and can_open and not can_close
              and ((c in "“„") if open_straight else (c == '"'))
              and not (i >= 2 and para[i - 2] in ",:")):
            # "… about “Equal Justice” anymore …" — a quote in the other kind of mark inside
            # the open one (curly inside straight, or straight inside curly). Not when the
            # inner mark opens the outer quote or follows a comma or colon: then the outer
            # mark wraps an excerpt ("“…,” Rubio said." / "He replied, “…”") and the inner
            # quotes are the speech.
            nested = True
            continue
        if c in "“„«":
            if can_close and not can_open and open_i >= 0:
                is_open = False  # a “ used as a closing mark
            elif (c == "“" and open_i >= 0 and not open_straight and para[open_i] == "“" and can_open
                  and not can_close and prev == " " and i >= 2 and para[i - 2].isalpha()
                  and _closers_after(para, i, closers) >= 2):
                # “… what he calls “hell” than live …”: a quote in the same marks inside
                # the open one, mid-sentence, with two closing marks still to come
                nested_same = True
                continue
            else:
                is_open = True
        elif c in "”»":
            # (a closing mark cannot open a paragraph: "” … he delivered …,” Barabak wrote.")
            is_open = open_i < 0 and ((can_open and not can_close) or (i == 0 and j < n and nxt != "”"))
            if open_i < 0 and not is_open:
                continue  # stray closing mark
        else:  # straight "
            if open_i < 0:
                if can_close and not can_open:
                    continue  # stray closing mark
                is_open = True
            else:
                is_open = can_open and not can_close
        if is_open:
            open_i = i
            open_len = j - i
            open_straight = c == '"'
        else:
            _emit(para, pi, open_i, i, out, False, open_len, j - i)
            open_i = -1
    if open_i >= 0:
        _emit(para, pi, open_i, n, out, True, open_len, 0)
    return out


def _closers_after(para: str, i: int, closers: list) -> int:
    """How many ” marks *para* has after index *i*; *closers* caches their positions (one
    scan of the paragraph, so the quote scan stays linear)."""
    if not closers:
        closers.append([k for k, ch in enumerate(para) if ch == "”"])
    pos = closers[0]
    return len(pos) - bisect_right(pos, i)


def _emit(para, pi, o, c, out, unclosed, olen=1, clen=1):
    s, e = o + olen, c
    while s < e and para[s].isspace():
        s += 1
    while e > s and (para[e - 1].isspace() or para[e - 1] == ","):
        e -= 1
    if e <= s:
        return
    # something to quote: at least one letter or digit
    seg_ok = False
    for k in range(s, min(e, s + 200)):
        if para[k].isalnum():
            seg_ok = True
            break
    if not seg_ok:
        return
    out.append(RawQuote(o, c + clen if not unclosed else c, s, e, unclosed, pi))


def quote_kind(toks: list, qi: int, lo: int) -> str:
    """'direct' when the quote opens a sentence or follows a colon or a speech verb, or is
    made of whole sentences; otherwise 'partial'."""
    qt = toks[qi].text
    if len(qt) > 40 and _SENTENCE_INSIDE_RE.search(qt):
        return "direct"
    k = qi - 1
    if k < lo:
        return "direct"
    t = toks[k]
    if t.kind == P and t.text in ".?!:;—–-(":
        return "direct"
    if t.kind == Q:
        return "direct"
    if t.kind == W and t.low in SAY:
        return "direct"
    if t.kind == P and t.text == "," and k - 1 >= lo:
        p = toks[k - 1]
        if p.kind == W and p.low in SAY:
            return "direct"
        if p.kind == Q:
            return "direct"
        # "According to X, “…”" / "In a statement, “…”" — clause-initial quote
        s0 = sentence_start(toks, qi, lo)
        if any(toks[m].low == "according" for m in range(s0, k)):
            return "direct"
    return "partial"


def word_count(text: str) -> int:
    """The number of words of *text*, counted up to 13 (enough for the thresholds it is compared with)."""
    return len(text.split(None, 12))
