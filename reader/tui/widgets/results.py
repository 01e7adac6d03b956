"""The results list: one entry per hit, more loaded as the cursor nears the end."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...search import Hit, SearchResult
from ..display import result_prompt
from .lists import KeyedList

#: Ask for the next page when the cursor or the scroll is this close to the end.
MORE_MARGIN = 5


class ResultsList(KeyedList):
    """Search results; posts :class:`Opened` as the cursor moves and :class:`MoreWanted`."""


    class Opened(Message):
        """A result became the current one; ``focus`` when the user pressed Enter on it."""

        def __init__(self, hit: Hit, focus: bool = False) -> None:
            super().__init__()
            self.hit = hit
            self.focus = focus

    class MoreWanted(Message):
        """The user is near the end of the loaded results and there are more."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []
        self.more = False  # hits follow the loaded ones
        self._asked_for_more = False

    def show_result(self, result: SearchResult, *, append: bool = False, keep: str | None = None) -> None:
        """Show a first page (replacing what is there) or append the next page.

        ``keep`` is the id of a hit to stay on if it is still in the new results.
        """
        self._asked_for_more = False
        self.more = result.more
        if not append:
            self.clear_options()
            self.hits = []
        new = [hit for hit in result.hits if hit.id not in {h.id for h in self.hits}] if append else list(result.hits)
        options: list[Option | None] = []
        for hit in new:
            if self.hits or options:
                options.append(None)  # a separator line between results
            options.append(Option(result_prompt(hit)))
        self.hits.extend(new)
        self.add_options(options)
        if not append and self.hits:
            index = next((i for i, h in enumerate(self.hits) if h.id == keep), 0)
            self.highlighted = index

    @property
    def current(self) -> Hit | None:
        index = self.highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None

    def _want_more(self) -> None:
        if self.more and not self._asked_for_more:
            self._asked_for_more = True
            self.post_message(self.MoreWanted())

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        hit = self.current
        if hit is not None:
            self.post_message(self.Opened(hit))
        if event.option_index >= len(self.hits) - MORE_MARGIN:
            self._want_more()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.current
        if hit is not None:
            self.post_message(self.Opened(hit, focus=True))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.max_scroll_y and new >= self.max_scroll_y - 2:
            self._want_more()
