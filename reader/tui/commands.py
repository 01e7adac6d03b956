"""reader's own commands in the command palette (Ctrl+P)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..text import escape_unprintable


class ReaderCommands(Provider):
    """Re-index, rebuild, sort, sidebar, filters, related, export, theme, help, pager, copy,
    bookmarks, did you mean: each a screen action; and one "Saved search: NAME" command per
    saved search of the config file."""

    def _commands(self):
        screen = self.screen
        app = self.app
        run = getattr(screen, "run_action", None)
        if run is None:
            return []
        search_for = getattr(screen, "search_for", None)
        config = getattr(app, "config", None)
        saved = [
            (f"Saved search: {escape_unprintable(name)}", escape_unprintable(query), partial(search_for, query))
            for name, query in (config.searches.items() if config is not None and search_for else ())
        ]
        return saved + [
            ("Re-index the corpus", "Add new files, re-read changed ones, drop deleted ones", partial(run, "reindex")),
            ("Rebuild the index", "Start the index over from the corpus files", partial(run, "reindex(True)")),
            ("Toggle sort: relevance / date", "Order results by relevance or newest first", partial(run, "toggle_sort")),
            ("Toggle the speaker sidebar", "Show or hide the speakers of the open article", partial(run, "toggle_sidebar")),
            ("Related articles", "The ten articles most like the open one", partial(run, "related")),
            ("Export results…", "Write every result of the query to a .csv, .json or .jsonl file",
             partial(run, "export")),
            ("Toggle results: articles / quotes", "List the quotes the query finds instead of the articles (v)",
             partial(run, "toggle_quotes")),
            ("Filter by speaker…", "Narrow the results to one of their most-quoted people (f)",
             partial(run, "speaker_facets")),
            ("Filter by month: the timeline", "Pick a month of the results (t)", partial(run, "focus_timeline")),
            ("Change theme", "Pick the app's colours", app.action_change_theme),
            ("Help: keys", "Every key binding", app.action_help),
            ("Open the article in the pager", "$PAGER, else less", partial(run, "open_pager")),
            ("Copy the quote or the article path", "To the clipboard", partial(run, "copy")),
            ("Bookmark the article", "Or remove its bookmark (b)", partial(run, "bookmark")),
            ("Bookmarks and saved searches", "Open, run or remove them (B)", partial(run, "bookmarks")),
            ("Save the search", "Keep the current query under a name in the config file (Ctrl+S)",
             partial(run, "save_search")),
            ("Did you mean: search the suggested query", "The corrected query shown in the status line (Ctrl+G)",
             partial(run, "apply_suggestion")),
        ]

    # Names and help may hold a saved search's name and query, so they are never markup:
    # the name is shown as Content (Matcher.highlight would parse it), the help (which the
    # palette parses) with every "[" escaped.

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=_escaped(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name, help=_escaped(help_text))


def _escaped(text: str) -> str:
    """Plain text as Textual markup that shows it as it is."""
    return text.replace("[", "\\[")


def _highlight(matcher, name: str) -> Content:
    """``name`` as Content with the letters the fuzzy query matched styled."""
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    style = getattr(matcher, "_match_style", None) or "reverse"
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
