"""Markdown articles (``.md``), with YAML front matter (python-frontmatter) or without.

The front matter is read by :mod:`.front_matter`, imported with the first Markdown file:
YAML and python-frontmatter cost a search that reads no Markdown 11 ms of its start.
"""

from __future__ import annotations

import re

from ..article import Article
from ..text import clean_line
from .dates import parse_date
from .plaintext import split_paragraphs
from .problems import Problem

_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")


def parse_markdown(text: str, path: str, article_id: str) -> Article | Problem:
    """A Markdown article, with YAML front matter (title, date, author, source, url) or not.

    Without a title in the front matter the first heading is the title; without a heading
    the first non-empty line is. A ``description``/``standfirst``/``summary`` key becomes
    the standfirst.
    """
    from .front_matter import load_post

    try:
        post = load_post(text)
    except Exception as exc:  # the YAML parser raises many types; all mean the same here
        reason = " ".join(str(exc).split())[:160]
        return Problem(path, f"front matter does not parse: {reason}")
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    paragraphs = split_paragraphs(post.content)
    title = clean_line(str(meta.get("title") or ""))
    if not title and paragraphs:
        heading = _MARKDOWN_HEADING.match(paragraphs[0])
        title = heading.group(1) if heading else paragraphs[0]
        paragraphs = paragraphs[1:]
    if not title and not paragraphs:
        return Problem(path, "empty file")
    standfirst = next(
        (clean_line(str(meta[k])) for k in ("standfirst", "description", "summary") if meta.get(k)), ""
    )
    extra = {k: clean_line(str(meta[k])) for k in ("author", "source", "url") if meta.get(k)}
    return Article(
        id=article_id, path=path, title=title, date=parse_date(meta.get("date")),
        standfirst=standfirst, body=tuple(paragraphs), meta={"format": "markdown", **extra},
    )
