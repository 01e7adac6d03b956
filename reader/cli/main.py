"""The ``reader`` command line: the app, and every job of the app as a command.

``reader [CORPUS]`` opens the app; ``reader index``, ``search``, ``show`` and
``speakers`` do the same work for scripts, with ``--json`` for machines. Errors are one
line on stderr and an exit status (2 for a bad query, bad usage or a bad config file, 1
for anything else), never a traceback.

This module is the entry: it picks the parser, reads the config file once per command
(what the command line gives beats the config file, which beats the built-in
defaults), runs the command and turns signals and errors into exit statuses. The
grammar is in :mod:`.parser`, the commands in :mod:`.commands`, their output in
:mod:`.render`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

from ..text import escape_unprintable
from .errors import EXIT_USAGE, CommandError
from .parser import COMMANDS, app_parser, commands_parser


class Terminated(BaseException):
    """SIGTERM arrived (the app quitting while its indexer runs, a service manager…).

    Not an Exception, as KeyboardInterrupt is not: the commands' ``except Exception``
    (a damaged index, an unreadable file) must never take it for a failure of theirs.
    """


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


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """The parsed command line; ``reader search``'s (and ``reader quotes``') words are one
    query (``reader search tony blair``, as rg and notmuch take them), even with options
    between them."""
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "command", None) not in ("search", "quotes"):
        if extra:
            parser.parse_args(argv)  # argparse's own "unrecognized arguments" error (exit 2)
        return args
    words = list(args.query)
    for word in extra:
        if word.startswith("-"):  # an unknown option, not a word: say so (quote it, or use --)
            _subparser(parser, args.command).error(f"unrecognized arguments: {' '.join(extra)} "
                                                  "(a query word that starts with -: quote the query, or put it after --)")
        words.append(word)
    args.query = " ".join(words) if words else None
    return args


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of command ``name`` (its usage line is the one an error should show)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (reader help completion)
        from .completion import autocomplete

        autocomplete()  # prints them and exits
    argv = list(sys.argv[1:] if argv is None else argv)
    command = bool(argv) and argv[0] in COMMANDS
    parser = commands_parser() if command else app_parser()
    args = parse(parser, argv)
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
        # as reader.index.protocol.ERROR; escaped, since a message may quote a file name,
        # a folder or a config file's text that holds control characters
        print(f"reader: error: {escape_unprintable(str(exc))}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): not an error of ours, and
        # nothing more to say; what is still buffered goes nowhere, so that flushing it
        # at exit does not fail again
        _discard_output()
        return 0


def _discard_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass


if __name__ == "__main__":
    sys.exit(main())
