"""The query history: the searches a user ran, newest last, kept between sessions.

A plain text file in the user data dir, one query per line. Kept small (the last
:data:`MAX_ENTRIES` distinct queries), written atomically, and never a reason to fail:
an unreadable or unwritable history just means no history.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..locations import user_data_dir
from ..untrusted import read_regular

MAX_ENTRIES = 500
#: A history file larger than this is not reader's (MAX_ENTRIES queries are far less).
MAX_FILE_BYTES = 4 * 1024 * 1024


def history_path() -> Path:
    return user_data_dir() / "history.txt"


class QueryHistory:
    """Queries in the order they were run, without repeats, with a cursor for Up/Down."""

    def __init__(self, path: Path | None = None):
        self.path = path or history_path()
        self.entries: list[str] = self._read()
        self._cursor = len(self.entries)

    def _read(self) -> list[str]:
        try:  # bounded, and never waiting on a FIFO put in its place
            data = read_regular(self.path, MAX_FILE_BYTES)
        except OSError:
            return []
        lines = data.decode("utf-8", errors="replace").splitlines()
        return [line for line in lines if line.strip()][-MAX_ENTRIES:]

    def add(self, query: str) -> None:
        """Remember a query (moving it to the end if it was there already) and save."""
        query = " ".join(query.split())
        if query:
            if query in self.entries:
                self.entries.remove(query)
            self.entries.append(query)
            del self.entries[:-MAX_ENTRIES]
            self._save()
        self._cursor = len(self.entries)

    def previous(self) -> str | None:
        """The query before the cursor (Up), or None at the oldest."""
        if self._cursor == 0:
            return None
        self._cursor -= 1
        return self.entries[self._cursor]

    def next(self) -> str:
        """The query after the cursor (Down); an empty string past the newest."""
        if self._cursor < len(self.entries):
            self._cursor += 1
        return self.entries[self._cursor] if self._cursor < len(self.entries) else ""

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text("\n".join(self.entries) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
