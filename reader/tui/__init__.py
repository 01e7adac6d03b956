"""The Textual app: a search box, results, the article and its speakers.

Only this subpackage imports Textual. It calls the core's public functions and nothing
else, so every job it does can also be done from the CLI.
"""

from .app import ReaderApp

__all__ = ["ReaderApp"]
