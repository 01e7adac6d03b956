"""Building and incrementally updating a corpus's Whoosh index.

The index is a cache of the corpus, never the other way round: it lives outside the
corpus, a damaged or out-of-date one is rebuilt rather than trusted, and an update on an
unchanged corpus writes nothing. Files are parsed (and their speakers attributed) in a
process pool while this process alone writes, because Whoosh allows one writer.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError

from . import __version__
from .corpus import CorpusFile, walk
from .documents import article_document
from .loaders import DEFAULT_MAX_BYTES, LoadResult, Problem, load_bytes
from .schema import SCHEMA_VERSION, build_schema

META_FILE = "reader-index.json"
#: Below this many files to parse, a process pool costs more than it saves.
POOL_THRESHOLD = 64
#: How long ``update_index`` waits for another process's write lock by default.
DEFAULT_LOCK_TIMEOUT = 60.0


class IndexUnavailable(RuntimeError):
    """The index cannot be opened or written (with a one-line reason for the user)."""


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


@dataclass(frozen=True, slots=True)
class _FileState:
    size: int
    mtime_ns: int
    sha: str


@dataclass(slots=True)
class _Parsed:
    """What a pool worker sends back for one file."""

    file: CorpusFile
    sha: str
    unchanged: bool
    documents: list[dict]
    problems: list[Problem]


def _ignore(_message: str) -> None:
    return None


def _is_index_file(name: str) -> bool:
    return name.startswith(("MAIN_", "_MAIN_")) or name == META_FILE


def _make_private_dir(path: Path) -> None:
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


def _create(index_dir: Path, corpus: str) -> whoosh_index.Index:
    _make_private_dir(index_dir)
    _clear(index_dir)
    ix = whoosh_index.create_in(str(index_dir), build_schema())
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


def open_index(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str], *,
               warn: Callable[[str], None] = _ignore) -> tuple[whoosh_index.Index, bool]:
    """Open the corpus's index, creating or rebuilding it when needed.

    Returns the index and whether it was (re)created empty. An index of another schema
    version, of another corpus, or one that does not open is rebuilt, and ``warn`` says why.
    """
    corpus_abs = os.path.realpath(corpus)
    index_path = Path(index_dir)
    check_index_dir(corpus_abs, index_path)
    meta = _read_meta(index_path)
    reason = None
    if meta is None:
        if index_path.is_dir() and any(_is_index_file(n) for n in os.listdir(index_path)):
            reason = "has no readable reader-index.json"
    elif meta.get("schema_version") != SCHEMA_VERSION:
        reason = f"has schema version {meta.get('schema_version')}, this reader needs {SCHEMA_VERSION}"
    elif meta.get("corpus") != corpus_abs:
        reason = f"belongs to another corpus ({meta.get('corpus')})"
    if meta is not None and reason is None:
        try:
            ix = whoosh_index.open_dir(str(index_path), schema=build_schema())
            with ix.reader() as probe:
                probe.doc_count()
            return ix, False
        except Exception as exc:  # any failure to open means the index is damaged
            reason = f"is damaged ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})"
    if reason is not None:
        warn(f"index at {index_path} {reason}; rebuilding it")
    try:
        return _create(index_path, corpus_abs), True
    except OSError as exc:
        raise IndexUnavailable(f"cannot create the index at {index_path}: {exc.strerror or exc}") from exc


def _indexed_files(ix: whoosh_index.Index) -> dict[str, _FileState]:
    """The state each indexed file had when it was parsed."""
    states: dict[str, _FileState] = {}
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            key = fields.get("file")
            if key is not None and key not in states:
                states[key] = _FileState(fields.get("size", -1), fields.get("mtime_ns", -1), fields.get("sha", ""))
    return states


def _parse_file(job: tuple[CorpusFile, str | None, int]) -> _Parsed:
    """Read, hash and parse one file (runs in a pool worker)."""
    file, old_sha, max_bytes = job
    try:
        with open(file.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return _Parsed(file, "", False, [], [Problem(file.path, f"cannot be read ({exc.strerror or exc})")])
    if len(data) > max_bytes:
        return _Parsed(file, "", False, [], [Problem(file.path, f"larger than the size limit of {max_bytes:,} bytes")])
    sha = hashlib.blake2b(data, digest_size=16).hexdigest()
    if sha == old_sha:
        return _Parsed(file, sha, True, [], [])
    result: LoadResult = load_bytes(data, file.path, file.key)
    docs = [article_document(article, file=file, sha=sha) for article in result.articles]
    return _Parsed(file, sha, False, docs, result.problems)


def _pool_context():
    """A forkserver whose server preloads this module, not the caller's ``__main__``.

    Not fork: the app calls this from a worker thread, and forking a threaded process
    can deadlock the child. Not plain spawn: it re-runs the calling script's top level
    in every worker. The fork server starts single-threaded, imports reader once, and
    forks cheap workers from that.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["reader.index"])
    return context


def _main_is_importable() -> bool:
    """Pool workers re-import ``__main__``: impossible for ``python -c`` or a script on stdin."""
    main = sys.modules.get("__main__")
    if getattr(main, "__spec__", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    return path is not None and os.path.isfile(path)


def _parse_all(jobs: list[tuple[CorpusFile, str | None, int]], workers: int) -> Iterator[_Parsed]:
    if workers <= 1 or len(jobs) < POOL_THRESHOLD or not _main_is_importable():
        yield from map(_parse_file, jobs)
        return
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
            chunksize = max(1, min(64, len(jobs) // (workers * 8)))
            for parsed in pool.map(_parse_file, jobs, chunksize=chunksize):
                done += 1
                yield parsed
    except BrokenProcessPool:
        # A worker died (out of memory, killed): finish in this process instead.
        yield from map(_parse_file, jobs[done:])


def _open_writer(ix: whoosh_index.Index, lock_timeout: float, warn: Callable[[str], None]):
    try:
        return ix.writer(timeout=0.0)
    except LockError:
        pass
    warn(f"another process is writing this index; waiting up to {lock_timeout:g} s for it")
    try:
        return ix.writer(timeout=lock_timeout, delay=0.25, limitmb=128)
    except LockError as exc:
        raise IndexUnavailable(
            f"the index is still locked by another process after {lock_timeout:g} s; try again when it has finished"
        ) from exc


def update_index(
    corpus: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    warn: Callable[[str], None] = _ignore,
    progress: Callable[[IndexProgress], None] | None = None,
) -> IndexSummary:
    """Bring the index of ``corpus`` up to date with its files; see :class:`IndexSummary`.

    New files are added, changed ones (size or mtime differ and so does the content hash)
    re-parsed, deleted ones removed; nothing is written when nothing changed. ``warn``
    receives one line per problem (file, line and reason); ``progress`` is called as files
    are parsed.
    """
    started = time.perf_counter()
    corpus = os.fspath(corpus)
    if not os.path.isdir(corpus):
        raise IndexUnavailable(f"corpus {corpus} is not a folder")
    index_path = Path(index_dir)
    ix, fresh = open_index(corpus, index_path, warn=warn)
    if rebuild and not fresh:
        ix = _create(index_path, os.path.realpath(corpus))
    skipped = 0
    files: list[CorpusFile] = []
    for item in walk(corpus, exclude=[index_path]):
        if isinstance(item, Problem):
            warn(str(item))
            skipped += 1
        else:
            files.append(item)
    indexed = _indexed_files(ix)
    on_disk = {f.key for f in files}
    removed = [key for key in indexed if key not in on_disk]
    candidates = [
        f for f in files
        if (state := indexed.get(f.key)) is None or (state.size, state.mtime_ns) != (f.size, f.mtime_ns)
    ]
    if not removed and not candidates:
        with ix.reader() as r:
            total = r.doc_count()
        return IndexSummary(total, 0, 0, 0, skipped, time.perf_counter() - started)

    writer = None

    def open_writer():
        # Opened at the first real change only: even an unused Whoosh writer leaves files.
        nonlocal writer, indexed
        if writer is None:
            writer = _open_writer(ix, lock_timeout, warn)
            # Another process may have written while we waited: compare with what is there now.
            indexed = _indexed_files(ix)
        return writer

    added = updated = removed_docs = 0
    try:
        if removed:
            open_writer()
            for key in indexed:
                if key not in on_disk:
                    removed_docs += writer.delete_by_term("file", key)
        jobs = [(f, indexed[f.key].sha if f.key in indexed else None, max_bytes) for f in candidates]
        workers = workers if workers is not None else (os.cpu_count() or 1)
        for done, parsed in enumerate(_parse_all(jobs, workers), start=1):
            for problem in parsed.problems:
                warn(str(problem))
            skipped += sum(1 for p in parsed.problems if p.skipped)
            key = parsed.file.key
            if not parsed.unchanged and (parsed.documents or key in indexed):
                open_writer()
                if key in indexed:
                    old = writer.delete_by_term("file", key)
                    updated += min(old, len(parsed.documents))
                    added += max(0, len(parsed.documents) - old)
                    removed_docs += max(0, old - len(parsed.documents))
                else:
                    added += len(parsed.documents)
                for doc in parsed.documents:
                    writer.add_document(**doc)
            if progress is not None:
                progress(IndexProgress("parsing", done, len(jobs)))
        if writer is not None:
            if progress is not None:
                progress(IndexProgress("committing", len(jobs), len(jobs)))
            writer.commit(optimize=len(jobs) > 1000 and not indexed)
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    with ix.reader() as r:
        total = r.doc_count()
    return IndexSummary(total, added, updated, removed_docs, skipped, time.perf_counter() - started)


def indexed_ids(index_dir: str | os.PathLike[str]) -> Iterable[str]:
    """The ids of every article in an index (for tests and tools)."""
    ix = whoosh_index.open_dir(os.fspath(index_dir), schema=build_schema())
    with ix.searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())

