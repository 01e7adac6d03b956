"""The corpus's folders and their modification times: how ``reader search`` tells, with
a stat per folder and none per file, whether the corpus changed since the last update.

A folder's mtime changes when a file or folder is added to it, removed from it or
renamed in it; an in-place edit of a file does not change it (nor does touching one).
So the check catches new, deleted and renamed articles, and misses edits of existing
ones until ``reader index``, ``reader index --watch`` or the app (which compare every
file) next run. The record is written into the manifest at each update, so it is
replaced in the same step as the file states it goes with.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from .manifest import recorded_folders

#: A folder changed this recently (ns) when its mtime was recorded may change again in
#: the same clock tick without its mtime moving: it is recorded as unknown (-1), so the
#: next check updates (and records it again once it has settled).
RACY_NS = 2 * 10**9
UNKNOWN = -1


def folder_mtimes(corpus_abs: str, exclude: Iterable[str] = ()) -> dict[str, int]:
    """Every folder the corpus walk visits (relative to ``corpus_abs``, the root as ``""``)
    and its mtime in ns; taken *before* the walk, so a change during it shows next time.

    The walk's rules: hidden folders skipped, symlinked folders followed only inside the
    root (by their real path, once each), the excluded folders (the index) left out.
    """
    root = os.path.realpath(corpus_abs)
    excluded = {os.path.realpath(p) for p in exclude}
    now = time.time_ns()
    out: dict[str, int] = {}
    seen = {root}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
            with os.scandir(folder) as scan:
                subdirs = [entry for entry in scan if not entry.name.startswith(".") and _is_dir(entry)]
        except OSError:
            continue  # the walk reports it; the update runs again when it can be read
        key = "" if folder == root else os.path.relpath(folder, root)
        out[key] = UNKNOWN if now - info.st_mtime_ns < RACY_NS else info.st_mtime_ns
        for entry in subdirs:
            real = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
            if real in seen or real in excluded or not (real == root or real.startswith(root.rstrip(os.sep) + os.sep)):
                continue
            seen.add(real)
            stack.append(real)
    return out


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a symlink, like the walk
    except OSError:
        return False


def record(corpus_abs: str, mtimes: dict[str, int]) -> dict:
    """The manifest's ``folders`` entry."""
    return {"root": os.path.realpath(corpus_abs), "mtimes": mtimes}


def unchanged(corpus: str | os.PathLike[str], recorded: object) -> bool:
    """Whether every folder of ``recorded`` (a manifest's ``folders``) still has its mtime:
    one stat per folder. False for anything it cannot vouch for (no record, another root,
    a folder gone or unreadable, one recorded as unknown)."""
    if not isinstance(recorded, dict):
        return False
    root, mtimes = recorded.get("root"), recorded.get("mtimes")
    if not isinstance(root, str) or not isinstance(mtimes, dict) or not mtimes:
        return False
    if os.path.realpath(corpus) != root:
        return False
    for key, mtime in mtimes.items():
        if type(mtime) is not int or mtime == UNKNOWN or not isinstance(key, str):
            return False
        try:
            info = os.stat(os.path.join(root, key) if key else root)
        except OSError:
            return False
        if info.st_mtime_ns != mtime or not stat.S_ISDIR(info.st_mode):
            return False
    return True


def corpus_unchanged(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str]) -> bool:
    """Whether no article file was added, removed or renamed since the last update, as
    far as the folders' mtimes tell (one stat per folder): what ``reader search`` checks
    instead of walking every file. False when it can't tell (no index, no record, a
    folder changed): then update."""
    return unchanged(corpus, recorded_folders(Path(index_dir)))
