"""What the widgets' thread workers share: answers that are dropped once stale, and one
report for a worker that failed.

A widget runs its slow work in ``@work(thread=True, exclusive=True, group=…)`` workers:
starting one cancels the one before in its group. A cancelled thread still runs to its
end, so its answer (an :class:`Answer`, posted to the widget itself) remembers the
worker that sent it; the widget checks it on the UI thread, where cancelling happens
too, and drops it (``message.stop()``: it goes no further) when a newer worker has
replaced it. A fresh answer bubbles up to the screen, after the widget has shown what is
its own to show (or the screen shows it, when other panes change with it).

A worker that raises is reported by :class:`ReportsFailedWorkers` (Textual tells only
the node that runs the worker): :class:`WorkFailed` with its own title and text, any
other exception as what went wrong.
"""

from __future__ import annotations

from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker


class Answer(Message):
    """A thread worker's answer to the widget that runs it (create it in the worker)."""

    def __init__(self) -> None:
        super().__init__()
        self.worker: Worker = get_current_worker()

    @property
    def stale(self) -> bool:
        """True when a newer worker of the group has replaced the one that answered."""
        return self.worker.is_cancelled


class WorkFailed(Exception):
    """A worker's failure the user should read as it is: ``text`` under ``title``."""

    def __init__(self, title: str, text: str, *, timeout: float | None = None) -> None:
        super().__init__(text)
        self.title = title
        self.text = text
        self.timeout = timeout


class ReportsFailedWorkers:
    """Mixin for a widget or screen with workers (``exit_on_error=False``): a failure is a
    notification, never the end of the app."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, WorkFailed):
            self.notify(error.text, title=error.title, severity="error", markup=False, timeout=error.timeout)
        else:  # a damaged index, a bug: said, and the app goes on
            self.notify(f"{type(error).__name__}: {error}", title=f"{event.worker.name} failed",
                        severity="error", markup=False)
