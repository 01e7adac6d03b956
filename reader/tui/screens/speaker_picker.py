"""The speaker picker (``f``): the most-quoted people of the current results, to filter by one.

A modal list over the main screen. Counting speakers reads every result's stored fields,
so it runs in a thread worker of its own while the list shows a loading indicator; the
screen that opens the picker passes the counting as a function and gets back the name
picked (None when the user closed it with Esc).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..lists import KeyedList
from ..workers import ReportsFailedWorkers

#: How many people the picker lists.
TOP_SPEAKERS = 20

FacetRows = list[tuple[str, int, int]]


#: Names up to this many cells wide line their counts up in one column.
NAME_COLUMN = 32


def facet_prompt(name: str, quotes: int, articles: int, width: int = 0) -> Content:
    """One person in the picker: the name (padded to ``width`` cells), then the counts; never markup."""
    shown = Content(name).stylize("bold")
    pad = " " * max(2, width - shown.cell_length + 2)
    counts = f"{quotes} quote{'s' if quotes != 1 else ''} · {articles} article{'s' if articles != 1 else ''}"
    return Content.assemble(shown, pad, (counts, "dim"))


class SpeakerPicker(ReportsFailedWorkers, ModalScreen[str | None]):
    """Lists who is quoted most in the results; Enter returns the name, Esc nothing."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close without filtering", id="speaker-picker.close"),
    ]

    class Counted(Message):
        """``(name, quotes, articles)`` rows, or the error that stopped the counting."""

        def __init__(self, rows: FacetRows, complete: bool, error: str = "") -> None:
            super().__init__()
            self.rows = rows
            self.complete = complete
            self.error = error

    def __init__(self, query: str, count: Callable[[], tuple[FacetRows, bool]]) -> None:
        super().__init__()
        self.search_query = query
        self._count = count
        self.rows: FacetRows = []

    def compose(self):
        with Vertical(id="picker-box"):
            yield Static(Content.assemble(("Most quoted in the results for ", "bold"), self.search_query),
                         id="picker-title")
            yield KeyedList(id="picker-list")
            yield Static(Content("Enter: only this person's articles · Esc: close").stylize("dim"),
                         id="picker-hint")

    @property
    def options(self) -> KeyedList:
        return self.query_one("#picker-list", KeyedList)

    def on_mount(self) -> None:
        self.options.loading = True
        self.options.focus()
        self._count_speakers()

    @work(thread=True, group="speaker-facets", name="speaker count", exit_on_error=False)
    def _count_speakers(self) -> None:
        try:
            rows, complete = self._count()
        except Exception as exc:  # a bad query, a damaged index: said in the picker, not raised
            self.post_message(self.Counted([], True, " ".join(str(exc).split())[:200]))
            return
        self.post_message(self.Counted(rows, complete))

    def on_speaker_picker_counted(self, message: Counted) -> None:
        self.rows = list(message.rows)
        options = self.options
        options.loading = False
        options.clear_options()
        width = min(NAME_COLUMN, max((Content(name).cell_length for name, _q, _a in self.rows), default=0))
        options.add_options([Option(facet_prompt(*row, width=width)) for row in self.rows])
        hint = self.query_one("#picker-hint", Static)
        if message.error:
            hint.update(Content(f"Cannot count speakers: {message.error}").stylize("bold red"))
        elif not self.rows:
            hint.update(Content("Nobody is quoted in these results. Esc: close").stylize("dim"))
        elif not message.complete:
            hint.update(Content("Counted part of the results (out of time) · Enter: filter · Esc: close")
                        .stylize("dim"))
        if self.rows:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.rows):
            self.dismiss(self.rows[event.option_index][0])
