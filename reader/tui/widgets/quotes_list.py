"""A list of quotes: the results pane in Quotes view, and a speaker's quotes on their page.

One row per quote: the speaker, the date and the kind, then the quote with the query's
hits marked. The list runs its searches in thread workers, as the results list does:
what to search is a *fetch* (``fetch(offset, limit) -> QuoteResult``) the owner hands
it, so the same list serves a query over every quote (paged as the cursor nears the
end) and one person's quotes (all in one answer). Moving the cursor posts
:class:`QuotesList.Opened` (Enter: with ``focus``); ``e`` asks where to export every
quote of the list (CSV, JSON or JSON Lines) and writes them in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...search import QueryError, write_file
from ...search.export import write_quotes
from ...search.quote_lists import QuoteExport
from ...search.quotes import QuoteHit, QuoteResult
from ...text import display_path
from ..display import HIT_STYLE, styled
from ..lists import KeyedList
from ..screens.export_screen import ExportScreen, ExportTarget
from ..workers import Answer, ReportsFailedWorkers, WorkFailed

#: Quotes in the first answer (a screenful and more: a quote row costs no file read),
#: then pages of PAGE_SIZE as the user scrolls.
FIRST_PAGE = 30
PAGE_SIZE = 60
#: Ask for the next page when the cursor is this close to the end.
MORE_MARGIN = 5

Fetch = Callable[[int, int], QuoteResult]


def quote_prompt(hit: QuoteHit) -> Content:
    """A quote in the list: the speaker (bold), the date and kind (dim), the quote with its hits marked."""
    who = Content(hit.speaker or "(nobody credited)").stylize("bold" if hit.speaker else "italic")
    facts = " · ".join([hit.date.strftime("%Y-%m-%d") if hit.date else "undated", hit.kind])
    quote = styled(hit.text, [(s, e, HIT_STYLE) for s, e in hit.highlights])
    return Content("").join([who, Content("  "), Content(facts).stylize("dim"), Content("\n"), quote])


def quotes_found(result: QuoteResult, loaded: int, *, timings: bool = True) -> str:
    """What the status line says of a list of quotes: "12 quotes in 3 ms", "30+ quotes"."""
    total = result.total
    shown = f"{total:,}" if total is not None else f"{loaded}+"
    timing = f" in {result.seconds * 1000:.0f} ms" if timings else ""
    late = " (search ran out of time)" if result.timed_out else ""
    return f"{shown} quote{'s' if total != 1 else ''}{timing}{late}"


class QuotesList(ReportsFailedWorkers, KeyedList):
    """Quotes, one a row; posts :class:`Opened` as the cursor moves and the answers of its searches."""

    class Opened(Message):
        """A quote became the current one; ``focus`` when the user pressed Enter on it."""

        def __init__(self, hit: QuoteHit, terms: frozenset[str], focus: bool = False) -> None:
            super().__init__()
            self.hit = hit
            self.terms = terms
            self.focus = focus

    class SearchFinished(Answer):
        """A first page (``append`` False) or the next one, now shown."""

        def __init__(self, result: QuoteResult, append: bool = False) -> None:
            super().__init__()
            self.result = result
            self.append = append

    class SearchFailed(Answer):
        """The query could not run, with the one-line reason."""

        def __init__(self, query: str, error: str) -> None:
            super().__init__()
            self.query = query
            self.error = error

    class ExportFinished(Message):
        """An export wrote ``export`` to ``path`` (the list says so)."""

        def __init__(self, path: str, export: QuoteExport) -> None:
            super().__init__()
            self.path = path
            self.export = export

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[QuoteHit] = []
        self.terms: frozenset[str] = frozenset()
        self.total: int | None = None
        self.more = False
        self._asked_for_more = False
        self._fetch: tuple[Fetch, str] | None = None  # (fetch, query) of the last search
        self.border_title = "Quotes"

    # -- searching -----------------------------------------------------------------

    def search(self, fetch: Fetch, query: str) -> None:
        """Ask ``fetch`` for the first page in a worker; an answer to an earlier search is dropped."""
        self.workers.cancel_group(self, "quotes")
        self.workers.cancel_group(self, "more-quotes")
        self._fetch = (fetch, query)
        self._page(fetch, query, 0, FIRST_PAGE)

    def clear(self) -> None:
        """No query: no quotes, and no answer to an earlier one is shown."""
        self.workers.cancel_group(self, "quotes")
        self.workers.cancel_group(self, "more-quotes")
        self._fetch = None
        self.clear_options()
        self.hits, self.more, self.total = [], False, None

    @work(thread=True, exclusive=True, group="quotes", name="quotes", exit_on_error=False)
    def _page(self, fetch: Fetch, query: str, offset: int, limit: int) -> None:
        self._run(fetch, query, offset, limit)

    @work(thread=True, exclusive=True, group="more-quotes", name="more quotes", exit_on_error=False)
    def _next_page(self, fetch: Fetch, query: str, offset: int, limit: int) -> None:
        self._run(fetch, query, offset, limit)

    def _run(self, fetch: Fetch, query: str, offset: int, limit: int) -> None:
        try:
            result = fetch(offset, limit)
        except QueryError as exc:
            answer: Answer = self.SearchFailed(query, str(exc))
        except Exception as exc:  # a damaged index must not take the app down
            answer = self.SearchFailed(query, f"quote search failed: {type(exc).__name__}: {exc}")
        else:
            answer = self.SearchFinished(result, append=offset > 0)
        if not answer.stale:
            self.post_message(answer)

    def on_quotes_list_search_finished(self, message: SearchFinished) -> None:
        if message.stale:
            message.stop()
            return
        self.show_result(message.result, append=message.append)

    def on_quotes_list_search_failed(self, message: SearchFailed) -> None:
        if message.stale:
            message.stop()

    # -- showing -------------------------------------------------------------------

    def show_result(self, result: QuoteResult, *, append: bool = False) -> None:
        """Show a first page (replacing what is there) or append the next one."""
        self._asked_for_more = False
        self.more = result.more
        if not append:
            self.clear_options()
            self.hits = []
            self.terms = result.terms
            self.total = result.total
        elif result.total is not None:
            self.total = result.total
        options: list[Option | None] = []
        for hit in result.hits:
            if self.hits or options:
                options.append(None)  # a separator line between quotes
            options.append(Option(quote_prompt(hit)))
        self.hits.extend(result.hits)
        self.add_options(options)
        if not append and self.hits:
            self.highlighted = 0

    @property
    def current(self) -> QuoteHit | None:
        index = self.highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        hit = self.current
        if hit is not None:
            self.post_message(self.Opened(hit, self.terms))
        if event.option_index >= len(self.hits) - MORE_MARGIN:
            self._want_more()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.current
        if hit is not None:
            self.post_message(self.Opened(hit, self.terms, focus=True))

    def _want_more(self) -> None:
        if self.more and not self._asked_for_more and self._fetch is not None:
            self._asked_for_more = True
            fetch, query = self._fetch
            self._next_page(fetch, query, len(self.hits), PAGE_SIZE)

    # -- exporting -----------------------------------------------------------------

    def export(self, gather: Callable[[], QuoteExport], query: str, corpus: Path) -> None:
        """Ask where to write every quote of the list (``gather`` finds them), then write
        them in a worker and say when done."""
        if not self.hits:
            self.notify("No quotes to export.", markup=False, timeout=3)
            return

        def write(target: ExportTarget | None) -> None:
            if target is not None:
                self.notify(f"Exporting the quotes for {query} to {display_path(str(target.path))}…",
                            markup=False, timeout=2)
                self._export(gather, query, target)

        self.app.push_screen(ExportScreen(query, self.total, corpus, noun="quote"), write)

    @work(thread=True, group="export", name="export", exit_on_error=False)
    def _export(self, gather: Callable[[], QuoteExport], query: str, target: ExportTarget) -> None:
        shown = display_path(str(target.path))
        try:
            export = gather()
            if export.hits:
                write_file(target.path, export.hits, target.fmt, writer=write_quotes)
        except QueryError as exc:
            raise WorkFailed("Export", str(exc)) from exc
        except OSError as exc:
            raise WorkFailed("Export", f"Cannot write {shown}: {exc.strerror or exc}") from exc
        except Exception as exc:  # a damaged index must not take the app down
            raise WorkFailed("Export", f"Export failed: {type(exc).__name__}: {exc}") from exc
        if not export.hits:
            raise WorkFailed("Export", f"No quotes for {query} any more: nothing written.")
        self.post_message(self.ExportFinished(shown, export))

    def on_quotes_list_export_finished(self, message: ExportFinished) -> None:
        export = message.export
        count = len(export.hits)
        if export.complete:
            self.notify(f"Exported {count} quote{'s' if count != 1 else ''} to {message.path}", markup=False)
        else:
            self.notify(f"Exported the first {count} of {export.total or 'the'} quotes to {message.path}: "
                        "the export ran out of time.", severity="warning", markup=False)
