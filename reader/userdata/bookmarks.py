"""Bookmarks: articles a user marked to come back to, kept per corpus between sessions.

User data, not configuration: a JSON file in the user data dir (beside the query
history), ``{"version": 1, "corpora": {"<corpus path>": [bookmark, …]}}``. Each change
re-reads the file under a lock and writes it atomically, so two open apps (or the app and
``reader bookmarks``) never lose each other's bookmarks. A damaged file is never a reason
to fail: it gets one warning, is set aside as ``bookmarks.json.damaged`` at the next save
(so nothing the user had is destroyed), and reader starts with no bookmarks.

Whether the file is damaged is decided by the read done under the lock, the one the save
is based on: another app may have set the damaged file aside and written a good one since
this app last looked. An earlier ``.damaged`` file is never overwritten (the next one is
``.damaged.1``, …): each may be all that is left of someone's bookmarks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from ..article import Article
from ..locations import user_data_dir
from ..text import display_path
from ..untrusted import loads_json, read_regular

VERSION = 1
#: How long a change waits for another process's change to the file (seconds).
LOCK_TIMEOUT = 5.0
#: A bookmarks file larger than this is not reader's.
MAX_FILE_BYTES = 16 * 1024 * 1024


def bookmarks_path() -> Path:
    return user_data_dir() / "bookmarks.json"


def corpus_key(corpus: str | os.PathLike[str]) -> str:
    """Bookmarks are kept per corpus, under its real absolute path."""
    return os.path.realpath(corpus)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked article: enough to list it and open it without the index."""

    id: str
    path: str
    title: str
    date: str | None  # ISO date of the article, if it has one
    added: str  # ISO timestamp (UTC) of when it was bookmarked

    @classmethod
    def of(cls, article: Article) -> Bookmark:
        return cls(id=article.id, path=article.path, title=article.title,
                   date=article.date.date().isoformat() if article.date else None,
                   added=datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def gone(self) -> bool:
        """The article's file is no longer there (moved, renamed or deleted)."""
        return not os.path.isfile(self.path)

    def to_json(self) -> dict:
        return asdict(self)


def _inside(path: str, corpus: str) -> bool:
    """Whether ``path`` is in the corpus: a bookmark opens nothing else, whatever the file says."""
    real = os.path.realpath(path)
    return real.startswith(os.path.realpath(corpus).rstrip(os.sep) + os.sep)


def _bookmark(data: object) -> Bookmark | None:
    if not isinstance(data, dict):
        return None
    fields = {name: data.get(name) for name in ("id", "path", "title", "date", "added")}
    if not all(isinstance(fields[name], str) for name in ("id", "path", "title", "added")):
        return None
    if fields["date"] is not None and not isinstance(fields["date"], str):
        return None
    return Bookmark(**fields)


class BookmarkError(Exception):
    """A change that could not be saved; ``str()`` is one line."""


class Bookmarks:
    """The bookmarks file. Reads are fresh each time; every change is locked and atomic."""

    def __init__(self, path: Path | None = None, warn: Callable[[str], None] | None = None) -> None:
        self.path = path or bookmarks_path()
        self.warn = warn or (lambda message: None)
        self._warned = False

    # -- reading -----------------------------------------------------------------

    def _read(self) -> tuple[dict[str, list[Bookmark]], bool]:
        """Every corpus's bookmarks, and whether the file is damaged (it warns once and counts as empty)."""
        try:  # bounded, and never waiting on a FIFO put in its place
            raw = read_regular(self.path, MAX_FILE_BYTES)
        except FileNotFoundError:
            return {}, False
        except OSError as exc:
            return self._damage(f"cannot be read ({exc.strerror or exc})")
        try:
            data = loads_json(raw)  # nested too deep: a ValueError, the file is damaged
            corpora = data["corpora"]
            if data.get("version") != VERSION or not isinstance(corpora, dict):
                raise ValueError("not a reader bookmarks file")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            reason = " ".join(str(exc).split())[:80] or type(exc).__name__
            return self._damage(f"is damaged ({reason})")
        out = {}
        for corpus, items in corpora.items():
            marks = [b for b in map(_bookmark, items if isinstance(items, list) else []) if b is not None]
            inside = [b for b in marks if _inside(b.path, corpus)]
            if len(inside) < len(marks) and not self._warned:
                self._warned = True
                outside = next(b for b in marks if b not in inside)
                self.warn(f"the bookmarks file {display_path(str(self.path))} has a bookmark outside its corpus "
                          f"({display_path(outside.path)}); ignored")
            if inside:
                out[corpus] = inside
        return out, False

    def _damage(self, reason: str) -> tuple[dict, bool]:
        if not self._warned:
            self._warned = True
            self.warn(f"the bookmarks file {display_path(str(self.path))} {reason}; starting with no bookmarks "
                      f"(the file will be kept as {self._aside_path().name})")
        return {}, True

    def _aside_path(self) -> Path:
        """Where a damaged file is set aside: ``.damaged``, or the first free ``.damaged.N``."""
        aside = self.path.with_name(self.path.name + ".damaged")
        number = 0
        while aside.exists() or aside.is_symlink():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.damaged.{number}")
        return aside

    def for_corpus(self, corpus: str | os.PathLike[str]) -> list[Bookmark]:
        """This corpus's bookmarks, the most recently added first."""
        return list(reversed(self._read()[0].get(corpus_key(corpus), [])))

    def all(self) -> dict[str, list[Bookmark]]:
        """Every corpus's bookmarks (most recent first), by corpus path."""
        return {corpus: list(reversed(marks)) for corpus, marks in self._read()[0].items()}

    def contains(self, corpus: str | os.PathLike[str], article_id: str) -> bool:
        return any(b.id == article_id for b in self._read()[0].get(corpus_key(corpus), []))

    # -- changing ----------------------------------------------------------------

    def add(self, corpus: str | os.PathLike[str], article: Article) -> Bookmark:
        mark = Bookmark.of(article)

        def change(marks: list[Bookmark]) -> list[Bookmark]:
            return [b for b in marks if b.id != article.id] + [mark]

        self._change(corpus, change)
        return mark

    def remove(self, corpus: str | os.PathLike[str], article_id: str) -> bool:
        """Remove a bookmark; False if there was none."""
        found = False

        def change(marks: list[Bookmark]) -> list[Bookmark]:
            nonlocal found
            kept = [b for b in marks if b.id != article_id]
            found = len(kept) != len(marks)
            return kept

        self._change(corpus, change)
        return found

    def toggle(self, corpus: str | os.PathLike[str], article: Article) -> bool:
        """Bookmark the article, or remove its bookmark; True if it is now bookmarked.

        One locked change: two apps toggling the same article at once end up with one
        bookmark or none, never a "removed" and an "added" that both say so.
        """
        marked = False

        def change(marks: list[Bookmark]) -> list[Bookmark]:
            nonlocal marked
            kept = [b for b in marks if b.id != article.id]
            marked = len(kept) == len(marks)
            return kept + [Bookmark.of(article)] if marked else kept

        self._change(corpus, change)
        return marked

    def _change(self, corpus: str | os.PathLike[str], change: Callable[[list[Bookmark]], list[Bookmark]]) -> None:
        key = corpus_key(corpus)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT):
                corpora, damaged = self._read()
                marks = change(corpora.get(key, []))
                if marks:
                    corpora[key] = marks
                else:
                    corpora.pop(key, None)
                if damaged and self.path.exists():
                    os.replace(self.path, self._aside_path())
                self._write(corpora)
        except Timeout:
            raise BookmarkError("another reader is changing the bookmarks; try again") from None
        except OSError as exc:
            raise BookmarkError(f"cannot save the bookmarks in {display_path(str(self.path))} "
                                f"({exc.strerror or exc})") from None

    def _write(self, corpora: dict[str, list[Bookmark]]) -> None:
        data = {"version": VERSION, "corpora": {c: [b.to_json() for b in marks] for c, marks in corpora.items()}}
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        finally:
            if tmp.exists():
                tmp.unlink()
