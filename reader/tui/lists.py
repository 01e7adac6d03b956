"""The keys every list in the app shares (results, speakers, related articles, the speaker
filter, bookmarks): vim-style moves."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyedList(OptionList):
    """An OptionList that also moves with j/k and jumps with g/G."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]
