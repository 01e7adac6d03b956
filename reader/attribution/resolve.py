"""Stage 4, resolution: each item gets its speaker and the result is assembled.

An item's own mention, resolved by coreference; else, for a direct quote, the nearest
attributed item of the same paragraph (before, else after), else the previous paragraph's
speaker (a quote paragraph without attribution continues the previous speaker). "The
minister said" goes to the speaker whose role names that office. The clusters with quotes
become the ``Attribution``'s speakers in order of their first quote, each under its fullest
name and its first role; direct quotes with nobody are listed as unattributed.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from .coreference import Cluster, he_or_she, same_person
from .forenames import forename_gender
from .lexicon import CAP_STOP, HONORIFICS, INVERTIBLE, NAME_TITLES, ORG_WORDS, ROLE_WORDS, SAY
from .model import PARAGRAPH_SEPARATOR, Attribution, Item, Quote, Speaker
from .names import capitalised_common_word, fold, name_parts, surname_form
from .pronouns import Narrative
from .sources import Mention, strip_det

_CAP_WORD_RE = re.compile(r"[A-Z][\w'’.-]*")


def _nobody_between(last, pronoun: str, body: str, since: int, pos: int):
    """The latest speaker, when nobody else is named between their attribution and the
    pronoun (``Mr Blair said … . “…,” he said``) and their name allows the pronoun: the
    common case, decided without reading the narrative. None otherwise."""
    if last is None or not last.person or last.kind != "name" or pos - since > 300 or pos < since:
        return None
    g = "m" if pronoun == "he" else "f"
    if last.gender and last.gender not in ("?", g):
        return None
    if not last.gender and len(last.parts) >= 2:
        fg = forename_gender(last.name.split()[0])
        if fg and fg != g:
            return None
    elif not last.gender:
        return None  # a surname alone: its gender is the narrative's to tell
    own = {w.lower() for w in last.name.split()}  # its own name after the quote ("…,” said Jo Lee.)
    for m in _CAP_WORD_RE.finditer(body, since, pos):
        w = m.group().lower().rstrip(".")
        if w not in CAP_STOP and w not in own:
            return None
    return last


def resolve(items: list[Item], paras: list[str], para_toks: dict | None = None) -> Attribution:
    """The attribution of an article from its items in text order (see the module's docstring);
    *para_toks*: the tokens of the paragraphs the cue stages read, by index (quotes are
    single tokens there), which the pronoun stage reads again rather than tokenize."""
    clusters: list[Cluster] = []
    by_item: dict[int, Cluster | None] = {}
    group_np: dict[int, Mention] = {}
    for it in items:
        if it.group >= 0 and it.np is not None and it.group not in group_np:
            group_np[it.group] = it.np

    last: Cluster | None = None
    last_in_para: dict[int, Cluster] = {}
    lookups = [50]
    recent: list[Cluster] = []  # clusters in order of their latest attribution
    last_end = [0]  # where the latest attributed item ends
    narrative: list = []  # the article's Narrative, read at the first he/she

    def cluster_for(np: Mention, pos: int) -> Cluster | None:
        nonlocal last
        if np.kind == "pronoun":
            if np.name not in ("he", "she"):
                return last
            # he/she: looked up a bounded number of times per article
            lookups[0] -= 1
            if lookups[0] < 0:
                return last
            quick = _nobody_between(last, np.name, body, last_end[0], pos)
            if quick is not None:
                return quick
            if not narrative:
                narrative.append(Narrative(paras, para_toks))
            referent = he_or_she(np.name, pos, narrative[0], clusters, recent)
            if referent is None:
                return last if last is not None and last.person else None
            if isinstance(referent, Cluster):
                return referent  # a mention that resolves a pronoun does not rename anybody
            np = referent
        if np.kind == "desc":
            # "the minister said" → the speaker whose role names that office
            parts = np.name.split()
            head = fold(parts[-1])
            if head in ROLE_WORDS and not np.role and len(parts) <= 3 and parts[0].lower() in ("the", head):
                for c in reversed(clusters):
                    if c.kind == "name" and c.role and head in fold(c.role).split():
                        return c
        for c in clusters:
            if same_person(c, np):
                c.count_apostrophes(np.name)
                if np.gender and c.gender != np.gender:
                    c.gender = np.gender if not c.gender else "?"
                if len(np.name) > len(c.name) and np.kind == "name" and len(name_parts(np.name)) >= len(c.parts):
                    c.name = np.name
                    c.parts = name_parts(np.name)
                if not c.role and np.role:
                    c.role = np.role
                return c
        c = Cluster(np)
        clusters.append(c)
        return c

    # first pass: local attributions, in text order
    body = PARAGRAPH_SEPARATOR.join(paras)
    pending: list[Item] = []
    for idx, it in enumerate(items):
        np = it.np
        if np is None and it.group >= 0:
            np = group_np.get(it.group)
        if np is not None and np.kind == "name" and 0 <= it.para < len(paras) and not any(
                same_person(c, np) for c in clusters) and capitalised_common_word(np, paras[it.para], body):
            np = None  # "Following claims that …, X said": nobody named, the fallbacks decide
        c = cluster_for(np, it.s) if np is not None else None
        if c is not None:
            last = c
            if recent and recent[-1] is not c:
                if c in recent[-6:]:
                    recent.remove(c)
                recent.append(c)
            elif not recent:
                recent.append(c)
            last_end[0] = max(last_end[0], it.e)
            last_in_para[it.para] = c
            by_item[idx] = c
        else:
            by_item[idx] = None
            pending.append(it)

    # fallbacks for direct quotes without their own attribution: the nearest attributed
    # item of the same paragraph (before, else after), else the previous paragraph's speaker
    n = len(items)
    next_in_para: list = [None] * n
    nxt = None
    for idx in range(n - 1, -1, -1):
        if idx + 1 < n and items[idx + 1].para != items[idx].para:
            nxt = None
        next_in_para[idx] = nxt
        if by_item[idx] is not None:
            nxt = by_item[idx]
    prev_c = None
    for idx, it in enumerate(items):
        if idx and items[idx - 1].para != it.para:
            prev_c = None
        c = by_item[idx]
        if c is None and it.kind not in ("indirect", "intro"):
            if prev_c is not None:
                c = prev_c
            elif next_in_para[idx] is not None:
                c = next_in_para[idx]
            elif it.kind == "direct" and it.para - 1 in last_in_para:
                c = last_in_para[it.para - 1]
            by_item[idx] = c
            if c is not None:
                last_in_para[it.para] = c
        if c is not None:
            prev_c = c

    text_quotes: dict[int, list[Quote]] = {}
    unattributed: list[Quote] = []
    text = None
    for idx, it in enumerate(items):
        if text is None:
            text = PARAGRAPH_SEPARATOR.join(paras)
        q = Quote(text[it.s:it.e], it.s, it.e, it.kind)
        c = by_item[idx]
        if it.kind == "intro":
            continue
        if c is None:
            if it.kind != "indirect":
                unattributed.append(q)
        else:
            text_quotes.setdefault(id(c), []).append(q)
    speakers = []
    order = sorted((c for c in clusters if id(c) in text_quotes),
                   key=lambda c: text_quotes[id(c)][0].start)
    if any(c.kind == "name" and len(c.parts) == 1 for c in order):
        _full_names(order, body)
    for c in order:
        name = c.display_name()
        if c.kind == "desc":
            name = strip_det(name)
        speakers.append(Speaker(name, c.role, tuple(text_quotes[id(c)])))
    return Attribution(tuple(speakers), tuple(unattributed))


_NOT_FORENAMES = SAY | INVERTIBLE | ORG_WORDS | HONORIFICS

#: A forename (and an initial) just before a surname: the end of the text before it.
_BEFORE_SURNAME_RE = re.compile(r"(?<![\w'’])([A-Z][a-z]{2,}) (?:([A-Z]\.) )?$")

def _spelt(body: str, word: str) -> list:
    """The places of *word* in *body* that end a word, as regex matches of it."""
    out = []
    i = body.find(word)
    n = len(word)
    while i >= 0:
        j = i + n
        if j >= len(body) or not body[j].isalnum() or body[j:j + 2] in ("'s", "’s"):
            m = _WORD_AT.match(body, i)
            if m is not None:
                out.append(m)
        i = body.find(word, j)
    return out


_WORD_AT = re.compile(r"[\w'’-]+")


def _full_names(clusters: list, body: str) -> None:
    """A speaker named by a surname alone (``McConnell said``) takes the full name the
    article gives that surname (``Mitch McConnell``) when it gives one forename only; a
    surname one letter away from such a name (``McLenney`` after ``Tyresha McClenney``,
    at least five letters, same first two letters) is that name misspelt, when only one is
    near. A first word counts as a forename when the forename list has it, or when it is
    inside a sentence and no title, role, speech verb or common capitalised word. One
    literal search of the body per such speaker (the words that begin as the surname does)."""
    for c in clusters:
        if c.kind != "name" or len(c.parts) != 1 or len(c.name) < 2:
            continue
        key = surname_form(c.name)
        firsts: dict[str, set] = {}
        full: dict[str, str] = {}
        # the surname as spelt first (a search in C); the words that begin as it does (a
        # misspelling) only when that gives no forename
        hits = _spelt(body, c.name)
        if not any(_BEFORE_SURNAME_RE.search(body, max(0, h.start() - 40), h.start()) for h in hits):
            # (a name spelt the same way three times is how the article spells it)
            hits = re.finditer(re.escape(c.name[:2]) + r"[\w'’-]*", body) if len(key) >= 5 and len(hits) <= 2 else ()
        for m in hits:
            s = m.start()
            if s < 4 or body[s - 1] != " " or body[s - 2].isspace():
                continue
            word = m.group()
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            k = surname_form(word)
            if k != key and not (len(key) >= 5 and abs(len(k) - len(key)) <= 1
                                 and Levenshtein.distance(k, key, score_cutoff=1) <= 1):
                continue
            pm = _BEFORE_SURNAME_RE.search(body, max(0, s - 40), s)
            if pm is None:
                continue
            first = pm.group(1)
            low = first.lower()
            if low in CAP_STOP or low in ROLE_WORDS or low in _NOT_FORENAMES or fold(first) in NAME_TITLES:
                continue
            firsts.setdefault(k, set()).add(first)
            if forename_gender(first) is None:
                b4 = body[max(0, pm.start() - 2):pm.start()]
                if pm.start() < 2 or b4[-1:] != " " or b4[:1] in ".?!:\n\"“”":
                    continue  # not a known forename, and opening its sentence ("Poor Mexico")
            name = first + (" " + pm.group(2) if pm.group(2) else "") + " " + word
            if len(name) > len(full.get(k, "")):
                full[k] = name
        if key not in full:
            near = [k for k in full if k != key]
            if len(near) != 1:
                continue
            key = near[0]
        fg = forename_gender(full[key].split()[0])
        if len(firsts[key]) == 1 and (c.person or fg is not None) and not (
                c.gender in ("m", "f") and fg in ("m", "f") and fg != c.gender):
            c.name = full[key]
            c.parts = name_parts(c.name)
