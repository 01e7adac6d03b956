"""Markdown articles (``.md``), with YAML front matter (python-frontmatter) or without.

Front matter is read bounded: YAML aliases are refused (eight levels of ``&b [*a, *a …]``
in 377 bytes expand to billions of items), nesting is limited, and so is its size. No
article's metadata needs an alias or a hundred levels.
"""

from __future__ import annotations

import re

import frontmatter
import yaml
from frontmatter.default_handlers import JSONHandler, YAMLHandler

from ..article import Article
from ..text import clean_line
from ..untrusted import loads_json
from .dates import parse_date
from .plaintext import split_paragraphs
from .problems import Problem

_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")

#: Front matter longer than this is not an article's metadata.
MAX_FRONT_MATTER = 64 * 1024
#: Nesting deeper than this is refused (a title, a date, a list of tags nest two levels).
MAX_FRONT_MATTER_DEPTH = 16


class _BoundedLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases and with a nesting limit."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not allowed in front matter")
        self._depth += 1
        try:
            if self._depth > MAX_FRONT_MATTER_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_FRONT_MATTER_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _BoundedYAML(YAMLHandler):
    def load(self, fm: str, **kwargs):
        if len(fm) > MAX_FRONT_MATTER:
            raise yaml.YAMLError(f"longer than {MAX_FRONT_MATTER // 1024} KB")
        return yaml.load(fm, Loader=_BoundedLoader)


class _BoundedJSON(JSONHandler):
    def load(self, fm: str, **kwargs):
        return loads_json(fm)


def _handler(text: str):
    """The front matter's handler (found as python-frontmatter finds it), made bounded."""
    handler = frontmatter.detect_format(text.strip(), frontmatter.handlers)
    if isinstance(handler, YAMLHandler):
        return _BoundedYAML()
    if isinstance(handler, JSONHandler):
        return _BoundedJSON()
    return handler


def parse_markdown(text: str, path: str, article_id: str) -> Article | Problem:
    """A Markdown article, with YAML front matter (title, date, author, source, url) or not.

    Without a title in the front matter the first heading is the title; without a heading
    the first non-empty line is. A ``description``/``standfirst``/``summary`` key becomes
    the standfirst.
    """
    try:
        post = frontmatter.loads(text, handler=_handler(text))
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
