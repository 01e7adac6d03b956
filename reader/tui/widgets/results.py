"""The results list: one entry per hit, more loaded as the cursor nears the end.

It runs its own searches in thread workers: the first page (a screenful, so a keystroke
shows results fast, with a "Did you mean" when it found little), the count of all
matches after it, the next pages as the user scrolls, and the export of every result
(``e``: it asks where, with the export prompt). It also opens the speaker filter (``f``)
on its results.
Each answer comes back as one of its messages; the list shows what is its to show and
the message goes on up to the screen, which updates the rest.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...search import SUGGEST_BELOW, Export, Hit, QueryError, Searcher, SearchResult, all_results, write_file
from ...text import display_path
from ..display import result_prompt
from ..lists import KeyedList
from ..screens.export_screen import ExportScreen, ExportTarget
from ..screens.speaker_picker import TOP_SPEAKERS, SpeakerPicker
from ..workers import Answer, ReportsFailedWorkers, WorkFailed

#: Ask for the next page when the cursor or the scroll is this close to the end.
MORE_MARGIN = 5
#: Results in the first answer: about a screenful (each snippet costs a file read), so
#: a keystroke shows results fast; then pages of PAGE_SIZE as the user scrolls.
FIRST_PAGE = 10
PAGE_SIZE = 30
#: The groups of the workers that answer the current query (a new query cancels them).
QUERY_GROUPS = ("search", "more", "count")


class ResultsList(ReportsFailedWorkers, KeyedList):
    """Search results; posts :class:`Opened` as the cursor moves, and the answers of its searches."""

    class Opened(Message):
        """A result became the current one; ``focus`` when the user pressed Enter on it."""

        def __init__(self, hit: Hit, focus: bool = False) -> None:
            super().__init__()
            self.hit = hit
            self.focus = focus

    class SearchFinished(Answer):
        """A first page (``append`` False) or the next page, now shown; ``suggestion`` is
        the corrected query ("Did you mean") when the first page found little."""

        def __init__(self, result: SearchResult, append: bool = False, keep: str | None = None,
                     suggestion: str | None = None) -> None:
            super().__init__()
            self.result = result
            self.append = append
            self.keep = keep  # the id of the result to stay on, if it is still there
            self.suggestion = suggestion

    class SearchFailed(Answer):
        """The query could not run, with the one-line reason."""

        def __init__(self, query: str, error: str) -> None:
            super().__init__()
            self.query = query
            self.error = error

    class ResultsCounted(Answer):
        """How many articles the query matches (None: counting ran out of time)."""

        def __init__(self, total: int | None) -> None:
            super().__init__()
            self.total = total

    class SpeakerPicked(Message):
        """The user picked ``name`` among the most quoted in the results of ``query``."""

        def __init__(self, query: str, name: str) -> None:
            super().__init__()
            self.query = query
            self.name = name

    class ExportFinished(Message):
        """An export wrote ``export`` (every result, or the first ones in time) to ``path``
        (the list says so)."""

        def __init__(self, path: str, export: Export) -> None:
            super().__init__()
            self.path = path
            self.export = export

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []
        self.terms: frozenset[str] = frozenset()  # the words the results were found by, to mark in articles
        self.more = False  # hits follow the loaded ones
        self._asked_for_more = False
        self._query: tuple[Searcher, str, str] | None = None  # (searcher, query, sort) of the last search
        self.border_title = "Results"

    # -- searching -----------------------------------------------------------------

    def search(self, searcher: Searcher, query: str, sort: str, *, keep: str | None = None) -> None:
        """Search ``query`` in a worker: whatever answers an earlier query is dropped.

        ``keep`` is the id of a hit to stay on if it is still in the new results.
        """
        for group in QUERY_GROUPS:
            self.workers.cancel_group(self, group)
        self._query = (searcher, query, sort)
        self._first_page(searcher, query, sort, keep)

    def clear(self) -> None:
        """No query: no results, and no answer to an earlier one is shown."""
        for group in QUERY_GROUPS:
            self.workers.cancel_group(self, group)
        self._query = None
        self.clear_options()
        self.hits, self.more = [], False

    @work(thread=True, exclusive=True, group="search", name="search", exit_on_error=False)
    def _first_page(self, searcher: Searcher, query: str, sort: str, keep: str | None) -> None:
        try:
            # not counted: the page shows first, the count follows (_count)
            result = searcher.search(query, sort=sort, limit=FIRST_PAGE, offset=0, count=False)
        except QueryError as exc:
            self._answer(self.SearchFailed(query, str(exc)))
            return
        except Exception as exc:  # a damaged index must not take the app down
            self._answer(self.SearchFailed(query, f"search failed: {type(exc).__name__}: {exc}"))
            return
        suggestion = None
        # the first page holds more than SUGGEST_BELOW hits, so a small total is always known
        if result.total is not None and result.total < SUGGEST_BELOW and not result.timed_out:
            try:
                suggestion = searcher.suggest_query(query, found=result.total)
            except Exception:  # a suggestion is a convenience: the results still show
                suggestion = None
        self._answer(self.SearchFinished(result, keep=keep, suggestion=suggestion))

    @work(thread=True, exclusive=True, group="more", name="next page", exit_on_error=False)
    def _next_page(self, searcher: Searcher, query: str, sort: str, offset: int) -> None:
        try:
            result = searcher.search(query, sort=sort, limit=PAGE_SIZE, offset=offset, count=False)
        except QueryError as exc:
            self._answer(self.SearchFailed(query, str(exc)))
        except Exception as exc:
            self._answer(self.SearchFailed(query, f"search failed: {type(exc).__name__}: {exc}"))
        else:
            self._answer(self.SearchFinished(result, append=True))

    @work(thread=True, exclusive=True, group="count", name="count", exit_on_error=False)
    def _count(self, searcher: Searcher, query: str) -> None:
        if get_current_worker().is_cancelled:
            return  # the user has typed on: this count would only hold up the next search
        try:
            total = searcher.count(query)
        except Exception:  # the search itself reported any problem
            return
        self._answer(self.ResultsCounted(total))

    def _answer(self, answer: Answer) -> None:
        if not answer.stale:  # (checked again when it arrives: see on_results_list_*)
            self.post_message(answer)

    def on_results_list_search_finished(self, message: SearchFinished) -> None:
        if message.stale:
            message.stop()  # an answer to a query the user has already changed
            return
        result = message.result
        self.show_result(result, append=message.append, keep=message.keep)
        if not message.append and result.total is None and self._query is not None:
            self._count(self._query[0], result.query)

    def on_results_list_search_failed(self, message: SearchFailed) -> None:
        if message.stale:
            message.stop()

    def on_results_list_results_counted(self, message: ResultsCounted) -> None:
        if message.stale:
            message.stop()

    # -- the speaker filter and the export ------------------------------------------

    def pick_speaker(self) -> None:
        """List the most quoted people of the results (``f``); the one picked is posted as
        :class:`SpeakerPicked`."""
        if self._query is None:
            self.notify("Search first: the speaker filter lists who is quoted in the results.", markup=False,
                        timeout=3)
            return
        searcher, query, _sort = self._query

        def picked(name: str | None) -> None:
            if name:
                self.post_message(self.SpeakerPicked(query, name))

        self.app.push_screen(SpeakerPicker(query, lambda: searcher.speaker_facets(query, top=TOP_SPEAKERS)), picked)

    def export(self, query: str, total: int | None, corpus: Path) -> None:
        """Ask where to write every result of ``query`` (the last one searched), then write
        them in a worker and say when done."""
        if not query.strip() or self._query is None or not self.hits:
            self.notify("No results to export: search first." if not query.strip() else "No results to export.",
                        markup=False, timeout=3)
            return
        searcher, query, sort = self._query

        def write(target: ExportTarget | None) -> None:
            if target is not None:
                self.notify(f"Exporting the results for {query} to {display_path(str(target.path))}…",
                            markup=False, timeout=2)
                self._export(searcher, query, sort, target)

        self.app.push_screen(ExportScreen(query, total, corpus), write)

    @work(thread=True, group="export", name="export", exit_on_error=False)
    def _export(self, searcher: Searcher, query: str, sort: str, target: ExportTarget) -> None:
        shown = display_path(str(target.path))
        try:
            export = all_results(searcher, query, sort=sort)
            if export.hits:
                write_file(target.path, export.hits, target.fmt)
        except QueryError as exc:
            raise WorkFailed("Export", str(exc)) from exc
        except OSError as exc:
            raise WorkFailed("Export", f"Cannot write {shown}: {exc.strerror or exc}") from exc
        except Exception as exc:  # a damaged index must not take the app down
            raise WorkFailed("Export", f"Export failed: {type(exc).__name__}: {exc}") from exc
        if not export.hits:
            raise WorkFailed("Export", f"No results for {query} any more: nothing written.")
        self.post_message(self.ExportFinished(shown, export))

    def on_results_list_export_finished(self, message: ExportFinished) -> None:
        export = message.export
        count = len(export.hits)
        if export.complete:
            self.notify(f"Exported {count} result{'s' if count != 1 else ''} to {message.path}", markup=False)
        else:
            self.notify(f"Exported the first {count} of {export.total} results to {message.path}: "
                        "the export ran out of time.", severity="warning", markup=False)

    # -- showing -------------------------------------------------------------------

    def show_result(self, result: SearchResult, *, append: bool = False, keep: str | None = None) -> None:
        """Show a first page (replacing what is there) or append the next page.

        ``keep`` is the id of a hit to stay on if it is still in the new results.
        """
        self._asked_for_more = False
        self.more = result.more
        self.terms = result.terms
        if not append:
            self.clear_options()
            self.hits = []
        new = [hit for hit in result.hits if hit.id not in {h.id for h in self.hits}] if append else list(result.hits)
        options: list[Option | None] = []
        for hit in new:
            if self.hits or options:
                options.append(None)  # a separator line between results
            options.append(Option(result_prompt(hit)))
        self.hits.extend(new)
        self.add_options(options)
        if not append and self.hits:
            index = next((i for i, h in enumerate(self.hits) if h.id == keep), 0)
            self.highlighted = index

    def move_to(self, hit_id: str) -> bool:
        """Put the cursor on the hit ``hit_id`` (it opens, as a keypress would); False when it
        is not among the results (the cursor leaves them) or is the current one already."""
        index = next((i for i, h in enumerate(self.hits) if h.id == hit_id), None)
        if index is not None and index != self.highlighted:
            self.highlighted = index  # posts Opened
            return True
        if index is None:
            self.highlighted = None  # no result is the open article now
        return False

    @property
    def current(self) -> Hit | None:
        index = self.highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None

    @property
    def current_id(self) -> str | None:
        """The id of the current hit, for a new search to stay on (None: no current hit)."""
        return self.current.id if self.current else None

    def _want_more(self) -> None:
        if self.more and not self._asked_for_more and self._query is not None:
            self._asked_for_more = True
            searcher, query, sort = self._query
            self._next_page(searcher, query, sort, len(self.hits))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        hit = self.current
        if hit is not None:
            self.post_message(self.Opened(hit))
        if event.option_index >= len(self.hits) - MORE_MARGIN:
            self._want_more()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.current
        if hit is not None:
            self.post_message(self.Opened(hit, focus=True))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.max_scroll_y and new >= self.max_scroll_y - 2:
            self._want_more()
