"""The speaker's page (Enter on a speaker in the sidebar): one person across the corpus.

What the core's :meth:`~reader.search.Searcher.speaker_page` gathers for the identity
the name resolves to: the spellings merged into it, the roles the texts give, the
counts of quotes and articles, the quotes by month (the timeline strip, Enter on a
month narrows the list to it), the people most often quoted in the same articles; and
the person's quotes, newest first, searchable in place (the box above the list takes
the quote query language). Enter on a quote opens its article on a screen of its own
(Esc comes back), ``e`` exports the quotes in view, Esc goes back to the main screen.

The page is gathered in a thread worker of the screen (it reads the person's articles
again for their roles); the quotes are searched by the list's own workers.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from ..search import Identity, Searcher, SpeakerPage, with_month
from ..search.quote_lists import QuoteExport, speaker_quotes
from ..search.quotes import QuoteSearcher
from ..userdata import Bookmarks
from .quote_article_screen import QuoteArticleScreen
from .screens.help_screen import key_label
from .widgets.quotes_list import QuotesList, quotes_found
from .widgets.timeline import Timeline
from .workers import Answer, ReportsFailedWorkers

#: How many names "quoted with" lists, and roles the page shows.
SHOWN_NAMES = 8


def _joined(items: list[str]) -> str:
    return ", ".join(items) if items else "none"


def page_facts(page: SpeakerPage) -> Content:
    """The lines under the name: counts, spellings, roles, people quoted alongside."""
    identity = page.identity
    counts = f"{identity.quotes} quote{'s' if identity.quotes != 1 else ''} · " \
             f"{identity.articles} article{'s' if identity.articles != 1 else ''} · {identity.kind}"
    spellings = [f"{name} ({quotes})" for name, quotes, _articles in identity.spellings]
    roles = [f"{role} ({count})" for role, count in page.roles[:SHOWN_NAMES]]
    together = [f"{name} ({count})" for name, count in page.quoted_with[:SHOWN_NAMES]]
    rows = [("Written as: ", _joined(spellings)), ("Roles: ", _joined(roles)),
            ("Quoted with: ", _joined(together))]
    parts = [Content(counts).stylize("bold")]
    for label, text in rows:
        parts += [Content("\n"), Content(label).stylize("dim"), Content(text)]
    if not page.complete:
        parts += [Content("\n"), Content("roles read from the newest articles only: out of time").stylize("yellow")]
    return Content("").join(parts)


class SpeakerPageScreen(ReportsFailedWorkers, Screen):
    """One speaker's page; Esc goes back."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="speaker-page.close"),
        Binding("slash", "focus_search", "Search their quotes", id="speaker-page.search"),
        Binding("e", "export", "Export the quotes in view", id="speaker-page.export"),
        Binding("t", "focus_timeline", "Their quotes by month: pick one", show=False, id="speaker-page.timeline"),
    ]

    class Gathered(Answer):
        """The page of the name (None: the corpus has no speaker of that name)."""

        def __init__(self, page: SpeakerPage | None) -> None:
            super().__init__()
            self.page = page

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, name: str, searcher: Searcher, quotes: QuoteSearcher | None, corpus: Path,
                 bookmarks: Bookmarks) -> None:
        super().__init__()
        self.speaker_name = name
        self.searcher = searcher
        self.quote_searcher = quotes
        self.corpus = corpus
        self.bookmarks = bookmarks
        self.page: SpeakerPage | None = None
        self.gathered = False  # the page's answer arrived (a page, or that there is none)
        self.query_text = ""

    def compose(self):
        with Vertical(id="speaker-head"):
            yield Static(Content(self.speaker_name).stylize("bold"), id="speaker-name")
            yield Static(Content("Gathering their quotes…").stylize("dim"), id="speaker-facts")
        timeline = Timeline(id="speaker-timeline")
        timeline.noun = "quote"
        yield timeline
        yield Input(placeholder="Search their quotes (words, \"phrases\", date:2020-10…)", id="speaker-search")
        yield QuotesList(id="speaker-quotes")
        yield Static(id="speaker-status")
        yield Footer()

    @property
    def quote_list(self) -> QuotesList:
        return self.query_one("#speaker-quotes", QuotesList)

    @property
    def timeline(self) -> Timeline:
        return self.query_one("#speaker-timeline", Timeline)

    @property
    def facts(self) -> str:
        """What the page says of the person (for tests and the end-to-end test)."""
        return str(self.query_one("#speaker-facts", Static).render())

    @property
    def status(self) -> str:
        return str(self.query_one("#speaker-status", Static).render())

    def on_mount(self) -> None:
        self.quote_list.border_title = "Their quotes, newest first"
        binding = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.id == "speaker-page.timeline")
        self.timeline.pick_key = key_label(binding, self.app.config.keymap)
        self.quote_list.focus()
        self._gather()

    @work(thread=True, exclusive=True, group="speaker-page", name="speaker page", exit_on_error=False)
    def _gather(self) -> None:
        try:
            page = self.searcher.speaker_page(self.speaker_name)
        except Exception as exc:  # a damaged index must not take the app down
            self.post_message(self.Failed(f"cannot gather the page: {type(exc).__name__}: {exc}"))
            return
        answer = self.Gathered(page)
        if not answer.stale:
            self.post_message(answer)

    def on_speaker_page_screen_gathered(self, message: Gathered) -> None:
        self.gathered = True
        self.page = message.page
        if message.page is None:
            self._say_facts(f"No speaker called {self.speaker_name} in the corpus's registry.", "bold red")
            return
        identity = message.page.identity
        self.query_one("#speaker-name", Static).update(Content(identity.name).stylize("bold"))
        self.query_one("#speaker-facts", Static).update(page_facts(message.page))
        self.timeline.show_counts(message.page.months)
        self._search(identity, "")

    def on_speaker_page_screen_failed(self, message: Failed) -> None:
        self.gathered = True
        self._say_facts(message.error, "bold red")

    def _say_facts(self, text: str, style: str) -> None:
        self.query_one("#speaker-facts", Static).update(Content(text).stylize(style))

    # -- their quotes ----------------------------------------------------------------

    def _search(self, identity: Identity, text: str) -> None:
        quotes = self.quote_searcher
        self.query_text = text
        if quotes is None:
            self._say("The quote records are being built: come back when the index is ready.", "bold red")
            return
        # one answer with every quote of theirs (a person has hundreds, not millions)
        self.quote_list.search(lambda offset, limit: speaker_quotes(quotes, identity, text), text)

    @on(Input.Changed, "#speaker-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.page is not None:
            self._search(self.page.identity, event.value)

    @on(Input.Submitted, "#speaker-search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.quote_list.hits:
            self.quote_list.focus()

    @on(Timeline.Chosen)
    def _month_chosen(self, event: Timeline.Chosen) -> None:
        event.stop()
        box = self.query_one("#speaker-search", Input)
        box.value = with_month(box.value, event.month)  # searched as it changes
        self.quote_list.focus()

    def on_quotes_list_search_finished(self, message: QuotesList.SearchFinished) -> None:
        found = quotes_found(message.result, len(self.quote_list.hits), timings=False)
        self._say(f"{found} · Enter opens the article · / searches · e exports · Esc back")

    def on_quotes_list_search_failed(self, message: QuotesList.SearchFailed) -> None:
        self._say(f"✗ {message.error}", "bold red")

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#speaker-status", Static).update(Content(text).stylize(style) if style else Content(text))

    @on(QuotesList.Opened)
    def _opened(self, message: QuotesList.Opened) -> None:
        message.stop()
        if message.focus:  # Enter: the moving cursor only moves
            self.app.push_screen(QuoteArticleScreen(self.searcher, self.corpus, self.bookmarks, message.hit,
                                                    message.terms))

    # -- keys ------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss()

    def action_focus_timeline(self) -> None:
        self.timeline.take_focus()

    def action_focus_search(self) -> None:
        self.query_one("#speaker-search", Input).focus()

    def action_export(self) -> None:
        if self.page is None or self.quote_searcher is None:
            self.notify("No quotes to export.", markup=False, timeout=3)
            return
        quotes, identity, text = self.quote_searcher, self.page.identity, self.query_text

        def gather() -> QuoteExport:
            result = speaker_quotes(quotes, identity, text)
            return QuoteExport(result.hits, result.total, not result.timed_out)

        label = f"{identity.name}: {text}" if text.strip() else identity.name
        self.quote_list.export(gather, label, self.corpus)
