"""Keeping the index in step with the corpus, for the screen: not drawn, it only works.

Three workers: ``reader index`` run as a child process (its progress relayed line by
line, through the protocol of ``reader.index.protocol``); the corpus watched for changed
article files; and the index looked at for commits made by another process. A child
process keeps the heavy indexing off this process's GIL (the screen stays responsive)
and lets it use its own process pool safely. Each tells the screen what happened with
one of the messages below; the screen decides when to update.
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

from textual import work
from textual.message import Message
from textual.widget import Widget

from ...index.protocol import (
    IndexProgress,
    IndexSummary,
    failure_in,
    indexer_command,
    indexer_environment,
    read_line,
    warnings_in,
)
from ...ingest import corpus_changes_async
from ...search import Searcher
from ..workers import ReportsFailedWorkers

#: At most this many progress lines a second reach the screen.
PROGRESS_EVERY = 0.1
#: How often the screen has the keeper look for commits made by another process (seconds).
COMMITS_EVERY = 2.0
#: The group of the corpus watcher: the one worker that runs as long as the screen.
WATCHER_GROUP = "corpus-watcher"


class IndexKeeper(ReportsFailedWorkers, Widget):
    """Runs the indexer, watches the corpus and looks for commits; posts what it sees."""

    class CorpusChanged(Message):
        """Article files of the corpus were added, changed or deleted (or the watcher is
        ready: the first update then sees every change)."""

    class IndexProgressed(Message):
        """The indexer is this far (``state`` says it as the status line does)."""

        def __init__(self, progress: IndexProgress) -> None:
            super().__init__()
            self.progress = progress

        @property
        def state(self) -> str:
            p = self.progress
            return f"{p.phase} {p.done}/{p.total}" if p.phase == "parsing" else f"{p.phase}…"

    class IndexUpdated(Message):
        """The indexer is done: ``summary`` of what it did, ``warnings`` about files it skipped."""

        def __init__(self, summary: IndexSummary, warnings: list[str]) -> None:
            super().__init__()
            self.summary = summary
            self.warnings = warnings

        @property
        def state(self) -> str:
            """"up to date · N articles", and how many files were skipped."""
            skipped = f" · {self.summary.skipped} skipped" if self.summary.skipped else ""
            return f"up to date · {self.summary.total} articles{skipped}"

        @property
        def changed(self) -> bool:
            """Articles were added, updated or removed: the index must be opened again."""
            return bool(self.summary.added or self.summary.updated or self.summary.removed)

        @property
        def warning(self) -> str | None:
            """The first warning, and how many followed it (None: no warning)."""
            if not self.warnings:
                return None
            more = f" (and {len(self.warnings) - 1} more)" if len(self.warnings) > 1 else ""
            return f"{self.warnings[0]}{more}"

    class IndexFailed(Message):
        """Indexing failed, with the reason."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class WatchFailed(Message):
        """The corpus cannot be watched (no inotify, no permission), with the reason."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class IndexChanged(Message):
        """Another process committed to the index (e.g. ``reader index`` in another terminal)."""

        def __init__(self, doc_count: int) -> None:
            super().__init__()
            self.doc_count = doc_count

    def __init__(self, corpus: Path, index_dir: Path, **kwargs) -> None:
        super().__init__(**kwargs)
        self.corpus = corpus
        self.index_dir = index_dir
        self._indexer: subprocess.Popen | None = None
        self._stop_watching = threading.Event()

    def on_mount(self) -> None:
        self._watch_corpus()

    def on_unmount(self) -> None:
        self._stop_watching.set()  # the watcher's wait ends at once, not after its timeout
        child = self._indexer
        if child is not None and child.poll() is None:
            child.terminate()

    @work(exclusive=True, group=WATCHER_GROUP, name="corpus watcher", exit_on_error=False)
    async def _watch_corpus(self) -> None:
        """Post CorpusChanged whenever article files change (until the screen goes)."""
        started = False

        def ready() -> None:
            nonlocal started
            started = True
            self.post_message(self.CorpusChanged())  # the first update

        try:
            async for _count in corpus_changes_async(self.corpus, stop=self._stop_watching, on_ready=ready):
                self.post_message(self.CorpusChanged())
        except Exception as exc:  # no inotify, no permission: the app works without it
            self.post_message(self.WatchFailed(f"cannot watch the corpus for changes: {exc}"))
            if not started:
                self.post_message(self.CorpusChanged())

    @work(thread=True, group="index", name="indexer", exit_on_error=False)
    def update(self, rebuild: bool = False) -> None:
        """Run ``reader index`` (``--rebuild``) as a child process and relay its progress."""
        command = indexer_command(self.corpus, self.index_dir, rebuild=rebuild)
        try:
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                                     env=indexer_environment())
        except OSError as exc:
            self.post_message(self.IndexFailed(f"cannot start the indexer: {exc}"))
            return
        self._indexer = child
        summary = None
        last = 0.0
        for raw in child.stdout:
            said = read_line(raw)
            if isinstance(said, IndexProgress):
                now = time.monotonic()
                if now - last >= PROGRESS_EVERY or said.done == said.total:
                    last = now
                    self.post_message(self.IndexProgressed(said))
            elif isinstance(said, IndexSummary):
                summary = said
        errors = child.stderr.read().splitlines()
        child.wait()
        self._indexer = None
        if child.returncode != 0 or summary is None:
            self.post_message(self.IndexFailed(failure_in(errors, child.returncode)))
        else:
            self.post_message(self.IndexUpdated(summary, warnings_in(errors)))

    @work(thread=True, exclusive=True, group="commits", name="commits", exit_on_error=False)
    def look_for_commits(self, searcher: Searcher) -> None:
        """Post IndexChanged if another process committed to the index ``searcher`` reads."""
        try:
            changed = searcher.refresh()
            count = searcher.doc_count if changed else 0
        except Exception:  # a damaged index is reported by the next search
            return
        if changed:
            self.post_message(self.IndexChanged(count))
