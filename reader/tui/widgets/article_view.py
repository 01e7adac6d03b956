"""The article pane: title, date, standfirst and paragraphs, with hits and quotes marked.

Query hits are shown reversed; each speaker's quotes are tinted in that speaker's sidebar
colour; the selected speaker's quotes are underlined. ``n``/``N`` and ``[``/``]`` walk
hits and quotes (the screen binds them so they work from any pane) and scroll them into
view.

A long article is shown a part at a time (:data:`..loaded_article.PART_PARAGRAPHS` paragraphs or
:data:`..loaded_article.PART_CHARS` characters, whichever comes first), the first part at once, with a
line saying which part this is and how to go on (Space or PgDn at the end of a part
shows the next, PgUp at its top the one before); stepping to a hit or quote in another part shows that part. One widget per
paragraph of a 200,000-paragraph file took minutes to mount and gigabytes of memory,
and the event loop answered no key meanwhile.

The pane loads what it shows in a thread worker (the article from the index or, for a
bookmark, from its file; who is quoted in it; whether it is bookmarked) and toggles the
open article's bookmark in another; it reports each with one of its messages. It also
hands the open article on: copied, to $PAGER, or to the list of related articles.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from ...ingest import load_file
from ...search import Hit, Searcher, match_spans
from ...text import display_path, escape_unprintable
from ...userdata import Bookmark, BookmarkError, Bookmarks
from ..display import (
    CURRENT_HIT_STYLE,
    CURRENT_QUOTE_STYLE,
    HIT_STYLE,
    SELECTED_QUOTE_STYLE,
    speaker_colour,
    styled,
)
from ..loaded_article import LoadedArticle, Mark
from ..pager import show_in_pager
from ..screens.help_screen import key_label
from ..screens.related_screen import RelatedScreen
from ..workers import Answer, ReportsFailedWorkers, WorkFailed


class ArticleView(ReportsFailedWorkers, VerticalScroll, can_focus=True):
    """Shows one article; keeps track of the current hit, quote and selected speaker."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="article.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="article.up"),
        Binding("g", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="article.bottom"),
        Binding("space", "page_down", "Page down", show=False, id="article.page-down"),
    ]

    class Loaded(Answer):
        """An article was loaded (``loaded`` None: its file is gone or unreadable); ``focus``
        when the user asked to read it. The screen shows it (:meth:`show_loaded`) together
        with its speakers."""

        def __init__(self, doc_id: str, loaded: LoadedArticle | None, focus: bool, bookmarked: bool) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.loaded = loaded
            self.focus = focus
            self.bookmarked = bookmarked  # the user has bookmarked this article

    class BookmarkToggled(Message):
        """The bookmark of article ``doc_id`` was added (``marked``) or removed; ``title`` is
        its title (the pane shows it and says so)."""

        def __init__(self, doc_id: str, marked: bool, title: str) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.marked = marked
            self.title = title

    class RelatedChosen(Message):
        """The user chose ``hit`` among the articles like the open one: it is to be opened."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, corpus: Path, bookmarks: Bookmarks, **kwargs) -> None:
        super().__init__(**kwargs)
        self.corpus = corpus
        self.bookmarks = bookmarks
        self.bookmarks_key = "B"  # the key that lists bookmarks, as the user's keymap has it (set by the screen)
        self.loaded: LoadedArticle | None = None
        self.hits: list[Mark] = []
        self.quote_marks: list[Mark] = []
        self.quote_count = 0
        self.current_hit: int | None = None
        self.current_quote: int | None = None
        self.selected_speaker: int | None = None
        self.bookmarked = False
        self._paragraphs: list[Static] = []  # the shown part's, from paragraph _part_start on
        self._part = 0
        self._part_start = 0
        self._quotes_in: dict[int, list[Mark]] = {}  # paragraph -> the pieces of quotes in it
        self._hits_in: dict[int, list[int]] = {}  # paragraph -> the numbers of the hits in it
        self._mounted = None  # the last mount of paragraphs (awaited before scrolling to a mark)

    def compose(self):
        yield Static(id="article-title")
        yield Static(id="article-meta")
        yield Static(id="article-standfirst")
        yield Vertical(id="article-body")
        more = Static(id="article-more")
        more.display = False
        yield more

    # -- loading -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="article", name="article", exit_on_error=False)
    def load(self, searcher: Searcher | None, doc_id: str, terms: frozenset[str], *, focus: bool = False) -> None:
        """Show the article ``doc_id`` of the index, its ``terms`` marked (the last one asked for wins)."""
        loaded = None
        try:
            article = searcher.article(doc_id) if searcher else None
            if article is not None:
                loaded = LoadedArticle.make(doc_id, article, terms)
        except Exception:  # an unreadable file is shown as gone, not raised
            loaded = None
        self._answer(self.Loaded(doc_id, loaded, focus, self._is_bookmarked(doc_id)))

    @work(thread=True, exclusive=True, group="article", name="bookmark", exit_on_error=False)
    def load_bookmark(self, searcher: Searcher | None, mark: Bookmark) -> None:
        """Show a bookmarked article, from the index, else from its file (the index may be rebuilding)."""
        loaded = None
        try:
            article = searcher.article(mark.id) if searcher else None
            if article is None and os.path.isfile(mark.path):
                candidates = {mark.id, mark.id.rpartition(":")[0] or mark.id}
                for article_id in candidates:
                    found = [a for a in load_file(mark.path, article_id).articles if a.id == mark.id]
                    if found:
                        article = found[0]
                        break
            if article is not None:
                loaded = LoadedArticle.make(mark.id, article, frozenset())
        except Exception:  # an unreadable file is shown as gone, not raised
            loaded = None
        self._answer(self.Loaded(mark.id, loaded, True, self._is_bookmarked(mark.id)))

    def _is_bookmarked(self, doc_id: str) -> bool:
        """Read in the workers: the bookmarks file is not read on the UI thread as the cursor moves."""
        try:
            return self.bookmarks.contains(self.corpus, doc_id)
        except Exception:  # never a reason to fail to show an article
            return False

    def _answer(self, answer: Answer) -> None:
        if not answer.stale:  # (checked again when it arrives: see on_article_view_loaded)
            self.post_message(answer)

    def on_article_view_loaded(self, message: Loaded) -> None:
        if message.stale:
            message.stop()  # another article was asked for since: nobody sees this one

    def show_loaded(self, answer: Loaded) -> None:
        """Show what a load found: the article, or that it can no longer be read."""
        if answer.loaded is None:
            self.show_message(f"{answer.doc_id} can no longer be read; re-index with Ctrl+P.")
        else:
            self.show_article(answer.loaded)
            self.mark_bookmarked(answer.bookmarked)

    def toggle_bookmark(self) -> None:
        """Bookmark the open article, or remove its bookmark (in a worker: the file is
        locked against another open app, and written)."""
        if self.loaded is None:
            self.notify("Open an article first.", markup=False, timeout=2)
        else:
            self._toggle_bookmark(self.loaded)

    @work(thread=True, group="bookmark", name="bookmark", exit_on_error=False)
    def _toggle_bookmark(self, loaded: LoadedArticle) -> None:
        try:
            marked = self.bookmarks.toggle(self.corpus, loaded.article)
        except BookmarkError as exc:
            raise WorkFailed("Bookmarks", str(exc)) from exc
        title = escape_unprintable(loaded.article.title) or loaded.doc_id
        self.post_message(self.BookmarkToggled(loaded.doc_id, marked, title))

    def on_article_view_bookmark_toggled(self, message: BookmarkToggled) -> None:
        if self.loaded is not None and self.loaded.doc_id == message.doc_id:
            self.mark_bookmarked(message.marked)
        self.notify(f"Bookmarked: {message.title} ({self.bookmarks_key} lists bookmarks)" if message.marked
                    else f"Removed the bookmark: {message.title}", markup=False, timeout=3)

    # -- showing -------------------------------------------------------------------

    def show_welcome(self, article_count: int) -> None:
        """Nothing searched yet: say what there is to search (0: the index is being built)."""
        self.show_message(f"Type to search {article_count} articles. Enter searches at once; ? lists every key."
                          if article_count else "The index is being built: results appear when it is ready.")

    def show_message(self, message: str) -> None:
        """No article: show a line of guidance instead."""
        self.loaded = None
        self.bookmarked = False
        self.hits, self.quote_marks, self.quote_count = [], [], 0
        self._quotes_in, self._hits_in = {}, {}
        self.current_hit = self.current_quote = self.selected_speaker = None
        self.query_one("#article-title", Static).update(Content(message).stylize("dim"))
        self.query_one("#article-meta", Static).update("")
        self.query_one("#article-standfirst", Static).update("")
        self._part = self._part_start = 0
        self._set_paragraphs([])
        self._show_part_line()

    def show_article(self, loaded: LoadedArticle) -> None:
        self.loaded = loaded
        article = loaded.article
        self.current_hit = self.current_quote = self.selected_speaker = None
        self.hits = list(loaded.hits)
        self.quote_marks = list(loaded.quote_marks)
        self.quote_count = loaded.quote_count
        self._quotes_in = defaultdict(list)
        for mark in self.quote_marks:
            for piece in loaded.pieces_of(mark):
                self._quotes_in[piece].append(mark)
        self._hits_in = defaultdict(list)
        for number, mark in enumerate(self.hits):
            for piece in loaded.pieces_of(mark):
                self._hits_in[piece].append(number)
        title_spans = [(s, e, HIT_STYLE) for s, e in match_spans(article.title, loaded.terms)]
        self.query_one("#article-title", Static).update(styled(article.title or "(untitled)", title_spans))
        self.bookmarked = False
        self._show_meta()
        standfirst_spans = [(s, e, HIT_STYLE) for s, e in match_spans(article.standfirst, loaded.terms)]
        self.query_one("#article-standfirst", Static).update(styled(article.standfirst, standfirst_spans))
        self.query_one("#article-standfirst").display = bool(article.standfirst)
        self._show_part(0)
        self.scroll_home(animate=False)

    # -- parts of a long article -----------------------------------------------------

    @property
    def part_count(self) -> int:
        return len(self.loaded.parts) if self.loaded is not None else 1

    def _part_of(self, piece: int) -> int:
        return bisect_right(self.loaded.parts, piece) - 1 if self.loaded is not None else 0

    def _part_end(self, part: int) -> int:
        parts = self.loaded.parts
        return parts[part + 1] if part + 1 < len(parts) else len(self.loaded.pieces)

    def _show_part(self, part: int) -> None:
        """Mount the pieces of one part of the open article (all of them if it has one part)."""
        self._part = part
        self._part_start = self.loaded.parts[part]
        self._set_paragraphs(range(self._part_start, self._part_end(part)))
        self._show_part_line()

    def _show_part_line(self) -> None:
        """Under a part of a long article: which part it is, and the keys that go on."""
        more = self.query_one("#article-more", Static)
        count = self.part_count
        more.display = count > 1
        if count <= 1:
            more.update("")
            return
        keymap = self.app.config.keymap if hasattr(self.app, "config") else {}
        space = next(key_label(b, keymap) for b in self.BINDINGS if isinstance(b, Binding)
                     and b.id == "article.page-down")
        total = len(self.loaded.article.body)
        first = self.loaded.pieces[self._part_start].paragraph + 1
        last = self.loaded.pieces[self._part_end(self._part) - 1].paragraph + 1
        where = f"paragraphs {first:,}–{last:,}" if first != last else f"paragraph {first:,}"
        text = f"Part {self._part + 1} of {count}: {where} of {total:,}."
        if self._part + 1 < count:
            text += f" {space} or PgDn at the end shows part {self._part + 2}."
        if self._part > 0:
            text += f" PgUp at the top shows part {self._part}."
        more.update(Content(text).stylize("dim"))

    def show_part(self, step: int) -> bool:
        """Show the next (1) or previous (-1) part of a long article (False: there is none)."""
        part = self._part + step
        if self.loaded is None or not (0 <= part < self.part_count):
            return False
        self._show_part(part)
        if step > 0:
            self.scroll_home(animate=False)
        else:
            self._after_mount(lambda: self.scroll_end(animate=False))
        return True

    def action_page_down(self) -> None:
        """Page down; at the end of a part of a long article, on to the next part."""
        if not (self.scroll_y >= self.max_scroll_y and self.show_part(1)):
            super().action_page_down()

    def action_page_up(self) -> None:
        """Page up; at the top of a part of a long article (but the first), back to the one before."""
        if not (self.scroll_y <= 0 and self.show_part(-1)):
            super().action_page_up()

    def _after_mount(self, callback) -> None:
        """Call ``callback`` once the shown paragraphs are mounted and laid out."""
        mounted = self._mounted

        async def wait() -> None:
            if mounted is not None:
                await mounted
            self.call_after_refresh(callback)

        self.call_after_refresh(wait)

    def _show_meta(self) -> None:
        if self.loaded is None:
            return
        article = self.loaded.article
        facts = [article.date.strftime("%A %-d %B %Y") if article.date else "undated", self.loaded.doc_id]
        facts += [article.meta[k] for k in ("author", "source") if article.meta.get(k)]
        meta = Content(" · ".join(facts))
        if self.bookmarked:
            meta = Content.assemble(("★ bookmarked", "bold"), " · ", meta)
        self.query_one("#article-meta", Static).update(meta)

    def mark_bookmarked(self, bookmarked: bool) -> None:
        """Show (or stop showing) that the open article is bookmarked."""
        self.bookmarked = bookmarked
        self._show_meta()

    def recheck_bookmark(self) -> None:
        """The bookmarks may have changed (in the bookmarks view): show whether the open article still is."""
        if self.loaded is not None:
            self.mark_bookmarked(self.bookmarks.contains(self.corpus, self.loaded.doc_id))

    def _set_paragraphs(self, pieces: Sequence[int]) -> None:
        """Show these pieces (indexes into ``loaded.pieces``), replacing those shown."""
        body = self.query_one("#article-body", Vertical)
        body.remove_children()
        all_pieces = self.loaded.pieces if self.loaded is not None else ()

        def classes(k: int) -> str:  # a paragraph's last piece has the space after a paragraph
            last = k + 1 == len(all_pieces) or all_pieces[k + 1].paragraph != all_pieces[k].paragraph
            return "paragraph" if last else "paragraph-piece"

        self._paragraphs = [Static(self._render_piece(k), classes=classes(k)) for k in pieces]
        self._mounted = body.mount_all(self._paragraphs) if self._paragraphs else None

    def _render_piece(self, index: int) -> Content:
        piece = self.loaded.pieces[index]
        text = self.loaded.article.body[piece.paragraph][piece.start : piece.end]
        spans: list[tuple[int, int, str]] = []
        for mark in self._quotes_in.get(index, ()):
            style = speaker_colour(mark.speaker)
            if mark.quote == self.current_quote:
                style += " " + CURRENT_QUOTE_STYLE
            elif mark.speaker == self.selected_speaker:
                style += " " + SELECTED_QUOTE_STYLE
            spans.append((mark.start - piece.start, mark.end - piece.start, style))
        for number in self._hits_in.get(index, ()):
            mark = self.hits[number]
            style = CURRENT_HIT_STYLE if number == self.current_hit else HIT_STYLE
            spans.append((mark.start - piece.start, mark.end - piece.start, style))
        return styled(text, spans)

    def _refresh_marks(self, marks: Iterable[Mark | None]) -> None:
        """Render the pieces these marks are in again, those of the shown part."""
        if self.loaded is None:
            return
        pieces = {k for mark in marks if mark is not None for k in self.loaded.pieces_of(mark)}
        for index in sorted(pieces):
            if 0 <= index - self._part_start < len(self._paragraphs):
                self._paragraphs[index - self._part_start].update(self._render_piece(index))

    def _scroll_to_mark(self, mark: Mark) -> None:
        """Scroll the mark into view, showing its part first if another part is shown."""
        if self.loaded is None or not (0 <= mark.paragraph < len(self.loaded.article.body)):
            return
        index = self.loaded.pieces_of(mark)[0]
        part = self._part_of(index)
        if part != self._part:
            self._show_part(part)  # rendered with the current hit and quote as they are now
        widget = self._paragraphs[index - self._part_start]
        piece = self.loaded.pieces[index]

        def scroll() -> None:
            width = max(1, widget.content_region.width)
            text = self.loaded.article.body[mark.paragraph] if self.loaded else ""
            before = text[piece.start : max(piece.start, mark.start)]
            lines_before = len(Content(before).wrap(width)) - 1 if before else 0
            top = widget.virtual_region.y + self.query_one("#article-body").virtual_region.y + lines_before
            self.scroll_to_region(Region(0, top, 1, 1), animate=False, center=True, force=True)

        self._after_mount(scroll)

    # -- walking hits, quotes and speakers -----------------------------------------

    def step_hit(self, step: int) -> None:
        """Move to the next (step 1) or previous (-1) hit; say so when there are none."""
        if not self.hits:
            self.notify("No hits in this article.", markup=False, timeout=2)
            return
        before = self.hits[self.current_hit] if self.current_hit is not None else None
        if self.current_hit is None:
            self.current_hit = 0 if step > 0 else len(self.hits) - 1
        else:
            self.current_hit = (self.current_hit + step) % len(self.hits)
        mark = self.hits[self.current_hit]
        self._refresh_marks([before, mark])
        self._scroll_to_mark(mark)

    def step_quote(self, step: int) -> None:
        """Move to the next (1) or previous (-1) quote; say so when there are none."""
        if not self.quote_count:
            self.notify("No quotes in this article.", markup=False, timeout=2)
            return
        old = self.current_quote
        if old is None:
            self.current_quote = 0 if step > 0 else self.quote_count - 1
        else:
            self.current_quote = (old + step) % self.quote_count
        self._refresh_marks([m for m in self.quote_marks if m.quote in (old, self.current_quote)])
        first = next(m for m in self.quote_marks if m.quote == self.current_quote)
        self._scroll_to_mark(first)

    def show_quote(self, start: int, end: int) -> bool:
        """Make the quote at ``start:end`` of the article's text the current one (in its
        speaker's colour, reversed) and scroll to it; False when no attributed quote is there."""
        if self.loaded is None:
            return False
        spans = sorted((q.start, q.end) for sp in self.loaded.attribution.speakers for q in sp.quotes)
        if (start, end) not in spans:
            return False
        old, self.current_quote = self.current_quote, spans.index((start, end))
        self._refresh_marks([m for m in self.quote_marks if m.quote in (old, self.current_quote)])
        self._scroll_to_mark(next(m for m in self.quote_marks if m.quote == self.current_quote))
        return True

    def select_speaker(self, index: int | None) -> None:
        """Underline this speaker's quotes (None: nobody's) and scroll to the first."""
        if index == self.selected_speaker:
            return
        touched = [m for m in self.quote_marks if m.speaker in (index, self.selected_speaker)]
        self.selected_speaker = index
        self._refresh_marks(touched)
        first = next((m for m in self.quote_marks if m.speaker == index), None)
        if first is not None:
            self._scroll_to_mark(first)

    # -- handing the article on ---------------------------------------------------

    def copy(self) -> None:
        """Copy the current quote, else the article's path, to the clipboard."""
        quote = self.current_quote_text
        if quote:
            self.app.copy_to_clipboard(quote)
            self.notify("Copied the quote.", markup=False, timeout=2)
        elif self.loaded is not None:
            path = display_path(self.loaded.article.path)  # a name that is not UTF-8 is copied escaped
            self.app.copy_to_clipboard(path)
            self.notify(f"Copied {path}", markup=False, timeout=2)
        else:
            self.notify("Nothing to copy: open an article first.", markup=False, timeout=2)

    def show_related(self, searcher: Searcher | None) -> None:
        """List the articles most like the open one (``r``); the one chosen is posted as
        :class:`RelatedChosen`."""
        if self.loaded is None or searcher is None:
            self.notify("Open an article first: related articles are found for the open one.", markup=False,
                        timeout=3)
            return

        def chosen(hit: Hit | None) -> None:
            if hit is not None:
                self.post_message(self.RelatedChosen(hit))

        self.app.push_screen(RelatedScreen(searcher, self.loaded.article), chosen)

    def open_in_pager(self) -> None:
        """Show the article in $PAGER, the app suspended until the pager quits."""
        if self.loaded is None:
            self.notify("Open an article first.", markup=False, timeout=2)
            return
        problem = show_in_pager(self.app, self.loaded.article)
        if problem:
            self.notify(problem, severity="error", markup=False)

    @property
    def current_quote_text(self) -> str | None:
        if self.current_quote is None or self.loaded is None:
            return None
        pieces = [m for m in self.quote_marks if m.quote == self.current_quote]
        body = self.loaded.article.body
        return "\n\n".join(body[m.paragraph][m.start : m.end] for m in pieces) or None
