"""The status line: result count, query time, "did you mean", sort order, and the state of the index."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from ...search import SearchResult
from ..display import line


class StatusBar(Static):
    """Shows what the last search found and what the index is doing; errors in red."""

    results: reactive[str] = reactive("")
    #: The corrected query the screen offers (Ctrl+G applies it); user data, shown as text.
    suggestion: reactive[str] = reactive("")
    #: The key that applies it, as the user's keymap has it (set by the screen).
    suggest_key = "Ctrl+G"
    error: reactive[str] = reactive("")
    sort: reactive[str] = reactive("relevance")
    index_state: reactive[str] = reactive("")
    #: What the results pane lists: "Articles" or "Quotes" (set by the screen).
    view: reactive[str] = reactive("Articles")
    #: Whether the count says how long the search took (set by the screen).
    show_timings = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._seconds, self._timed_out = 0.0, False  # of the search whose results are shown

    def show_found(self, result: SearchResult, loaded: int) -> None:
        """A first page is shown: its count (maybe not known yet) and how long it took."""
        self._seconds, self._timed_out = result.seconds, result.timed_out
        self.show_count(result.total, loaded)

    def show_count(self, total: int | None, loaded: int) -> None:
        """"N results in T ms"; "10+ results" while ``total`` is None (not counted yet, or
        counting ran out of time), ``loaded`` being how many the list has."""
        timing = f" in {self._seconds * 1000:.0f} ms" if self.show_timings else ""
        late = " (search ran out of time)" if self._timed_out else ""
        shown = f"{total:,}" if total is not None else f"{loaded}+"
        self.results = f"{shown} result{'s' if total != 1 else ''}{timing}{late}"

    def render(self):
        parts: list[str | tuple[str, str]] = [(self.view, "bold"), " · "]
        if self.error:
            parts += [("✗ " + self.error, "bold red"), " · "]
        elif self.results:
            parts += [self.results, " · "]
            if self.suggestion:
                parts += ["Did you mean: ", (self.suggestion, "bold"), f"? ({self.suggest_key})", " · "]
        parts.append(("by " + self.sort, "bold"))
        if self.index_state:
            parts += [" · ", ("index: " + self.index_state, "dim")]
        return line(*parts)
