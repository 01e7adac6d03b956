# PYTHON_ARGCOMPLETE_OK: the mark argcomplete's global completion looks for in the module of
# the ``reader`` script's entry point (the script itself is written by the installer).
"""The ``reader`` command line: argument parsing, the commands and their output.
"""

from .main import main

__all__ = ["main"]
