"""Who said what: the pipeline entry, ``attribute(body)``, which runs the stages in order
over the paragraphs of an article body (see docs/attribution.md for the rules).

1. ``quotes``: the quoted spans of each paragraph (``find_quotes``);
2. ``cues`` and ``reported``: for each quote the speech act and its subject, and reported
   speech without quote marks (``analyse_quote``, ``reported_speech``), giving ``Item``s
   whose mentions ``sources`` reads;
3. here: quotes that run over several paragraphs are tied into one group;
4. ``coreference`` and ``resolve``: mentions become the article's people and the result.

Pure standard-library heuristics (no model), built to be fast (a BBC-size article in well
under a millisecond) and never to fail on hostile text.

What is found
-------------
* **direct** quotes: words between double quote marks (curly “ ” or straight ") that stand
  as a sentence or clause of their own (``“…,” Pistorius said`` · ``He said: “…”``). A quote
  that runs over several paragraphs (opening mark repeated at each new paragraph, no closing
  mark until the end) is reported as one direct quote *per paragraph*, all under the same
  speaker, so that every quote is a single contiguous span of one paragraph.
* **partial** quotes: a few quoted words inside a sentence that reports speech
  (``Pistorius noted that it was “regrettable” that …``).
* **indirect** quotes: reported speech without quote marks (``Name said (that) …``,
  ``According to Name, …``); the span is the reported clause.

Scare quotes — quoted words with no speech act near them (``regarding “peace” talks``) — are
not speech: they are **left out entirely** (neither attributed nor listed as unattributed).
``Attribution.unattributed`` holds direct quotes that look like speech but whose speaker
could not be found.

Every ``Quote`` satisfies ``text == "\\n\\n".join(body)[start:end]`` and never includes the
quote marks themselves. Quotes never overlap and are reported in text order.

Robustness: all scanning is linear (no backtracking-prone regular expressions); work on a
single article is bounded (at most ``MAX_ITEMS`` quotes/reported-speech cues are analysed,
very long paragraphs are analysed in windows around each quote and get no indirect-speech
search), so a 10 MB line or 60,000 quote marks finish quickly. Nothing in here raises on
odd input; non-string paragraphs are converted with ``str``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from .cues import SPEECH_CUE_TEST_RE, analyse_quote
from .model import PARAGRAPH_SEPARATOR, Attribution, Item
from .quotes import find_quotes, has_quote_mark
from .reported import introducer, keep_supported, reported_speech
from .resolve import resolve
from .tokens import P, Q, tokenize

__all__ = ["attribute"]

#: Upper bound on quotes + reported-speech cues analysed per article (the rest of the quotes
#: are reported unattributed). Real articles have a few dozen at most.
MAX_ITEMS = 4000

#: Paragraphs longer than this are analysed in windows around each quote only.
LONG_PARAGRAPH = 20000

_WINDOW = 250

#: At most this many quotes of one very long paragraph are analysed.
_LONG_PARAGRAPH_QUOTES = 1000

#: Upper bound on quote marks looked at per article (a 10 MB line of quote marks).
MAX_QUOTE_MARKS = 200_000


def attribute(body: Sequence[str]) -> Attribution:
    """Find the quotes of an article body (its paragraphs) and who said them.

    Offsets are indices into ``"\\n\\n".join(body)``. Never raises on odd text.
    """
    try:
        paras = [p if isinstance(p, str) else str(p) for p in (body or ())]
    except Exception:  # pragma: no cover - an iterable that fails
        return Attribution((), ())
    return _attribute(paras)


def _attribute(paras: list[str]) -> Attribution:
    items: list[Item] = []
    para_toks: dict = {}  # paragraph index -> its tokens, for the pronoun stage
    budget = [MAX_ITEMS]
    mark_budget = [MAX_QUOTE_MARKS]
    base = 0
    sep = len(PARAGRAPH_SEPARATOR)
    prev_unclosed = False
    group_of_prev = -1
    group_id = 0
    for pi, para in enumerate(paras):
        has_q = has_quote_mark(para)
        quotes = find_quotes(para, pi, mark_budget) if has_q and mark_budget[0] > 0 else []
        cue = SPEECH_CUE_TEST_RE.search(para) is not None
        if quotes or cue or para.rstrip().endswith(":"):
            n0 = len(items)
            _analyse_paragraph(para, pi, base, quotes, items, budget, cue, para_toks)
            new = items[n0:]
            new.sort(key=lambda it: it.s)
            items[n0:] = new
            # multi-paragraph quotes: unclosed at the end, reopened at the start of the next
            first_q = quotes[0] if quotes else None
            if prev_unclosed and first_q is not None and first_q.mark_start == 0:
                for it in new:
                    if it.s == base + first_q.s and it.kind != "indirect":
                        it.group = group_of_prev
                        it.kind = "direct"
                        break
            last_q = quotes[-1] if quotes else None
            prev_unclosed = bool(last_q is not None and last_q.unclosed)
            if prev_unclosed:
                tail = next((it for it in reversed(new) if it.s == base + last_q.s), None)
                if tail is not None:
                    if tail.group < 0:
                        group_id += 1
                        tail.group = group_id
                    group_of_prev = tail.group
                else:
                    prev_unclosed = False
        else:
            prev_unclosed = False
        base += len(para) + sep
    return resolve(keep_supported(items), paras, para_toks)


def _analyse_paragraph(para: str, pi: int, base: int, quotes: list, items: list, budget: list,
                       cue: bool, para_toks: dict) -> None:
    """Add the items (quotes and reported speech) of one paragraph to *items*; ``cue``:
    the paragraph has a speech verb (``SPEECH_CUE_RE``), looked for once per paragraph.
    The paragraph's tokens are kept in *para_toks* for the pronoun stage."""
    indexed = list(enumerate(quotes))
    long_para = len(para) > LONG_PARAGRAPH
    if not long_para:
        toks: list = []
        qpos: dict = {}
        tokenize(para, 0, len(para), indexed, toks, qpos)
        if not (quotes and quotes[-1].unclosed):
            para_toks[pi] = toks  # (an unclosed quote may be a block quote: narrative there)
        used_verbs: set = set()
        spans = []
        for qi, q in indexed:
            if budget[0] <= 0:
                items.append(Item(base + q.s, base + q.e, "direct", None, pi))
                continue
            budget[0] -= 1
            n = qpos.get(qi)
            if n is None:
                continue
            it = analyse_quote(toks, n, 0, len(toks), q, pi, base, used_verbs)
            if it is not None:
                items.append(it)
                spans.append((q.mark_start, q.mark_end))
        if budget[0] > 0 and cue:
            reported_speech(para, toks, pi, base, used_verbs, items, budget)
        if toks and toks[-1].kind == P and toks[-1].text == ":":
            introducer(toks, pi, base, items)
        return
    # very long paragraph: windows around each quote
    starts = [q.mark_start for q in quotes]
    for qi, q in indexed:
        if qi >= _LONG_PARAGRAPH_QUOTES:
            budget[0] = min(budget[0], 0)
        if budget[0] <= 0:
            items.append(Item(base + q.s, base + q.e, "direct", None, pi))
            continue
        budget[0] -= 1
        a = max(0, q.mark_start - _WINDOW)
        b = min(len(para), q.mark_end + _WINDOW)
        lo_q = bisect_left(starts, a)
        near = []
        for j in range(max(0, lo_q - 1), len(quotes)):
            qq = quotes[j]
            if qq.mark_start >= b:
                break
            if qq.mark_end > a:
                near.append((j, qq))
        toks = []
        # start on a word boundary
        while a > 0 and a < q.mark_start and not para[a - 1].isspace():
            a += 1
        tokenize(para, a, b, near, toks)
        n = next((m for m, t in enumerate(toks) if t.kind == Q and t.qi == qi), None)
        if n is None:
            continue
        it = analyse_quote(toks, n, 0, len(toks), q, pi, base, set())
        if it is not None:
            items.append(it)
