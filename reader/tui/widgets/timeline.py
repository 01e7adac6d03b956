"""The timeline: the current results counted by month, as a strip of bars above the panes.

One bar per month from the first dated result to the last (empty months included, so
the strip is evenly spaced in time), drawn with the block characters ▁▂▃▄▅▆▇█ as
Content. Under the bars one line says what the strip covers, or, on the month under the
cursor or the mouse, "2025-02: 14 results". Left/Right move the cursor, Enter (or a
click on a bar) asks the screen to narrow the query to that month. Textual's Sparkline
resamples its data to its width and has no cursor, so the bars are drawn here.

The strip counts the months itself, in a thread worker; until the counts of the latest
search arrive it shows the previous ones, and a month picked then is refused
(:attr:`Timeline.current`).
"""

from __future__ import annotations

from textual import events, work
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from ...search import MonthCounts, Searcher
from ..workers import Answer, ReportsFailedWorkers

_LEVELS = "▁▂▃▄▅▆▇█"
#: The widest a month's cell gets (its bar plus a gap).
MAX_CELL = 4


def bar_char(count: int, most: int) -> str:
    """The block for ``count`` against the largest count, ▁ at least for one (none: ▁ too, styled apart)."""
    if count <= 0 or most <= 0:
        return _LEVELS[0]
    return _LEVELS[max(0, -(-count * len(_LEVELS) // most) - 1)]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Timeline(ReportsFailedWorkers, Widget, can_focus=True):
    """Bars of result counts by month; hidden while there are no dated results."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous month", show=False, id="timeline.previous"),
        Binding("right", "move(1)", "Next month", show=False, id="timeline.next"),
        Binding("home", "jump(0)", "First month", show=False, id="timeline.first"),
        Binding("end", "jump(-1)", "Last month", show=False, id="timeline.last"),
        Binding("enter", "choose", "Show only this month", show=False, id="timeline.choose"),
    ]

    COMPONENT_CLASSES = {"timeline--bar", "timeline--empty", "timeline--cursor", "timeline--label"}

    class Chosen(Message):
        """The user picked a month (``YYYY-MM``) to narrow the results to."""

        def __init__(self, month: str) -> None:
            super().__init__()
            self.month = month

    class Counted(Answer):
        """The results of the latest search are shown by month (``counts`` None: they
        could not be counted, and the strip is hidden); ``had_focus``: it had the focus."""

        def __init__(self, counts: MonthCounts | None) -> None:
            super().__init__()
            self.counts = counts
            self.had_focus = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.counts: MonthCounts | None = None
        self.current = False  # the counts shown are the latest search's
        self.pick_key = "t"  # the key that moves here, as the user's keymap has it (set by the screen)
        self.noun = "result"  # what the bars count (the speaker's page counts quotes)
        self.cursor = 0
        self.hover: int | None = None
        self._start = 0  # the first month shown when there are more months than columns

    # -- data ----------------------------------------------------------------------

    @property
    def months(self) -> tuple[tuple[str, int], ...]:
        return self.counts.months if self.counts else ()

    def show_counts(self, counts: MonthCounts | None) -> None:
        """Show new counts (None: nothing to show), keeping the cursor's month if it is still there."""
        current = self.months[self.cursor][0] if self.months else None
        self.counts = counts
        names = [month for month, _count in self.months]
        self.cursor = names.index(current) if current in names else 0  # Right walks forward in time
        self.hover = None
        self._start = 0
        self.display = bool(self.months)
        self.refresh()

    def take_focus(self) -> None:
        """Focus the strip to pick a month, or say there is none to pick."""
        if self.display:
            self.focus()
        else:
            self.notify("No dated results to show by month.", markup=False, timeout=2)

    def outdate(self) -> None:
        """A new search started: the counts shown are not its own; stop counting them."""
        self.workers.cancel_group(self, "months")
        self.current = False

    @work(thread=True, exclusive=True, group="months", name="timeline", exit_on_error=False)
    def count(self, searcher: Searcher, query: str) -> None:
        """Count the results of ``query`` by month, and show them."""
        if get_current_worker().is_cancelled:
            return  # the user has typed on: a newer search (and timeline) follows
        try:
            counts = searcher.month_counts(query)
        except Exception:  # a bad query already shows its error; no timeline then
            counts = None
        answer = self.Counted(counts)
        if not answer.stale:  # (checked again when it arrives)
            self.post_message(answer)

    def on_timeline_counted(self, message: Counted) -> None:
        if message.stale:
            message.stop()
            return
        message.had_focus = self.has_focus
        self.current = True
        self.show_counts(message.counts)

    @property
    def current_month(self) -> str | None:
        return self.months[self.cursor][0] if self.months else None

    # -- drawing -------------------------------------------------------------------

    def _cell_width(self) -> int:
        width = self.content_region.width or self.size.width
        return max(1, min(MAX_CELL, width // max(1, len(self.months))))

    def _window(self) -> tuple[int, int]:
        """(first, count) of the months that fit, scrolled so that the cursor is among them."""
        width = self.content_region.width or self.size.width
        fit = max(1, width // self._cell_width())
        start = min(self._start, self.cursor)
        if self.cursor >= start + fit:
            start = self.cursor - fit + 1
        start = max(0, min(start, len(self.months) - fit))
        self._start = start
        return start, min(fit, len(self.months) - start)

    def render(self) -> Content:
        months = self.months
        if not months:
            return Content("")
        cell = self._cell_width()
        start, shown = self._window()
        most = max(count for _month, count in months)
        bar_style = self.get_visual_style("timeline--bar")
        empty_style = self.get_visual_style("timeline--empty")  # a faint baseline: the month is there
        cursor_style = self.get_visual_style("timeline--cursor")
        pointed = self.hover if self.hover is not None else (self.cursor if self.has_focus else None)
        bars = []
        for index in range(start, start + shown):
            count = months[index][1]
            block = bar_char(count, most) * (cell - 1 if cell > 1 else 1)
            style = cursor_style if index == pointed else bar_style if count else empty_style
            piece = Content(block).stylize(style)
            bars.append(piece + Content(" " * (cell - len(block))))
        label = Content(self._label(pointed)).stylize(self.get_visual_style("timeline--label"))
        return Content("").join(bars) + Content("\n") + label

    def _label(self, pointed: int | None) -> str:
        if pointed is not None and 0 <= pointed < len(self.months):
            month, count = self.months[pointed]
            return f"{month}: {plural(count, self.noun)} · ←/→ month · Enter or click: only this month"
        counts = self.counts
        first, last = self.months[0][0], self.months[-1][0]
        span = first if first == last else f"{first} – {last}"
        undated = f" · {counts.undated} undated" if counts.undated else ""
        partial = " (counted in part: out of time)" if not counts.complete else ""
        return f"{span} · {plural(counts.dated, 'dated ' + self.noun)}{undated}{partial} · {self.pick_key}: pick a month"

    # -- keys and mouse ------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.months:
            self.cursor = max(0, min(len(self.months) - 1, self.cursor + step))
            self.hover = None
            self.refresh()

    def action_jump(self, index: int) -> None:
        if self.months:
            self.cursor = index % len(self.months)
            self.hover = None
            self.refresh()

    def action_choose(self) -> None:
        month = self.current_month
        if month is not None:
            self.post_message(self.Chosen(month))

    def _month_at(self, x: int) -> int | None:
        """The month under column ``x`` of the widget (None: no bar there)."""
        if not self.months:
            return None
        start, shown = self._window()
        column = x - self.styles.padding.left
        if column < 0:
            return None
        index = start + column // self._cell_width()
        return index if index < start + shown else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._month_at(event.x)
        if hover != self.hover:
            self.hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self.hover is not None:
            self.hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self._month_at(event.x)
        if index is not None:
            event.stop()
            self.cursor = index
            self.refresh()
            self.post_message(self.Chosen(self.months[index][0]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
