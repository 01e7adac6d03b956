"""Forenames and their gender, for "he"/"she": ``Melanie … she`` is Melanie.

The list is ``data/forenames.txt`` (about 10,000 forenames, 93 KB), drawn from the US Social
Security Administration's counts of baby names, 1880–2015 (public domain; ``data/NOTICE``
says how): every forename given to at least 1,000 babies, marked male or female when at least
four in five of them were of that sex, else either. It is read the first time a pronoun needs
it (a few milliseconds, once per process) and asked through a cache. Without the file every
forename is unknown and the resolver works from titles and role words alone ("Mr.",
"spokeswoman").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["forename_gender"]

_PATH = Path(__file__).with_name("data") / "forenames.txt"

#: The list's marks as this module gives them: "m", "f", "" (a forename of either gender).
_MARKS = {"m": "m", "f": "f", "x": ""}

_table: list[dict[str, str]] = []


def _get() -> dict[str, str]:
    if not _table:
        names: dict[str, str] = {}
        try:
            text = _PATH.read_text(encoding="utf-8")
        except OSError:  # pragma: no cover - the data file missing or unreadable
            text = ""
        for line in text.splitlines():
            name, _, mark = line.partition("\t")
            if name and not name.startswith("#"):
                names[name] = _MARKS.get(mark, "")
        _table.append(names)
    return _table[0]


@lru_cache(maxsize=1 << 14)
def forename_gender(word: str) -> str | None:
    """"m" or "f" for a forename of that gender, "" for one of either, None for a word that
    is not a known forename (or an initial, or a word of fewer than three letters)."""
    w = word.strip(".")
    if len(w) < 3 or not w[:1].isupper() or not w.replace("-", "").isalpha():
        return None
    return _get().get(w.lower())
