"""The related articles (``r``): the open article's most alike, Enter opens one.

A modal list over the main screen, so the panes underneath stay as they were and Esc
goes straight back. Finding the articles (the article's most telling words searched in
every body) runs in a thread worker that answers with :class:`RelatedScreen.Found`; the
list says so while it waits. Enter dismisses the screen with the chosen :class:`Hit`, which the main
screen then opens.
"""

from __future__ import annotations

from textual import on, work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...article import Article
from ...search import Hit, Searcher
from ..display import related_prompt
from ..lists import KeyedList
from ..workers import ReportsFailedWorkers

#: How many related articles the list shows.
RELATED_LIMIT = 10


class RelatedScreen(ReportsFailedWorkers, ModalScreen[Hit | None]):
    """Lists the articles most like ``article``; dismissed with the chosen one (or None)."""

    BINDINGS = [
        Binding("escape,q", "close", "Close the related articles", id="related.close"),
    ]

    class Found(Message):
        """The articles most like the open one, best first (empty: none alike)."""

        def __init__(self, hits: list[Hit]) -> None:
            super().__init__()
            self.hits = hits

    class Failed(Message):
        """Finding related articles failed (a damaged index), with the reason."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, searcher: Searcher, article: Article, *, limit: int = RELATED_LIMIT) -> None:
        super().__init__()
        self._searcher = searcher
        self._article = article
        self._limit = limit
        self.hits: list[Hit] = []
        self.done = False

    def compose(self):
        with Vertical(id="related-box") as box:
            box.border_title = "Related articles"
            yield Static(Content.assemble(("Like: ", "dim"), (self._article.title or "(untitled)", "bold")),
                         id="related-title")
            yield Static(Content("Finding related articles…").stylize("dim"), id="related-state")
            yield KeyedList(id="related-list")

    @property
    def related_list(self) -> KeyedList:
        return self.query_one("#related-list", KeyedList)

    def on_mount(self) -> None:
        self.related_list.focus()
        self._find()

    @work(thread=True, exclusive=True, group="related", name="related", exit_on_error=False)
    def _find(self) -> None:
        try:
            hits = self._searcher.related(self._article, limit=self._limit)
        except Exception as exc:  # a damaged index must not take the app down
            self.post_message(self.Failed(f"cannot find related articles: {type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Found(hits))

    def _set_state(self, text: str, style: str = "dim") -> None:
        self.query_one("#related-state", Static).update(Content(text).stylize(style))

    def on_related_screen_found(self, message: Found) -> None:
        self.done = True
        self.hits = list(message.hits)
        options: list[Option | None] = []
        for hit in self.hits:
            if options:
                options.append(None)  # a separator line between articles
            options.append(Option(related_prompt(hit)))
        self.related_list.add_options(options)
        if self.hits:
            self.related_list.highlighted = 0
            count = len(self.hits)
            self._set_state(f"{count} article{'s' if count != 1 else ''}, most alike first · Enter opens · Esc closes")
        else:
            self._set_state("No other article is like this one. Esc closes.")

    def on_related_screen_failed(self, message: Failed) -> None:
        self.done = True
        self._set_state(message.error, "bold red")

    @on(OptionList.OptionSelected, "#related-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.dismiss(self.hits[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
