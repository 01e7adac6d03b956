"""The export prompt (``e``): where to write every result (or quote) of the current query.

A modal with one Input, prefilled with a name that is not taken yet. The format comes
from the suffix (.csv, .json, .jsonl). Enter checks the name at once (the corpus is
read-only; the folder must exist) and says what is wrong under the box, keeping it open;
a file that exists needs a second Enter. The screen is dismissed with an
:class:`ExportTarget`; the results list does the writing in a worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...search import ExportError, check_destination, default_destination
from ...text import display_path

HINT = "Enter writes · Esc cancels · the format follows the name: .csv, .json or .jsonl"


def export_folder(corpus: Path) -> Path:
    """Where an export goes unless the user says otherwise: home, else the current folder
    (never the corpus, which is read-only)."""
    corpus = Path(os.path.realpath(corpus))
    for folder in (Path.home(), Path.cwd()):
        real = Path(os.path.realpath(folder))
        if real.is_dir() and real != corpus and corpus not in real.parents:
            return folder
    return Path.cwd()


def shown_path(path: Path) -> str:
    """``path`` as the user would type it: ``~/…`` under their home folder."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """A checked destination: the file to write and its format."""

    path: Path
    fmt: str


class ExportScreen(ModalScreen[ExportTarget | None]):
    """Asks for a file name; dismissed with the target, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel the export", id="export.cancel"),
    ]

    def __init__(self, query: str, total: int | None, corpus: Path, *, noun: str = "result") -> None:
        super().__init__()
        self._noun = noun  # what is exported: results, or quotes
        self._query = query
        self._total = total
        self._default = shown_path(default_destination(query, export_folder(corpus)))
        self._corpus = corpus
        self._overwrite: Path | None = None  # the existing file a second Enter replaces

    def compose(self):
        with Vertical(id="export-box") as box:
            box.border_title = f"Export {self._noun}s"
            # the total is None while it is still being counted
            results = f"the {self._noun}s" if self._total is None else \
                f"{self._total} {self._noun}{'s' if self._total != 1 else ''}"
            yield Static(Content.assemble(f"All {results} for ", (self._query, "bold"), " to:"), id="export-title")
            yield Input(self._default, id="export-path")
            yield Static(Content(HINT).stylize("dim"), id="export-note")

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    @property
    def note(self) -> str:
        """What the line under the box says (a hint, a problem or the overwrite question)."""
        return str(self.query_one("#export-note", Static).render())

    def on_mount(self) -> None:
        self.path_input.focus()

    def _say(self, text: str, style: str = "dim") -> None:
        self.query_one("#export-note", Static).update(Content(text).stylize(style))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._overwrite is not None:
            self._overwrite = None
            self._say(HINT)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            path, fmt = check_destination(event.value, self._corpus)
        except ExportError as exc:
            self._overwrite = None
            self._say(f"✗ {exc}", "bold red")
            return
        if path.exists() and self._overwrite != path:
            self._overwrite = path
            self._say(f"{display_path(str(path))} exists: Enter again replaces it, Esc cancels.", "bold yellow")
            return
        self.dismiss(ExportTarget(path, fmt))

    def action_cancel(self) -> None:
        self.dismiss(None)
