"""The main screen: search box, timeline, results | article | speakers, status line, footer.

It routes. It lays the panes out, binds the keys that act on the open article or the
results so that they work from whichever pane has focus (``n``, ``[``, ``y``, ``o``, ``r``,
``e``…), and passes what one part reports on to the others. The work is the widgets' own:
the results list searches, counts, exports and opens the speaker filter, the article pane
loads, bookmarks and finds related articles, the timeline counts months, the search box
saves searches, the index keeper indexes and watches; each reports back with its
messages, handled here on the UI thread.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from ..index import IndexUnavailable, QuotesUnavailable, open_index, open_quote_index
from ..search import Searcher, with_month, with_speaker
from ..search.quote_lists import all_quotes
from ..search.quotes import QuoteSearcher
from ..userdata import Bookmarks, QueryHistory
from .screens.bookmarks_screen import BookmarksScreen, Chosen
from .screens.help_screen import key_label
from .speaker_screen import SpeakerPageScreen
from .widgets.article_view import ArticleView
from .widgets.index_keeper import COMMITS_EVERY, IndexKeeper
from .widgets.quotes_list import QuotesList, quotes_found
from .widgets.results import ResultsList
from .widgets.search_bar import SearchBar
from .widgets.speakers_panel import SpeakersPanel
from .widgets.status_bar import StatusBar
from .widgets.timeline import Timeline


class MainScreen(Screen):
    """Search, results, article and speakers."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="focus-search"),
        Binding("s", "toggle_sort", "Sort", id="toggle-sort"),
        Binding("n", "step_hit(1)", "Next hit", id="next-hit"),
        Binding("N", "step_hit(-1)", "Previous hit", show=False, id="previous-hit"),
        Binding("right_square_bracket", "step_quote(1)", "Next quote", key_display="]", id="next-quote"),
        Binding("left_square_bracket", "step_quote(-1)", "Previous quote", show=False, key_display="[",
                id="previous-quote"),
        Binding("ctrl+b", "toggle_sidebar", "Speakers", id="toggle-sidebar"),
        Binding("o", "open_pager", "Open in $PAGER", show=False, id="open-pager"),
        Binding("y", "copy", "Copy quote or path", show=False, id="copy"),
        Binding("r", "related", "Related articles", show=False, id="related"),
        Binding("e", "export", "Export all results to a file", show=False, id="export"),
        Binding("b", "bookmark", "Bookmark the article (again: remove)", show=False, id="bookmark"),
        Binding("B", "bookmarks", "Bookmarks and saved searches", show=False, id="bookmarks"),
        Binding("ctrl+s", "save_search", "Save the search (in the config file)", show=False, id="save-search"),
        Binding("ctrl+g", "apply_suggestion", "Apply the suggested query (Did you mean)", show=False,
                id="apply-suggestion"),
        Binding("t", "focus_timeline", "Timeline: pick a month", show=False, id="focus-timeline"),
        Binding("f", "speaker_facets", "Filter by speaker", show=False, id="speaker-facets"),
        Binding("v", "toggle_quotes", "Results: articles / quotes", show=False, id="toggle-quotes"),
    ]

    def __init__(self, corpus: Path, index_dir: Path, *, history: QueryHistory, bookmarks: Bookmarks | None = None,
                 sort: str = "relevance", show_timings: bool = True, blink: bool = True) -> None:
        super().__init__()
        self.corpus = corpus
        self.index_dir = index_dir
        self.history = history
        self.bookmarks = bookmarks if bookmarks is not None else Bookmarks()
        self.blink = blink
        self.searcher: Searcher | None = None
        self.quote_searcher: QuoteSearcher | None = None  # None until the quote records can be read
        self.quotes_view = False  # the results pane lists quotes, not articles
        self._quote_wanted: tuple[str, int, int] | None = None  # (article, start, end) to scroll to once loaded
        self.sort = sort
        self.query_text = ""
        self.suggestion: str | None = None  # "Did you mean": the corrected query, for Ctrl+G
        self.result_total: int | None = None  # all matches of the query shown; None until counted
        self._indexing = False
        self._reindex_again = False
        self._focus_results = False  # Enter: the results take the focus once they arrive
        self._months_wanted: str | None = None  # the query to count by month once its first article shows
        self._doc_count = 0
        self.search_bar = SearchBar(history, id="search")
        self.timeline = Timeline(id="timeline")
        self.results = ResultsList(id="results")
        self.quote_list = QuotesList(id="quote-results")
        self.article = ArticleView(corpus, self.bookmarks, id="article")
        self.speakers = SpeakersPanel(id="speakers")
        self.status = StatusBar(id="status")
        self.status.show_timings = show_timings
        self.keeper = IndexKeeper(corpus, index_dir)

    # -- layout ----------------------------------------------------------------------

    def compose(self):
        yield self.search_bar
        yield self.timeline
        with Horizontal(id="panes"):
            yield self.results
            yield self.quote_list
            yield self.article
            yield self.speakers
        yield self.status
        yield Footer()
        yield self.keeper

    def on_mount(self) -> None:
        self.search_bar.cursor_blink = self.blink
        self.status.sort = self.sort
        self.timeline.pick_key = self.key_of("focus-timeline")
        self.article.bookmarks_key = self.search_bar.bookmarks_key = self.key_of("bookmarks")
        self.status.suggest_key = self.key_of("apply-suggestion")
        self.speakers.fit(self.size.width)
        with suppress(IndexUnavailable):  # missing or damaged: the first update (re)builds it
            self._use_index()
        self._show_welcome()
        self.search_bar.focus()
        # the first update waits for the watcher to be ready (its first CorpusChanged): no change is missed
        self.status.index_state = "checking for changes…"
        self.set_interval(COMMITS_EVERY, self._look_for_commits)

    def _use_index(self) -> None:
        """Open the index for searching (raises IndexUnavailable), noting its size."""
        ix, _ = open_index(self.corpus, self.index_dir)
        self.searcher = Searcher(ix)
        self._doc_count = self.searcher.doc_count  # nobody else uses this new searcher yet
        try:
            self.quote_searcher = QuoteSearcher(open_quote_index(self.corpus, self.index_dir))
        except (IndexUnavailable, QuotesUnavailable):  # the next update rebuilds them
            self.quote_searcher = None

    def _show_welcome(self) -> None:
        # not searcher.doc_count: the UI thread must never wait for a search worker's lock
        self.article.show_welcome(self._doc_count if self.searcher else 0)

    def on_resize(self) -> None:
        self.speakers.fit(self.size.width)

    def key_of(self, binding_id: str) -> str:
        """The key of one of this screen's bindings, as the user's keymap has it (for hints)."""
        binding = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.id == binding_id)
        return key_label(binding, self.app.config.keymap)

    # -- the index -------------------------------------------------------------------

    def action_reindex(self, rebuild: bool = False) -> None:
        if self._indexing:
            self.notify("The index is already being updated.", markup=False)
            return
        self._indexing = True
        self.status.index_state = "checking for changes…"
        self.keeper.update(rebuild)

    def on_index_keeper_corpus_changed(self) -> None:
        if self._indexing:
            self._reindex_again = True  # after the update under way
        else:
            self.action_reindex()

    def _look_for_commits(self) -> None:
        if not self._indexing and self.searcher is not None:
            self.keeper.look_for_commits(self.searcher)

    def on_index_keeper_index_changed(self, message: IndexKeeper.IndexChanged) -> None:
        self._doc_count = message.doc_count
        self.status.index_state = f"up to date · {message.doc_count} articles"
        self._rerun_search()

    def on_index_keeper_index_progressed(self, message: IndexKeeper.IndexProgressed) -> None:
        self.status.index_state = message.state

    def on_index_keeper_watch_failed(self, message: IndexKeeper.WatchFailed) -> None:
        self.notify(message.error, title="Watching", severity="warning", markup=False)

    def on_index_keeper_index_failed(self, message: IndexKeeper.IndexFailed) -> None:
        self._indexing = False
        self.status.index_state = "update failed"
        self.notify(message.error, title="Index", severity="error", markup=False)
        self._maybe_reindex_again()

    def _maybe_reindex_again(self) -> None:
        if self._reindex_again:
            self._reindex_again = False
            self.action_reindex()

    def on_index_keeper_index_updated(self, message: IndexKeeper.IndexUpdated) -> None:
        self._indexing = False
        self.call_after_refresh(self._maybe_reindex_again)
        self.status.index_state = message.state
        if message.warning:
            self.notify(message.warning, title="Indexing: files skipped or read with a caveat", severity="warning",
                        markup=False)
        if message.changed or self.searcher is None:
            try:
                self._use_index()
            except IndexUnavailable as exc:
                self.status.error = str(exc)
                return
            self._rerun_search()

    def _rerun_search(self) -> None:
        """Show the current query's results again (after the index changed), on the same hit."""
        if self.query_text.strip():
            self.run_search(self.query_text, keep=self.results.current_id)
        else:
            self._show_welcome()

    # -- searching -------------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.run_search(message.query)
        # Enter: the results take the focus once they arrive (typing alone keeps it here)
        self._focus_results = message.submitted

    @on(SearchBar.Left)
    def _left_search(self) -> None:
        pane = self.quote_list if self.quotes_view else self.results
        (pane if pane.hits else self.article).focus()

    def search_for(self, query: str) -> None:
        """Put a query in the search box and run it as if typed and Enter pressed."""
        self.search_bar.run_query(query)

    def run_search(self, query: str, *, keep: str | None = None) -> None:
        """Search in the results list's worker; an answer to an earlier query is never shown."""
        if query != self.query_text:
            self._suggest(None)  # it was for the query the user has just changed
        self.query_text = query
        self._focus_results = False
        self._months_wanted = None
        self.timeline.outdate()
        if not query.strip() or self.searcher is None:
            self.results.clear()
            self.quote_list.clear()
            self.result_total = None
            self.status.results, self.status.error = "", ""
            self.speakers.show_attribution(None)
            self.timeline.show_counts(None)
            self._show_welcome()
            return
        if self.quotes_view:
            self._search_quotes(query)
        else:
            self.results.search(self.searcher, query, self.sort, keep=keep)

    def on_results_list_search_finished(self, message: ResultsList.SearchFinished) -> None:
        result = message.result  # the list shows it already
        self.status.error = ""
        if not message.append:
            self.result_total = result.total
            self.status.show_found(result, len(self.results.hits))
            self._suggest(message.suggestion)
            if not result.hits:
                self.speakers.show_attribution(None)
                hint = f". Did you mean: {message.suggestion}? ({self.key_of('apply-suggestion')})" \
                    if message.suggestion else ""
                self.article.show_message(f"Nothing found for {result.query}{hint}")
                self.timeline.show_counts(None)
            # Counted once the first article is shown (on_article_view_loaded): the count
            # needs the searcher and the interpreter too, and the article matters more.
            self._months_wanted = result.query if result.hits else None
        if (self._focus_results and result.hits and self.search_bar.has_focus
                and self.search_bar.value == result.query):  # not if the user typed on since
            self.results.focus()
        self._focus_results = False

    def on_results_list_results_counted(self, message: ResultsList.ResultsCounted) -> None:
        self.result_total = message.total
        self.status.show_count(message.total, len(self.results.hits))

    def on_results_list_search_failed(self, message: ResultsList.SearchFailed) -> None:
        self.status.error = message.error
        self._suggest(None)
        self.timeline.show_counts(None)  # its months were the previous query's

    def on_timeline_counted(self, message: Timeline.Counted) -> None:
        if message.had_focus and not self.timeline.display:
            self.results.focus()

    @on(Timeline.Chosen)
    def _month_chosen(self, message: Timeline.Chosen) -> None:
        if not self.timeline.current:  # its bars are still the previous query's
            self.notify("The timeline is being counted for this search; pick again in a moment.",
                        markup=False, timeout=2)
            return
        self.search_for(with_month(self.query_text, message.month))
        self.results.focus()

    def _suggest(self, query: str | None) -> None:
        self.suggestion = query
        self.status.suggestion = query or ""

    # -- the article -----------------------------------------------------------------

    @on(ResultsList.Opened)
    def _open_result(self, message: ResultsList.Opened) -> None:
        if message.focus:
            self.history.add(self.query_text)
        self._quote_wanted = None
        self.article.load(self.searcher, message.hit.id, self.results.terms, focus=message.focus)

    def on_article_view_loaded(self, message: ArticleView.Loaded) -> None:
        months, self._months_wanted = self._months_wanted, None
        if months is not None and self.searcher is not None:
            self.timeline.count(self.searcher, months)
        self.article.show_loaded(message)
        wanted, self._quote_wanted = self._quote_wanted, None
        if wanted is not None and message.loaded is not None and message.doc_id == wanted[0]:
            self.article.show_quote(wanted[1], wanted[2])
        self.speakers.show_attribution(message.loaded.attribution if message.loaded else None)
        if message.loaded is not None and message.focus:
            self.article.focus()

    @on(SpeakersPanel.Highlighted)
    def _speaker_highlighted(self, message: SpeakersPanel.Highlighted) -> None:
        self.article.select_speaker(message.index)

    @on(SpeakersPanel.Chosen)
    def _speaker_chosen(self, message: SpeakersPanel.Chosen) -> None:
        """Enter on a speaker: their page (every quote of theirs in the corpus)."""
        if self.searcher is None:
            return
        self.app.push_screen(SpeakerPageScreen(message.speaker.name, self.searcher, self.quote_searcher,
                                               self.corpus, self.bookmarks))

    # -- the Quotes view -------------------------------------------------------------

    def action_toggle_quotes(self) -> None:
        """The results pane lists quotes instead of articles, or articles again."""
        had_focus = self.focused in (self.results, self.quote_list)
        self.quotes_view = not self.quotes_view
        self.results.display = not self.quotes_view
        self.quote_list.display = self.quotes_view
        self.status.view = "Quotes" if self.quotes_view else "Articles"
        if not self.quotes_view:
            self.quote_list.clear()
        else:
            self.results.clear()
        self.run_search(self.query_text)
        if had_focus:
            (self.quote_list if self.quotes_view else self.results).focus()

    def _search_quotes(self, query: str) -> None:
        self.speakers.show_attribution(None)
        self.timeline.show_counts(None)  # the strip counts articles
        quotes, sort = self.quote_searcher, self.sort
        if quotes is None:
            self.quote_list.clear()
            self.status.error = "the quote records are being built: quotes show when the index is ready"
            return
        self.quote_list.search(lambda offset, limit: quotes.search(query, sort=sort, limit=limit, offset=offset,
                                                                   count=offset == 0), query)

    def on_quotes_list_search_finished(self, message: QuotesList.SearchFinished) -> None:
        self.status.error = ""
        self.status.results = quotes_found(message.result, len(self.quote_list.hits),
                                           timings=self.status.show_timings)
        if not message.append:
            self.result_total = message.result.total
            if not message.result.hits:
                self.article.show_message(f"No quotes found for {message.result.query}")
        if self._focus_results and self.quote_list.hits and self.search_bar.has_focus \
                and self.search_bar.value == message.result.query:
            self.quote_list.focus()
        self._focus_results = False

    def on_quotes_list_search_failed(self, message: QuotesList.SearchFailed) -> None:
        self.status.error = message.error

    @on(QuotesList.Opened)
    def _open_quote(self, message: QuotesList.Opened) -> None:
        if message.focus:
            self.history.add(self.query_text)
        hit = message.hit
        self._quote_wanted = (hit.article_id, hit.start, hit.end)
        self.article.load(self.searcher, hit.article_id, message.terms, focus=message.focus)

    # -- actions ---------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Type to search: a printable key no pane uses goes to the search box.

        Also catches keys typed right after ``/`` that Textual delivered to the pane that
        still had the focus.
        """
        if (event.is_printable and event.character and event.key != "space"
                and not isinstance(self.focused, SearchBar) and event.key not in self.active_bindings):
            event.stop()
            if self.focused is not None and not self.search_bar.has_focus:
                self.action_focus_search()
            self.search_bar.post_message(events.Key(event.key, event.character))

    def action_focus_search(self) -> None:
        self.search_bar.take_focus()

    def action_apply_suggestion(self) -> None:
        """Search the "Did you mean" query: it replaces the query in the search box."""
        query = self.suggestion
        if not query:
            self.notify("No suggestion for this query.", markup=False, timeout=2)
            return
        self._suggest(None)
        self.search_bar.run_query(query, submitted=False)  # the focus stays where it is

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.status.sort = self.sort
        self.run_search(self.query_text, keep=self.results.current_id)

    def action_focus_timeline(self) -> None:
        self.timeline.take_focus()

    def action_speaker_facets(self) -> None:
        self.results.pick_speaker()

    @on(ResultsList.SpeakerPicked)
    def _speaker_picked(self, message: ResultsList.SpeakerPicked) -> None:
        if self.query_text == message.query:  # else the user has searched something else since
            try:
                self.search_for(with_speaker(message.query, message.name))
            except ValueError:
                self.notify("This name cannot be searched.", markup=False, timeout=2)

    def action_toggle_sidebar(self) -> None:
        self.speakers.toggle(self.size.width)

    def action_step_hit(self, step: int) -> None:
        self.article.step_hit(step)

    def action_step_quote(self, step: int) -> None:
        self.article.step_quote(step)

    def action_copy(self) -> None:
        self.article.copy()

    def action_open_pager(self) -> None:
        self.article.open_in_pager()

    def action_related(self) -> None:
        self.article.show_related(self.searcher)

    def on_article_view_related_chosen(self, message: ArticleView.RelatedChosen) -> None:
        """Open it on the results list when it is one of the results (the cursor moves there
        and opens it, as a keypress would), else on its own."""
        if not self.results.move_to(message.hit.id):
            self.article.load(self.searcher, message.hit.id, self.results.terms)
        self.article.focus()

    def action_export(self) -> None:
        if self.quotes_view and self.quote_searcher is not None:
            quotes, query, sort = self.quote_searcher, self.query_text, self.sort
            self.quote_list.export(lambda: all_quotes(quotes, query, sort=sort), query, self.corpus)
            return
        self.results.export(self.query_text, self.result_total, self.corpus)

    # -- bookmarks and saved searches ------------------------------------------------

    def action_bookmark(self) -> None:
        self.article.toggle_bookmark()

    def action_bookmarks(self) -> None:
        self.app.push_screen(BookmarksScreen(self.corpus, self.bookmarks, self.app.config), self._bookmarks_closed)

    def _bookmarks_closed(self, chosen: Chosen | None) -> None:
        if chosen is None:
            self.article.recheck_bookmark()  # its bookmark may have been removed
        elif chosen.query is not None:
            self.search_for(chosen.query)
        elif chosen.bookmark is not None:
            self.article.load_bookmark(self.searcher, chosen.bookmark)  # and focus it

    def action_save_search(self) -> None:
        self.search_bar.save(self.query_text)
