"""The main screen: search box, results | article | speakers, status line, footer.

It owns the flow between the panes and runs the slow work in thread workers: the index
update at start (posting progress), every search, every article load. Workers post
messages (``messages.py``); handlers here, on the UI thread, update the widgets. Keys that
act on the open article (``n``, ``[``, ``y``, ``o``, ``r``…) or on the results (``e``) are
bound here so that they work from whichever pane has focus.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
import time
from functools import partial
from pathlib import Path

from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from ..attribution import attribute
from ..config import ConfigError, save_search
from ..index import IndexUnavailable, open_index
from ..index.protocol import (
    IndexProgress,
    IndexSummary,
    failure_in,
    indexer_command,
    indexer_environment,
    read_line,
    warnings_in,
)
from ..ingest import corpus_changes, load_file
from ..search import (
    SUGGEST_BELOW,
    Hit,
    QueryError,
    Searcher,
    all_results,
    default_destination,
    speaker_term,
    with_month,
    with_speaker,
    write_file,
)
from ..text import display_path, escape_unprintable
from ..userdata import Bookmark, BookmarkError, Bookmarks, QueryHistory
from .messages import (
    ArticleLoaded,
    BookmarkToggled,
    ConfigChanged,
    CorpusChanged,
    ExportFailed,
    ExportFinished,
    IndexChanged,
    IndexFailed,
    IndexProgressed,
    IndexUpdated,
    LoadedArticle,
    ResultsCounted,
    SearchFailed,
    SearchFinished,
    SearchSaved,
    TimelineCounted,
)
from .screens.bookmarks_screen import BookmarksScreen, Chosen
from .screens.export_screen import ExportScreen, ExportTarget
from .screens.help_screen import key_label
from .screens.related_screen import RelatedScreen
from .screens.save_search_screen import SaveSearchScreen
from .screens.speaker_picker import TOP_SPEAKERS, SpeakerPicker
from .widgets.article_view import ArticleView
from .widgets.results import ResultsList
from .widgets.search_bar import SearchBar
from .widgets.speakers_panel import SpeakersPanel
from .widgets.status_bar import StatusBar
from .widgets.timeline import Timeline

#: Results in the first answer: about a screenful (each snippet costs a file read), so
#: a keystroke shows results fast; then pages of PAGE_SIZE as the user scrolls.
FIRST_PAGE = 10
PAGE_SIZE = 30
#: How often the app looks for commits made by another process (seconds).
WATCH_INTERVAL = 2.0
#: Below this width the speaker sidebar folds away unless the user asks for it.
SIDEBAR_MIN_WIDTH = 100


def export_folder(corpus: Path) -> Path:
    """Where an export goes unless the user says otherwise: home, else the current folder
    (never the corpus, which is read-only)."""
    corpus = Path(os.path.realpath(corpus))
    for folder in (Path.home(), Path.cwd()):
        real = Path(os.path.realpath(folder))
        if real.is_dir() and real != corpus and corpus not in real.parents:
            return folder
    return Path.cwd()


def _shown_path(path: Path) -> str:
    """``path`` as the user would type it: ``~/…`` under their home folder."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def pager_command(path: str | None = None) -> list[str]:
    """$PAGER split into an argument list (no shell), ``less`` when unset; the path last."""
    words = shlex.split(os.environ.get("PAGER") or "") or ["less"]
    return words + ([path] if path else [])


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
    ]

    def __init__(self, corpus: Path, index_dir: Path, *, history: QueryHistory, bookmarks: Bookmarks | None = None,
                 sort: str = "relevance", show_timings: bool = True, blink: bool = True) -> None:
        super().__init__()
        self.corpus = corpus
        self.index_dir = index_dir
        self.history = history
        self.bookmarks = bookmarks if bookmarks is not None else Bookmarks()
        self.show_timings = show_timings
        self.blink = blink
        self.searcher: Searcher | None = None
        self.sort = sort
        self.query_text = ""
        self.suggestion: str | None = None  # "Did you mean": the corrected query, for Ctrl+G
        self.sidebar_wanted: bool | None = None  # None: decided by the width
        self._search_seq = 0
        self._article_seq = 0
        self._terms: frozenset[str] = frozenset()
        self._indexing = False
        self._indexer: subprocess.Popen | None = None
        self._focus_results_for: int | None = None
        self._timeline_seq = 0  # the search whose months the timeline shows
        self._months_wanted: tuple[int, str] | None = None  # (search seq, query) to count by month
        self._doc_count = 0
        self._result_seconds, self._result_timed_out = 0.0, False
        self.result_total: int | None = None  # all matches of the query shown; None until counted
        self._stop_watching = threading.Event()
        self._reindex_again = False

    # -- layout ----------------------------------------------------------------------

    def compose(self):
        yield SearchBar(self.history, id="search")
        yield Timeline(id="timeline")
        with Horizontal(id="panes"):
            yield ResultsList(id="results")
            yield ArticleView(id="article")
            yield SpeakersPanel(id="speakers")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def results(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def speakers(self) -> SpeakersPanel:
        return self.query_one(SpeakersPanel)

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.results.border_title = "Results"
        self.search_bar.cursor_blink = self.blink
        self.status.sort = self.sort
        self.timeline.display = False
        self.timeline.pick_key = self.key_of("focus-timeline")
        self.status.suggest_key = self.key_of("apply-suggestion")
        self._apply_sidebar()
        try:
            self._use_index()
        except IndexUnavailable:
            self.searcher = None  # missing or damaged: the index worker below (re)builds it
        self._show_welcome()
        self.search_bar.focus()
        # The first update runs once the corpus watcher is ready (see _watch_corpus), so no
        # change made in between is missed and no second update follows it.
        self.status.index_state = "checking for changes…"
        self.set_interval(WATCH_INTERVAL, self._look_for_commits)
        # A plain daemon thread, not a worker: it runs as long as the screen, and waiting
        # for "all workers to finish" (tests, the benchmark) must not wait for it.
        threading.Thread(target=self._watch_corpus, name="reader-watch-corpus", daemon=True).start()

    def _watch_corpus(self) -> None:
        """Post CorpusChanged whenever article files change (until the screen goes)."""
        started = False

        def ready() -> None:
            nonlocal started
            started = True
            self.post_message(CorpusChanged())  # the first update

        try:
            for _count in corpus_changes(self.corpus, stop=self._stop_watching, on_ready=ready):
                self.post_message(CorpusChanged())
        except Exception as exc:  # no inotify, no permission: the app works without it
            self.post_message(IndexFailed(f"cannot watch the corpus for changes: {exc}", watching=True))
            if not started:
                self.post_message(CorpusChanged())

    def on_corpus_changed(self, message: CorpusChanged) -> None:
        if self._indexing:
            self._reindex_again = True  # after the update under way
        else:
            self.action_reindex()

    def _use_index(self) -> None:
        """Open the index for searching (raises IndexUnavailable), noting its size."""
        ix, _ = open_index(self.corpus, self.index_dir)
        self.searcher = Searcher(ix)
        self._doc_count = self.searcher.doc_count  # nobody else uses this new searcher yet

    def _show_welcome(self) -> None:
        # not searcher.doc_count: the UI thread must never wait for a search worker's lock
        count = self._doc_count if self.searcher else 0
        self.article.show_message(
            f"Type to search {count} articles. Enter searches at once; ? lists every key."
            if count else "The index is being built: results appear when it is ready."
        )

    def on_resize(self) -> None:
        self._apply_sidebar()

    def _apply_sidebar(self) -> None:
        wide = self.size.width >= SIDEBAR_MIN_WIDTH
        self.speakers.display = self.sidebar_wanted if self.sidebar_wanted is not None else wide

    # -- indexing --------------------------------------------------------------------

    def action_reindex(self, rebuild: bool = False) -> None:
        if self._indexing:
            self.notify("The index is already being updated.", markup=False)
            return
        self._indexing = True
        self.status.index_state = "checking for changes…"
        self.run_worker(partial(self._index_worker, rebuild), thread=True, group="index", exit_on_error=False)

    def _index_worker(self, rebuild: bool) -> None:
        """Run ``reader index`` as a child process and relay its progress.

        A child process keeps the heavy indexing off this process's GIL (the screen
        stays responsive) and lets it use its own process pool safely.
        """
        command = indexer_command(self.corpus, self.index_dir, rebuild=rebuild)
        try:
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                                     env=indexer_environment())
        except OSError as exc:
            self.post_message(IndexFailed(f"cannot start the indexer: {exc}"))
            return
        self._indexer = child
        summary = None
        last = 0.0
        for raw in child.stdout:
            said = read_line(raw)
            if isinstance(said, IndexProgress):
                now = time.monotonic()
                if now - last >= 0.1 or said.done == said.total:
                    last = now
                    self.post_message(IndexProgressed(said))
            elif isinstance(said, IndexSummary):
                summary = said
        errors = child.stderr.read().splitlines()
        child.wait()
        self._indexer = None
        if child.returncode != 0 or summary is None:
            self.post_message(IndexFailed(failure_in(errors, child.returncode)))
        else:
            self.post_message(IndexUpdated(summary, warnings_in(errors)))

    def on_unmount(self) -> None:
        self._stop_watching.set()
        child = getattr(self, "_indexer", None)
        if child is not None and child.poll() is None:
            child.terminate()

    def _look_for_commits(self) -> None:
        if not self._indexing and self.searcher is not None:
            self.run_worker(self._commits_worker, thread=True, group="watch", exclusive=True, exit_on_error=False)

    def _commits_worker(self) -> None:
        try:
            changed = self.searcher.refresh()
            count = self.searcher.doc_count if changed else 0
        except Exception:  # a damaged index is reported by the next search
            return
        if changed:
            self.post_message(IndexChanged(count))

    def on_index_changed(self, message: IndexChanged) -> None:
        self._doc_count = message.doc_count
        self.status.index_state = f"up to date · {message.doc_count} articles"
        self._rerun_search()

    def _rerun_search(self) -> None:
        """Show the current query's results again (after the index changed), on the same hit."""
        if self.query_text.strip():
            current = self.results.current
            self.run_search(self.query_text, keep=current.id if current else None)
        else:
            self._show_welcome()

    def on_index_progressed(self, message: IndexProgressed) -> None:
        p = message.progress
        self.status.index_state = f"{p.phase} {p.done}/{p.total}" if p.phase == "parsing" else f"{p.phase}…"

    def on_index_failed(self, message: IndexFailed) -> None:
        if message.watching:
            self.notify(message.error, title="Watching", severity="warning", markup=False)
            return
        self._indexing = False
        self.status.index_state = "update failed"
        self.notify(message.error, title="Index", severity="error", markup=False)
        self._maybe_reindex_again()

    def _maybe_reindex_again(self) -> None:
        if self._reindex_again:
            self._reindex_again = False
            self.action_reindex()

    def on_index_updated(self, message: IndexUpdated) -> None:
        self._indexing = False
        self.call_after_refresh(self._maybe_reindex_again)
        summary = message.summary
        state = f"up to date · {summary.total} articles"
        if summary.skipped:
            state += f" · {summary.skipped} skipped"
        self.status.index_state = state
        if message.warnings:
            more = f" (and {len(message.warnings) - 1} more)" if len(message.warnings) > 1 else ""
            self.notify(f"{message.warnings[0]}{more}", title="Indexing: files skipped or read with a caveat",
                        severity="warning", markup=False)
        if summary.added or summary.updated or summary.removed or self.searcher is None:
            try:
                self._use_index()
            except IndexUnavailable as exc:
                self.status.error = str(exc)
                return
            self._rerun_search()

    # -- searching -------------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.run_search(message.query)
        # Enter: the results take the focus once they arrive (typing alone keeps it here)
        self._focus_results_for = self._search_seq if message.submitted else None

    @on(SearchBar.Left)
    def _left_search(self) -> None:
        (self.results if self.results.hits else self.article).focus()

    def run_search(self, query: str, *, keep: str | None = None) -> None:
        """Search in a worker; the answer is shown only if no newer search was started."""
        self._search_seq += 1
        if query != self.query_text:
            self._suggest(None)  # it was for the query the user has just changed
        self.query_text = query
        if not query.strip() or self.searcher is None:
            self.results.clear_options()
            self.results.hits, self.results.more, self.result_total = [], False, None
            self.status.results, self.status.error = "", ""
            self.speakers.show_attribution(None)
            self.timeline.show_counts(None)
            self._show_welcome()
            return
        self.run_worker(partial(self._search_worker, self._search_seq, query, self.sort, 0, keep),
                        thread=True, group="search", exclusive=True, exit_on_error=False)

    def _search_worker(self, seq: int, query: str, sort: str, offset: int, keep: str | None) -> None:
        searcher = self.searcher
        try:
            # not counted: the page shows first, the count follows (_count_worker)
            result = searcher.search(query, sort=sort, limit=PAGE_SIZE if offset else FIRST_PAGE, offset=offset,
                                     count=False)
        except QueryError as exc:
            self.post_message(SearchFailed(seq, query, str(exc)))
            return
        except Exception as exc:  # a damaged index must not take the app down
            self.post_message(SearchFailed(seq, query, f"search failed: {type(exc).__name__}: {exc}"))
            return
        suggestion = None
        # the first page holds more than SUGGEST_BELOW hits, so a small total is always known
        if not offset and result.total is not None and result.total < SUGGEST_BELOW and not result.timed_out:
            try:
                suggestion = searcher.suggest_query(query, found=result.total)
            except Exception:  # a suggestion is a convenience: the results still show
                suggestion = None
        self.post_message(SearchFinished(seq, result, append=offset > 0, keep=keep, suggestion=suggestion))

    def _count_worker(self, seq: int, query: str) -> None:
        if seq != self._search_seq:
            return  # the user has typed on: this count would only hold up the next search
        try:
            total = self.searcher.count(query)
        except Exception:  # the search itself reported any problem
            return
        self.post_message(ResultsCounted(seq, total))

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.seq != self._search_seq:
            return  # an answer to a query the user has already changed
        result = message.result
        self._terms = result.terms
        self.results.show_result(result, append=message.append, keep=message.keep)
        self.status.error = ""
        if not message.append:
            self._result_seconds, self._result_timed_out = result.seconds, result.timed_out
            self._show_count(result.total)
            if result.total is None:
                self.run_worker(partial(self._count_worker, message.seq, result.query), thread=True, group="count",
                                exclusive=True, exit_on_error=False)
            self._suggest(message.suggestion)
        if not message.append and not result.hits:
            self.speakers.show_attribution(None)
            hint = f". Did you mean: {message.suggestion}? ({self.key_of('apply-suggestion')})" \
                if message.suggestion else ""
            self.article.show_message(f"Nothing found for {result.query}{hint}")
        if not message.append:
            # Counted once the first article is shown (on_article_loaded): the count needs
            # the searcher and the interpreter too, and the article matters more.
            self._months_wanted = (message.seq, result.query) if result.hits else None
            if not result.hits:
                self.timeline.show_counts(None)
        if (self._focus_results_for == message.seq and result.hits and self.search_bar.has_focus
                and self.search_bar.value == result.query):  # not if the user typed on since
            self.results.focus()
        self._focus_results_for = None

    def on_results_counted(self, message: ResultsCounted) -> None:
        if message.seq == self._search_seq:
            self._show_count(message.total)

    def _show_count(self, total: int | None) -> None:
        """"N results in T ms"; "10+ results" until counted (or if counting ran out of time)."""
        timing = f" in {self._result_seconds * 1000:.0f} ms" if self.show_timings else ""
        late = " (search ran out of time)" if self._result_timed_out else ""
        self.result_total = total
        shown = f"{total:,}" if total is not None else f"{len(self.results.hits)}+"
        self.status.results = f"{shown} result{'s' if total != 1 else ''}{timing}{late}"

    def _count_months(self) -> None:
        """Start counting the current results by month, if that is still to do."""
        wanted, self._months_wanted = self._months_wanted, None
        if wanted is not None and wanted[0] == self._search_seq:
            self.run_worker(partial(self._timeline_worker, *wanted), thread=True, group="timeline",
                            exclusive=True, exit_on_error=False)

    def _timeline_worker(self, seq: int, query: str) -> None:
        if seq != self._search_seq:
            return  # the user has typed on: a newer search (and timeline) follows
        try:
            counts = self.searcher.month_counts(query)
        except Exception:  # a bad query already shows its error; no timeline then
            counts = None
        self.post_message(TimelineCounted(seq, counts))

    def on_timeline_counted(self, message: TimelineCounted) -> None:
        if message.seq != self._search_seq:
            return
        had_focus = self.timeline.has_focus
        self._timeline_seq = message.seq
        self.timeline.show_counts(message.counts)
        if had_focus and not self.timeline.display:
            self.results.focus()

    @on(Timeline.Chosen)
    def _month_chosen(self, message: Timeline.Chosen) -> None:
        if self._timeline_seq != self._search_seq:  # its bars are still the previous query's
            self.notify("The timeline is being counted for this search; pick again in a moment.",
                        markup=False, timeout=2)
            return
        self.search_for(with_month(self.query_text, message.month))
        self.results.focus()


    def on_search_failed(self, message: SearchFailed) -> None:
        if message.seq == self._search_seq:
            self.status.error = message.error
            self._suggest(None)
            self.timeline.show_counts(None)  # its months were the previous query's

    @on(ResultsList.MoreWanted)
    def _more_wanted(self) -> None:
        if self.searcher is not None and self.query_text.strip():
            self.run_worker(
                partial(self._search_worker, self._search_seq, self.query_text, self.sort, len(self.results.hits),
                        None),
                thread=True, group="more", exclusive=True, exit_on_error=False,
            )

    # -- the article -----------------------------------------------------------------

    @on(ResultsList.Opened)
    def _open_result(self, message: ResultsList.Opened) -> None:
        if message.focus:
            self.history.add(self.query_text)
        self._open_article(message.hit.id, focus=message.focus)

    def _open_article(self, doc_id: str, *, focus: bool = False) -> None:
        self._article_seq += 1
        self.run_worker(partial(self._article_worker, self._article_seq, doc_id, self._terms, focus),
                        thread=True, group="article", exclusive=True, exit_on_error=False)

    def _article_worker(self, seq: int, doc_id: str, terms: frozenset[str], focus: bool) -> None:
        loaded = None
        try:
            article = self.searcher.article(doc_id) if self.searcher else None
            if article is not None:
                loaded = LoadedArticle(doc_id, article, attribute(article.body), terms)
        except Exception:  # an unreadable file is shown as gone, not raised
            loaded = None
        self.post_message(ArticleLoaded(seq, loaded, doc_id, focus, self._is_bookmarked(doc_id)))

    def _is_bookmarked(self, doc_id: str) -> bool:
        """Read in the workers: the bookmarks file is not read on the UI thread as the cursor moves."""
        try:
            return self.bookmarks.contains(self.corpus, doc_id)
        except Exception:  # never a reason to fail to show an article
            return False

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self._count_months()
        if message.seq != self._article_seq:
            return
        if message.loaded is None:
            self.article.show_message(f"{message.doc_id} can no longer be read; re-index with Ctrl+P.")
            self.speakers.show_attribution(None)
            return
        self.article.show_article(message.loaded)
        self.article.mark_bookmarked(message.bookmarked)
        self.speakers.show_attribution(message.loaded.attribution)
        if message.focus:
            self.article.focus()

    @on(SpeakersPanel.Highlighted)
    def _speaker_highlighted(self, message: SpeakersPanel.Highlighted) -> None:
        self.article.select_speaker(message.index)

    @on(SpeakersPanel.Chosen)
    def _speaker_chosen(self, message: SpeakersPanel.Chosen) -> None:
        try:
            self.search_for(speaker_term(message.speaker.name))
        except ValueError:  # a name of nothing but quote marks
            self.notify("This name cannot be searched.", markup=False, timeout=2)

    def key_of(self, binding_id: str) -> str:
        """The key of one of this screen's bindings, as the user's keymap has it (for hints)."""
        binding = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.id == binding_id)
        return key_label(binding, self.app.config.keymap)

    def search_for(self, query: str) -> None:
        """Put a query in the search box and run it as if typed and Enter pressed."""
        self.search_bar.run_query(query)

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
        """Focus the search box with its query selected: typing replaces it, arrows keep it.

        At once, not after the next refresh as ``focus()`` does: keys typed right after
        ``/`` ("/alarm" in one burst) must land in the box, not in the pane left behind.
        """
        self.app.set_focus(self.search_bar)
        self.search_bar.cursor_position = len(self.search_bar.value)
        self.search_bar.action_select_all()

    def _suggest(self, query: str | None) -> None:
        self.suggestion = query
        self.status.suggestion = query or ""

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
        current = self.results.current
        self.run_search(self.query_text, keep=current.id if current else None)

    def action_focus_timeline(self) -> None:
        if self.timeline.display:
            self.timeline.focus()
        else:
            self.notify("No dated results to show by month.", markup=False, timeout=2)

    def action_speaker_facets(self) -> None:
        """Pick one of the results' most-quoted people to narrow the query to them."""
        query = self.query_text
        searcher = self.searcher
        if not query.strip() or searcher is None:
            self.notify("Search first: the speaker filter lists who is quoted in the results.", markup=False,
                        timeout=3)
            return

        def picked(name: str | None) -> None:
            if name and self.query_text == query:
                try:
                    self.search_for(with_speaker(query, name))
                except ValueError:
                    self.notify("This name cannot be searched.", markup=False, timeout=2)

        self.app.push_screen(SpeakerPicker(query, lambda: searcher.speaker_facets(query, top=TOP_SPEAKERS)), picked)

    def action_toggle_sidebar(self) -> None:
        self.sidebar_wanted = not self.speakers.display
        self._apply_sidebar()

    def action_step_hit(self, step: int) -> None:
        if not self.article.step_hit(step):
            self.notify("No hits in this article.", markup=False, timeout=2)

    def action_step_quote(self, step: int) -> None:
        if not self.article.step_quote(step):
            self.notify("No quotes in this article.", markup=False, timeout=2)

    def action_copy(self) -> None:
        quote = self.article.current_quote_text
        loaded = self.article.loaded
        if quote:
            self.app.copy_to_clipboard(quote)
            self.notify("Copied the quote.", markup=False, timeout=2)
        elif loaded is not None:
            path = display_path(loaded.article.path)  # a name that is not UTF-8 is copied escaped
            self.app.copy_to_clipboard(path)
            self.notify(f"Copied {path}", markup=False, timeout=2)
        else:
            self.notify("Nothing to copy: open an article first.", markup=False, timeout=2)

    def action_related(self) -> None:
        loaded = self.article.loaded
        if loaded is None or self.searcher is None:
            self.notify("Open an article first: related articles are found for the open one.", markup=False,
                        timeout=3)
            return
        self.app.push_screen(RelatedScreen(self.searcher, loaded.article), self._related_chosen)

    def _related_chosen(self, hit: Hit | None) -> None:
        """Open the related article chosen: on the results list when it is one of the
        results (the cursor moves there and opens it, as a keypress would), else on its own."""
        if hit is None:
            return
        index = next((i for i, h in enumerate(self.results.hits) if h.id == hit.id), None)
        if index is not None and index != self.results.highlighted:
            self.results.highlighted = index  # the list posts Opened for it
        else:
            if index is None:
                self.results.highlighted = None  # no result is the open article now
            self._open_article(hit.id)
        self.article.focus()

    def action_export(self) -> None:
        if self.searcher is None or not self.query_text.strip() or not self.results.hits:
            self.notify("No results to export: search first." if not self.query_text.strip()
                        else "No results to export.", markup=False, timeout=3)
            return
        default = _shown_path(default_destination(self.query_text, export_folder(self.corpus)))
        self.app.push_screen(ExportScreen(self.query_text, self.result_total, default, self.corpus),
                             partial(self._export_to, self.query_text, self.sort))

    def _export_to(self, query: str, sort: str, target: ExportTarget | None) -> None:
        if target is None:
            return
        self.notify(f"Exporting the results for {query} to {display_path(str(target.path))}…", markup=False,
                    timeout=2)
        self.run_worker(partial(self._export_worker, query, sort, target), thread=True, group="export",
                        exit_on_error=False)

    def _export_worker(self, query: str, sort: str, target: ExportTarget) -> None:
        """Every result (not just the loaded ones), with snippets, written atomically."""
        shown = display_path(str(target.path))
        try:
            export = all_results(self.searcher, query, sort=sort)
            if not export.hits:
                self.post_message(ExportFailed(f"No results for {query} any more: nothing written."))
                return
            write_file(target.path, export.hits, target.fmt)
        except QueryError as exc:
            self.post_message(ExportFailed(str(exc)))
        except OSError as exc:
            self.post_message(ExportFailed(f"Cannot write {shown}: {exc.strerror or exc}"))
        except Exception as exc:  # a damaged index must not take the app down
            self.post_message(ExportFailed(f"Export failed: {type(exc).__name__}: {exc}"))
        else:
            self.post_message(ExportFinished(shown, export))

    def on_export_finished(self, message: ExportFinished) -> None:
        export = message.export
        count = len(export.hits)
        if export.complete:
            self.notify(f"Exported {count} result{'s' if count != 1 else ''} to {message.path}", markup=False)
        else:
            self.notify(f"Exported the first {count} of {export.total} results to {message.path}: "
                        "the export ran out of time.", severity="warning", markup=False)

    def on_export_failed(self, message: ExportFailed) -> None:
        self.notify(message.error, title="Export", severity="error", markup=False)

    def action_open_pager(self) -> None:
        loaded = self.article.loaded
        if loaded is None:
            self.notify("Open an article first.", markup=False, timeout=2)
            return
        article = loaded.article
        whole_file = "line" not in article.meta
        command = pager_command(article.path if whole_file else None)
        text = None if whole_file else f"{article.title}\n\n{article.standfirst}\n\n{article.text}\n"
        try:
            with self.app.suspend():
                subprocess.run(command, input=text, text=True, check=False)
        except FileNotFoundError:
            self.notify(f"Pager not found: {command[0]}", severity="error", markup=False)
        except Exception as exc:  # e.g. suspending is not supported by this terminal driver
            self.notify(f"Cannot open the pager here: {exc}", severity="error", markup=False)

    # -- bookmarks and saved searches ------------------------------------------------

    def action_bookmark(self) -> None:
        """Bookmark the open article, or remove its bookmark (in a worker: the file is
        locked against another open app, and written)."""
        loaded = self.article.loaded
        if loaded is None:
            self.notify("Open an article first.", markup=False, timeout=2)
            return
        self.run_worker(partial(self._bookmark_toggle_worker, loaded), thread=True, group="bookmark",
                        exit_on_error=False)

    def _bookmark_toggle_worker(self, loaded: LoadedArticle) -> None:
        try:
            marked = self.bookmarks.toggle(self.corpus, loaded.article)
        except BookmarkError as exc:
            self.post_message(BookmarkToggled(loaded.doc_id, None, str(exc)))
            return
        self.post_message(BookmarkToggled(loaded.doc_id, marked, escape_unprintable(loaded.article.title) or loaded.doc_id))

    def on_bookmark_toggled(self, message: BookmarkToggled) -> None:
        if message.marked is None:
            self.notify(message.text, title="Bookmarks", severity="error", markup=False)
            return
        if self.article.loaded is not None and self.article.loaded.doc_id == message.doc_id:
            self.article.mark_bookmarked(message.marked)
        title = message.text
        self.notify(f"Bookmarked: {title} ({self.key_of('bookmarks')} lists bookmarks)" if message.marked
                    else f"Removed the bookmark: {title}", markup=False, timeout=3)

    def action_bookmarks(self) -> None:
        self.app.push_screen(BookmarksScreen(self.corpus, self.bookmarks, self.app.config), self._bookmarks_closed)

    def _bookmarks_closed(self, chosen: Chosen | None) -> None:
        if chosen is None:
            if self.article.loaded is not None:  # a bookmark of the open article may have been removed
                self.article.mark_bookmarked(self.bookmarks.contains(self.corpus, self.article.loaded.doc_id))
        elif chosen.query is not None:
            self.search_for(chosen.query)
        elif chosen.bookmark is not None:
            self.open_bookmark(chosen.bookmark)

    def open_bookmark(self, mark: Bookmark) -> None:
        """Show a bookmarked article (whatever the results list holds) and focus it."""
        self._article_seq += 1
        self.run_worker(partial(self._bookmark_worker, self._article_seq, mark), thread=True, group="article",
                        exclusive=True, exit_on_error=False)

    def _bookmark_worker(self, seq: int, mark: Bookmark) -> None:
        """The article from the index, else from its file (the index may be rebuilding)."""
        loaded = None
        try:
            article = self.searcher.article(mark.id) if self.searcher else None
            if article is None and os.path.isfile(mark.path):
                candidates = {mark.id, mark.id.rpartition(":")[0] or mark.id}
                for article_id in candidates:
                    found = [a for a in load_file(mark.path, article_id).articles if a.id == mark.id]
                    if found:
                        article = found[0]
                        break
            if article is not None:
                loaded = LoadedArticle(mark.id, article, attribute(article.body), frozenset())
        except Exception:  # an unreadable file is shown as gone, not raised
            loaded = None
        self.post_message(ArticleLoaded(seq, loaded, mark.id, focus=True, bookmarked=self._is_bookmarked(mark.id)))

    def action_save_search(self) -> None:
        """Ask for a name and keep the current query in the config file's [searches]."""
        query = self.search_bar.value.strip() or self.query_text.strip()
        if not query:
            self.notify("Type a query first: Ctrl+S saves it under a name.", markup=False, timeout=3)
            return
        config = self.app.config

        def named(name: str | None) -> None:
            if name:  # written in a worker: the config file is edited and synced to disk
                self.run_worker(partial(self._save_search_worker, name, query), thread=True, group="config",
                                exit_on_error=False)

        self.app.push_screen(SaveSearchScreen(query, config.searches), named)

    def _save_search_worker(self, name: str, query: str) -> None:
        config = self.app.config
        try:
            saved = save_search(name, query, config.path)
        except ConfigError as exc:
            self.post_message(SearchSaved(name, None, str(exc)))
            return
        verb = "Replaced" if name in config.searches else "Saved"
        self.post_message(SearchSaved(name, saved, f"{verb} the search {escape_unprintable(name)} in "
                                                   f"{display_path(str(config.path))}"))

    def on_search_saved(self, message: SearchSaved) -> None:
        if message.config is None:
            self.notify(message.text, title="The search was not saved", severity="error", markup=False, timeout=10)
            return
        self.app.post_message(ConfigChanged(message.config))
        self.notify(f"{message.text} ({self.key_of('bookmarks')} or Ctrl+P runs it)", markup=False, timeout=5)
