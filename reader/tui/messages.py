"""The one message that is nobody's own: the config file was rewritten.

Widgets' and screens' messages are classes nested in them (``ResultsList.SearchFinished``,
``ArticleView.Loaded``…). This one is posted to the app, which holds the config, by
whichever part of it changed the file: the search box (a search saved) or the bookmarks
view (a saved search removed).
"""

from __future__ import annotations

from textual.message import Message

from ..config import Config


class ConfigChanged(Message):
    """reader rewrote the config file (a search saved or removed): this is what it now holds."""

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config
