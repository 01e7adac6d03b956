"""The Article: one news story as every other part of reader sees it.

Loaders produce it, the attributor reads its body, the index stores its fields and the
app displays it. It is immutable so it can be passed between processes and threads
without anyone changing it under someone else's feet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

#: Paragraphs of ``Article.body`` are joined with this to make ``Article.text``; every
#: offset reader reports (quotes, highlights) is an index into that joined text.
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article.

    ``id`` is unique within a corpus: the path relative to the corpus root, plus
    ``:LINE`` for an article that is one line of a JSON Lines file.
    ``path`` is the absolute path of the file it came from.
    ``meta`` holds what the source said beyond the main fields (author, source, url,
    format, and for JSON Lines the line number and byte offset).
    """

    id: str
    path: str
    title: str
    date: datetime | None
    standfirst: str
    body: tuple[str, ...]
    meta: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The body as one string: paragraphs joined by a blank line."""
        return PARAGRAPH_SEPARATOR.join(self.body)

    def paragraph_offsets(self) -> list[int]:
        """Start offset of each paragraph within :attr:`text`."""
        starts, pos = [], 0
        for para in self.body:
            starts.append(pos)
            pos += len(para) + len(PARAGRAPH_SEPARATOR)
        return starts
