"""Messages that workers and widgets post upwards, as plain classes.

Workers never touch widgets: they post one of these and the screen, on the UI thread,
decides what changes. Each carries a ``seq`` where an answer can go stale, so a slow
answer to an old query is dropped instead of overwriting a newer one.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..article import Article
from ..attribution import Attribution
from ..config import Config
from ..index import IndexProgress, IndexSummary
from ..search import Export, Hit, MonthCounts, SearchResult


class SearchFinished(Message):
    """A search worker's answer: a first page (``append`` False) or the next page.

    ``suggestion`` is the corrected query ("Did you mean") when the first page found
    little, worked out in the worker too.
    """

    def __init__(self, seq: int, result: SearchResult, append: bool = False, keep: str | None = None,
                 suggestion: str | None = None) -> None:
        super().__init__()
        self.seq = seq
        self.result = result
        self.append = append
        self.keep = keep  # the id of the result to stay on, if it is still there
        self.suggestion = suggestion


class ResultsCounted(Message):
    """How many articles the query ``seq`` matches (counted after its first page is shown)."""

    def __init__(self, seq: int, total: int | None) -> None:
        super().__init__()
        self.seq = seq
        self.total = total  # None: counting ran out of time


class TimelineCounted(Message):
    """A timeline worker's answer: the query's results by month (None: could not count)."""

    def __init__(self, seq: int, counts: MonthCounts | None) -> None:
        super().__init__()
        self.seq = seq
        self.counts = counts


class SpeakerFacetsCounted(Message):
    """The speaker picker's worker: ``(name, quotes, articles)`` rows, or the error that stopped it."""

    def __init__(self, rows: list[tuple[str, int, int]], complete: bool, error: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.complete = complete
        self.error = error


class SearchFailed(Message):
    """A query that could not run, with the one-line reason."""

    def __init__(self, seq: int, query: str, error: str) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.error = error


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    """An article as the screen shows it: the text, who is quoted, what the query hit."""

    doc_id: str
    article: Article
    attribution: Attribution
    terms: frozenset[str]


class ArticleLoaded(Message):
    """An article worker's answer (``loaded`` None: the file is gone or unreadable)."""

    def __init__(self, seq: int, loaded: LoadedArticle | None, doc_id: str, focus: bool = False,
                 bookmarked: bool = False) -> None:
        super().__init__()
        self.seq = seq
        self.loaded = loaded
        self.doc_id = doc_id
        self.focus = focus
        self.bookmarked = bookmarked  # the user has bookmarked this article


class IndexProgressed(Message):
    def __init__(self, progress: IndexProgress) -> None:
        super().__init__()
        self.progress = progress


class IndexUpdated(Message):
    def __init__(self, summary: IndexSummary, warnings: list[str]) -> None:
        super().__init__()
        self.summary = summary
        self.warnings = warnings


class CorpusChanged(Message):
    """Article files of the corpus were added, changed or deleted (the watcher saw it)."""


class IndexChanged(Message):
    """Another process committed to the index (e.g. ``reader index`` in another terminal)."""

    def __init__(self, doc_count: int) -> None:
        super().__init__()
        self.doc_count = doc_count


class IndexFailed(Message):
    """Indexing (or, with ``watching``, watching the corpus) failed, with the reason."""

    def __init__(self, error: str, watching: bool = False) -> None:
        super().__init__()
        self.error = error
        self.watching = watching


class RelatedFound(Message):
    """The articles most like the open one, best first (empty: none alike)."""

    def __init__(self, hits: list[Hit]) -> None:
        super().__init__()
        self.hits = hits


class RelatedFailed(Message):
    """Finding related articles failed (a damaged index), with the reason."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ExportFinished(Message):
    """An export worker wrote ``export`` (every result, or the first ones in time) to ``path``."""

    def __init__(self, path: str, export: Export) -> None:
        super().__init__()
        self.path = path
        self.export = export


class ExportFailed(Message):
    """An export that wrote nothing, with the one-line reason."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ConfigChanged(Message):
    """reader rewrote the config file (a search saved or removed): this is what it now holds."""

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config


class BookmarkToggled(Message):
    """The open article's bookmark was added (``marked`` True) or removed (False);
    ``marked`` None: it could not be changed, ``text`` says why (else it is the title)."""

    def __init__(self, doc_id: str, marked: bool | None, text: str) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.marked = marked
        self.text = text


class SearchSaved(Message):
    """A search was saved in the config file (``config``: what the file now holds), or
    not (``config`` None, ``text`` the one-line reason)."""

    def __init__(self, name: str, config: Config | None, text: str) -> None:
        super().__init__()
        self.name = name
        self.config = config
        self.text = text
