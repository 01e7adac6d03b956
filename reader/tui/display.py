"""Building what the app displays, as ``textual.content.Content``, never as markup.

Titles, bodies, names and queries come from other people's files and may hold text that
looks like Rich/Textual markup (``[@click=app.quit]``, a lone ``[/``). Content built from
plain strings shows it literally; styles are applied by character offsets only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content, Span

from ..search import Hit
from ..text import escape_unprintable
from ..userdata import Bookmark

#: One colour per speaker, in order of first appearance (cycled past eight): the sidebar
#: entry and that speaker's quotes in the article share it.
SPEAKER_COLOURS = ("#e5a50a", "#3d8fd1", "#33b36b", "#c061cb", "#f06d2f", "#1fb3c9", "#e8455a", "#b08a5a")
HIT_STYLE = "bold reverse"
CURRENT_HIT_STYLE = "bold #000000 on #f5d90a"
SELECTED_QUOTE_STYLE = "bold underline"
CURRENT_QUOTE_STYLE = "bold underline reverse"


def speaker_colour(index: int) -> str:
    return SPEAKER_COLOURS[index % len(SPEAKER_COLOURS)]


def styled(text: str, spans: Iterable[tuple[int, int, str]] = ()) -> Content:
    """``text`` as Content with each (start, end, style) span applied, in order."""
    # the spans given at once, as stylize() would add them one by one (which copies the
    # list each time: 100,000 hits in a paragraph took half a minute)
    content = Content(text)
    length = len(content)
    kept = [Span(max(0, start), min(length, end), style) for start, end, style in spans
            if max(0, start) < min(length, end) and style]
    return Content(content.plain, kept, strip_control_codes=False) if kept else content


def line(*parts: str | tuple[str, str]) -> Content:
    """Plain strings and (text, style) pairs joined into one Content."""
    return Content.assemble(*[(p if isinstance(p, tuple) else (p, "")) for p in parts])


def result_prompt(hit: Hit) -> Content:
    """A result in the list: the title, the date and speaker count, the snippet."""
    title = Content(hit.title or "(untitled)").stylize("bold")
    facts = [hit.date.strftime("%Y-%m-%d") if hit.date else "undated"]
    if hit.speakers:
        facts.append(f"{len(hit.speakers)} speaker{'s' if len(hit.speakers) != 1 else ''}")
    parts = [title, Content("\n"), Content(" · ".join(facts)).stylize("dim")]
    if hit.snippet and hit.snippet.text:
        snippet = styled(hit.snippet.text, [(s, e, HIT_STYLE) for s, e in hit.snippet.highlights])
        parts += [Content("\n"), snippet]
    return Content("").join(parts)


def related_prompt(hit: Hit) -> Content:
    """An article in the related list: the title, then its date and id."""
    facts = [hit.date.strftime("%Y-%m-%d") if hit.date else "undated", hit.id]
    return Content("").join([Content(hit.title or "(untitled)").stylize("bold"), Content("\n"),
                             Content(" · ".join(facts)).stylize("dim")])


def speaker_prompt(index: int, name: str, role: str, quote_count: int) -> Content:
    """A speaker in the sidebar: the name in the speaker's colour, the role, the count."""
    parts = [Content(name).stylize(f"bold {speaker_colour(index)}")]
    if role:
        parts += [Content("\n"), Content(role).stylize("italic")]
    parts += [Content("\n"), Content(f"{quote_count} quote{'s' if quote_count != 1 else ''}").stylize("dim")]
    return Content("").join(parts)


def clip_spans(spans: Sequence[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """Spans over a whole text cut to [start, end) and made relative to ``start``."""
    out = []
    for s, e, style in spans:
        if s < end and e > start:
            out.append((max(s, start) - start, min(e, end) - start, style))
    return out




def bookmark_prompt(mark: Bookmark, gone: bool) -> Content:
    """A bookmark in the bookmarks view: title, then date and file (and "gone" if it is)."""
    title = Content(escape_unprintable(mark.title) or "(untitled)").stylize("bold")
    facts = Content(escape_unprintable(" · ".join([mark.date or "undated", mark.id]))).stylize("dim")
    parts = [title, Content("\n"), facts]
    if gone:
        parts = [Content("gone: ").stylize("bold red"), *parts, Content("\n"),
                 Content("the file is no longer there").stylize("red")]
    return Content("").join(parts)


def saved_search_prompt(name: str, query: str) -> Content:
    """A saved search in the bookmarks view: its name, then its query."""
    return Content("").join([Content(escape_unprintable(name)).stylize("bold"), Content("\n"),
                             Content(escape_unprintable(query)).stylize("dim")])
