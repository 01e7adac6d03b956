"""Building and incrementally updating a corpus's Whoosh index.

The index is a cache of the corpus, never the other way round: it lives outside the
corpus, a damaged or out-of-date one is rebuilt rather than trusted, and an update on an
unchanged corpus writes nothing. Files are parsed (and their speakers attributed) in a
process pool while this process alone writes, because Whoosh allows one writer.

This module holds the update's phases (walk, compare, parse, delete and add, commit); the
folder, the manifest, the locks and the pool are in :mod:`.store`, :mod:`.manifest`,
:mod:`.lock` and :mod:`.pool`.

The quote records (:mod:`.quote_records`, a second Whoosh index in the same folder) are
kept with the articles: a file's quote records are deleted wherever its articles are
(by the same ``file`` term) and written in the same pass; a rebuild rebuilds both (each
with Whoosh's CLEAR); a quote index that is missing or damaged makes the whole index
be built again (:func:`.store.open_or_create`). The quote index is committed *first*:
if the process dies between the two commits, the articles' index still records the old
state of the files written, so the next update writes those files again, deleting
their quote records by file before adding them (every file written is deleted from the
quote index first, known to the articles' index or not), and the two agree again.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import CLEAR

from ..engine.writer import CommitWriter, remove_uncommitted
from ..ingest import DEFAULT_MAX_BYTES, CorpusFile, Problem, walk
from . import folders as corpus_folders
from .lock import DEFAULT_LOCK_TIMEOUT, acquire_whoosh_lock, index_lock, open_whoosh_writer
from .manifest import FileState, indexed_files, recorded_folders, write_manifest
from .pool import POOL_THRESHOLD, main_is_importable, parse_file, parse_in_pool, start_pool_early, use_pool
from .protocol import IndexProgress, IndexSummary
from .schema import surface_words
from .speakers import write_registry
from .store import IndexUnavailable, check_index_dir, no_warnings, open_dir, open_or_create, open_quotes_dir, unwritable
from .words import write_words

#: An OS error of these while the index is written means it can't be written now (full,
#: read-only, not ours to write): the commit did not happen, the index is as it was.
UNWRITABLE = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)


def update_index(
    corpus: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    warn: Callable[[str], None] = no_warnings,
    progress: Callable[[IndexProgress], None] | None = None,
    quotes: bool = True,
) -> IndexSummary:
    """Bring the index of ``corpus`` up to date with its files; see :class:`IndexSummary`.

    New files are added, changed ones (size or mtime differ and so does the content hash)
    re-parsed, deleted ones removed; nothing is written when nothing changed. ``warn``
    receives one line per problem (file, line and reason); ``progress`` is called as files
    are parsed. ``quotes=False`` leaves the quote records out (the bench measures the
    build without them; such an index is for measuring only).
    """
    started = time.perf_counter()
    corpus = os.fspath(corpus)
    if not os.path.isdir(corpus):
        raise IndexUnavailable(f"corpus {corpus} is not a folder")
    index_path = Path(index_dir)
    check_index_dir(corpus, index_path)
    with index_lock(index_path, lock_timeout, warn):
        try:
            return _update_locked(corpus, index_path, rebuild=rebuild, max_bytes=max_bytes, workers=workers,
                                  warn=warn, progress=progress, started=started, quotes=quotes)
        except OSError as exc:
            if exc.errno not in UNWRITABLE:
                raise
            _remove_uncommitted(index_path)  # the partial segments, which would fill the disk
            raise unwritable(index_path, exc) from None


def _remove_uncommitted(index_path: Path) -> None:
    """After a failed update: remove the segments no commit took (best effort: the next
    update removes them too)."""
    for opener in (open_dir, open_quotes_dir):
        try:
            remove_uncommitted(opener(index_path))
        except Exception:
            pass


def _cancel(writer) -> None:
    """Cancel a writer after a failure without raising over it (a full disk fails again)."""
    try:
        writer.cancel()
    except Exception:
        pass


def _update_locked(corpus: str, index_path: Path, *, rebuild: bool, max_bytes: int, workers: int | None,
                   warn: Callable[[str], None],
                   progress: Callable[[IndexProgress], None] | None, started: float,
                   quotes: bool = True) -> IndexSummary:
    """``update_index`` with the update lock held."""
    corpus_abs = os.path.realpath(corpus)
    ix, fresh = open_or_create(corpus_abs, index_path, warn)
    qix = open_quotes_dir(index_path)
    if not fresh:
        remove_uncommitted(ix)  # left by a build killed or out of space
        remove_uncommitted(qix)
    # A rebuild of a sound index is built beside it: new segments, committed in one step
    # that drops the old ones (Whoosh's CLEAR); until then searches answer from the old.
    replace = rebuild and not fresh
    workers = workers if workers is not None else (os.cpu_count() or 1)
    start_early = (fresh or rebuild) and workers > 1 and main_is_importable()
    skipped = 0
    # the folders before the walk: a change during it differs from this record next time
    folders = corpus_folders.record(corpus_abs, corpus_folders.folder_mtimes(corpus_abs, exclude=[index_path]))
    files: list[CorpusFile] = []
    for item in walk(corpus, exclude=[index_path]):
        if isinstance(item, Problem):
            warn(str(item))
            skipped += 1
        else:
            files.append(item)
            if start_early and len(files) == POOL_THRESHOLD:  # a build from scratch that will use the pool
                start_pool_early()
    indexed = {} if replace else indexed_files(ix, index_path, warn=warn)
    on_disk = {f.key for f in files}
    removed = [key for key in indexed if key not in on_disk]
    candidates = [
        f for f in files
        if (state := indexed.get(f.key)) is None or (state.size, state.mtime_ns) != (f.size, f.mtime_ns)
    ]
    if not removed and not candidates and not replace:
        _record_folders(index_path, ix, indexed, folders)
        return IndexSummary(ix.doc_count(), 0, 0, 0, skipped, time.perf_counter() - started)
    if use_pool(candidates, workers):
        return _update_with_pool(ix, qix, index_path, files, candidates, skipped, started, max_bytes=max_bytes,
                                 workers=workers, warn=warn, progress=progress, replace=replace,
                                 folders=folders, quotes=quotes, fresh=fresh)

    writer = quote_writer = None

    def open_writer():
        # Opened at the first real change only: even an unused Whoosh writer leaves files.
        nonlocal writer, quote_writer, indexed
        if writer is None:
            writer = open_whoosh_writer(ix)
            quote_writer = open_whoosh_writer(qix)
            if not replace:
                # Another process may have written while we waited: compare with what is there now.
                indexed = indexed_files(ix, index_path)
        return writer

    added = updated = removed_docs = 0
    states = None
    words: set[str] = set()
    try:
        if removed or replace:
            open_writer()
            for key in indexed:
                if key not in on_disk:
                    removed_docs += writer.delete_by_term("file", key)
                    quote_writer.delete_by_term("file", key)
        jobs = [(f, indexed[f.key].sha if f.key in indexed else None, max_bytes, quotes) for f in candidates]
        new_states: dict[str, FileState | None] = {}
        for done, parsed in enumerate(map(parse_file, jobs), start=1):
            for problem in parsed.problems:
                warn(str(problem))
            skipped += sum(1 for p in parsed.problems if p.skipped)
            key = parsed.file.key
            if not parsed.unchanged and (parsed.documents or key in indexed):
                open_writer()
                if not replace:
                    quote_writer.delete_by_term("file", key)  # known to the articles' index or not
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
                for record in parsed.quotes:
                    quote_writer.add_document(**record)
                new_states[key] = FileState(parsed.file.size, parsed.file.mtime_ns, parsed.sha) \
                    if parsed.documents else None
            if progress is not None:
                progress(IndexProgress("parsing", done, len(jobs)))
        if writer is not None:
            if progress is not None:
                progress(IndexProgress("committing", len(jobs), len(jobs)))
            states = _next_states(indexed, on_disk, new_states)
            optimize = len(jobs) > 1000 and not indexed
            quote_writer.commit(mergetype=CLEAR if replace else None, optimize=optimize)  # first: see the module
            quote_writer = None
            writer.commit(mergetype=CLEAR if replace else None, optimize=optimize)
    except BaseException:
        for open_one in (quote_writer, writer):
            if open_one is not None:
                _cancel(open_one)
        raise
    if states is not None:
        write_manifest(index_path, ix, states, folders)
        write_words(index_path, words, merge=bool(indexed))
        write_registry(index_path, ix)
    else:
        _record_folders(index_path, ix, indexed, folders)
    return IndexSummary(ix.doc_count(), added, updated, removed_docs, skipped, time.perf_counter() - started)


def _record_folders(index_path: Path, ix: whoosh_index.Index, indexed: dict[str, FileState], folders: dict) -> None:
    """After an update that wrote nothing: the manifest gets the folders' record if it
    differs (a folder changed without changing the articles, an older manifest), so the
    next ``reader search`` need not update again."""
    if recorded_folders(index_path) != folders:
        write_manifest(index_path, ix, indexed, folders)


def _next_states(indexed: dict[str, FileState], on_disk: set[str],
                 new_states: dict[str, FileState | None]) -> dict[str, FileState]:
    """The file states after a commit: gone files out, re-read ones replaced."""
    states = {key: state for key, state in indexed.items() if key in on_disk and key not in new_states}
    states.update((key, state) for key, state in new_states.items() if state is not None)
    return states


def _update_with_pool(ix: whoosh_index.Index, qix: whoosh_index.Index, index_path: Path, files: list[CorpusFile],
                      candidates: list[CorpusFile], skipped: int, started: float, *, max_bytes: int, workers: int,
                      warn: Callable[[str], None],
                      progress: Callable[[IndexProgress], None] | None, replace: bool = False,
                      folders: dict | None = None, quotes: bool = True, fresh: bool = False) -> IndexSummary:
    """``update_index`` for many files: pool workers parse and write segments in parallel.

    This process holds the write lock throughout, so nobody else commits (and cleans up
    the workers' unfinished files) meanwhile; it deletes the old documents of changed and
    removed files and commits the workers' segments with its own writer at the end. With
    ``replace`` (a rebuild) the commit drops every old segment instead. The workers'
    quote segments are committed to the quote index the same way, just before.
    """
    lock = acquire_whoosh_lock(ix)
    try:
        quote_lock = acquire_whoosh_lock(qix)
    except BaseException:
        lock.release()
        raise
    writer = quote_writer = None
    try:
        # Another process may have written while we waited: compare with what is there now.
        indexed = {} if replace else indexed_files(ix, index_path)
        on_disk = {f.key for f in files}
        candidates = [
            f for f in candidates
            if (state := indexed.get(f.key)) is None or (state.size, state.mtime_ns) != (f.size, f.mtime_ns)
        ]
        jobs = [(f, indexed[f.key].sha if f.key in indexed else None, max_bytes, quotes) for f in candidates]
        segments: list = []
        quote_segments: list = []
        mine_quotes: list[dict] = []
        new_docs: dict[str, int] = {}
        new_states: dict[str, FileState | None] = {}
        mine: list[dict] = []  # documents this process must add itself (a worker died)
        words: set[str] = set()
        done = 0
        for parsed, count, segment in parse_in_pool(index_path, jobs, workers, words=words) \
                if use_pool(jobs, workers) \
                else ((p, -1, None) for p in map(parse_file, jobs)):
            if segment is not None:
                number, articles, quote_records = segment
                if articles is not None:
                    segments.append((number, articles))
                if quote_records is not None:
                    quote_segments.append((number, quote_records))
                continue
            if count == -2:  # reported by a worker that died later: its documents only
                mine.extend(parsed.documents)
                mine_quotes.extend(parsed.quotes)
                continue
            if count == -1:  # parsed here: this process adds the documents
                mine.extend(parsed.documents)
                mine_quotes.extend(parsed.quotes)
                count = len(parsed.documents)
            for problem in parsed.problems:
                warn(str(problem))
            skipped += sum(1 for p in parsed.problems if p.skipped)
            key = parsed.file.key
            if not parsed.unchanged and (count or key in indexed):
                new_docs[key] = count
                new_states[key] = FileState(parsed.file.size, parsed.file.mtime_ns, parsed.sha) if count else None
            done += 1
            if progress is not None:
                progress(IndexProgress("parsing", done, len(jobs)))
        removed = [key for key in indexed if key not in on_disk]
        if not (segments or quote_segments or mine or removed or replace or any(key in indexed for key in new_docs)):
            if folders is not None:
                _record_folders(index_path, ix, indexed, folders)
            return IndexSummary(ix.doc_count(), 0, 0, 0, skipped, time.perf_counter() - started)
        if progress is not None:
            progress(IndexProgress("committing", len(jobs), len(jobs)))
        added = updated = removed_docs = 0
        quote_writer = CommitWriter(qix, quote_segments, limitmb=64)
        writer = CommitWriter(ix, segments, limitmb=128)
        for key in removed:
            removed_docs += writer.delete_by_term("file", key)
            quote_writer.delete_by_term("file", key)
        for key, count in new_docs.items():
            if not (replace or fresh):
                quote_writer.delete_by_term("file", key)  # known to the articles' index or not
            old = writer.delete_by_term("file", key) if key in indexed else 0
            updated += min(old, count)
            added += max(0, count - old)
            removed_docs += max(0, old - count)
        for doc in mine:
            writer.add_document(**doc)
            _document_words(doc, words)
        for record in mine_quotes:
            quote_writer.add_document(**record)
        states = _next_states(indexed, on_disk, new_states)
        quote_writer.commit(mergetype=CLEAR if replace else None, merge=bool(indexed))  # first: see the module
        quote_writer = None
        writer.commit(mergetype=CLEAR if replace else None, merge=bool(indexed))
        writer = None
    except BaseException:
        for open_one in (quote_writer, writer):
            if open_one is not None:
                _cancel(open_one)
        raise
    finally:
        quote_lock.release()
        lock.release()
    write_manifest(index_path, ix, states, folders)
    write_words(index_path, words, merge=bool(indexed))
    write_registry(index_path, ix)
    return IndexSummary(ix.doc_count(), added, updated, removed_docs, skipped, time.perf_counter() - started)


def _document_words(doc: dict, into: set[str]) -> None:
    """The words of a document this process indexes itself (the workers collect their own)."""
    surface_words((doc.get("title"), doc.get("standfirst"), doc.get("body")), into)
