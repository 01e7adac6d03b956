"""The help screen: every key binding of the app, gathered from the widgets that own them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys the widgets inherit from Textual that a user of reader should know about too.
BUILT_IN_KEYS = (
    ("Tab / Shift+Tab", "Move between the search box, timeline, results, article and speakers"),
    ("↑ ↓ PgUp PgDn Home End", "Move in a list or scroll the article"),
    ("Enter", "Results: open the article · Speakers: search for what they said · Search box: search now"),
    ("Ctrl+P", "Command palette: re-index, rebuild, sort, sidebar, theme, …"),
    ("Ctrl+Q", "Quit, even while typing"),
    ("Mouse", "Click to select, wheel to scroll, in every pane"),
)

_KEY_NAMES = {
    "slash": "/", "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
    "escape": "Esc", "space": "Space", "up": "↑", "down": "↓", "enter": "Enter", "delete": "Delete",
    "left": "←", "right": "→", "home": "Home", "end": "End",
}


def _key_name(key: str) -> str:
    """``ctrl+g`` as ``Ctrl+G``, ``slash`` as ``/``: as the key reads on a keyboard."""
    *modifiers, last = key.split("+")
    last = _KEY_NAMES.get(last, last.upper() if modifiers and len(last) == 1 else last)
    return "+".join([m.capitalize() for m in modifiers] + [last])


def key_label(binding: Binding, keymap: Mapping[str, str] | None = None) -> str:
    """The keys of a binding as a user types them, after the config's ``[keymap]``."""
    keys = (keymap or {}).get(binding.id, binding.key) if binding.id else binding.key
    return " / ".join(_key_name(k.strip()) for k in keys.split(","))


def help_content(sections: Iterable[tuple[str, Iterable[Binding]]], keymap: Mapping[str, str] | None = None) -> Content:
    """A table of keys and what they do, one section per owner."""
    lines: list[Content] = [Content("reader — keys").stylize("bold"), Content("")]
    for title, bindings in [*sections]:
        lines.append(Content(title).stylize("bold underline"))
        for binding in bindings:
            if isinstance(binding, Binding):
                lines.append(Content.assemble((f"  {key_label(binding, keymap):<24}", "bold"), binding.description))
        lines.append(Content(""))
    lines.append(Content("Also").stylize("bold underline"))
    for keys, what in BUILT_IN_KEYS:
        lines.append(Content.assemble((f"  {keys:<24}", "bold"), what))
    lines += [Content(""), Content("Esc, q or ? closes this screen.").stylize("dim")]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Lists every binding; Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Iterable[tuple[str, Iterable[Binding]]],
                 keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._content = help_content(sections, keymap)

    def compose(self):
        with VerticalScroll(id="help-box"):
            yield Static(self._content, id="help-text")
