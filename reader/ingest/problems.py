"""What loading a file gives besides articles: the problems met, as values, not exceptions.

One bad file, or one bad line of a JSON Lines file, must never stop a corpus from
loading: every loader returns a :class:`Problem` instead of raising, and the walk and the
index turn each into one warning line naming the file (and line).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..article import Article
from ..text import display_path


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file, or one line of it, was skipped or read with a caveat."""

    path: str
    message: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.message}"


@dataclass(slots=True)
class LoadResult:
    """What one file gave: its articles, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """How many files or lines were skipped (a file that gave nothing counts once)."""
        return sum(1 for p in self.problems if p.skipped)
