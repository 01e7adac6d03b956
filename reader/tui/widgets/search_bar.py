"""The search box: search as you type (debounced), Enter at once, Up/Down for history.

It also keeps its query under a name in the config file's ``[searches]`` (Ctrl+S): it
asks for the name, then writes in a thread worker (the file is edited and synced to
disk) and tells the app what the file now holds.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from ...config import Config, ConfigError, save_search
from ...text import display_path, escape_unprintable
from ...userdata import QueryHistory
from ..messages import ConfigChanged
from ..screens.save_search_screen import SaveSearchScreen
from ..workers import ReportsFailedWorkers, WorkFailed


class SearchBar(ReportsFailedWorkers, Input):
    """An Input that posts :class:`SearchBar.QueryChanged` once typing pauses."""

    DEBOUNCE_SECONDS = 0.15

    BINDINGS = [
        Binding("up", "history_previous", "Previous query", show=False, id="search.history-previous"),
        Binding("down", "history_next", "Next query", show=False, id="search.history-next"),
        Binding("escape", "leave", "Leave the search box", show=False, id="search.leave"),
    ]

    class QueryChanged(Message):
        """The query to run: after a pause in typing, or at once on Enter (``submitted``)."""

        def __init__(self, query: str, submitted: bool = False) -> None:
            super().__init__()
            self.query = query
            self.submitted = submitted

    class Left(Message):
        """The user pressed Escape: focus should move to the results."""

    class SearchSaved(Message):
        """A search was saved in the config file (the box says so): ``config`` is what the
        file now holds, ``text`` what was done."""

        def __init__(self, config: Config, text: str) -> None:
            super().__init__()
            self.config = config
            self.text = text

    def __init__(self, history: QueryHistory, **kwargs) -> None:
        super().__init__(
            placeholder='Search: words, "a phrase", speaker:name, title:word, date:2025-02 …  (? for help)',
            **kwargs,
        )
        self.history = history
        self.bookmarks_key = "B"  # the key that lists saved searches, as the user's keymap has it (set by the screen)
        self._timer: Timer | None = None

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._cancel_timer()
        self._timer = self.set_timer(self.DEBOUNCE_SECONDS, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self.post_message(self.QueryChanged(self.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._cancel_timer()
        self.history.add(self.value)
        self.post_message(self.QueryChanged(self.value, submitted=True))

    def run_query(self, query: str, *, submitted: bool = True) -> None:
        """Show ``query`` and search it at once, as if typed and Enter pressed.

        Setting the value alone would also start the typing pause's search: the same
        query a second time, 150 ms later.
        """
        self._cancel_timer()
        with self.prevent(Input.Changed):
            self.value = query
        self.cursor_position = len(query)
        self.history.add(query)
        self.post_message(self.QueryChanged(query, submitted=submitted))

    def take_focus(self) -> None:
        """Take the focus with the query selected: typing replaces it, arrows keep it.

        At once, not after the next refresh as ``focus()`` does: keys typed right after
        ``/`` ("/alarm" in one burst) must land in the box, not in the pane left behind.
        """
        self.app.set_focus(self)
        self.cursor_position = len(self.value)
        self.action_select_all()

    def action_history_previous(self) -> None:
        query = self.history.previous()
        if query is not None:
            self.value = query
            self.cursor_position = len(query)

    def action_history_next(self) -> None:
        self.value = self.history.next()
        self.cursor_position = len(self.value)

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def save(self, shown_query: str) -> None:
        """Ask for a name and keep the query typed (else ``shown_query``, the one whose
        results are shown) in the config file's ``[searches]``."""
        query = self.value.strip() or shown_query.strip()
        if not query:
            self.notify("Type a query first: Ctrl+S saves it under a name.", markup=False, timeout=3)
            return

        def named(name: str | None) -> None:
            if name:
                self._save_as(name, query, self.app.config)

        self.app.push_screen(SaveSearchScreen(query, self.app.config.searches), named)

    @work(thread=True, group="config", name="save search", exit_on_error=False)
    def _save_as(self, name: str, query: str, config: Config) -> None:
        """Keep ``query`` as ``name`` in the file of ``config`` (what the app has read of it)."""
        try:
            saved = save_search(name, query, config.path)
        except ConfigError as exc:
            raise WorkFailed("The search was not saved", str(exc), timeout=10) from exc
        verb = "Replaced" if name in config.searches else "Saved"
        self.post_message(self.SearchSaved(saved, f"{verb} the search {escape_unprintable(name)} in "
                                                  f"{display_path(str(config.path))}"))

    def on_search_bar_search_saved(self, message: SearchSaved) -> None:
        self.app.post_message(ConfigChanged(message.config))
        self.notify(f"{message.text} ({self.bookmarks_key} or Ctrl+P runs it)", markup=False, timeout=5)
