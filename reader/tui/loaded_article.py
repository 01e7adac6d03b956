"""An article cut for the pane: its quotes and hits as marks, its paragraphs as pieces, its pieces as parts.

Worked out in the pane's load worker, off the UI thread, so that a long article costs the
screen nothing: one widget per paragraph of a 200,000-paragraph file took minutes to
mount and gigabytes of memory, and one widget of 500,000 characters seconds to wrap.
The pane (:mod:`.widgets.article_view`) shows one part at a time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from textual.worker import get_current_worker

from ..article import Article
from ..attribution import Attribution, attribute
from ..search import match_spans

#: A part of a long article holds at most this many paragraphs...
PART_PARAGRAPHS = 200
#: ... and at most this many characters (but always one paragraph): nearly every news
#: article is shown whole; a long one is mounted a part at a time.
PART_CHARS = 50_000
#: A paragraph longer than this is shown as pieces of about this size, cut at word
#: breaks (one widget of 500,000 characters took seconds to wrap at every layout).
PIECE_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the article text: a hit, or (with a speaker) a piece of a quote."""

    paragraph: int
    start: int
    end: int
    speaker: int = -1
    quote: int = -1


class Piece(NamedTuple):
    """What one widget of the pane shows: ``body[paragraph][start:end]``."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    """An article as the pane shows it: the text, who is quoted, what the query hit.

    The marks, pieces and parts are found by :meth:`make`, in the worker, not on the UI thread.
    """

    doc_id: str
    article: Article
    attribution: Attribution
    terms: frozenset[str]
    hits: tuple[Mark, ...] = ()
    quote_marks: tuple[Mark, ...] = ()
    quote_count: int = 0
    offsets: tuple[int, ...] = ()  # where each paragraph starts in the article's text
    pieces: tuple[Piece, ...] = ()  # each paragraph, or the pieces of a long one
    piece_offsets: tuple[int, ...] = ()  # where each piece starts in the article's text
    parts: tuple[int, ...] = (0,)  # the first piece of each part

    @classmethod
    def make(cls, doc_id: str, article: Article, terms: frozenset[str]) -> LoadedArticle | None:
        """Found in a worker; None if the worker was cancelled on the way (another article
        was asked for, or the app is quitting: it does not wait for work nobody will see)."""
        worker = get_current_worker()
        attribution = attribute(article.body)
        if worker.is_cancelled:
            return None
        hits = tuple(hit_marks(article, terms))
        if worker.is_cancelled:
            return None
        quotes = sorted((q.start, q.end, n) for n, sp in enumerate(attribution.speakers) for q in sp.quotes)
        offsets = article.paragraph_offsets()
        pieces = [Piece(i, s, e) for i, para in enumerate(article.body) for s, e in piece_spans(para)]
        return cls(doc_id, article, attribution, terms, hits, tuple(quote_marks(article, quotes)), len(quotes),
                   tuple(offsets), tuple(pieces), tuple(offsets[p.paragraph] + p.start for p in pieces),
                   tuple(part_starts([p.end - p.start for p in pieces])))

    def pieces_of(self, mark: Mark) -> range:
        """The pieces a mark is (partly) in."""
        start = self.offsets[mark.paragraph] + mark.start
        end = max(start + 1, self.offsets[mark.paragraph] + mark.end)
        first = max(0, bisect_right(self.piece_offsets, start) - 1)
        return range(first, max(first + 1, bisect_left(self.piece_offsets, end)))


def piece_spans(paragraph: str, max_chars: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the pieces a paragraph is shown in: itself, or (when longer than
    ``max_chars``) pieces cut at a space (dropped) in the last quarter of each, else at the size."""
    if len(paragraph) <= max_chars:
        return [(0, len(paragraph))]
    spans, start = [], 0
    while len(paragraph) - start > max_chars:
        space = paragraph.rfind(" ", start + max_chars * 3 // 4, start + max_chars)
        end = space if space > start else start + max_chars
        spans.append((start, end))
        start = end + 1 if space > start else end
    spans.append((start, len(paragraph)))
    return spans


def hit_marks(article: Article, terms: frozenset[str]) -> list[Mark]:
    """The query's hits in the body, found in its whole text at once (a word's analysis is
    done once per text: paragraph by paragraph, 10,000 paragraphs cost 1.4 s, not 0.05 s)."""
    offsets = article.paragraph_offsets()
    marks = []
    for start, end in match_spans(article.text, terms):
        i = bisect_right(offsets, start) - 1  # a word never spans the blank line between paragraphs
        marks.append(Mark(i, start - offsets[i], end - offsets[i]))
    return marks


def quote_marks(article: Article, quotes: list[tuple[int, int, int]]) -> list[Mark]:
    """Each quote (start, end, speaker) of the text cut into its pieces, one per paragraph it spans."""
    body, offsets = article.body, article.paragraph_offsets()
    marks = []
    for number, (start, end, speaker) in enumerate(quotes):
        i = max(0, bisect_right(offsets, start) - 1)
        while i < len(body) and offsets[i] < end:
            base = offsets[i]
            if start < base + len(body[i]) and end > base:
                marks.append(Mark(i, max(start, base) - base, min(end, base + len(body[i])) - base, speaker, number))
            i += 1
    return marks


def part_starts(lengths: Sequence[int], max_pieces: int = PART_PARAGRAPHS,
                max_chars: int = PART_CHARS) -> list[int]:
    """The first piece of each part the article is shown in (``[0]``: it is shown whole),
    given the pieces' lengths."""
    starts, count, chars = [0], 0, 0
    for i, length in enumerate(lengths):
        if count and (count >= max_pieces or chars + length > max_chars):
            starts.append(i)
            count = chars = 0
        count += 1
        chars += length
    return starts
