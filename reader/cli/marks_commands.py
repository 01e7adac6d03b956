"""``reader tag`` and ``reader read`` / ``reader unread``: the user's marks from the shell.

The marks live in the user data dir (:mod:`reader.userdata.marks`), per corpus, so
these commands need the corpus (``--corpus``, else the config's) but not the index.
A file outside the corpus is one line on stderr naming it; the other files go on.
"""

from __future__ import annotations

import argparse

from . import render, sources
from .errors import EXIT_USAGE, CommandError


def _marks(args: argparse.Namespace):
    from ..userdata.marks import Marks

    return Marks(sources.corpus_path(args.corpus, args.config), warn=render.warn)


def _each(files: list[str], change) -> int:
    """Apply ``change`` to each file; a file outside the corpus is a warning, the rest go on."""
    from ..userdata.marks import MarkError

    failed = 0
    for path in files:
        try:
            change(path)
        except MarkError as exc:
            render.warn(str(exc))
            failed += 1
    return 1 if failed else 0


def cmd_tag(args: argparse.Namespace) -> int:
    from ..userdata.marks import MarkError, check_tag

    marks = _marks(args)
    if args.list:
        tags = marks.all_tags()
        if args.json:
            render.print_json(tags)
        else:
            for tag, count in tags.items():
                print(f"{count:6d}  {tag}")
        return 0
    adds = [item[1:] for item in args.items if item.startswith("+")]
    removes = [item[1:] for item in args.items if item.startswith("-")]
    files = [item for item in args.items if not item.startswith(("+", "-"))]
    if not (adds or removes) or not files:
        raise CommandError("reader tag: give +NAME or -NAME and at least one FILE (or --list)", EXIT_USAGE)
    try:
        for tag in adds + removes:
            check_tag(tag)
    except MarkError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None

    def change(path: str) -> None:
        for tag in adds:
            marks.add_tag(tag, path)
        for tag in removes:
            marks.remove_tag(tag, path)

    return _each(files, change)


def cmd_read(args: argparse.Namespace) -> int:
    marks = _marks(args)
    change = marks.mark_unread if args.command == "unread" else marks.mark_read
    return _each(args.files, change)
