"""The locks around writing the index: reader's update lock, and Whoosh's write lock.

Why: one process at a time may update an index, from its first look at the index to the
manifest written after the commit, and a second one waits for the first (with a message)
rather than fail. reader's own lock does that; Whoosh's lock, taken without waiting
behind it, can then only be held by some other program, and saying so at once is better
than waiting for it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from whoosh import index as whoosh_index
from whoosh.index import LockError

from .store import LOCK_FILE, IndexUnavailable, claim_index_dir, unwritable

# LOCK_FILE is held (flock, through filelock) by whoever updates the index, from the first
# look at it to the manifest written after the commit: creation, rebuilds and commits never race.

#: How long ``update_index`` waits for another process's write lock by default.
DEFAULT_LOCK_TIMEOUT = 60.0


@contextmanager
def index_lock(index_path: Path, timeout: float, warn: Callable[[str], None]):
    """Hold the index's update lock, waiting up to ``timeout`` seconds (with a message).

    The folder is claimed first (:func:`.store.claim_index_dir`): a folder that is not
    reader's is refused before the lock file is made in it. A lock that can't be made or
    opened (a read-only file system, another user's lock) raises
    :class:`.store.IndexNotWritable`, which a search takes as "search it as it is".
    """
    claim_index_dir(index_path)
    lock = FileLock(index_path / LOCK_FILE)
    try:  # (filelock's Timeout is an OSError: it is caught first)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if timeout <= 0:
                raise IndexUnavailable("another process is writing this index") from None
            warn(f"another process is writing this index; waiting up to {timeout:g} s for it")
            try:
                lock.acquire(timeout=timeout, poll_interval=0.1)
            except Timeout:
                raise IndexUnavailable(f"the index is still locked by another process after {timeout:g} s; "
                                       "try again when it has finished") from None
    except IndexUnavailable:
        raise
    except OSError as exc:
        raise unwritable(index_path, exc) from None
    try:
        yield
    finally:
        lock.release()


_FOREIGN_LOCK = ("the index's Whoosh write lock is held by a program other than reader; "
                 "stop it, or remove MAIN_WRITELOCK if nothing is running")


def open_whoosh_writer(ix: whoosh_index.Index):
    """Whoosh's writer. Waiting for other readers is done by ``index_lock``, which we hold:
    Whoosh's own lock can only be taken by something else, and then we say so at once."""
    try:
        return ix.writer(timeout=0.0, limitmb=128)
    except LockError as exc:
        raise IndexUnavailable(_FOREIGN_LOCK) from exc


def acquire_whoosh_lock(ix: whoosh_index.Index):
    """Whoosh's write lock, held while pool workers write segments (see ``open_whoosh_writer``)."""
    lock = ix.lock("WRITELOCK")
    if not lock.acquire():
        raise IndexUnavailable(_FOREIGN_LOCK)
    return lock
