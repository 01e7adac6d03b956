"""reader's own commands in the command palette (Ctrl+P)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ReaderCommands(Provider):
    """Re-index, rebuild, sort, sidebar, filters, theme, help, pager, copy: each a screen action."""

    def _commands(self):
        screen = self.screen
        app = self.app
        run = getattr(screen, "run_action", None)
        if run is None:
            return []
        return [
            ("Re-index the corpus", "Add new files, re-read changed ones, drop deleted ones", partial(run, "reindex")),
            ("Rebuild the index", "Start the index over from the corpus files", partial(run, "reindex(True)")),
            ("Toggle sort: relevance / date", "Order results by relevance or newest first", partial(run, "toggle_sort")),
            ("Toggle the speaker sidebar", "Show or hide the speakers of the open article", partial(run, "toggle_sidebar")),
            ("Filter by speaker…", "Narrow the results to one of their most-quoted people (f)",
             partial(run, "speaker_facets")),
            ("Filter by month: the timeline", "Pick a month of the results (t)", partial(run, "focus_timeline")),
            ("Change theme", "Pick the app's colours", app.action_change_theme),
            ("Help: keys", "Every key binding", app.action_help),
            ("Open the article in the pager", "$PAGER, else less", partial(run, "open_pager")),
            ("Copy the quote or the article path", "To the clipboard", partial(run, "copy")),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
