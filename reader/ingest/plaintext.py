"""Plain-text articles (``.txt``): the seed format, or a title line and paragraphs.

Also the paragraph splitter the other text formats share (Markdown, JSON Lines).
"""

from __future__ import annotations

import re

from ..article import Article
from ..text import clean_line
from .dates import dateline_date, parse_date
from .problems import Problem

_SEED_HEADER = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+(\S.*)$")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n")
_INDENTED_LINE = re.compile(r"\n(?=[ \t]{2,}\S)")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of running text: split at blank lines and at indented first lines.

    Hard-wrapped lines inside a paragraph are joined with a space (the Reuters stories
    wrap at 70 columns and start each paragraph with an indent).
    """
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        for para in _INDENTED_LINE.split(block):
            joined = " ".join(para.split())
            if joined:
                paragraphs.append(joined)
    return paragraphs


def parse_text(text: str, path: str, article_id: str) -> Article | Problem:
    """A ``.txt`` article: the seed format when its first line says ``date YYYY-MM-DD``.

    Seed format: ``date YYYY-MM-DD Title``, the standfirst, then one paragraph per line.
    Plain format: the title on the first non-empty line, then paragraphs separated by
    blank lines, a Wikinews-style dateline as the first paragraph giving the date.
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Problem(path, "empty file")
    header = _SEED_HEADER.match(lines[first])
    if header:
        date = parse_date(header.group(1))
        rest = [" ".join(line.split()) for line in lines[first + 1 :]]
        rest = [line for line in rest if line]
        standfirst, body = (rest[0], rest[1:]) if rest else ("", [])
        return Article(
            id=article_id, path=path, title=clean_line(header.group(2)), date=date,
            standfirst=standfirst, body=tuple(body), meta={"format": "seed"},
        )
    title = " ".join(lines[first].split())
    paragraphs = split_paragraphs("\n".join(lines[first + 1 :]))
    date = dateline_date(paragraphs)
    if date is not None:
        paragraphs = paragraphs[1:]
    return Article(
        id=article_id, path=path, title=title, date=date, standfirst="",
        body=tuple(paragraphs), meta={"format": "text"},
    )
