"""Shell completion with argcomplete: commands, flags, saved-search names and folders.

The shell (set up by ``eval "$(register-python-argcomplete reader)"``, see ``reader help
completion``) runs ``reader`` with ``_ARGCOMPLETE`` and ``COMP_LINE`` set; :func:`main
<reader.cli.main.main>` hands those runs to :func:`autocomplete` before anything else, and
argcomplete prints the candidates and exits. :func:`complete` runs the same completion in
the process, for the tests. argcomplete is imported only on those runs.
"""

from __future__ import annotations

import argparse
import io
import os
import shlex
import sys

from .parser import COMMANDS, app_parser, commands_parser

#: What argcomplete separates candidates with (its default, when the shell sets no other).
_IFS = "\013"


def _folders(prefix: str) -> list[str]:
    from argcomplete.completers import DirectoriesCompleter

    return list(DirectoriesCompleter()(prefix))


def _commands_or_folders(prefix: str = "", **_kwargs) -> list[str]:
    """``reader <TAB>``: the commands, then the corpus folders the app may open."""
    return [c for c in COMMANDS if c.startswith(prefix)] + _folders(prefix)


def _words_before(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:  # an open quote: the word being typed
        return line.split()


def completion_parser(line: str) -> argparse.ArgumentParser:
    """The parser that the words typed so far belong to: ``reader COMMAND …`` or the app's."""
    words = _words_before(line)
    typed = words[1:] if line.endswith((" ", "\t")) else words[1:-1]  # the finished words
    if typed and typed[0] in COMMANDS:
        return commands_parser()
    parser = app_parser()
    for action in parser._actions:
        if action.dest == "corpus":
            action.completer = _commands_or_folders  # argcomplete reads this attribute
    return parser


def autocomplete(output=None, exit_method=os._exit, in_shell: bool = True) -> None:
    """Complete the line in ``$COMP_LINE`` (up to ``$COMP_POINT``), print the candidates and
    exit; nothing when the shell did not ask (no ``_ARGCOMPLETE``)."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    line = os.environ.get("COMP_LINE", "")
    line = line[:int(os.environ.get("COMP_POINT", len(line)))]
    finder = argcomplete.CompletionFinder if in_shell else _in_process_finder()
    finder()(completion_parser(line), output_stream=output, exit_method=exit_method, always_complete_options="long")


def _in_process_finder():
    import argcomplete
    from argcomplete import io as argcomplete_io

    class Finder(argcomplete.CompletionFinder):
        def _init_debug_stream(self):
            # not fd 9, which the shell opens for argcomplete but in a test process may be
            # another file's (pytest's faulthandler): closing it would break that one
            argcomplete_io.debug_stream = sys.stderr

    return Finder


class _Done(Exception):
    pass


def complete(line: str) -> list[str]:
    """The candidates the shell would offer for ``line`` (the cursor at its end), as
    :func:`autocomplete` gives them to bash: for the tests, without a shell."""
    environ = {"_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)), "COMP_TYPE": "9",
               "_ARGCOMPLETE_IFS": _IFS}
    saved = {key: os.environ.get(key) for key in environ}
    os.environ.update(environ)  # argcomplete reads the environment itself
    output = io.StringIO()

    def done(code: int = 0) -> None:
        raise _Done

    try:
        autocomplete(output, done, in_shell=False)
    except _Done:
        pass
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return [word for word in output.getvalue().split(_IFS) if word]
