"""The bookmarks view (``B``): this corpus's bookmarks and the saved searches, in one list.

Enter on a bookmark opens its article, Enter on a saved search runs it (the screen is
dismissed with what to do; the main screen does it). ``d`` or Delete removes the entry:
a bookmark from the bookmarks file, a saved search from the config file (with tomlkit,
so the rest of the file stays as the user wrote it). A bookmark whose file has gone is
listed as gone and cannot be opened, but can be removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...config import Config, ConfigError, delete_search
from ...text import escape_unprintable
from ...userdata import Bookmark, BookmarkError, Bookmarks
from ..display import bookmark_prompt, saved_search_prompt
from ..lists import KeyedList
from ..messages import ConfigChanged


@dataclass(frozen=True, slots=True)
class Chosen:
    """What the user picked: a bookmark to open, or a saved search's query to run."""

    bookmark: Bookmark | None = None
    query: str | None = None


class BookmarksScreen(ModalScreen[Chosen | None]):
    """Bookmarks of the corpus, then saved searches; dismissed with a :class:`Chosen` or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close the bookmarks", id="bookmarks.close"),
        Binding("d,delete", "delete", "Remove the bookmark or saved search", id="bookmarks.delete"),
    ]

    def __init__(self, corpus, bookmarks: Bookmarks, config: Config) -> None:
        super().__init__()
        self.corpus = corpus
        self.bookmarks = bookmarks
        self.config = config
        self.marks: list[Bookmark] = []
        self.gone: set[str] = set()

    def compose(self):
        with Vertical(id="bookmarks-box"):
            yield Static(Content("Bookmarks and saved searches").stylize("bold"), id="bookmarks-title")
            yield KeyedList(id="bookmarks-list")
            yield Static(Content("Enter opens or runs · d removes · Esc closes").stylize("dim"), id="bookmarks-hint")

    @property
    def entries(self) -> KeyedList:
        return self.query_one("#bookmarks-list", KeyedList)

    def on_mount(self) -> None:
        self._fill()
        self.entries.focus()

    def _fill(self, keep: int | None = None) -> None:
        """(Re)build the list from the files; ``keep``: the option index to stay near."""
        self.marks = self.bookmarks.for_corpus(self.corpus)
        self.gone = {m.id for m in self.marks if m.gone}
        entries = self.entries
        entries.clear_options()
        options: list[Option] = [Option(Content(f"Bookmarks ({len(self.marks)})").stylize("bold underline"),
                                        disabled=True)]
        for number, mark in enumerate(self.marks):
            options.append(Option(bookmark_prompt(mark, mark.id in self.gone), id=f"bookmark:{number}"))
        if not self.marks:
            options.append(Option(Content("None yet: b bookmarks the open article.").stylize("dim"), disabled=True))
        searches = list(self.config.searches.items())
        options.append(Option(Content(f"Saved searches ({len(searches)})").stylize("bold underline"),
                              disabled=True))
        for number, (name, query) in enumerate(searches):
            options.append(Option(saved_search_prompt(name, query), id=f"search:{number}"))
        if not searches:
            options.append(Option(Content("None yet: Ctrl+S saves the current search.").stylize("dim"),
                                  disabled=True))
        entries.add_options(options)
        enabled = [i for i, option in enumerate(options) if not option.disabled]
        if enabled:
            target = keep if keep is not None else 0
            entries.highlighted = min(enabled, key=lambda i: (abs(i - target), i))

    def _current(self) -> tuple[str, int] | None:
        index = self.entries.highlighted
        if index is None:
            return None
        option_id = self.entries.get_option_at_index(index).id or ""
        kind, _, number = option_id.partition(":")
        return (kind, int(number)) if number.isdigit() else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        current = self._current()
        if current is None:
            return
        kind, number = current
        if kind == "bookmark":
            mark = self.marks[number]
            if mark.id in self.gone:
                self.notify(f"The file of this bookmark is gone: {escape_unprintable(mark.path)}", severity="warning",
                            markup=False)
                return
            self.dismiss(Chosen(bookmark=mark))
        else:
            self.dismiss(Chosen(query=list(self.config.searches.values())[number]))

    def action_delete(self) -> None:
        current = self._current()
        if current is None:
            return
        kind, number = current
        keep = self.entries.highlighted
        if kind == "bookmark":
            mark = self.marks[number]
            try:
                self.bookmarks.remove(self.corpus, mark.id)
            except BookmarkError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"Removed the bookmark: {escape_unprintable(mark.title or mark.id)}", markup=False, timeout=3)
        else:
            name, query = list(self.config.searches.items())[number]
            try:
                self.config = delete_search(name, self.config.path)
            except ConfigError as exc:
                self.notify(str(exc), title="Not removed", severity="error", markup=False)
                return
            self.app.post_message(ConfigChanged(self.config))
            self.notify(f"Removed the saved search {escape_unprintable(name)} "
                        f"(it was: {escape_unprintable(query)})", markup=False,
                        timeout=6)
        self._fill(keep)


__all__ = ["BookmarksScreen", "Chosen"]
