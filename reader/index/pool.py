"""The process pool of a large update: files parsed, attributed and written as new
segments in parallel.

Why: parsing an article and attributing its quotes is most of an update's time, and
Whoosh allows one writer. So for many files, pool workers (forked from a fork server)
each parse a contiguous share of them and write a segment of their own, reporting the
files they have done as they go; the parent, which holds the write lock, commits the
segments (:mod:`reader.index.update`). A worker that dies costs only time: its files are
parsed again in the parent.
"""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import queue
import stat
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.writer import BulkWriter
from ..ingest import CorpusFile, LoadResult, Problem, load_bytes, read_bytes
from .documents import article_documents
from .store import open_dir, open_quotes_dir

#: Below this many files to parse, a process pool costs more than it saves.
POOL_THRESHOLD = 64

#: Memory for each pool worker's posting buffer before it spills sorted runs to disk.
WORKER_LIMITMB = 256
#: The same for its quote records (a fifth of the articles' words or less).
QUOTE_LIMITMB = 64

#: How often (seconds) a pool worker reports the files it has done, all in one message.
#: One message per file cost the parent, which shares the cores with the workers, about
#: a second of CPU for 21,000 files; every 0.1 s still moves the progress bar smoothly.
#: A file not yet reported when a worker dies is parsed again by the parent, as before.
REPORT_EVERY = 0.1
#: A worker starts a new segment after this many articles. A segment's term dictionary
#: (every distinct word, and each article's unique id and file terms) and its analysis
#: memory last until the segment is written: a worker's memory grew by about 2.7 KB an
#: article of the scale corpus (130 MB at 4,000 articles, 174 MB at 20,000).
SEGMENT_ARTICLES = 150_000


@dataclass(slots=True)
class Parsed:
    """What a pool worker sends back for one file."""

    file: CorpusFile
    sha: str
    unchanged: bool
    documents: list[dict]
    problems: list[Problem]
    #: the quote records of the file's articles (:mod:`.quote_records`)
    quotes: list[dict] = field(default_factory=list)


#: A job: the file, the content hash it had when indexed (None: new), the size limit,
#: and whether to make quote records.
Job = tuple[CorpusFile, str | None, int, bool]


def parse_file(job: Job) -> Parsed:
    """Read, hash and parse one file (runs in a pool worker)."""
    file, old_sha, max_bytes, with_quotes = job
    data = read_bytes(file.path, max_bytes, follow_symlinks=False)  # as the walk resolved it: a link swapped in since is refused
    if isinstance(data, Problem):
        return Parsed(file, "", False, [], [data])
    sha = hashlib.blake2b(data, digest_size=16).hexdigest()
    if sha == old_sha:
        return Parsed(file, sha, True, [], [])
    result: LoadResult = load_bytes(data, file.path, file.key)
    docs: list[dict] = []
    quotes: list[dict] = []
    for article in result.articles:
        doc, records = article_documents(article, file=file, sha=sha, quotes=with_quotes)
        docs.append(doc)
        quotes.extend(records)
    return Parsed(file, sha, False, docs, result.problems, quotes)


def _pool_context():
    """A forkserver whose server preloads the index room, not the caller's ``__main__``.

    Not fork: the app calls this from a worker thread, and forking a threaded process
    can deadlock the child. Not plain spawn: it re-runs the calling script's top level
    in every worker. The fork server starts single-threaded, imports reader once, and
    forks cheap workers from that.
    """
    _own_temp_dir()
    context = multiprocessing.get_context("forkserver")
    # the update by name: reader.index loads it lazily, and this module must be
    # imported in the server for it to remove its folder at exit
    context.set_forkserver_preload(["reader.index", "reader.index.update"])
    return context


#: The prefix of the folder in TMPDIR that holds the fork server's socket (short: a
#: socket's path may not be longer than 107 bytes), the file in it that says it is
#: reader's, and the variable that names it to the fork server.
POOL_TMP_PREFIX = "rdr"
POOL_TMP_MARK = "reader-pool"
POOL_TMP_ENV = "READER_POOL_TMPDIR"


def _own_temp_dir() -> None:
    """Give multiprocessing a temporary folder of reader's for the fork server's socket.

    multiprocessing's own (``pymp-*``) is removed only by the process that made it, at
    its exit: a ``kill -9`` left it behind. reader's (``reader-pool-<pid>-*``) is
    removed by that process at exit too, and by the fork server when it exits, which it
    does once the killed process and its workers are gone; one left all the same (the
    fork server killed too) is removed by the next reader that starts a pool, once no
    process of that pid is running (``rdr<pid>-*`` holding reader's mark file). Relies on
    multiprocessing's ``_config["tempdir"]``.
    """
    import atexit
    import shutil
    import tempfile

    config = multiprocessing.current_process()._config
    if config.get("tempdir") is not None:
        return
    tmp = tempfile.gettempdir()
    _sweep_stale_temp_dirs(tmp)
    if len(os.fsencode(os.path.join(tmp, f"{POOL_TMP_PREFIX}{os.getpid()}-12345678", "listener-12345678"))) > 107:
        return  # no room for the socket's name: multiprocessing's own, shorter folder
    path = tempfile.mkdtemp(prefix=f"{POOL_TMP_PREFIX}{os.getpid()}-")
    with open(os.path.join(path, POOL_TMP_MARK), "w", encoding="utf-8") as mark:
        mark.write("reader's process pool: removed when the process named by this folder is gone\n")
    config["tempdir"] = path
    os.environ[POOL_TMP_ENV] = path  # for the fork server, which this process starts
    atexit.register(shutil.rmtree, path, True)


def _sweep_stale_temp_dirs(tmp: str) -> None:
    """Remove reader's pool folders whose process is gone (left by a kill -9)."""
    import shutil

    try:
        names = os.listdir(tmp)
    except OSError:
        return
    for name in names:
        if not name.startswith(POOL_TMP_PREFIX):
            continue
        pid = name[len(POOL_TMP_PREFIX):].split("-")[0]
        path = os.path.join(tmp, name)
        try:
            info = os.lstat(path)
            if (not pid.isdigit() or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
                    or not os.path.isfile(os.path.join(path, POOL_TMP_MARK))
                    or any(n != POOL_TMP_MARK and not n.startswith("listener-") for n in os.listdir(path))):
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


def _fork_server_removes_the_temp_dir() -> None:
    """In the fork server (which imports this module first): remove reader's pool folder
    when it exits, which is after the process that started it and its workers are gone."""
    import atexit
    import shutil

    path = os.environ.get(POOL_TMP_ENV)
    if (path and os.path.basename(path).startswith(POOL_TMP_PREFIX) and sys.argv[:1] == ["-c"]
            and "multiprocessing.forkserver" in sys.modules):
        atexit.register(shutil.rmtree, path, True)


_fork_server_removes_the_temp_dir()


def start_pool_early() -> None:
    """Start the fork server now, for a build from scratch with enough files for the pool:
    it imports reader (0.2 s) while this process walks the rest of the corpus, instead of
    after. Its workers are forked when needed."""
    from multiprocessing import forkserver

    _pool_context()
    forkserver.ensure_running()


def main_is_importable() -> bool:
    """Pool workers re-import ``__main__``: impossible for ``python -c`` or a script on stdin."""
    main = sys.modules.get("__main__")
    if getattr(main, "__spec__", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    return path is not None and os.path.isfile(path)


def use_pool(jobs: list, workers: int) -> bool:
    return workers > 1 and len(jobs) >= POOL_THRESHOLD and main_is_importable()


def _segment_worker(number: int, index_dir: str, jobs: list[Job], results, limitmb: int,
                    segment_articles: int = SEGMENT_ARTICLES) -> None:
    """Parse, attribute, analyse and write one new segment (runs in a pool worker).

    Each worker writes its own segment of the index without the write lock, which the
    parent holds for it the whole time, and reports the files it has done every
    ``REPORT_EVERY`` seconds, many in one message (the parent shares the cores). The
    parent alone deletes, and commits the segments; a worker never commits anything. With its
    segment it hands over the words it indexed, for the spelling suggestions' word list,
    and the segment of the quote index it wrote the same files' quote records into.
    """
    _exit_with_parent()
    writer = quote_writer = None
    words: set[str] = set()
    batch: list[tuple[Parsed, int]] = []
    reported_at = time.monotonic()
    try:
        for job in jobs:
            if writer is not None and writer.docnum >= segment_articles:
                results.put(("segment", number, writer.finish_segment(),
                             quote_writer.finish_segment() if quote_writer is not None else None))
                writer = quote_writer = None  # and with them their memory of terms
            parsed = parse_file(job)
            if parsed.documents:
                if writer is None:
                    ix = open_dir(index_dir)
                    writer = BulkWriter(ix, words, limitmb=limitmb)
                for doc in parsed.documents:
                    writer.add_document(**doc)
            if parsed.quotes:
                if quote_writer is None:
                    quote_writer = BulkWriter(open_quotes_dir(index_dir), None, limitmb=QUOTE_LIMITMB,
                                              analysis=writer.analysis)  # the articles' words, analysed
                for record in parsed.quotes:
                    quote_writer.add_document(**record)
            batch.append((Parsed(parsed.file, parsed.sha, parsed.unchanged, [], parsed.problems),
                          len(parsed.documents)))
            if time.monotonic() - reported_at >= REPORT_EVERY:
                results.put(("files", number, batch))
                batch = []
                reported_at = time.monotonic()
        if batch:
            results.put(("files", number, batch))
        segment = writer.finish_segment() if writer is not None else None
        quote_segment = quote_writer.finish_segment() if quote_writer is not None else None
        results.put(("done", number, segment, words, quote_segment))
    except BaseException as exc:
        results.put(("error", number, traceback.format_exc(limit=5), getattr(exc, "errno", None)))


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


def parse_in_pool(index_dir: Path, jobs: list[Job], workers: int,
                   limitmb: int = WORKER_LIMITMB, words: set[str] | None = None,
                   segment_articles: int = SEGMENT_ARTICLES) -> Iterator[tuple[Parsed, int, object]]:
    """Yield (parsed file, documents written, None) as pool workers write new segments,
    then (None, 0, (worker, segment, quote segment)) for each segment of each worker done
    (a worker starts a new segment every ``segment_articles`` articles; either segment None
    if it wrote none); ``words`` receives the words each finished segment holds.

    Files of a worker that dies (out of memory, killed) are parsed again here, in
    this process, and come back with their documents (``documents`` filled, the count
    -1), to be added by the parent's own writer; files it had reported already come
    back again flagged the same way, with no problems, so they are not counted twice.
    """
    context = _pool_context()
    results = context.Queue()
    chunks = _balanced_chunks(jobs, workers)
    procs = [context.Process(target=_segment_worker, args=(n, str(index_dir), chunk, results, limitmb, segment_articles),
                             daemon=True)
             for n, chunk in enumerate(chunks)]
    for proc in procs:
        proc.start()
    reported: list[set[str]] = [set() for _ in chunks]
    #: each worker's full segments, handed on with its last (a worker that dies has its
    #: files parsed again here: its earlier segments are then dropped, never committed)
    written: list[list[tuple]] = [[] for _ in chunks]
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
                                yield from _pool_message(message, reported, pending, failed, words, written)
                        except queue.Empty:
                            pass
                        if n in pending:
                            pending.discard(n)
                            failed.append(n)
                continue
            yield from _pool_message(message, reported, pending, failed, words, written)
    finally:
        for proc in procs:
            if proc.is_alive() and proc.exitcode is None and pending:
                proc.terminate()
        for proc in procs:
            proc.join(timeout=5)
    for n in failed:
        for job in chunks[n]:
            parsed = parse_file(job)
            if parsed.file.key in reported[n]:
                parsed.problems = []
                yield parsed, -2, None  # already counted; only its documents are needed
            else:
                yield parsed, -1, None


def _pool_message(message, reported: list[set[str]], pending: set[int], failed: list[int],
                  words: set[str] | None, written: list[list[tuple]]):
    kind, number, payload, *rest = message
    if kind == "files":
        for parsed, count in payload:
            reported[number].add(parsed.file.key)
            yield parsed, count, None
    elif kind == "segment":  # a full one (SEGMENT_ARTICLES); the worker goes on
        written[number].append((number, payload, rest[0]))
    elif kind == "done":
        pending.discard(number)
        if words is not None:
            words.update(rest[0])
        quote_segment = rest[1] if len(rest) > 1 else None
        yield from ((None, 0, segment) for segment in written[number])  # in the order written
        if payload is not None or quote_segment is not None:
            yield None, 0, (number, payload, quote_segment)
    else:  # "error": redo its files here, where the error (if it is one) is raised properly
        if rest and rest[0] in _DISK_ERRORS:  # the disk is full or read-only: it is for us too
            raise OSError(rest[0], os.strerror(rest[0]))
        pending.discard(number)
        failed.append(number)


#: A worker's errors that end the whole update at once (redoing its files would only
#: write them to the same full or read-only disk).
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
