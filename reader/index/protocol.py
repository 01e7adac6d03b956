"""The indexer's lines: what ``reader index`` prints and what the app reads of it.

The app runs ``reader index --json --progress`` as a child process, so the heavy work of
an update keeps off the app's interpreter and can use its own process pool. The two
sides speak through lines: on stdout, one JSON object a line (``{"progress": {...}}``
while files are parsed, then the summary); on stderr, ``reader: warning: ...`` for each
file that could not be read and ``reader: error: ...`` when the update failed. Both
sides use this module, so the format has one owner and cannot drift apart.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass

WARNING = "reader: warning: "
ERROR = "reader: error: "


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What an update did; ``total`` is the number of articles in the index after it."""

    total: int
    added: int
    updated: int
    removed: int
    skipped: int
    seconds: float

    def to_json(self) -> dict:
        return asdict(self) | {"seconds": round(self.seconds, 3)}

    def __str__(self) -> str:
        return (
            f"{self.total} articles indexed: {self.added} added, {self.updated} updated, "
            f"{self.removed} removed, {self.skipped} skipped in {self.seconds:.2f} s"
        )


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """Progress of an update: ``done`` of ``total`` files parsed in the current phase."""

    phase: str
    done: int
    total: int


def warning_line(message: str) -> str:
    return WARNING + message


def error_line(message: str) -> str:
    return ERROR + message


def progress_line(p: IndexProgress) -> str:
    return json.dumps({"progress": {"phase": p.phase, "done": p.done, "total": p.total}})


def summary_line(summary: IndexSummary) -> str:
    return json.dumps(summary.to_json())


def read_line(raw: str) -> IndexProgress | IndexSummary | None:
    """What one stdout line of the indexer says (None for anything else)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        if "progress" in data:
            p = data["progress"]
            return IndexProgress(p["phase"], p["done"], p["total"])
        if "total" in data:
            return IndexSummary(**data)
    except (KeyError, TypeError):
        return None
    return None


def warnings_in(stderr_lines: Iterable[str]) -> list[str]:
    """The warnings the indexer gave, without their prefix."""
    return [line.removeprefix(WARNING) for line in stderr_lines if line.startswith(WARNING)]


def failure_in(stderr_lines: Iterable[str], returncode: int) -> str:
    """Why the indexer failed: its error line, else its exit status."""
    return next((line.removeprefix(ERROR) for line in stderr_lines if line.startswith(ERROR)),
                f"the indexer stopped (exit status {returncode})")


def indexer_command(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str], *,
                    rebuild: bool = False) -> list[str]:
    """The command line of the indexer child, speaking this protocol."""
    return ([sys.executable, "-m", "reader", "index", str(corpus), "--index-dir", str(index_dir), "--json",
             "--progress"] + (["--rebuild"] if rebuild else []))


def indexer_environment() -> dict[str, str]:
    """The child's environment: the corpus and index are given on its command line, so it
    has no use for the config file, and must not stop because the user broke that file
    while the app was open."""
    return {**os.environ, "READER_CONFIG": os.devnull}

