"""A quote's article, opened from the speaker's page (Enter on a quote): the whole article,
scrolled to the quote, which shows in its speaker's colour. Esc goes back to the page.

The article pane is the main screen's own widget (:class:`ArticleView`): it loads the
article in its worker and marks the quote once it is shown.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from ..search import Searcher
from ..search.quotes import QuoteHit
from ..userdata import Bookmarks
from .widgets.article_view import ArticleView


class QuoteArticleScreen(Screen):
    """The article of one quote; Esc goes back."""

    BINDINGS = [
        Binding("escape", "close", "Back to the speaker's page", id="quote-article.close"),
        Binding("right_square_bracket", "step_quote(1)", "Next quote", key_display="]", id="quote-article.next"),
        Binding("left_square_bracket", "step_quote(-1)", "Previous quote", key_display="[",
                id="quote-article.previous"),
    ]

    def __init__(self, searcher: Searcher, corpus: Path, bookmarks: Bookmarks, hit: QuoteHit,
                 terms: frozenset[str]) -> None:
        super().__init__()
        self.searcher = searcher
        self.hit = hit
        self.terms = terms
        self.article = ArticleView(corpus, bookmarks, id="quote-article")
        self.shown_quote = False  # the quote was found in the article and made the current one

    def compose(self):
        yield self.article
        yield Footer()

    def on_mount(self) -> None:
        self.article.focus()
        self.article.load(self.searcher, self.hit.article_id, self.terms, focus=True)

    def on_article_view_loaded(self, message: ArticleView.Loaded) -> None:
        self.article.show_loaded(message)
        if message.loaded is not None:
            self.shown_quote = self.article.show_quote(self.hit.start, self.hit.end)

    def action_step_quote(self, step: int) -> None:
        self.article.step_quote(step)

    def action_close(self) -> None:
        self.dismiss()
