"""The status line: result count, query time, "did you mean", sort order, and the state of the index."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

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

    def show_count(self, total: int | None, loaded: int, seconds: float | None, timed_out: bool) -> None:
        """"N results in T ms" (``seconds`` None: no timing); "10+ results" while ``total`` is None
        (not counted yet, or counting ran out of time), ``loaded`` being what the list has."""
        timing = f" in {seconds * 1000:.0f} ms" if seconds is not None else ""
        late = " (search ran out of time)" if timed_out else ""
        shown = f"{total:,}" if total is not None else f"{loaded}+"
        self.results = f"{shown} result{'s' if total != 1 else ''}{timing}{late}"

    def render(self):
        parts: list[str | tuple[str, str]] = []
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
