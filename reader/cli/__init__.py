"""The ``reader`` command line: argument parsing, the commands and their output.
"""

from .main import main

__all__ = ["main"]
