"""Finding the article files of a corpus, safely, and the bundled sample corpus.

A corpus is somebody's archive: the walk only reads it (it never writes, moves or
deletes), never leaves the corpus root through a symlink, survives symlink loops, skips
hidden folders and the index, and reports what it passes over instead of raising.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from ..article import Article
from ..text import display_path
from .loaders import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, load_file
from .problems import Problem

#: File names (before the ending, any case) that document a folder rather than hold an
#: article: a data set's README.TXT is not news.
NOT_ARTICLES = frozenset(("readme", "license", "licence", "copying", "notice", "changelog", "authors"))


class CorpusFile(NamedTuple):
    """One article file: ``key`` is its path relative to the root ('/'-separated, printable).

    A named tuple (immutable, made in C): every update makes one per file of the corpus.
    """

    key: str
    path: str
    size: int
    mtime_ns: int


def bundled_corpus() -> Path:
    """The sample corpus shipped with reader: package data when installed, else ``corpus/``."""
    packaged = resources.files("reader") / "_corpus"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "corpus"


def _is_article_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(ARTICLE_SUFFIXES) and lower.rsplit(".", 1)[0] not in NOT_ARTICLES


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


_NAME = attrgetter("name")


def walk(root: str | os.PathLike[str], *, exclude: Iterable[str | os.PathLike[str]] = ()) -> Iterator[CorpusFile | Problem]:
    """Yield the corpus's article files in a stable (sorted) order, and problems met.

    ``exclude`` names folders to leave out (the index, when it lives inside the corpus).
    Symlinks are followed only when their target is inside the root; each real file and
    folder is visited once, which also ends symlink loops.
    """
    root_real = os.path.realpath(root)
    excluded = {os.path.realpath(p) for p in exclude}
    seen_dirs = {root_real}
    seen_files: set[str] = set()
    stack: list[tuple[str, str]] = [(root_real, "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=_NAME)
            # each entry is looked at relative to the open folder: the kernel does not
            # resolve the whole path again for each of thousands of files
            folder = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            yield Problem(directory, f"folder cannot be read ({exc.strerror or exc})")
            continue
        subdirs = []
        try:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                key = prefix + display_path(entry.name)
                link = entry.is_symlink()
                # every folder walked is a real path, so only a symlink needs resolving
                real = os.path.realpath(entry.path) if link else entry.path
                if link and not _inside(real, root_real):
                    yield Problem(entry.path, "symlink leads outside the corpus; not followed")
                    continue
                try:
                    info = os.stat(entry.name, dir_fd=folder)
                except OSError as exc:
                    if link:
                        yield Problem(entry.path, "broken or looping symlink; not followed")
                    else:
                        yield Problem(entry.path, f"cannot be read ({exc.strerror or exc})")
                    continue
                if stat.S_ISDIR(info.st_mode):
                    if real in seen_dirs or real in excluded:
                        continue
                    seen_dirs.add(real)
                    subdirs.append((real, key + "/"))
                elif _is_article_name(entry.name) and stat.S_ISREG(info.st_mode):
                    if real in seen_files:
                        continue
                    seen_files.add(real)
                    yield CorpusFile(key=key, path=real, size=info.st_size, mtime_ns=info.st_mtime_ns)
        finally:
            os.close(folder)
        stack.extend(reversed(subdirs))


def load_corpus(root: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    """Every article of a corpus, in walk order, with the problems met (for scripts)."""
    for item in walk(root):
        if isinstance(item, Problem):
            yield item
            continue
        result = load_file(item.path, item.key, max_bytes=max_bytes)
        yield from result.problems
        yield from result.articles
