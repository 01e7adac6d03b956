"""reader: search, read and see who said what in a folder of news articles.

The package splits into a UI-free core (this package's top-level modules: loading,
speaker attribution, indexing, searching) and the Textual app in ``reader.tui``.
The core never imports Textual, so scripts, tests and the CLI can use it cheaply.
"""

__version__ = "0.1.0"
