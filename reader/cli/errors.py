"""How a command fails: one line on stderr and an exit status, never a traceback.

Apart from the commands because every module of the CLI raises these and ``main``
turns them into the line and the status.
"""

from __future__ import annotations

from pathlib import Path

from ..text import display_path

EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report as one line on stderr, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR):
        super().__init__(message)
        self.status = status


def damaged(index_dir: Path, exc: BaseException) -> str:
    """The message for an index that cannot be read (Whoosh raises many types on one)."""
    reason = " ".join(str(exc).split())[:120] or type(exc).__name__
    return f"the index at {display_path(str(index_dir))} cannot be read ({type(exc).__name__}: {reason}); run: reader index --rebuild"
