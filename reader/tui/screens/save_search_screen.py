"""The Ctrl+S prompt: a name for the current query, to keep it as a saved search.

A small modal with an Input; Enter gives the name back to the main screen (which writes
it to the config file), Esc cancels. If the name is taken, the prompt says so before
Enter replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...config import tidy_search_name
from ...text import escape_unprintable


class SaveSearchScreen(ModalScreen[str | None]):
    """Asks for a name; dismissed with it (whitespace tidied) or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel saving the search", id="save-search.cancel"),
    ]

    def __init__(self, query: str, existing: Mapping[str, str]) -> None:
        super().__init__()
        self.search_query = query
        self.existing = existing

    def compose(self):
        with Vertical(id="save-search-box"):
            yield Static(Content("Save this search as").stylize("bold"), id="save-search-title")
            yield Static(Content(escape_unprintable(self.search_query)).stylize("italic"), id="save-search-query")
            yield Input(placeholder="a name, e.g. nato weekly", id="save-search-name")
            yield Static(id="save-search-hint")

    def on_mount(self) -> None:
        self._hint("")
        self.query_one(Input).focus()

    def _hint(self, name: str) -> None:
        hint = self.query_one("#save-search-hint", Static)
        old = self.existing.get(name)
        if old is not None and old != self.search_query:
            hint.update(Content.assemble(("Enter replaces the saved search ", "bold"),
                                         (escape_unprintable(name), "bold"), f" (it is: {escape_unprintable(old)})"))
        else:
            hint.update(Content("Enter saves it in the config file · Esc cancels").stylize("dim"))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._hint(tidy_search_name(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = tidy_search_name(event.value)
        if name:
            self.dismiss(name)
        else:
            self.query_one("#save-search-hint", Static).update(Content("Type a name first.").stylize("bold"))

    def action_cancel(self) -> None:
        self.dismiss(None)
