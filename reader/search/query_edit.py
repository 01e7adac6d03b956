"""Editing a query's text to add a filter: a month (``date:2025-02``) or a person (``speaker:"…"``).

The app's timeline and speaker picker narrow the current results by editing the query the
user typed, not by filtering behind their back: the search box shows the edited query,
so the filter is visible, can be changed by hand and undone (Up walks the history).
Picking a second month *replaces* the first ``date:`` term instead of stacking two
(which would find nothing); the same for ``speaker:``, where replacing surely narrows
the whole query (see :func:`with_term`). The edits work on the query's text with the
same rules as Whoosh's parser (its patterns for quotes; ranges, groups), so a ``date:``
inside a quoted phrase or a ``'quoted term'`` is left alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from whoosh.qparser import plugins

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
#: Operators that bind looser than the AND a new term joins with: the query goes in brackets.
_LOOSE_OPERATORS = frozenset(("OR", "ANDNOT", "ANDMAYBE"))
#: Top-level operators that make a term narrow only one branch of the query, not all of it.
_BRANCHING = frozenset(("OR", "ANDMAYBE"))
_NEGATIONS = frozenset(("NOT", "ANDNOT"))
#: Whoosh's parser's own patterns for a ``"phrase"~slop`` and a ``'quoted term'``.
_PHRASE = re.compile(plugins.PhrasePlugin().expr)
_SINGLE_QUOTED = re.compile(plugins.SingleQuotePlugin.expr)
_CLOSING = {"[": "]", "{": "}", "(": ")"}


def speaker_term(name: str) -> str:
    """``speaker:"NAME"`` for a name as reader found it.

    Whoosh's phrase ends at the next double quote and has no escape, so quote marks in a
    name become spaces (the name analyzer drops them anyway); other characters, brackets
    and markup-like text included, are safe inside the phrase.
    """
    clean = " ".join(name.replace('"', " ").split())
    if not clean:
        raise ValueError(f"no name to search for in {name!r}")
    return f'speaker:"{clean}"'


def date_term(month: str) -> str:
    """``date:YYYY-MM`` (the whole month), for a month written YYYY-MM."""
    if not _MONTH.match(month):
        raise ValueError(f"not a month (YYYY-MM): {month!r}")
    return f"date:{month}"


def with_month(query: str, month: str) -> str:
    """``query`` narrowed to one month: its ``date:`` terms replaced, else one added."""
    return with_term(query, "date", date_term(month))


def with_speaker(query: str, name: str) -> str:
    """``query`` narrowed to one person: its ``speaker:`` terms replaced, else one added."""
    return with_term(query, "speaker", speaker_term(name))


def with_term(query: str, field: str, term: str) -> str:
    """``query`` with its top-level ``field:…`` filter replaced by ``term``, or with ``term`` added.

    A term is replaced only where that is sure to narrow the whole query: outside
    brackets, not negated, in a query with no top-level ``OR`` or ``ANDMAYBE`` (in
    ``nato date:2024 OR eu`` or ``(nato date:2024) OR eu`` the date narrows one branch,
    and changing it would leave ``eu`` results of every month). Otherwise ``term`` is
    ANDed with the whole query: a query with a top-level ``OR``, ``ANDNOT`` or
    ``ANDMAYBE`` is put in brackets first, so the filter applies to all of it.
    """
    stripped = query.strip()
    if not stripped:
        return term
    operators = _top_level_words(stripped) & _LOOSE_OPERATORS
    if not operators & _BRANCHING:
        spans = [(t.start, t.end) for t in field_terms(query, field) if t.top_level and not t.negated]
        if spans:
            pieces, last = [], 0
            for start, end in spans:
                pieces += [query[last:start], term]
                last = end
            return "".join(pieces) + query[last:]
    if operators:
        stripped = f"({stripped})"
    return f"{stripped} {term}"


class FieldTerm(NamedTuple):
    """Where a ``field:value`` term is in a query, and how it stands there."""

    start: int
    end: int
    negated: bool  # after NOT or ANDNOT: it excludes, and is not a filter to replace
    top_level: bool  # outside any brackets


def field_terms(query: str, field: str) -> list[FieldTerm]:
    """Each ``field:value`` term of ``query``, outside quoted phrases and quoted terms."""
    found = []
    prefix = field + ":"
    depth, i, n = 0, 0, len(query)
    while i < n:
        quoted = _quoted_end(query, i)
        if quoted is not None:
            i = quoted
            continue
        ch = query[i]
        if query.startswith(prefix, i) and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_:")):
            end = _value_end(query, i + len(prefix))
            found.append(FieldTerm(i, end, _previous_word(query, i) in _NEGATIONS, depth == 0))
            i = end
            continue
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        i += 1
    return found


def _quoted_end(text: str, start: int) -> int | None:
    """If a ``"phrase"`` or a ``'quoted term'`` starts at ``start``, the index just past it.

    Whoosh's own patterns decide, so this agrees with its parser: an unclosed ``"`` is an
    ordinary character, and a ``'`` opens a term only after a non-word character and is
    closed only by one followed by a space, a bracket or the end (``O'Brien`` is a word).
    """
    if text[start] not in "\"'":
        return None
    for pattern in (_PHRASE, _SINGLE_QUOTED):
        match = pattern.match(text, start)
        if match:
            return match.end()
    return None


def _value_end(text: str, start: int) -> int:
    """Where the value of a field term starting at ``start`` ends."""
    n = len(text)
    if start >= n:
        return n
    quoted = _quoted_end(text, start)
    if quoted is not None:
        return quoted
    if text[start] in _CLOSING:
        depth, i = 0, start
        while i < n:
            quoted = _quoted_end(text, i)
            if quoted is not None:
                i = quoted
                continue
            ch = text[i]
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return n
    i = start
    while i < n and not text[i].isspace() and text[i] != ")":
        i += 1
    return i


def _previous_word(text: str, end: int) -> str:
    words = text[:end].split()
    return words[-1] if words else ""


def _top_level_words(query: str) -> set[str]:
    """The words of ``query`` outside any brackets and quotes (where its operators are)."""
    depth, word, i = 0, [], 0
    words = set()
    while i <= len(query):
        quoted = _quoted_end(query, i) if i < len(query) else None
        if quoted is not None:
            i = quoted
            word = []
            continue
        ch = query[i] if i < len(query) else " "
        if ch.isspace() or ch in "()":
            if word and depth == 0:
                words.add("".join(word))
            word = []
            depth += ch == "("
            depth -= ch == ")" and depth > 0
        else:
            word.append(ch)
        i += 1
    return words
