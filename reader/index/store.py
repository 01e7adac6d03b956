"""The index folder: creating, opening, checking and clearing it.

Why here: every path into the index (searching, updating, the tools) first asks whether
the folder holds an index that can be trusted for this corpus (this reader's schema
version, this corpus, undamaged), and only an update may create or clear it. The folder is
reader's own: reader never writes into a corpus, and clears only its own files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index

from .. import __version__
from .manifest import MANIFEST_FILE, damaged_files
from .schema import SCHEMA_VERSION, build_schema
from .words import WORDS_FILE

META_FILE = "reader-index.json"


class IndexUnavailable(RuntimeError):
    """The index cannot be opened or written (with a one-line reason for the user)."""


def no_warnings(_message: str) -> None:
    """The default ``warn``: problems are not reported."""
    return None


def _is_index_file(name: str) -> bool:
    """reader's and Whoosh's files in an index folder (not the lock: it may be held)."""
    return name.startswith(("MAIN_", "_MAIN_")) or name in (META_FILE, MANIFEST_FILE, WORDS_FILE)


def make_private_dir(path: Path) -> None:
    """Create the index folder readable by its owner only (and make an existing one so)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass


def _clear(index_dir: Path) -> None:
    """Remove reader's own index files (and nothing else) from ``index_dir``."""
    for name in os.listdir(index_dir):
        if _is_index_file(name):
            try:
                os.remove(index_dir / name)
            except FileNotFoundError:
                pass


def _read_meta(index_dir: Path) -> dict | None:
    try:
        meta = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _storage(index_dir: Path | str):
    """The index folder as Whoosh storage, without mmap.

    With mmap, Whoosh wraps each part of a segment's compound file in a BytesIO, which
    copies it: every searcher held the whole index in memory (150 MB at 21,000
    articles). Without, it reads the parts from the file as needed.
    """
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(os.fspath(index_dir), supports_mmap=False)


def open_dir(index_dir: Path | str) -> whoosh_index.Index:
    """The Whoosh index in ``index_dir``, unchecked (see :func:`open_index`)."""
    return _storage(index_dir).open_index(schema=build_schema())


def create_index(index_dir: Path, corpus: str) -> whoosh_index.Index:
    """A new, empty index of ``corpus`` in ``index_dir``, in place of reader's files there."""
    make_private_dir(index_dir)
    _clear(index_dir)
    ix = _storage(index_dir).create_index(build_schema())
    meta = {"schema_version": SCHEMA_VERSION, "corpus": corpus, "reader": __version__}
    tmp = index_dir / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(tmp, index_dir / META_FILE)
    return ix


def check_index_dir(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str]) -> None:
    """Refuse an index folder inside the corpus: reader never writes into a corpus."""
    root = os.path.realpath(corpus)
    target = os.path.realpath(index_dir)
    if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
        raise IndexUnavailable(f"index folder {target} is inside the corpus; reader never writes into a corpus")


def _why_not_trusted(corpus_abs: str, index_path: Path) -> tuple[str | None, whoosh_index.Index | None]:
    """Why the index at ``index_path`` can't be used for ``corpus_abs`` (None: it can), and the index."""
    meta = _read_meta(index_path)
    if meta is None:
        if index_path.is_dir() and any(_is_index_file(n) for n in os.listdir(index_path)):
            return "has no readable reader-index.json", None
        return "does not exist yet", None
    if meta.get("schema_version") != SCHEMA_VERSION:
        return f"has schema version {meta.get('schema_version')}, this reader needs {SCHEMA_VERSION}", None
    if meta.get("corpus") != corpus_abs:
        return f"belongs to another corpus ({meta.get('corpus')})", None
    try:
        ix = open_dir(index_path)
        with ix.reader() as probe:
            probe.doc_count()
    except Exception as exc:  # any failure to open means the index is damaged
        return f"is damaged ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})", None
    damage = damaged_files(index_path, ix)
    if damage:
        return f"is damaged ({damage})", None
    return None, ix


def open_index(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str], *,
               warn: Callable[[str], None] = no_warnings) -> tuple[whoosh_index.Index, bool]:
    """Open the corpus's index for searching; it never creates, changes or removes anything.

    Returns the index and False (the flag is kept for callers that build). An index that
    is missing, of another schema version or corpus, or damaged raises
    :class:`IndexUnavailable` saying so: ``update_index`` (``reader index``) rebuilds it.
    """
    corpus_abs = os.path.realpath(corpus)
    index_path = Path(index_dir)
    check_index_dir(corpus_abs, index_path)
    reason, ix = _why_not_trusted(corpus_abs, index_path)
    if reason is not None:
        raise IndexUnavailable(f"the index at {index_path} {reason}; run: reader index"
                               + (" --rebuild" if "damaged" in reason else ""))
    return ix, False


def open_or_create(corpus_abs: str, index_path: Path, warn: Callable[[str], None]) -> tuple[whoosh_index.Index, bool]:
    """Open the index, or create it empty (saying why) when it can't be trusted. Hold the lock."""
    reason, ix = _why_not_trusted(corpus_abs, index_path)
    if reason is None:
        return ix, False
    if reason != "does not exist yet":
        warn(f"index at {index_path} {reason}; rebuilding it")
    try:
        return create_index(index_path, corpus_abs), True
    except OSError as exc:
        raise IndexUnavailable(f"cannot create the index at {index_path}: {exc.strerror or exc}") from exc


def indexed_ids(index_dir: str | os.PathLike[str]) -> Iterable[str]:
    """The ids of every article in an index (for tests and tools)."""
    ix = open_dir(index_dir)
    with ix.searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())
