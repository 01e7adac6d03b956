"""The reader App: configuration, the main screen, help and the command palette."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ..history import QueryHistory
from .article_view import ArticleView
from .commands import ReaderCommands
from .help_screen import HelpScreen
from .lists import KeyedList
from .main_screen import MainScreen
from .search_bar import SearchBar
from .speaker_picker import SpeakerPicker
from .timeline import Timeline


class ReaderApp(App):
    """Search a corpus, read its articles and see who is quoted in them."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
    ]

    def __init__(self, corpus: Path, index_dir: Path, *, history: QueryHistory | None = None,
                 show_timings: bool = True, blink: bool = True) -> None:
        super().__init__()
        self.corpus = Path(corpus)
        self.index_dir = Path(index_dir)
        self.history = history if history is not None else QueryHistory()
        self.show_timings = show_timings
        self.blink = blink

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.corpus, self.index_dir, history=self.history,
                                    show_timings=self.show_timings, blink=self.blink))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen([
            ("Anywhere", ReaderApp.BINDINGS),
            ("Reading (from any pane)", MainScreen.BINDINGS),
            ("Search box", SearchBar.BINDINGS),
            ("Results and speakers", KeyedList.BINDINGS),
            ("Article", ArticleView.BINDINGS),
            ("Timeline (t)", Timeline.BINDINGS),
            ("Speaker filter (f)", SpeakerPicker.BINDINGS),
        ]))
