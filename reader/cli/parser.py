"""The command line's grammar: ``reader [CORPUS]`` (the app) and ``reader COMMAND …``.

Apart from the commands so that the options of every command, and their help, read
in one place. Two parsers, because a corpus folder may share a command's name: the
first argument picks one (:data:`COMMANDS`).
"""

from __future__ import annotations

import argparse
import math

from .. import __version__
from . import commands

COMMANDS = ("index", "search", "quotes", "show", "speakers", "related", "bench", "config", "bookmarks", "help")


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Search, read and see who said what in a folder of news articles.",
        epilog="commands (each has --help): reader index | search | quotes | show | speakers | related | bench | "
               "config | bookmarks | help (the query syntax: reader help query)",
    )
    parser.add_argument("corpus", nargs="?", help="folder of articles (default: the config's, else the bundled sample corpus)")
    parser.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.set_defaults(func=commands.cmd_app)
    return parser


def commands_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or update the index of a corpus",
                       description="Build or update the index: new files are added, changed ones re-read, "
                                   "deleted ones removed; an unchanged corpus is left as it is.")
    p.add_argument("corpus", nargs="?", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--rebuild", action="store_true", help="start the index over")
    p.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on the last stdout line")
    p.add_argument("--wait", type=_seconds, default=None, metavar="SECONDS",
                   help="how long to wait for another process writing the same index (default 60)")
    p.add_argument("--watch", action="store_true",
                   help="stay running and index new, changed and deleted files as they happen (Ctrl+C stops)")
    p.add_argument("--progress", action="store_true", help=argparse.SUPPRESS)  # JSON progress lines, for the app
    p.set_defaults(func=commands.cmd_index)

    p = sub.add_parser("search", help="search a corpus",
                       description="Search a corpus (its index is built or updated first if needed). "
                                   "The query syntax (words, phrases, AND/OR/NOT, wildcards, fields, dates): "
                                   "reader help query.")
    p.add_argument("query", nargs="*", metavar="QUERY",
                   help="the query: several words are one query, as if quoted together (or --saved NAME)")
    p.add_argument("--saved", metavar="NAME", help="run the saved search NAME (from the config file's [searches])"
                   ).completer = saved_search_names  # read by argcomplete (reader help completion)
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
    p.set_defaults(func=commands.cmd_search)

    p = sub.add_parser("quotes", help="search the quotes: who said what, across a corpus",
                       description="Search the quotes of a corpus, each quote a record of its own: the words "
                                   "and the speaker are in the same quote. The query syntax is reader search's "
                                   "(reader help query); plain words match the quote's text. With no QUERY: "
                                   "every quote, newest first.")
    p.add_argument("query", nargs="*", metavar="QUERY",
                   help="the query: several words are one query, as if quoted together")
    p.add_argument("--speaker", metavar="NAME", help="only what NAME said (other spellings too, as speaker:NAME)")
    p.add_argument("--kind", choices=("direct", "partial", "indirect"),
                   help="only direct quotes, partial ones (a few quoted words) or indirect (reported) speech")
    p.add_argument("--corpus", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    p.add_argument("--sort", choices=("relevance", "date"), default=None,
                   help="order (date: newest first; default: the config's sort, else relevance)")
    p.add_argument("--limit", type=_positive, default=20, help="how many quotes (default 20)")
    p.add_argument("--offset", type=_not_negative, default=0, help="skip this many quotes first (default 0)")
    p.add_argument("--format", choices=("text", "json", "jsonl", "csv"), default="text",
                   help="output: text (default), a JSON list, JSON Lines, or CSV for a spreadsheet")
    p.set_defaults(func=commands.cmd_quotes)

    p = sub.add_parser("related", help="articles like a given one",
                       description="The articles of a corpus most like FILE (by their most telling words).")
    p.add_argument("file", help="an article file")
    p.add_argument("--corpus", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--index-dir", help="where the index lives (default: the user cache dir; env READER_INDEX_DIR)")
    p.add_argument("--limit", type=_positive, default=10, help="how many (default 10)")
    p.add_argument("--json", action="store_true", help="print them as a JSON list")
    p.set_defaults(func=commands.cmd_related)

    p = sub.add_parser("show", help="print a parsed article", description="Print an article file as reader parses it.")
    p.add_argument("file", help="an article file (.txt, .md, .jsonl, .html)")
    p.add_argument("--json", action="store_true", help="print it as JSON (a list for a JSON Lines file)")
    p.set_defaults(func=commands.cmd_show)

    p = sub.add_parser("speakers", help="who is quoted: in articles, or the most quoted in a corpus",
                       description="With FILEs: the speakers of each article, their roles and quotes. "
                                   "With --corpus: the most-quoted people across the corpus, one spelling each.")
    p.add_argument("files", nargs="*", metavar="FILE", help="article files")
    p.add_argument("--corpus", help="a corpus folder: list its most-quoted people")
    p.add_argument("--index-dir", help="with --corpus: where the index lives")
    p.add_argument("--top", type=_positive, default=20, help="with --corpus: how many people (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=commands.cmd_speakers)

    from ..bench import add_arguments

    p = sub.add_parser("bench", help="measure indexing, search and the app at scale",
                       description="Measure the full build, re-indexing, query latency and the headless app "
                                   "on a scale corpus (assembled from the data sets, or CORPUS), next to a "
                                   "plain Whoosh build, SQLite FTS5 and grep. Never writes into CORPUS.")
    add_arguments(p)
    p.set_defaults(func=commands.cmd_bench)

    p = sub.add_parser("config", help="the config file: where it is, check it, show the settings",
                       description="The config file (TOML): default corpus, index folder, theme, sort, "
                                   "key bindings and saved searches. READER_CONFIG names another file.")
    actions = p.add_subparsers(dest="action", required=True, metavar="{path,check,show}")
    actions.add_parser("path", help="print where the config file is (it may not exist yet)")
    actions.add_parser("check", help="check the config file: prints ok, or the error with its line (exit 2)")
    show = actions.add_parser("show", help="print the settings in effect (the file's, else the defaults)")
    show.add_argument("--json", action="store_true", help="print them as JSON")
    p.set_defaults(func=commands.cmd_config)

    p = sub.add_parser("bookmarks", help="list the articles bookmarked in the app (b)",
                       description="List the articles of a corpus bookmarked in the app (b), newest first; "
                                   "an article whose file has gone is marked so.")
    p.add_argument("--corpus", help="folder of articles (default: the config's, else the bundled sample corpus)")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of {id, path, title, date, added, gone}")
    p.set_defaults(func=commands.cmd_bookmarks)

    from .topics import TOPICS

    p = sub.add_parser("help", help="more help: the query syntax (reader help query), shell completion",
                       description="Print a help topic, or a command's --help; with no TOPIC, list the topics.")
    p.add_argument("topic", nargs="?", metavar="TOPIC", choices=(*TOPICS, *COMMANDS),
                   help=f"one of: {', '.join(TOPICS)}, or a command")
    p.add_argument("--shell", choices=("bash", "zsh", "fish"),
                   help="with completion: print the shell code to eval (eval \"$(reader help completion --shell bash)\")")
    p.set_defaults(func=commands.cmd_help, command_parsers=sub.choices)
    return parser


def saved_search_names(prefix: str = "", **_kwargs) -> list[str]:
    """The names of the config file's saved searches, for ``reader search --saved <TAB>``
    (:mod:`.completion`); none when the file does not parse (completion prints no error)."""
    from ..config import ConfigError, load_config

    try:
        names = load_config().searches
    except ConfigError:
        return []
    return [name for name in names if name.startswith(prefix)]


def _positive(value: str) -> int:
    number = _not_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _seconds(value: str) -> float:
    """A length of time: a finite number of seconds, 0 or more (``nan`` and ``inf`` are not)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}")
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


def _not_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number
