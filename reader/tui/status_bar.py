"""The status line: result count, query time, "did you mean", sort order, and the state of the index."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from .display import line


class StatusBar(Static):
    """Shows what the last search found and what the index is doing; errors in red."""

    results: reactive[str] = reactive("")
    #: The corrected query the screen offers (Ctrl+G applies it); user data, shown as text.
    suggestion: reactive[str] = reactive("")
    error: reactive[str] = reactive("")
    sort: reactive[str] = reactive("relevance")
    index_state: reactive[str] = reactive("")

    def render(self):
        parts: list[str | tuple[str, str]] = []
        if self.error:
            parts += [("✗ " + self.error, "bold red"), " · "]
        elif self.results:
            parts += [self.results, " · "]
            if self.suggestion:
                parts += ["Did you mean: ", (self.suggestion, "bold"), "? (Ctrl+G)", " · "]
        parts.append(("by " + self.sort, "bold"))
        if self.index_state:
            parts += [" · ", ("index: " + self.index_state, "dim")]
        return line(*parts)
