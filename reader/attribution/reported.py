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
    DET,
    INDIRECT_SKIP_PREP,
    INDIRECT_STARTS,
    MONTHS_DAYS,
    OBJECT_VERBS,
    REPORT_VERBS,
    SAY,
    THAT_VERBS,
)
from .model import Item
from .sources import make_mention, np_forward, sentence_subject, subject_before
from .tokens import P, Q, W, sentence_end, sentence_start

_LOW = attrgetter("low")


def reported_speech(para, toks, pi, base, used_verbs, items, budget) -> None:
    """Reported speech without quote marks: ``Name said (that) …``, ``According to Name, …``.

    Called only for a paragraph with a speech verb. Only the tokens that can start an
    attribution ("according" and the clause verbs) are visited, picked out in C: the
    other tokens, nine in ten, cost nothing here.
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
        if low not in CLAUSE_VERBS:
            continue
        if budget[0] <= 0:
            return
        budget[0] -= 1
        prev = toks[v - 1] if v else None
        if prev is not None and prev.kind == W and (prev.low == "to" or prev.low in DET):
            continue
        if v + 1 < n and toks[v + 1].low in ("by", "of") and low.endswith("s") and low != "says":
            continue  # "claims by the licensed trade": a noun
        s0 = sentence_start(toks, v, 0)
        np = subject_before(toks, v, s0)
        if np is None and prev is not None and prev.low == "and":
            np = sentence_subject(toks, s0, v)
        if np is None:
            continue
        if _clause_before(toks, v, s0, np, pi, base, items):
            used_verbs.add(v)
            continue
        # where does the reported clause start?
        k = v + 1
        if k >= n or toks[k].kind != W:
            continue
        e_sent = sentence_end(toks, v, n)
        that = -1
        for m in range(k, min(e_sent, k + 9)):
            tm = toks[m]
            if tm.kind != W:
                break
            if tm.low == "that":
                that = m
                break
        if that >= 0:
            c = that + 1
        elif low in OBJECT_VERBS or low in THAT_VERBS or toks[k].low in INDIRECT_SKIP_PREP or toks[k].low == "that":
            continue
        else:
            c = k
            # "said Tuesday …" / "said on Tuesday …"
            while c < e_sent and toks[c].low in MONTHS_DAYS:
                c += 1
        if c >= e_sent or e_sent - c < 3:
            continue
        first_q = next((m for m in range(c, e_sent) if toks[m].kind == Q), -1)
        if first_q >= 0:
            # "Trump said … that Clinton once described the deal as “the gold standard” …":
            # the reported words before the quote are the indirect span, the quote stays a
            # quote of its own (quotes never overlap)
            last = first_q - 1
            while last > c and toks[last].kind == P:
                last -= 1
            if last - c < 3 or first_q == c:
                continue
            e_sent = last + 1
        start = toks[c].start
        end = toks[e_sent - 1].end
        if np.kind == "name" and not np.gender and toks[c].low in ("he", "she"):
            np.gender = "m" if toks[c].low == "he" else "f"  # "Fowler said he expects …"
        items.append(Item(base + start, base + end, "indirect", np, pi))
        used_verbs.add(v)


def _clause_before(toks, v, s0, np, pi, base, items) -> bool:
    """``Clause, Mr. Obama said in his interview.``: the reported clause comes first and the
    attribution closes the sentence. Adds the item and returns True when it is so."""
    st = v - 1
    while st > s0 and toks[st].start > np.pos:
        st -= 1
    if toks[st].start != np.pos or st - 1 - s0 < 4 or toks[st - 1].text != ",":
        return False
    e_sent = sentence_end(toks, v, len(toks))
    if e_sent - v > 8 or any(toks[m].low == "that" or toks[m].kind == Q for m in range(v + 1, e_sent)):
        return False
    if any(toks[m].kind == Q or (toks[m].kind == W and toks[m].low in SAY) for m in range(s0, st - 1)):
        return False
    items.append(Item(base + toks[s0].start, base + toks[st - 2].end, "indirect", np, -1 if pi is None else pi))
    return True


#: Documents that carry what someone said: "according to a report from X" is X.
_DOCUMENTS = frozenset("report study survey poll statement memo letter filing analysis review "
                       "paper document release audit".split())


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


def _according(toks, v, pi, base, items) -> None:
    n = len(toks)
    e = np_forward(toks, v + 2, n)
    np = make_mention(toks, v + 2, e)
    if np is None:
        return
    np, e = _document_author(toks, e, np, n)
    s0 = sentence_start(toks, v, 0)
    e_sent = sentence_end(toks, v, n)
    if v == s0:
        # According to Name, clause.
        if e < n and toks[e].kind == P and toks[e].text == ",":
            c = e + 1
            # skip an appositive ("according to Smith, the role, …")
            if c < e_sent and e_sent - c >= 3 and not any(toks[m].kind == Q for m in range(c, e_sent)):
                items.append(Item(base + toks[c].start, base + toks[e_sent - 1].end, "indirect", np, pi))
        return
    # clause, according to Name.
    if v - 1 >= s0 and toks[v - 1].kind == P and toks[v - 1].text == ",":
        if v - 1 - s0 >= 3 and not any(toks[m].kind == Q for m in range(s0, v - 1)):
            items.append(Item(base + toks[s0].start, base + toks[v - 2].end, "indirect", np, pi))


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
