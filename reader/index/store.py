"""The index folder: creating, opening, checking and clearing it.

Why here: every path into the index (searching, updating, the tools) first asks whether
the folder holds an index that can be trusted for this corpus (this reader's schema
version, this corpus, undamaged), and only an update may create or clear it. The folder is
reader's own: reader never writes into a corpus, and changes a folder only once it has
proved the folder is its own (:func:`claim_index_dir`): one it created, marked with
:data:`MARKER_FILE`; an empty one; or an index of an older reader (migrated). Anything else
is refused, so ``--index-dir`` pointed at a folder of the user's loses nothing.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index

from .. import __version__
from ..text import display_path, escape_unprintable
from ..untrusted import loads_json, read_regular
from .manifest import MANIFEST_FILE, damaged_files
from .quote_records import QUOTES_INDEX, build_quote_schema
from .schema import SCHEMA_VERSION, build_schema
from .speakers import SPEAKERS_FILE
from .words import WORDS_FILE

META_FILE = "reader-index.json"

#: reader's mark on an index folder it made: nothing is removed or changed in a folder
#: without it (see :func:`claim_index_dir`).
MARKER_FILE = "reader-index.owner"
MARKER_TEXT = ("reader index folder\n"
               "reader made this folder; it deletes and replaces the files in it as its index changes.\n")

#: The most reader reads of its meta file and its marker (both are well under 1 KB).
MAX_META_BYTES = 64 * 1024

#: reader's update lock (see :mod:`.lock`), named here for the folder's ownership check.
LOCK_FILE = "reader.lock"

#: Whoosh's file names in an index named "MAIN" (the articles) or "QUOTES" (the quote
#: records, :mod:`.quote_records`): its TOCs (and a TOC being written), its segments'
#: files and its write lock. (Segment ids are 16 of [0-9a-z]: "MAIN_budget.txt" is not one.)
_WHOOSH_NAME = re.compile(r"_(MAIN|QUOTES)_[0-9]+\.toc(\.[0-9.]+)?|(MAIN|QUOTES)_[0-9a-z]{16}\.[A-Za-z0-9_.]+"
                          r"|(MAIN|QUOTES)_WRITELOCK"
                          r"|(MAIN|QUOTES)\.tmp")  # (the writers' temporary folder, left by a kill)
#: The prefixes of the two indexes' files.
WHOOSH_PREFIXES = ("MAIN_", "_MAIN_", QUOTES_INDEX + "_", "_" + QUOTES_INDEX + "_")


class IndexUnavailable(RuntimeError):
    """The index cannot be opened or written (with a one-line reason for the user)."""


class QuotesUnavailable(IndexUnavailable):
    """The articles' index is sound but its quote records are missing or damaged: an
    update (``reader index``) builds the index again."""


class IndexNotWritable(IndexUnavailable):
    """The index can't be written now (read-only, no permission, no space), but what it
    holds may still be searched."""


def no_warnings(_message: str) -> None:
    """The default ``warn``: problems are not reported."""
    return None


def _is_index_file(name: str) -> bool:
    """reader's and Whoosh's files in an index folder (not the lock: it may be held)."""
    return name.startswith(WHOOSH_PREFIXES) or name in (META_FILE, MANIFEST_FILE, WORDS_FILE, SPEAKERS_FILE)


def _is_readers_name(name: str) -> bool:
    """Any name reader or Whoosh gives a file in an index folder (the lock, temporary files)."""
    if name in (META_FILE, MANIFEST_FILE, WORDS_FILE, SPEAKERS_FILE, LOCK_FILE, MARKER_FILE):
        return True
    if name.endswith(".tmp") and name.split(".tmp")[0] in (META_FILE, MANIFEST_FILE, WORDS_FILE, SPEAKERS_FILE,
                                                           MARKER_FILE):
        return True
    return _WHOOSH_NAME.fullmatch(name) is not None


def has_marker(index_dir: Path) -> bool:
    """Whether ``index_dir`` carries reader's mark (a regular file with reader's text)."""
    try:
        data = read_regular(index_dir / MARKER_FILE, MAX_META_BYTES, follow_symlinks=False)
    except OSError:
        return False
    return data.startswith(MARKER_TEXT.encode().split(b"\n")[0] + b"\n")


def _is_old_index(index_dir: Path, names: list[str]) -> bool:
    """An index of a reader from before the marker: its meta file, of the shape reader
    writes, and nothing but reader's and Whoosh's files."""
    if META_FILE not in names or not all(_is_readers_name(n) for n in names):
        return False
    if any(os.path.islink(index_dir / n) or not (os.path.isfile(index_dir / n) or n == "MAIN.tmp")
           for n in names):
        return False
    meta = _read_meta(index_dir)
    return (meta is not None and type(meta.get("schema_version")) is int and isinstance(meta.get("corpus"), str)
            and set(meta) <= {"schema_version", "corpus", "reader"})


def _write_marker(index_dir: Path) -> None:
    tmp = index_dir / f"{MARKER_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_text(MARKER_TEXT, encoding="utf-8")
        os.replace(tmp, index_dir / MARKER_FILE)
    finally:
        try:
            os.remove(tmp)
        except FileNotFoundError:
            pass


def not_readers(index_dir: Path, why: str) -> IndexUnavailable:
    return IndexUnavailable(f"{display_path(str(index_dir))} is not an index folder of reader's ({why}); "
                            "reader changes nothing in it: give --index-dir a new or empty folder")


def claim_index_dir(index_dir: Path) -> None:
    """Make sure ``index_dir`` is reader's to write, creating it if need be; else refuse.

    reader's, by this rule: a folder it creates now; one with reader's mark
    (:data:`MARKER_FILE`); an empty one (adopted: marked); or an index of an older reader,
    which has no mark (a meta file of reader's shape, and only reader's and Whoosh's file
    names, no folders): migrated by writing the mark. Anything else raises
    :class:`IndexUnavailable` naming the folder, before anything in it is touched. A
    folder of reader's is made readable by its owner only.
    """
    try:
        index_dir.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise unwritable(index_dir, exc, "cannot create the index folder") from exc
    if not index_dir.is_dir():
        raise not_readers(index_dir, "it is not a folder")
    try:
        if not has_marker(index_dir):
            names = os.listdir(index_dir)
            strangers = [n for n in names if not (n.startswith(MARKER_FILE + ".") and n.endswith(".tmp"))]
            if strangers and not _is_old_index(index_dir, names):
                odd = sorted(n for n in strangers if not _is_readers_name(n))
                raise not_readers(index_dir, f"it holds {escape_unprintable(odd[0])}, which reader did not make" if odd
                                  else f"it holds {escape_unprintable(sorted(strangers)[0])} but neither "
                                       f"{MARKER_FILE} nor a {META_FILE} of reader's")
            _write_marker(index_dir)
    except OSError as exc:
        raise unwritable(index_dir, exc) from exc
    try:
        os.chmod(index_dir, 0o700)
    except OSError:
        pass


def unwritable(index_dir: Path, exc: OSError, what: str = "cannot write the index") -> IndexNotWritable:
    """The one-line error for an OS error while writing the index folder."""
    where = display_path(str(index_dir))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return IndexNotWritable(f"no space left on {mount_point(index_dir)} (the disk of the index at {where}): "
                                "the index is unchanged")
    return IndexNotWritable(f"{what} at {where}: {(exc.strerror or str(exc)).lower()}")


def mount_point(path: Path) -> str:
    """The mount point of the file system ``path`` is on (for "no space left on ...")."""
    path = Path(os.path.realpath(path))
    try:
        dev = path.stat().st_dev
        while path.parent != path and path.parent.stat().st_dev == dev:
            path = path.parent
    except OSError:
        pass
    return display_path(str(path))


def _clear(index_dir: Path) -> None:
    """Remove reader's own index files (and nothing else) from ``index_dir``, reader's folder."""
    if not has_marker(index_dir):  # checked again right before anything is removed
        raise not_readers(index_dir, "it has no reader-index.owner")
    for name in os.listdir(index_dir):
        if _is_index_file(name):
            try:
                os.remove(index_dir / name)
            except FileNotFoundError:
                pass


def _read_meta(index_dir: Path) -> dict | None:
    """The meta file, read and parsed bounded; None if missing, unreadable or malformed."""
    try:
        meta = loads_json(read_regular(index_dir / META_FILE, MAX_META_BYTES, follow_symlinks=False))
    except (OSError, ValueError, RecursionError):
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


def open_quotes_dir(index_dir: Path | str) -> whoosh_index.Index:
    """The quote records' Whoosh index in ``index_dir``, unchecked (see :func:`open_quote_index`)."""
    return _storage(index_dir).open_index(QUOTES_INDEX, schema=build_quote_schema())


def _quotes_trouble(index_path: Path) -> tuple[str | None, whoosh_index.Index | None]:
    """Why the quote index beside a sound articles' index can't be used (None: it can),
    and the quote index.

    Its files are in the manifest's record of the folder, so damage to them is found
    with the articles' (:func:`.manifest.damaged_files`); what is left is an index that
    is missing or does not open.
    """
    try:
        quotes = open_quotes_dir(index_path)
        with quotes.reader() as probe:
            probe.doc_count()
    except Exception as exc:
        if isinstance(exc, whoosh_index.EmptyIndexError):
            return "has no quote index", None
        return f"has a damaged quote index ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})", None
    return None, quotes


def create_index(index_dir: Path, corpus: str) -> whoosh_index.Index:
    """A new, empty index of ``corpus`` in ``index_dir``, in place of reader's files there."""
    claim_index_dir(index_dir)
    _clear(index_dir)
    storage = _storage(index_dir)
    ix = storage.create_index(build_schema())
    storage.create_index(build_quote_schema(), indexname=QUOTES_INDEX)
    meta = {"schema_version": SCHEMA_VERSION, "corpus": corpus, "reader": __version__}
    tmp = index_dir / (META_FILE + ".tmp")
    try:
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, index_dir / META_FILE)
    finally:
        if tmp.exists():
            tmp.unlink()
    return ix


def check_index_dir(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str]) -> None:
    """Refuse an index folder inside the corpus (reader never writes into a corpus), or
    one that holds the corpus (its files would be the index's neighbours, and the index's
    files would be articles of a corpus above it)."""
    root = os.path.realpath(corpus)
    target = os.path.realpath(index_dir)
    if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
        raise IndexUnavailable(f"index folder {display_path(target)} is inside the corpus; "
                               "reader never writes into a corpus")
    if root.startswith(target.rstrip(os.sep) + os.sep):
        raise IndexUnavailable(f"index folder {display_path(target)} holds the corpus {display_path(root)}; "
                               "give --index-dir a folder of its own")


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


def open_quote_index(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str]) -> whoosh_index.Index:
    """Open the corpus's quote records for searching (after the checks of :func:`open_index`).

    A quote index that is missing or does not open raises :class:`QuotesUnavailable`;
    ``update_index`` rebuilds it (with the articles').
    """
    open_index(corpus, index_dir)
    index_path = Path(index_dir)
    reason, quotes = _quotes_trouble(index_path)
    if reason is not None:
        raise QuotesUnavailable(f"the index at {index_path} {reason}; run: reader index")
    return quotes


def open_or_create(corpus_abs: str, index_path: Path, warn: Callable[[str], None]) -> tuple[whoosh_index.Index, bool]:
    """Open the index, or create it empty (saying why) when it can't be trusted. Hold the lock."""
    reason, ix = _why_not_trusted(corpus_abs, index_path)
    if reason is None:
        reason, _quotes = _quotes_trouble(index_path)  # the quote records are rebuilt with the articles
        if reason is None:
            return ix, False
    if reason != "does not exist yet":
        warn(f"index at {index_path} {reason}; rebuilding it")
    try:
        return create_index(index_path, corpus_abs), True
    except OSError as exc:
        raise unwritable(index_path, exc, "cannot create the index") from None


def indexed_ids(index_dir: str | os.PathLike[str]) -> Iterable[str]:
    """The ids of every article in an index (for tests and tools)."""
    ix = open_dir(index_dir)
    with ix.searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())
