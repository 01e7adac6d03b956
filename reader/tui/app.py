"""The reader App: configuration, the main screen, help and the command palette.

The config file's settings that only make sense to Textual are checked here, not in the
core (which never imports Textual): the keymap's binding ids against the BINDINGS of the
app's screens and widgets, and the theme against the app's themes. A problem is reported
as the same one-line ``path:line: …`` ConfigError the core raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ..config import Config, ConfigError, did_you_mean, load_config, quoted
from ..userdata import Bookmarks, QueryHistory
from .commands import ReaderCommands
from .lists import KeyedList
from .main_screen import MainScreen
from .messages import ConfigChanged
from .quote_article_screen import QuoteArticleScreen
from .screens.bookmarks_screen import BookmarksScreen
from .screens.export_screen import ExportScreen
from .screens.help_screen import HelpScreen
from .screens.related_screen import RelatedScreen
from .screens.save_search_screen import SaveSearchScreen
from .screens.speaker_picker import SpeakerPicker
from .speaker_screen import SpeakerPageScreen
from .widgets.article_view import ArticleView
from .widgets.index_keeper import WATCHER_GROUP
from .widgets.search_bar import SearchBar
from .widgets.timeline import Timeline


class ReaderApp(App):
    """Search a corpus, read its articles and see who is quoted in them."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
    ]

    def __init__(self, corpus: Path, index_dir: Path, *, config: Config | None = None,
                 history: QueryHistory | None = None, bookmarks: Bookmarks | None = None,
                 show_timings: bool = True, blink: bool = True) -> None:
        """``config`` defaults to the user's config file; a setting the app cannot use
        (unknown binding id, clashing keys, unknown theme) raises ConfigError."""
        super().__init__()
        self.config = config if config is not None else load_config()
        check_app_settings(self.config, self.available_themes)
        self.corpus = Path(corpus)
        self.index_dir = Path(index_dir)
        self.history = history if history is not None else QueryHistory()
        self.bookmarks = bookmarks if bookmarks is not None else Bookmarks()
        self.show_timings = show_timings
        self.blink = blink
        if self.config.theme:
            self.theme = self.config.theme

    def on_mount(self) -> None:
        self.set_keymap(dict(self.config.keymap))
        self.bookmarks.warn = lambda message: self.notify(message, title="Bookmarks", severity="warning",
                                                          markup=False, timeout=10)
        self.push_screen(MainScreen(self.corpus, self.index_dir, history=self.history, bookmarks=self.bookmarks,
                                    sort=self.config.sort, show_timings=self.show_timings, blink=self.blink))

    async def wait_for_workers(self) -> None:
        """Wait for the workers under way to finish, but for the corpus watcher, which runs
        as long as the main screen (what tests and the benchmark wait for between steps)."""
        busy = [worker for worker in self.workers if worker.group != WATCHER_GROUP]
        if busy:  # (no workers at all would mean every worker)
            await self.workers.wait_for_complete(busy)

    def on_config_changed(self, message: ConfigChanged) -> None:
        """A saved search was added or removed: the file was rewritten, this is what it holds."""
        self.config = message.config

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_sections(), keymap=self.config.keymap))


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """Every binding a user can press (or remap), by the part of the app that owns it."""
    return [
        ("Anywhere", ReaderApp.BINDINGS),
        ("Reading (from any pane)", MainScreen.BINDINGS),
        ("Search box", SearchBar.BINDINGS),
        ("Results and speakers", KeyedList.BINDINGS),
        ("Article", ArticleView.BINDINGS),
        ("Timeline (t)", Timeline.BINDINGS),
        ("Speaker filter (f)", SpeakerPicker.BINDINGS),
        ("Related articles (r)", RelatedScreen.BINDINGS),
        ("Export (e)", ExportScreen.BINDINGS),
        ("Bookmarks and saved searches (B)", BookmarksScreen.BINDINGS),
        ("Saving a search (Ctrl+S)", SaveSearchScreen.BINDINGS),
        ("Speaker's page (Enter on a speaker)", SpeakerPageScreen.BINDINGS),
        ("A quote's article (Enter on a quote of the speaker's page)", QuoteArticleScreen.BINDINGS),
        ("Help", HelpScreen.BINDINGS),
    ]


def binding_ids() -> list[str]:
    """The ids a config file's ``[keymap]`` may name."""
    return [b.id for _title, bindings in binding_sections() for b in bindings if isinstance(b, Binding) and b.id]


def focus_layers() -> list[tuple[list[Binding], list[tuple[str, list[Binding]]]]]:
    """Each screen's keys (the main screen's with the app's), and the widgets that can have
    focus on it, each with what an error calls it.

    Textual offers a key to the focused widget first, then to its screen, then to the app:
    a screen's key that the focused widget also binds never reaches the screen.
    """
    return [
        (ReaderApp.BINDINGS + MainScreen.BINDINGS, [("the search box", SearchBar.BINDINGS),
                                                    ("a list", KeyedList.BINDINGS),
                                                    ("the article", ArticleView.BINDINGS),
                                                    ("the timeline", Timeline.BINDINGS)]),
        (RelatedScreen.BINDINGS, [("the related articles", KeyedList.BINDINGS)]),
        (SpeakerPicker.BINDINGS, [("the speaker filter", KeyedList.BINDINGS)]),
        (BookmarksScreen.BINDINGS, [("the bookmarks view", KeyedList.BINDINGS)]),
        (SpeakerPageScreen.BINDINGS, [("the speaker's quotes", KeyedList.BINDINGS),
                                      ("the speaker's timeline", Timeline.BINDINGS)]),
        (QuoteArticleScreen.BINDINGS, [("the article", ArticleView.BINDINGS)]),
    ]


def check_app_settings(config: Config, themes: Iterable[str]) -> None:
    """Raise ConfigError (with the line) for a keymap or theme the app cannot use.

    Besides unknown binding ids, a remapped key that another binding of the same screen
    already has is an error (Textual would silently drop one of the two), and so is a
    screen's (or the app's) key that a widget which has focus on that screen also binds:
    the widget takes it first, so the screen's key would never work while it has focus.
    Widgets share keys on purpose (``j`` moves a list and scrolls the article): only a
    screen's key against a widget's counts.
    """
    known = binding_ids()
    for binding_id in config.keymap:
        if binding_id not in known:
            raise config.error_at(["keymap", binding_id],
                                  f"unknown binding id {quoted(binding_id)}{did_you_mean(binding_id, known)} "
                                  f"(known: {', '.join(known)})")
    themes = sorted(themes)
    if config.theme is not None and config.theme not in themes:
        raise config.error_at(["theme"], f"unknown theme {quoted(config.theme)}{did_you_mean(config.theme, themes)} "
                                        f"(known: {', '.join(themes)})")
    _check_clashes(config, [ReaderApp.BINDINGS + MainScreen.BINDINGS] +
                   [bindings for _title, bindings in binding_sections()[2:]])
    for screen_bindings, widgets in focus_layers():
        _check_shadowed(config, screen_bindings, widgets)


def _check_clashes(config: Config, groups: Iterable[list[Binding]]) -> None:
    for bindings in groups:
        owner: dict[str, Binding] = {}
        # remapped bindings last, so the error points at the keymap entry
        for binding in sorted((b for b in bindings if isinstance(b, Binding)), key=lambda b: b.id in config.keymap):
            for key in _effective_keys(binding, config.keymap):
                other = owner.get(key)
                if other is not None and other.id != binding.id:
                    raise config.error_at(["keymap", binding.id],
                                          f"key {quoted(key)} of {quoted(binding.id)} is already the key of "
                                          f"{quoted(other.id)}; remap that one too")
                owner[key] = binding


def _check_shadowed(config: Config, screen_bindings: list[Binding],
                    widgets: Iterable[tuple[str, list[Binding]]]) -> None:
    screen_keys = {key: binding for binding in screen_bindings if isinstance(binding, Binding)
                   for key in _effective_keys(binding, config.keymap)}
    for where, bindings in widgets:
        for binding in (b for b in bindings if isinstance(b, Binding)):
            for key in _effective_keys(binding, config.keymap):
                hidden = screen_keys.get(key)
                if hidden is None or hidden.id == binding.id:
                    continue
                # point at the keymap entry that made the clash (the widget's, if only it was remapped)
                at = binding if binding.id in config.keymap and hidden.id not in config.keymap else hidden
                raise config.error_at(["keymap", at.id],
                                      f"key {quoted(key)} of {quoted(hidden.id)} is also the key of "
                                      f"{quoted(binding.id)} in {where}, which takes it first: "
                                      f"{quoted(hidden.id)} would never work there; remap one of them")


def _effective_keys(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys a binding answers to after the keymap, named as Textual names them ("question_mark")."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    one_each = [Binding(key, binding.action) for key in keys.split(",") if key.strip()]
    return [expanded.key for expanded in Binding.make_bindings(one_each)]


def check_config_for_app(config: Config) -> None:
    """What ``reader config check`` runs: the app's checks, without opening the app."""
    check_app_settings(config, App().available_themes)


__all__ = ["ReaderApp", "binding_ids", "binding_sections", "check_app_settings", "check_config_for_app",
           "ConfigError", "focus_layers"]
