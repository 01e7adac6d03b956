"""The sources a command reads: the corpus folder, its index (brought up to date, then
opened) and article files named on the command line.

Apart from the commands because most of them share it. What the command line gives
beats the config file, which beats the built-in defaults. The index and search rooms
are imported inside the functions, so that ``reader --help`` does not load them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..text import display_path
from . import render
from .errors import EXIT_USAGE, CommandError


def corpus_path(value: str | None, config=None) -> Path:
    """The corpus named on the command line, else the config file's, else the bundled one."""
    from ..ingest import bundled_corpus

    if value:
        path = Path(value).expanduser()
    elif config is not None and config.corpus is not None:
        path = config.corpus
        if not path.is_dir():  # it was there when the config was read
            raise CommandError(f"corpus {display_path(str(path))} (from {display_path(str(config.path))}) "
                               "is not a folder", EXIT_USAGE)
    else:
        path = bundled_corpus()
    if not path.is_dir():
        raise CommandError(f"corpus {display_path(str(value or path))} is not a folder", EXIT_USAGE)
    return path


def index_dir(corpus: Path, override: str | None, config=None) -> Path:
    """``--index-dir``, else ``$READER_INDEX_DIR``, else the corpus's folder below the
    config's ``index_dir`` or the user cache dir."""
    from ..locations import index_dir_for

    return index_dir_for(corpus, override, config.index_dir if config is not None else None)


def update(corpus: Path, index_dir: Path, *, rebuild: bool = False, json_progress: bool = False,
           lock_timeout: float | None = None):
    """Update the index, with a progress bar when stderr is a terminal.

    ``json_progress`` prints progress as JSON lines on stdout instead (for the app, which
    runs ``reader index`` as a child process).
    """
    from ..index import DEFAULT_LOCK_TIMEOUT, IndexUnavailable, update_index
    from ..index.protocol import warning_line

    lock_timeout = DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
    try:
        if json_progress or not sys.stderr.isatty():
            return update_index(corpus, index_dir, rebuild=rebuild, warn=render.warn, lock_timeout=lock_timeout,
                                progress=render.print_progress if json_progress else None)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = render.console(stderr=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=console, transient=True) as bar:
            task = bar.add_task("indexing", total=None)

            def progress(p):
                bar.update(task, description=p.phase, completed=p.done, total=p.total)

            def warn(message: str) -> None:
                bar.console.print(warning_line(message), markup=False, highlight=False)

            return update_index(corpus, index_dir, rebuild=rebuild, warn=warn, progress=progress,
                                lock_timeout=lock_timeout)
    except IndexUnavailable as exc:
        raise CommandError(str(exc)) from exc


def update_unless_busy(corpus: Path, index_dir: Path) -> None:
    """Bring the index up to date before a search, unless another process is doing so
    or the index can't be written now (read-only, full disk): then search it as it is.

    Only when a folder of the corpus changed since the last update (a stat per folder,
    not a walk of every file: see :mod:`reader.index.folders`); an in-place edit of a
    file is left to ``reader index`` / ``--watch`` / the app.
    """
    from ..index import IndexNotWritable, corpus_unchanged

    if corpus_unchanged(corpus, index_dir):
        return

    try:
        update(corpus, index_dir, lock_timeout=0)
    except CommandError as exc:
        if isinstance(exc.__cause__, IndexNotWritable):
            render.warn(f"{exc}; searching the index as it is")
            return
        if "another process is writing this index" not in str(exc):
            raise
        render.warn("another process is updating the index; searching what it holds so far")


def open_searcher(corpus: Path, index_dir: Path):
    from ..index import IndexUnavailable, open_index
    from ..search import Searcher

    try:
        ix, _ = open_index(corpus, index_dir, warn=render.warn)
        return Searcher(ix)
    except IndexUnavailable as exc:
        raise CommandError(str(exc)) from None


def open_quote_searcher(corpus: Path, index_dir: Path):
    """The quote records' searcher. A quote index that is missing or damaged is never
    trusted: the index is built again (saying so), then opened."""
    from ..index import IndexUnavailable, QuotesUnavailable, open_quote_index
    from ..search.quotes import QuoteSearcher

    try:
        try:
            return QuoteSearcher(open_quote_index(corpus, index_dir))
        except QuotesUnavailable as exc:
            render.warn(f"{str(exc).split('; run:')[0]}; rebuilding it")
            update(corpus, index_dir, lock_timeout=None)
            return QuoteSearcher(open_quote_index(corpus, index_dir))
    except IndexUnavailable as exc:
        raise CommandError(str(exc)) from None


def load_files(paths: Sequence[str]):
    """Parse the named files; problems are warnings, nothing at all is an error."""
    from ..ingest import load_file

    articles = []
    for name in paths:
        if not os.path.isfile(name):
            raise CommandError(f"{display_path(name)}: no such file", EXIT_USAGE)
        result = load_file(os.path.abspath(name), name)
        for problem in result.problems:
            render.warn(str(problem))
        articles.extend(result.articles)
    if not articles:
        raise CommandError("no article could be read from " + ", ".join(map(display_path, paths)))
    return articles
