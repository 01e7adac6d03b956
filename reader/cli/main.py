"""The ``reader`` command line: the app, and every job of the app as a command.

``reader [CORPUS]`` opens the app; ``reader index``, ``search``, ``show`` and
``speakers`` do the same work for scripts, with ``--json`` for machines. Textual is
imported only when the app opens (or ``reader config check`` checks what only the app
uses), so the commands start fast. Errors are one line on stderr and an exit status (2
for a bad query, bad usage or a bad config file, 1 for anything else), never a traceback.

The config file is read once per command: what the command line gives beats the config
file, which beats the built-in defaults.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..text import display_path, escape_unprintable

COMMANDS = ("index", "search", "show", "speakers", "related", "bench", "config", "bookmarks")
EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report as one line on stderr, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR):
        super().__init__(message)
        self.status = status


def _console(stderr: bool = False):
    from rich.console import Console

    # markup and highlighting off: titles, paths and snippets are shown exactly as written
    return Console(stderr=stderr, markup=False, highlight=False, emoji=False, soft_wrap=not sys.stdout.isatty())


def _warn(message: str) -> None:
    from ..index.protocol import warning_line  # the index room owns the lines the app reads

    print(warning_line(message), file=sys.stderr, flush=True)


def _corpus_path(value: str | None, config=None) -> Path:
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
        raise CommandError(f"corpus {value or path} is not a folder", EXIT_USAGE)
    return path


def _index_dir(corpus: Path, override: str | None, config=None) -> Path:
    """``--index-dir``, else ``$READER_INDEX_DIR``, else the corpus's folder below the
    config's ``index_dir`` or the user cache dir."""
    from ..locations import index_dir_for

    return index_dir_for(corpus, override, config.index_dir if config is not None else None)


def _print_progress(p) -> None:
    from ..index.protocol import progress_line

    print(progress_line(p), flush=True)


def _update(corpus: Path, index_dir: Path, *, rebuild: bool = False, json_progress: bool = False,
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
            return update_index(corpus, index_dir, rebuild=rebuild, warn=_warn, lock_timeout=lock_timeout,
                                progress=_print_progress if json_progress else None)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = _console(stderr=True)
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
        raise CommandError(str(exc)) from None


def _update_unless_busy(corpus: Path, index_dir: Path) -> None:
    """Bring the index up to date before a search, unless another process is doing so."""
    try:
        _update(corpus, index_dir, lock_timeout=0)
    except CommandError as exc:
        if "another process is writing this index" not in str(exc):
            raise
        _warn("another process is updating the index; searching what it holds so far")


def cmd_index(args: argparse.Namespace) -> int:
    corpus = _corpus_path(args.corpus, args.config)
    index_dir = _index_dir(corpus, args.index_dir, args.config)
    summary = _update(corpus, index_dir, rebuild=args.rebuild, json_progress=args.progress, lock_timeout=args.wait)
    _report(summary, args.json)
    if not args.watch:
        return 0
    from ..ingest import corpus_changes

    def ready() -> None:
        # files changed while the watcher started are caught by one more look now
        summary = _update(corpus, index_dir, lock_timeout=args.wait)
        if summary.added or summary.updated or summary.removed:
            _report(summary, args.json)
        print(f"reader: watching {display_path(str(corpus))} for changes (Ctrl+C stops)", file=sys.stderr,
              flush=True)

    try:
        for _ in corpus_changes(corpus, on_ready=ready):
            _report(_update(corpus, index_dir, lock_timeout=args.wait), args.json)
    except KeyboardInterrupt:
        pass  # the way to stop watching: not an error
    return 0


def _report(summary, as_json: bool) -> None:
    print(f"reader: {summary}", file=sys.stderr, flush=True)
    if as_json:
        from ..index.protocol import summary_line

        print(summary_line(summary), flush=True)


def _open_searcher(corpus: Path, index_dir: Path):
    from ..index import IndexUnavailable, open_index
    from ..search import Searcher

    try:
        ix, _ = open_index(corpus, index_dir, warn=_warn)
        return Searcher(ix)
    except IndexUnavailable as exc:
        raise CommandError(str(exc)) from None


def _damaged(index_dir: Path, exc: BaseException) -> str:
    reason = " ".join(str(exc).split())[:120] or type(exc).__name__
    return f"the index at {index_dir} cannot be read ({type(exc).__name__}: {reason}); run: reader index --rebuild"


def _styled_snippet(snippet):
    from rich.text import Text

    text = Text(snippet.text)
    for start, end in snippet.highlights:
        text.stylize("bold reverse", start, end)
    return text


def _saved_query(args: argparse.Namespace) -> str:
    """The query of ``--saved NAME`` (or the QUERY argument), saving it with ``--save NAME``."""
    from ..config import ConfigError, quoted, save_search, tidy_search_name

    if (args.query is None) == (args.saved is None):
        raise CommandError("give a QUERY or --saved NAME (not both)", EXIT_USAGE)
    query = args.query
    if args.saved is not None:
        searches = args.config.searches
        if args.saved not in searches:
            known = ", ".join(quoted(name) for name in searches) or "none yet (save one with --save NAME)"
            raise CommandError(f"no saved search named {quoted(args.saved)} in "
                               f"{display_path(str(args.config.path))} (saved: {known})", EXIT_USAGE)
        query = searches[args.saved]
    if args.save is not None:
        try:
            args.config = save_search(args.save, query, args.config.path)
        except ConfigError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        print(f"reader: saved the search {quoted(tidy_search_name(args.save))} in "
              f"{display_path(str(args.config.path))}", file=sys.stderr, flush=True)
    return query


def cmd_search(args: argparse.Namespace) -> int:
    from ..search import SUGGEST_BELOW, QueryError

    fmt = "json" if args.json else args.format
    for flag, wanted in (("--facets", args.facets), ("--timeline", args.timeline)):
        if wanted and fmt not in ("text", "json"):
            raise CommandError(f"{flag} goes with text or JSON output", EXIT_USAGE)
    args.query = _saved_query(args)
    args.sort = args.sort or args.config.sort
    corpus = _corpus_path(args.corpus, args.config)
    index_dir = _index_dir(corpus, args.index_dir, args.config)
    _update_unless_busy(corpus, index_dir)
    facets = suggestion = timeline = None
    with _open_searcher(corpus, index_dir) as searcher:
        try:
            result = searcher.search(args.query, sort=args.sort, limit=args.limit, offset=args.offset)
            if result.total is not None and result.total < SUGGEST_BELOW and not result.timed_out:
                suggestion = searcher.suggest_query(args.query, found=result.total)
            if args.facets:
                rows, complete = searcher.speaker_facets(args.query, top=args.facets)
                facets = [{"name": n, "quotes": q, "articles": a} for n, q, a in rows]
                if not complete:
                    _warn("counting speakers ran out of time; the counts cover part of the results")
            if args.timeline:
                timeline = searcher.month_counts(args.query)
                if not timeline.complete:
                    _warn("counting results by month ran out of time; the counts cover part of the results")
        except QueryError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        except Exception as exc:  # Whoosh raises many types on a damaged index
            raise CommandError(_damaged(index_dir, exc)) from None
    if result.timed_out:
        _warn(f"the search ran out of time; showing what it found in {result.seconds:.1f} s")
    if fmt != "text":
        from ..search import write_hits

        write_hits(sys.stdout, result.hits, fmt, facets, timeline.to_json() if timeline else None)
        _did_you_mean(suggestion)
        return 0

    console = _console()
    shown = f"{args.offset + 1}–{args.offset + len(result.hits)} of " if result.hits else ""
    total = result.total if result.total is not None else "more" if result.more else len(result.hits)
    console.print(f"{shown}{total} results for {args.query!r} ({result.seconds * 1000:.0f} ms, by {args.sort})")
    _print_hits(console, result.hits, start=args.offset + 1)
    if facets:
        from rich.table import Table

        table = Table("speaker", "quotes", "articles", title="Most quoted in all the results")
        for row in facets:
            table.add_row(row["name"], str(row["quotes"]), str(row["articles"]))
        console.print()
        console.print(table)
    if timeline:
        console.print()
        console.print(_timeline_table(timeline))
    _did_you_mean(suggestion)
    return 0


#: The longest bar of ``--timeline`` (characters); the others are scaled to it.
TIMELINE_BAR = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


def _bar(count: int, most: int, width: int = TIMELINE_BAR) -> str:
    """A horizontal bar of ``count`` against ``most``, in eighths of a character; never empty for a count."""
    if not count or not most:
        return ""
    eighths = max(1, round(count * width * 8 / most))
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip()


def _timeline_table(timeline):
    """Results by month (``--timeline``): every month from the first to the last, a bar each."""
    from rich.table import Table

    table = Table("month", title="All the results by month")
    table.add_column("results", justify="right")
    table.add_column("")
    most = max((count for _month, count in timeline.months), default=0)
    for month, count in timeline.months:
        table.add_row(month, str(count), _bar(count, most))
    if timeline.undated or not timeline.months:
        table.add_row("undated", str(timeline.undated), "")
    return table


def _did_you_mean(suggestion: str | None) -> None:
    """The corrected query on stderr, for every output format: stdout keeps its shape."""
    if suggestion:
        # the user's own query, but it may hold control characters: escaped, never sent raw
        print(f"Did you mean: {escape_unprintable(suggestion)}?", file=sys.stderr, flush=True)


def _print_hits(console, hits, *, start: int = 1) -> None:
    from rich.text import Text

    for number, hit in enumerate(hits, start=start):
        console.print()
        line = Text(f"{number}. ")
        line.append(hit.title or "(untitled)", style="bold")
        if hit.date:
            line.append(f"  {hit.date:%Y-%m-%d}", style="cyan")
        console.print(line)
        console.print(Text(f"   {display_path(hit.path)}", style="dim"))
        if hit.snippet and hit.snippet.text:
            console.print(Text("   ") + _styled_snippet(hit.snippet))
        if hit.speakers:
            console.print(Text(f"   speakers: {', '.join(hit.speakers)}", style="green"))


def cmd_related(args: argparse.Namespace) -> int:
    [article] = _load_files([args.file])[:1]
    corpus = _corpus_path(args.corpus, args.config)
    index_dir = _index_dir(corpus, args.index_dir, args.config)
    _update_unless_busy(corpus, index_dir)
    with _open_searcher(corpus, index_dir) as searcher:
        try:
            hits = searcher.related(article, limit=args.limit)
        except Exception as exc:  # a damaged index
            raise CommandError(_damaged(index_dir, exc)) from None
    if args.json:
        from ..search import write_hits

        write_hits(sys.stdout, hits, "json")
        return 0
    console = _console()
    console.print(f"{len(hits)} articles like {article.title!r}")
    _print_hits(console, hits)
    return 0


def article_json(article, attribution=None) -> dict:
    """The JSON form of a parsed article (``reader show --json``), with its speakers."""
    from ..attribution import attribute

    attribution = attribution or attribute(article.body)
    return {
        "id": article.id,
        "path": display_path(article.path),
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "standfirst": article.standfirst,
        "body": list(article.body),
        "meta": dict(article.meta),
        **attribution.to_json(),
    }


def _load_files(paths: Sequence[str]):
    """Parse the named files; problems are warnings, nothing at all is an error."""
    from ..ingest import load_file

    articles = []
    for name in paths:
        if not os.path.isfile(name):
            raise CommandError(f"{name}: no such file", EXIT_USAGE)
        result = load_file(os.path.abspath(name), name)
        for problem in result.problems:
            _warn(str(problem))
        articles.extend(result.articles)
    if not articles:
        raise CommandError("no article could be read from " + ", ".join(paths))
    return articles


def cmd_show(args: argparse.Namespace) -> int:
    articles = _load_files([args.file])
    if args.json:
        data = [article_json(a) for a in articles]
        print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=1))
        return 0
    from rich.text import Text

    console = _console()
    for article in articles:
        console.print(Text(article.title or "(untitled)", style="bold"))
        if article.date:
            console.print(Text(f"{article.date:%Y-%m-%d}", style="cyan"))
        if article.standfirst:
            console.print(Text(article.standfirst, style="italic"))
        for para in article.body:
            console.print()
            console.print(Text(para))
    return 0


def _speakers_of_files(args: argparse.Namespace) -> int:
    from rich.text import Text

    from ..attribution import attribute

    articles = _load_files(args.files)
    results = [(a, attribute(a.body)) for a in articles]
    if args.json:
        data = [{"path": display_path(a.path), "title": a.title, **attr.to_json()} for a, attr in results]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    console = _console()
    for article, attribution in results:
        console.print(Text(article.title or "(untitled)", style="bold"))
        console.print(Text(display_path(article.path), style="dim"))
        for speaker in attribution.speakers:
            line = Text("  ")
            line.append(speaker.name, style="bold green")
            if speaker.role:
                line.append(f" ({speaker.role})", style="italic")
            console.print(line)
            for quote in speaker.quotes:
                console.print(Text(f"    [{quote.kind}] “{quote.text}”"))
        if attribution.unattributed:
            console.print(Text("  unattributed", style="bold"))
            for quote in attribution.unattributed:
                console.print(Text(f"    “{quote.text}”"))
        console.print()
    return 0


def _speakers_of_corpus(args: argparse.Namespace) -> int:
    from rich.table import Table

    from ..attribution import SpeakerRegistry

    corpus = _corpus_path(args.corpus, args.config)
    index_dir = _index_dir(corpus, args.index_dir, args.config)
    _update_unless_busy(corpus, index_dir)
    registry = SpeakerRegistry()
    with _open_searcher(corpus, index_dir) as searcher:
        try:
            for doc_id, speakers in searcher.all_speakers():
                for name, count in speakers:
                    registry.add(name, doc_id, count)
        except Exception as exc:  # a damaged index
            raise CommandError(_damaged(index_dir, exc)) from None
    rows = registry.top(args.top)
    if args.json:
        print(json.dumps([{"name": n, "quotes": q, "articles": a} for n, q, a in rows], ensure_ascii=False, indent=1))
        return 0
    table = Table("speaker", "quotes", "articles", title=f"Most-quoted people in {corpus}")
    for name, quotes, articles in rows:
        table.add_row(name, str(quotes), str(articles))
    _console().print(table)
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    if bool(args.files) == bool(args.corpus):
        raise CommandError("give article FILEs or --corpus DIR (not both)", EXIT_USAGE)
    return _speakers_of_files(args) if args.files else _speakers_of_corpus(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from ..bench import run_from_args

    if args.corpus and not Path(args.corpus).expanduser().is_dir():
        raise CommandError(f"corpus {args.corpus} is not a folder", EXIT_USAGE)
    if args.articles is not None and args.articles < 1:
        raise CommandError("--articles must be at least 1", EXIT_USAGE)
    if args.corpus and args.articles is not None:
        raise CommandError("--articles applies to the assembled corpus only (no CORPUS)", EXIT_USAGE)
    try:
        return run_from_args(args)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None


def cmd_app(args: argparse.Namespace) -> int:
    corpus = _corpus_path(args.corpus, args.config)
    index_dir = _index_dir(corpus, args.index_dir, args.config)
    from ..config import ConfigError
    from ..index import IndexUnavailable, check_index_dir

    try:
        check_index_dir(corpus, index_dir)
    except IndexUnavailable as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    from ..tui import ReaderApp  # Textual is imported only here

    try:
        app = ReaderApp(corpus, index_dir, config=args.config)  # checks the keymap and theme
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError("the app needs a terminal; use 'reader search' or 'reader show' in scripts", EXIT_USAGE)
    app.run()
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from ..config import ConfigError, config_path

    if args.action == "path":
        print(display_path(str(config_path())))
        return 0
    config = args.config
    if args.action == "check":
        from ..tui.app import check_config_for_app  # the keymap and theme are the app's

        try:
            check_config_for_app(config)
        except ConfigError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        where = display_path(str(config.path))
        print(f"ok: {where}" if config.exists else f"ok: there is no {where}; reader uses its defaults")
        return 0
    # show: the settings in effect for a command run without flags
    corpus = _corpus_path(None, config)
    data = config.to_json() | {"corpus": display_path(str(corpus)),
                               "index_dir": display_path(str(_index_dir(corpus, None, config)))}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    from ..config import quoted

    print(f"# {data['path']}" + ("" if config.exists else " (no such file: the defaults)"))
    for key in ("corpus", "index_dir", "theme", "sort"):
        value = data[key]
        print(f"{key} = {quoted(value)}" if value is not None else f"# {key}: Textual's default")
    for table in ("keymap", "searches"):
        print(f"\n[{table}]")
        for name, value in data[table].items():
            print(f"{quoted(name)} = {quoted(value)}")
    return 0


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from rich.text import Text

    from ..userdata import Bookmarks

    corpus = _corpus_path(args.corpus, args.config)
    marks = Bookmarks(warn=_warn).for_corpus(corpus)
    if args.json:
        rows = [m.to_json() | {"path": display_path(m.path), "gone": m.gone} for m in marks]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    console = _console()
    console.print(f"{len(marks)} bookmark{'s' if len(marks) != 1 else ''} in {display_path(str(corpus))}")
    for number, mark in enumerate(marks, start=1):
        console.print()
        line = Text(f"{number}. ")
        line.append(escape_unprintable(mark.title) or "(untitled)", style="bold")  # escaped if hand-edited
        if mark.date:
            line.append(f"  {escape_unprintable(mark.date)}", style="cyan")
        if mark.gone:
            line.append("  (gone: the file is no longer there)", style="red")
        console.print(line)
        console.print(Text(f"   {display_path(mark.path)}", style="dim"))
        console.print(Text(f"   bookmarked {escape_unprintable(mark.added)}", style="dim"))
    return 0


def _parser_app() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Search, read and see who said what in a folder of news articles.",
        epilog="commands (each has --help): reader index | search | show | speakers | related | bench | "
               "config | bookmarks",
    )
    parser.add_argument("corpus", nargs="?", help="folder of articles (default: the config's, else the bundled sample corpus)")
    parser.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.set_defaults(func=cmd_app)
    return parser


def _parser_commands() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or update the index of a corpus",
                       description="Build or update the index: new files are added, changed ones re-read, "
                                   "deleted ones removed; an unchanged corpus is left as it is.")
    p.add_argument("corpus", nargs="?", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--rebuild", action="store_true", help="start the index over")
    p.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on the last stdout line")
    p.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                   help="how long to wait for another process writing the same index (default 60)")
    p.add_argument("--watch", action="store_true",
                   help="stay running and index new, changed and deleted files as they happen (Ctrl+C stops)")
    p.add_argument("--progress", action="store_true", help=argparse.SUPPRESS)  # JSON progress lines, for the app
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="search a corpus",
                       description="Search a corpus (its index is built or updated first if needed). "
                                   "Query syntax: words, \"phrases\", AND/OR/NOT, wildcards, "
                                   "title:, speaker:, quotes:, date:2025-02, date:[2025-02-01 to 2025-02-28].")
    p.add_argument("query", nargs="?", help="the query (or --saved NAME)")
    p.add_argument("--saved", metavar="NAME", help="run the saved search NAME (from the config file's [searches])")
    p.add_argument("--save", metavar="NAME", help="also save the query in the config file as NAME")
    p.add_argument("--corpus", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    p.add_argument("--limit", type=_positive, default=20, help="how many results (default 20)")
    p.add_argument("--offset", type=_not_negative, default=0, help="skip this many results first (default 0)")
    p.add_argument("--sort", choices=("relevance", "date"), default=None,
                   help="order (date: newest first; default: the config's sort, else relevance)")
    p.add_argument("--format", choices=("text", "json", "jsonl", "csv"), default="text",
                   help="output: text (default), a JSON list, JSON Lines, or CSV for a spreadsheet")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--facets", type=_positive, nargs="?", const=10, default=None, metavar="N",
                   help="also list the N (default 10) most-quoted people across all the results")
    p.add_argument("--timeline", action="store_true",
                   help="also count all the results by month (every month from the first to the last)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("related", help="articles like a given one",
                       description="The articles of a corpus most like FILE (by their most telling words).")
    p.add_argument("file", help="an article file")
    p.add_argument("--corpus", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    p.add_argument("--limit", type=_positive, default=10, help="how many (default 10)")
    p.add_argument("--json", action="store_true", help="print them as a JSON list")
    p.set_defaults(func=cmd_related)

    p = sub.add_parser("show", help="print a parsed article", description="Print an article file as reader parses it.")
    p.add_argument("file", help="an article file (.txt, .md, .jsonl, .html)")
    p.add_argument("--json", action="store_true", help="print it as JSON (a list for a JSON Lines file)")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("speakers", help="who is quoted: in articles, or the most quoted in a corpus",
                       description="With FILEs: the speakers of each article, their roles and quotes. "
                                   "With --corpus: the most-quoted people across the corpus, one spelling each.")
    p.add_argument("files", nargs="*", metavar="FILE", help="article files")
    p.add_argument("--corpus", help="a corpus folder: list its most-quoted people")
    p.add_argument("--index-dir", help="with --corpus: where the index lives")
    p.add_argument("--top", type=_positive, default=20, help="with --corpus: how many people (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_speakers)

    from ..bench import add_arguments

    p = sub.add_parser("bench", help="measure indexing, search and the app at scale",
                       description="Measure the full build, re-indexing, query latency and the headless app "
                                   "on a scale corpus (assembled from the data sets, or CORPUS), next to a "
                                   "plain Whoosh build, SQLite FTS5 and grep. Never writes into CORPUS.")
    add_arguments(p)
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("config", help="the config file: where it is, check it, show the settings",
                       description="The config file (TOML): default corpus, index folder, theme, sort, "
                                   "key bindings and saved searches. READER_CONFIG names another file.")
    actions = p.add_subparsers(dest="action", required=True, metavar="{path,check,show}")
    actions.add_parser("path", help="print where the config file is (it may not exist yet)")
    actions.add_parser("check", help="check the config file: prints ok, or the error with its line (exit 2)")
    show = actions.add_parser("show", help="print the settings in effect (the file's, else the defaults)")
    show.add_argument("--json", action="store_true", help="print them as JSON")
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("bookmarks", help="list the articles bookmarked in the app (b)",
                       description="List the articles of a corpus bookmarked in the app (b), newest first; "
                                   "an article whose file has gone is marked so.")
    p.add_argument("--corpus", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of {id, path, title, date, added, gone}")
    p.set_defaults(func=cmd_bookmarks)
    return parser


def _positive(value: str) -> int:
    number = _not_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _not_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


class Terminated(Exception):
    """SIGTERM arrived (the app quitting while its indexer runs, a service manager…)."""


def _terminated(signum, frame):
    raise Terminated


def _load_config(args: argparse.Namespace):
    """The config file's settings; a bad file stops every command but ``reader config path``."""
    from ..config import Config, ConfigError, config_path, load_config

    if getattr(args, "command", None) == "config" and args.action == "path":
        return Config(path=config_path())  # must work even when the file does not parse
    try:
        return load_config()
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = bool(argv) and argv[0] in COMMANDS
    parser = _parser_commands() if command else _parser_app()
    args = parser.parse_args(argv)
    if command and threading.current_thread() is threading.main_thread():
        # Unwind as Ctrl+C does, so the process pool and its forkserver folder in $TMPDIR
        # are cleaned up; the default action would leave them behind.
        signal.signal(signal.SIGTERM, _terminated)
    try:
        args.config = _load_config(args)
        return args.func(args)
    except Terminated:
        print("reader: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except CommandError as exc:
        print(f"reader: error: {exc}", file=sys.stderr)  # as reader.index.protocol.ERROR; kept light
        return exc.status
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): not an error of ours
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
