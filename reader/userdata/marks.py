"""Read/unread state and tags of articles, kept per corpus in the user data dir.

Never in the corpus (it is read-only) and never in the index (a rebuild would lose
them): ``marks.json`` beside the bookmarks, ``{"version": 1, "corpora": {"<corpus real
path>": {"<article path relative to the corpus>": {"read": true, "tags": [...]}}}}``.

Keyed by the path relative to the corpus, not the content hash: an index rebuild keeps
paths, a moved corpus folder keeps relative paths, and an exact duplicate at two paths is
two articles the user may read or tag apart (a hash would mark both at once). An edited
article keeps its marks, which is what a user who tagged it expects.

Every change re-reads the file under a lock and writes it atomically (temp file +
``os.replace``), so two processes changing different articles never lose each other's
changes. A damaged file warns and counts as empty, like the bookmarks file.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from filelock import FileLock, Timeout

from ..locations import user_data_dir
from ..text import display_path
from ..untrusted import loads_json, read_regular
from .bookmarks import LOCK_TIMEOUT, MAX_FILE_BYTES, corpus_key

VERSION = 1


class MarkError(Exception):
    """A change that could not be saved, or a file outside the corpus; ``str()`` is one line."""


def marks_path() -> Path:
    return user_data_dir() / "marks.json"


def relative_key(corpus: str | os.PathLike[str], path: str | os.PathLike[str]) -> str:
    """The article's path relative to the corpus (``/``-separated); MarkError if outside it."""
    root = os.path.realpath(corpus)
    real = os.path.realpath(path)
    if not real.startswith(root.rstrip(os.sep) + os.sep):
        raise MarkError(f"{display_path(str(path))} is not in the corpus {display_path(root)}")
    return os.path.relpath(real, root).replace(os.sep, "/")


class Marks:
    """One corpus's read state and tags. Reads are fresh; every change is locked and atomic."""

    def __init__(self, corpus: str | os.PathLike[str], path: Path | None = None,
                 warn: Callable[[str], None] | None = None) -> None:
        self.corpus = corpus_key(corpus)
        self.path = path or marks_path()
        self.warn = warn or (lambda message: None)
        self._damaged = False

    def _read_all(self) -> dict[str, dict[str, dict]]:
        try:
            raw = read_regular(self.path, MAX_FILE_BYTES)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.warn(f"the marks file {display_path(str(self.path))} cannot be read ({exc.strerror or exc})")
            return {}
        try:
            data = loads_json(raw)
            corpora = data["corpora"]
            if data.get("version") != VERSION or not isinstance(corpora, dict):
                raise ValueError("not a reader marks file")
        except (ValueError, KeyError, TypeError, AttributeError):
            self.warn(f"the marks file {display_path(str(self.path))} is damaged; starting with no marks")
            self._damaged = True
            return {}
        return {c: {k: v for k, v in arts.items() if isinstance(k, str) and isinstance(v, dict)}
                for c, arts in corpora.items() if isinstance(arts, dict)}

    def _articles(self) -> dict[str, dict]:
        return self._read_all().get(self.corpus, {})

    def _change(self, keys: Iterable[str], change: Callable[[dict], dict]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT):
                self._damaged = False
                corpora = self._read_all()
                if self._damaged:  # kept aside, never overwritten: it may be all the user had
                    os.replace(self.path, self.path.with_name(f"{self.path.name}.damaged.{os.getpid()}"))
                articles = corpora.setdefault(self.corpus, {})
                for key in keys:
                    entry = change(dict(articles.get(key, {})))
                    if entry.get("read") or entry.get("tags"):
                        articles[key] = entry
                    else:
                        articles.pop(key, None)
                if not articles:
                    corpora.pop(self.corpus, None)
                tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
                try:
                    tmp.write_text(json.dumps({"version": VERSION, "corpora": corpora}, ensure_ascii=False,
                                              indent=1) + "\n", encoding="utf-8")
                    os.replace(tmp, self.path)
                finally:
                    if tmp.exists():
                        tmp.unlink()
        except Timeout:
            raise MarkError("another reader is changing the marks; try again") from None
        except OSError as exc:
            raise MarkError(f"cannot save the marks in {display_path(str(self.path))} "
                            f"({exc.strerror or exc})") from None

    def _keys(self, paths: Iterable[str | os.PathLike[str]]) -> list[str]:
        return [relative_key(self.corpus, p) for p in paths]

    # -- read state ----------------------------------------------------------------

    def mark_read(self, *paths: str | os.PathLike[str]) -> None:
        self._change(self._keys(paths), lambda e: {**e, "read": True})

    def mark_unread(self, *paths: str | os.PathLike[str]) -> None:
        self._change(self._keys(paths), lambda e: {k: v for k, v in e.items() if k != "read"})

    def is_read(self, path: str | os.PathLike[str]) -> bool:
        return bool(self._articles().get(relative_key(self.corpus, path), {}).get("read"))

    def read_set(self) -> set[str]:
        """Absolute paths of the articles marked read (what a search filter compares)."""
        return {os.path.join(self.corpus, k) for k, e in self._articles().items() if e.get("read")}

    def read_keys(self) -> set[str]:
        """The read articles' paths relative to the corpus: the index's ``file`` keys (for is:read)."""
        return {k for k, e in self._articles().items() if e.get("read")}

    def tag_keys(self, tag: str) -> set[str]:
        """The relative paths of the articles with this tag (for tag:NAME)."""
        return {k for k, e in self._articles().items()
                if isinstance(e.get("tags"), list) and tag.lower() in e["tags"]}

    # -- tags ----------------------------------------------------------------------

    def add_tag(self, tag: str, *paths: str | os.PathLike[str]) -> None:
        tag = check_tag(tag)
        self._change(self._keys(paths), lambda e: {**e, "tags": sorted(set(e.get("tags", [])) | {tag})})

    def remove_tag(self, tag: str, *paths: str | os.PathLike[str]) -> None:
        tag = check_tag(tag)
        self._change(self._keys(paths), lambda e: {**e, "tags": sorted(set(e.get("tags", [])) - {tag})})

    def tags_of(self, path: str | os.PathLike[str]) -> list[str]:
        tags = self._articles().get(relative_key(self.corpus, path), {}).get("tags", [])
        return sorted(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else []

    def articles_with_tag(self, tag: str) -> set[str]:
        """Absolute paths of the articles with this tag."""
        return {os.path.join(self.corpus, k) for k, e in self._articles().items()
                if isinstance(e.get("tags"), list) and tag.lower() in e["tags"]}

    def all_tags(self) -> dict[str, int]:
        """Every tag in this corpus and how many articles have it, most used first."""
        counts = Counter(t for e in self._articles().values() if isinstance(e.get("tags"), list)
                         for t in e["tags"] if isinstance(t, str))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def check_tag(tag: str) -> str:
    """A tag is one word of letters, digits, ``-`` or ``_`` (so ``tag:NAME`` can name it)."""
    if not tag or not all(ch.isalnum() or ch in "-_" for ch in tag):
        raise MarkError(f"bad tag {tag!r}: use letters, digits, - or _")
    return tag.lower()
