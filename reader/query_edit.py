"""Editing a query's text to add a filter: a month (``date:2025-02``) or a person (``speaker:"…"``).

The app's timeline and speaker picker narrow the current results by editing the query the
user typed, not by filtering behind their back: the search box shows the edited query,
so the filter is visible, can be changed by hand and undone (Up walks the history).
Picking a second month *replaces* the first ``date:`` term instead of stacking two
(which would find nothing); the same for ``speaker:``. The edits work on the query's
text with the same rules as Whoosh's parser (quotes, ranges, groups), so a ``date:``
inside a quoted phrase is left alone.
"""

from __future__ import annotations

import re

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
#: Operators that bind looser than the AND a new term joins with: the query goes in brackets.
_LOOSE_OPERATORS = frozenset(("OR", "ANDNOT", "ANDMAYBE"))
_NEGATIONS = frozenset(("NOT", "ANDNOT"))
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
    """``query`` with every (not negated) ``field:…`` term replaced by ``term``, or with ``term`` added.

    An added term is ANDed with the whole query: a query with a top-level ``OR``,
    ``ANDNOT`` or ``ANDMAYBE`` (``nato OR eu``) is put in brackets first, so the filter
    applies to all of it.
    """
    spans = [(start, end) for start, end, negated in field_terms(query, field) if not negated]
    if spans:
        pieces, last = [], 0
        for start, end in spans:
            pieces += [query[last:start], term]
            last = end
        return "".join(pieces) + query[last:]
    stripped = query.strip()
    if not stripped:
        return term
    if _has_top_level_operator(stripped):
        stripped = f"({stripped})"
    return f"{stripped} {term}"


def field_terms(query: str, field: str) -> list[tuple[int, int, bool]]:
    """(start, end, negated) of each ``field:value`` term of ``query``, outside quoted phrases.

    ``negated`` is True after ``NOT`` or ``ANDNOT``: such a term excludes, and is not a
    filter to replace.
    """
    found = []
    prefix = field + ":"
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == '"':
            i = _after_quote(query, i, '"')
            continue
        if query.startswith(prefix, i) and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_:")):
            end = _value_end(query, i + len(prefix))
            found.append((i, end, _previous_word(query, i) in _NEGATIONS))
            i = end
            continue
        i += 1
    return found


def _after_quote(text: str, start: int, mark: str) -> int:
    """The index just past the quote that closes the one at ``start`` (or the end)."""
    close = text.find(mark, start + 1)
    return len(text) if close < 0 else close + 1


def _value_end(text: str, start: int) -> int:
    """Where the value of a field term starting at ``start`` ends."""
    n = len(text)
    if start >= n:
        return n
    opener = text[start]
    if opener in "\"'":
        end = _after_quote(text, start, opener)
        slop = re.match(r"~\d+", text[end:])  # "a phrase"~2
        return end + slop.end() if slop else end
    if opener in _CLOSING:
        depth, i = 0, start
        while i < n:
            ch = text[i]
            if ch == '"':
                i = _after_quote(text, i, '"')
                continue
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


def _has_top_level_operator(query: str) -> bool:
    """Whether a loose operator word stands outside any brackets and quotes in ``query``."""
    depth, word, i = 0, [], 0
    words = []
    while i <= len(query):
        ch = query[i] if i < len(query) else " "
        if ch == '"':
            i = _after_quote(query, i, '"')
            word = []
            continue
        if ch.isspace() or ch in "()":
            if word and depth == 0:
                words.append("".join(word))
            word = []
            depth += ch == "("
            depth -= ch == ")" and depth > 0
        else:
            word.append(ch)
        i += 1
    return any(w in _LOOSE_OPERATORS for w in words)
