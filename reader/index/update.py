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
import queue
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from filelock import FileLock, Timeout
from whoosh import index as whoosh_index
from whoosh.index import LockError

from .. import __version__
from ..engine.writer import BulkWriter, CommitWriter
from ..ingest import DEFAULT_MAX_BYTES, CorpusFile, LoadResult, Problem, load_bytes, read_bytes, walk
from .documents import article_document
from .protocol import IndexProgress, IndexSummary
from .schema import SCHEMA_VERSION, build_schema, surface_words
from .words import WORDS_FILE, write_words

META_FILE = "reader-index.json"
#: The state (size, mtime, hash) of every indexed file, written after each commit and
#: tied to the index generation it describes: it spares reading every stored document to
#: find what changed. One that does not match the index exactly is ignored.
MANIFEST_FILE = "reader-files.json"
#: Held (flock, through filelock) by whoever updates the index, from the first look at it
#: to the manifest written after the commit: creation, rebuilds and commits never race.
LOCK_FILE = "reader.lock"
#: Below this many files to parse, a process pool costs more than it saves.
POOL_THRESHOLD = 64
#: Memory for each pool worker's posting buffer before it spills sorted runs to disk.
WORKER_LIMITMB = 256
#: How often (seconds) a pool worker reports the files it has done, all in one message.
#: One message per file cost the parent, which shares the cores with the workers, about
#: a second of CPU for 21,000 files; every 0.1 s still moves the progress bar smoothly.
#: A file not yet reported when a worker dies is parsed again by the parent, as before.
REPORT_EVERY = 0.1
#: How long ``update_index`` waits for another process's write lock by default.
DEFAULT_LOCK_TIMEOUT = 60.0


class IndexUnavailable(RuntimeError):
    """The index cannot be opened or written (with a one-line reason for the user)."""


class _FileState(NamedTuple):
    """An indexed file as it was parsed. A tuple: the manifest makes 21,000 of them at
    every update, in C."""

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
    """reader's and Whoosh's files in an index folder (not the lock: it may be held)."""
    return name.startswith(("MAIN_", "_MAIN_")) or name in (META_FILE, MANIFEST_FILE, WORDS_FILE)


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


def _storage(index_dir: Path | str):
    """The index folder as Whoosh storage, without mmap.

    With mmap, Whoosh wraps each part of a segment's compound file in a BytesIO, which
    copies it: every searcher held the whole index in memory (150 MB at 21,000
    articles). Without, it reads the parts from the file as needed.
    """
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(os.fspath(index_dir), supports_mmap=False)


def _open_dir(index_dir: Path | str) -> whoosh_index.Index:
    return _storage(index_dir).open_index(schema=build_schema())


def _create(index_dir: Path, corpus: str) -> whoosh_index.Index:
    _make_private_dir(index_dir)
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
        ix = _open_dir(index_path)
        with ix.reader() as probe:
            probe.doc_count()
    except Exception as exc:  # any failure to open means the index is damaged
        return f"is damaged ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})", None
    damage = _damaged_files(index_path, ix)
    if damage:
        return f"is damaged ({damage})", None
    return None, ix


def open_index(corpus: str | os.PathLike[str], index_dir: str | os.PathLike[str], *,
               warn: Callable[[str], None] = _ignore) -> tuple[whoosh_index.Index, bool]:
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


def _open_or_create(corpus_abs: str, index_path: Path, warn: Callable[[str], None]) -> tuple[whoosh_index.Index, bool]:
    """Open the index, or create it empty (saying why) when it can't be trusted. Hold the lock."""
    reason, ix = _why_not_trusted(corpus_abs, index_path)
    if reason is None:
        return ix, False
    if reason != "does not exist yet":
        warn(f"index at {index_path} {reason}; rebuilding it")
    try:
        return _create(index_path, corpus_abs), True
    except OSError as exc:
        raise IndexUnavailable(f"cannot create the index at {index_path}: {exc.strerror or exc}") from exc


@contextmanager
def _index_lock(index_path: Path, timeout: float, warn: Callable[[str], None]):
    """Hold the index's update lock, waiting up to ``timeout`` seconds (with a message)."""
    try:
        _make_private_dir(index_path)
    except OSError as exc:
        raise IndexUnavailable(f"cannot create the index folder {index_path}: {exc.strerror or exc}") from exc
    lock = FileLock(index_path / LOCK_FILE)
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
    try:
        yield
    finally:
        lock.release()


def _stored_states(ix: whoosh_index.Index) -> dict[str, _FileState]:
    """The state each indexed file had when it was parsed, from the stored documents."""
    states: dict[str, _FileState] = {}
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            key = fields.get("file")
            if key is not None and key not in states:
                states[key] = _FileState(fields.get("size", -1), fields.get("mtime_ns", -1), fields.get("sha", ""))
    return states


def _manifest_stamp(ix: whoosh_index.Index) -> dict:
    """What a manifest must match to be trusted: the schema, the generation, the documents."""
    return {"schema_version": SCHEMA_VERSION, "generation": ix.latest_generation(), "doc_count": ix.doc_count()}


def _read_manifest(index_dir: Path, ix: whoosh_index.Index) -> dict[str, _FileState] | None:
    """The manifest's file states, or None unless it describes exactly this index."""
    try:
        with open(index_dir / MANIFEST_FILE, encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, dict) or data.get("stamp") != _manifest_stamp(ix):
            return None
        files = data["files"]
        states = dict(zip(files, map(tuple.__new__, repeat(_FileState), files.values())))
        if any(len(state) != 3 or type(state.size) is not int or type(state.mtime_ns) is not int
               or type(state.sha) is not str for state in states.values()):
            return None
        return states
    except Exception:  # missing, unreadable, malformed: fall back to the stored documents
        return None


def _segment_files(index_dir: Path) -> dict[str, list[int]]:
    """Size and modification time of each of Whoosh's files in the index folder."""
    out = {}
    for name in os.listdir(index_dir):
        if name.startswith(("MAIN_", "_MAIN_")) and not name.endswith("LOCK"):
            info = os.stat(index_dir / name)
            out[name] = [info.st_size, info.st_mtime_ns]
    return out


def _damaged_files(index_dir: Path, ix: whoosh_index.Index) -> str | None:
    """Which of the index's files changed since it was committed (None: none, or unknown).

    The manifest written after each commit records every file's size and mtime; garbage
    written into a segment, a truncated or a missing file shows as a difference. A
    manifest that does not describe this generation (another process is committing, or
    one crashed in between) can't tell, and is not taken as damage.
    """
    try:
        with open(index_dir / MANIFEST_FILE, encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("stamp") != _manifest_stamp(ix) or "segments" not in data:
            return None
        now = _segment_files(index_dir)
    except Exception:
        return None
    for name, recorded in data["segments"].items():
        if now.get(name) != recorded:
            return f"{name} is {'missing' if name not in now else 'changed'} since it was committed"
    return None


def _write_manifest(index_dir: Path, ix: whoosh_index.Index, states: dict[str, _FileState]) -> None:
    """Record the file states of the index as just committed (best effort)."""
    try:
        data = {"stamp": _manifest_stamp(ix), "segments": _segment_files(index_dir),
                "files": {key: [st.size, st.mtime_ns, st.sha] for key, st in states.items()}}
        tmp = index_dir / (MANIFEST_FILE + ".tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, index_dir / MANIFEST_FILE)
    except Exception:
        try:
            os.remove(index_dir / MANIFEST_FILE)
        except OSError:
            pass


def _indexed_files(ix: whoosh_index.Index, index_dir: Path | None = None) -> dict[str, _FileState]:
    """The state each indexed file had when it was parsed (the manifest when it is current)."""
    if index_dir is not None:
        states = _read_manifest(index_dir, ix)
        if states is not None:
            return states
    return _stored_states(ix)


def _parse_file(job: tuple[CorpusFile, str | None, int]) -> _Parsed:
    """Read, hash and parse one file (runs in a pool worker)."""
    file, old_sha, max_bytes = job
    data = read_bytes(file.path, max_bytes)
    if isinstance(data, Problem):
        return _Parsed(file, "", False, [], [data])
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


def _start_pool_early() -> None:
    """Start the fork server now, for a build from scratch with enough files for the pool:
    it imports reader (0.2 s) while this process walks the rest of the corpus, instead of
    after. Its workers are forked when needed."""
    from multiprocessing import forkserver

    _pool_context()
    forkserver.ensure_running()


def _main_is_importable() -> bool:
    """Pool workers re-import ``__main__``: impossible for ``python -c`` or a script on stdin."""
    main = sys.modules.get("__main__")
    if getattr(main, "__spec__", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    return path is not None and os.path.isfile(path)


def _segment_worker(number: int, index_dir: str, jobs: list[tuple[CorpusFile, str | None, int]],
                    results, limitmb: int) -> None:
    """Parse, attribute, analyse and write one new segment (runs in a pool worker).

    Each worker writes its own segment of the index without the write lock, which the
    parent holds for it the whole time, and reports the files it has done every
    ``REPORT_EVERY`` seconds, many in one message (the parent shares the cores). The
    parent alone deletes, and commits the segments; a worker never commits anything. With its
    segment it hands over the words it indexed, for the spelling suggestions' word list.
    """
    _exit_with_parent()
    writer = None
    words: set[str] = set()
    batch: list[tuple[_Parsed, int]] = []
    reported_at = time.monotonic()
    try:
        for job in jobs:
            parsed = _parse_file(job)
            if parsed.documents:
                if writer is None:
                    ix = _open_dir(index_dir)
                    writer = BulkWriter(ix, words, limitmb=limitmb)
                for doc in parsed.documents:
                    writer.add_document(**doc)
            batch.append((_Parsed(parsed.file, parsed.sha, parsed.unchanged, [], parsed.problems),
                          len(parsed.documents)))
            if time.monotonic() - reported_at >= REPORT_EVERY:
                results.put(("files", number, batch))
                batch = []
                reported_at = time.monotonic()
        if batch:
            results.put(("files", number, batch))
        segment = writer.finish_segment() if writer is not None else None
        results.put(("done", number, segment, words))
    except BaseException:
        results.put(("error", number, traceback.format_exc(limit=5)))


def _exit_with_parent() -> None:
    """End this worker at once if the process that started it dies (killed mid-build).

    Otherwise it would finish its share and then wait forever to hand it over.
    """
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="reader-parent-watch", daemon=True).start()


def _use_pool(jobs: list, workers: int) -> bool:
    return workers > 1 and len(jobs) >= POOL_THRESHOLD and _main_is_importable()


#: What a file costs a worker besides its bytes (opening, parsing, a document), in bytes:
#: measured on the scale corpus, where the first half's files are a third larger.
FILE_COST_BYTES = 1500


def _balanced_chunks(jobs: list, workers: int) -> list[list]:
    """Contiguous runs of files, one per worker, of about the same work each.

    Contiguous, and committed in this order: documents keep the corpus order, which is
    how equal scores and equal dates are ordered. Cut by bytes (plus a cost per file),
    not by count: with halves of equal count, the half with the longer articles
    finished 2-3 s after the other, which sat idle.
    """
    costs = [job[0].size + FILE_COST_BYTES for job in jobs]
    total = sum(costs)
    chunks: list[list] = []
    start = 0
    done = 0
    for n in range(workers - 1):
        target = total * (n + 1) / workers
        end = start
        while end < len(jobs) and done + costs[end] / 2 < target:
            done += costs[end]
            end += 1
        chunks.append(jobs[start:end])
        start = end
    chunks.append(jobs[start:])
    return [chunk for chunk in chunks if chunk]


def _parse_in_pool(index_dir: Path, jobs: list[tuple[CorpusFile, str | None, int]], workers: int,
                   limitmb: int = WORKER_LIMITMB, words: set[str] | None = None) -> Iterator[tuple[_Parsed, int, object]]:
    """Yield (parsed file, documents written, None) as pool workers write new segments,
    then (None, 0, segment) for each finished segment; ``words`` receives the words
    each finished segment holds.

    Files of a worker that dies (out of memory, killed) are parsed again here, in
    this process, and come back with their documents (``documents`` filled, the count
    -1), to be added by the parent's own writer; files it had reported already come
    back again flagged the same way, with no problems, so they are not counted twice.
    """
    context = _pool_context()
    results = context.Queue()
    chunks = _balanced_chunks(jobs, workers)
    procs = [context.Process(target=_segment_worker, args=(n, str(index_dir), chunk, results, limitmb), daemon=True)
             for n, chunk in enumerate(chunks)]
    for proc in procs:
        proc.start()
    reported: list[set[str]] = [set() for _ in chunks]
    pending = set(range(len(procs)))
    failed: list[int] = []
    try:
        while pending:
            try:
                message = results.get(timeout=0.5)
            except queue.Empty:
                for n in list(pending):
                    if not procs[n].is_alive():
                        # It may have reported its last words just before exiting.
                        try:
                            while True:
                                message = results.get(timeout=0.2)
                                yield from _pool_message(message, reported, pending, failed, words)
                        except queue.Empty:
                            pass
                        if n in pending:
                            pending.discard(n)
                            failed.append(n)
                continue
            yield from _pool_message(message, reported, pending, failed, words)
    finally:
        for proc in procs:
            if proc.is_alive() and proc.exitcode is None and pending:
                proc.terminate()
        for proc in procs:
            proc.join(timeout=5)
    for n in failed:
        for job in chunks[n]:
            parsed = _parse_file(job)
            if parsed.file.key in reported[n]:
                parsed.problems = []
                yield parsed, -2, None  # already counted; only its documents are needed
            else:
                yield parsed, -1, None


def _pool_message(message, reported: list[set[str]], pending: set[int], failed: list[int],
                  words: set[str] | None = None):
    kind, number, payload, *rest = message
    if kind == "files":
        for parsed, count in payload:
            reported[number].add(parsed.file.key)
            yield parsed, count, None
    elif kind == "done":
        pending.discard(number)
        if words is not None:
            words.update(rest[0])
        if payload is not None:
            yield None, 0, (number, payload)
    else:  # "error": redo its files here, where the error (if it is one) is raised properly
        pending.discard(number)
        failed.append(number)


_FOREIGN_LOCK = ("the index's Whoosh write lock is held by a program other than reader; "
                 "stop it, or remove MAIN_WRITELOCK if nothing is running")


def _open_writer(ix: whoosh_index.Index):
    """Whoosh's writer. Waiting for other readers is done by ``_index_lock``, which we hold:
    Whoosh's own lock can only be taken by something else, and then we say so at once."""
    try:
        return ix.writer(timeout=0.0, limitmb=128)
    except LockError as exc:
        raise IndexUnavailable(_FOREIGN_LOCK) from exc


def _acquire_lock(ix: whoosh_index.Index):
    """Whoosh's write lock, held while pool workers write segments (see ``_open_writer``)."""
    lock = ix.lock("WRITELOCK")
    if not lock.acquire():
        raise IndexUnavailable(_FOREIGN_LOCK)
    return lock


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
    check_index_dir(corpus, index_path)
    with _index_lock(index_path, lock_timeout, warn):
        return _update_locked(corpus, index_path, rebuild=rebuild, max_bytes=max_bytes, workers=workers,
                              warn=warn, progress=progress, started=started)


def _update_locked(corpus: str, index_path: Path, *, rebuild: bool, max_bytes: int, workers: int | None,
                   warn: Callable[[str], None],
                   progress: Callable[[IndexProgress], None] | None, started: float) -> IndexSummary:
    """``update_index`` with the update lock held."""
    corpus_abs = os.path.realpath(corpus)
    ix, fresh = _open_or_create(corpus_abs, index_path, warn)
    if rebuild and not fresh:
        ix = _create(index_path, corpus_abs)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    start_early = (fresh or rebuild) and workers > 1 and _main_is_importable()
    skipped = 0
    files: list[CorpusFile] = []
    for item in walk(corpus, exclude=[index_path]):
        if isinstance(item, Problem):
            warn(str(item))
            skipped += 1
        else:
            files.append(item)
            if start_early and len(files) == POOL_THRESHOLD:  # a build from scratch that will use the pool
                _start_pool_early()
    indexed = _indexed_files(ix, index_path)
    on_disk = {f.key for f in files}
    removed = [key for key in indexed if key not in on_disk]
    candidates = [
        f for f in files
        if (state := indexed.get(f.key)) is None or (state.size, state.mtime_ns) != (f.size, f.mtime_ns)
    ]
    if not removed and not candidates:
        return IndexSummary(ix.doc_count(), 0, 0, 0, skipped, time.perf_counter() - started)
    if _use_pool(candidates, workers):
        return _update_with_pool(ix, index_path, files, candidates, skipped, started, max_bytes=max_bytes,
                                 workers=workers, warn=warn, progress=progress)

    writer = None

    def open_writer():
        # Opened at the first real change only: even an unused Whoosh writer leaves files.
        nonlocal writer, indexed
        if writer is None:
            writer = _open_writer(ix)
            # Another process may have written while we waited: compare with what is there now.
            indexed = _indexed_files(ix, index_path)
        return writer

    added = updated = removed_docs = 0
    states = None
    words: set[str] = set()
    try:
        if removed:
            open_writer()
            for key in indexed:
                if key not in on_disk:
                    removed_docs += writer.delete_by_term("file", key)
        jobs = [(f, indexed[f.key].sha if f.key in indexed else None, max_bytes) for f in candidates]
        new_states: dict[str, _FileState | None] = {}
        for done, parsed in enumerate(map(_parse_file, jobs), start=1):
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
                    _document_words(doc, words)
                new_states[key] = _FileState(parsed.file.size, parsed.file.mtime_ns, parsed.sha) \
                    if parsed.documents else None
            if progress is not None:
                progress(IndexProgress("parsing", done, len(jobs)))
        if writer is not None:
            if progress is not None:
                progress(IndexProgress("committing", len(jobs), len(jobs)))
            states = _next_states(indexed, on_disk, new_states)
            writer.commit(optimize=len(jobs) > 1000 and not indexed)
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    if states is not None:
        _write_manifest(index_path, ix, states)
        write_words(index_path, words, merge=bool(indexed))
    return IndexSummary(ix.doc_count(), added, updated, removed_docs, skipped, time.perf_counter() - started)


def _next_states(indexed: dict[str, _FileState], on_disk: set[str],
                 new_states: dict[str, _FileState | None]) -> dict[str, _FileState]:
    """The file states after a commit: gone files out, re-read ones replaced."""
    states = {key: state for key, state in indexed.items() if key in on_disk and key not in new_states}
    states.update((key, state) for key, state in new_states.items() if state is not None)
    return states


def _update_with_pool(ix: whoosh_index.Index, index_path: Path, files: list[CorpusFile],
                      candidates: list[CorpusFile], skipped: int, started: float, *, max_bytes: int, workers: int,
                      warn: Callable[[str], None],
                      progress: Callable[[IndexProgress], None] | None) -> IndexSummary:
    """``update_index`` for many files: pool workers parse and write segments in parallel.

    This process holds the write lock throughout, so nobody else commits (and cleans up
    the workers' unfinished files) meanwhile; it deletes the old documents of changed and
    removed files and commits the workers' segments with its own writer at the end.
    """
    lock = _acquire_lock(ix)
    writer = None
    try:
        # Another process may have written while we waited: compare with what is there now.
        indexed = _indexed_files(ix, index_path)
        on_disk = {f.key for f in files}
        candidates = [
            f for f in candidates
            if (state := indexed.get(f.key)) is None or (state.size, state.mtime_ns) != (f.size, f.mtime_ns)
        ]
        jobs = [(f, indexed[f.key].sha if f.key in indexed else None, max_bytes) for f in candidates]
        segments: list = []
        new_docs: dict[str, int] = {}
        new_states: dict[str, _FileState | None] = {}
        mine: list[dict] = []  # documents this process must add itself (a worker died)
        words: set[str] = set()
        done = 0
        for parsed, count, segment in _parse_in_pool(index_path, jobs, workers, words=words) \
                if _use_pool(jobs, workers) \
                else ((p, -1, None) for p in map(_parse_file, jobs)):
            if segment is not None:
                segments.append(segment)
                continue
            if count == -2:  # reported by a worker that died later: its documents only
                mine.extend(parsed.documents)
                continue
            if count == -1:  # parsed here: this process adds the documents
                mine.extend(parsed.documents)
                count = len(parsed.documents)
            for problem in parsed.problems:
                warn(str(problem))
            skipped += sum(1 for p in parsed.problems if p.skipped)
            key = parsed.file.key
            if not parsed.unchanged and (count or key in indexed):
                new_docs[key] = count
                new_states[key] = _FileState(parsed.file.size, parsed.file.mtime_ns, parsed.sha) if count else None
            done += 1
            if progress is not None:
                progress(IndexProgress("parsing", done, len(jobs)))
        removed = [key for key in indexed if key not in on_disk]
        if not (segments or mine or removed or any(key in indexed for key in new_docs)):
            return IndexSummary(ix.doc_count(), 0, 0, 0, skipped, time.perf_counter() - started)
        if progress is not None:
            progress(IndexProgress("committing", len(jobs), len(jobs)))
        added = updated = removed_docs = 0
        writer = CommitWriter(ix, segments, limitmb=128)
        for key in removed:
            removed_docs += writer.delete_by_term("file", key)
        for key, count in new_docs.items():
            old = writer.delete_by_term("file", key) if key in indexed else 0
            updated += min(old, count)
            added += max(0, count - old)
            removed_docs += max(0, old - count)
        for doc in mine:
            writer.add_document(**doc)
            _document_words(doc, words)
        states = _next_states(indexed, on_disk, new_states)
        writer.commit(merge=bool(indexed))
        writer = None
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    finally:
        lock.release()
    _write_manifest(index_path, ix, states)
    write_words(index_path, words, merge=bool(indexed))
    return IndexSummary(ix.doc_count(), added, updated, removed_docs, skipped, time.perf_counter() - started)


def _document_words(doc: dict, into: set[str]) -> None:
    """The words of a document this process indexes itself (the workers collect their own)."""
    surface_words((doc.get("title"), doc.get("standfirst"), doc.get("body")), into)


def indexed_ids(index_dir: str | os.PathLike[str]) -> Iterable[str]:
    """The ids of every article in an index (for tests and tools)."""
    ix = _open_dir(index_dir)
    with ix.searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())

