"""Reading an article file: its bytes, the size limit, text hygiene, and the parser for its format.

:func:`load_file` is the entry point. Each format has a module of its own
(:mod:`.plaintext`, :mod:`.markdown`, :mod:`.jsonl`, :mod:`.html`), which takes decoded,
cleaned text and returns an article or a :class:`~.problems.Problem`; none of them
imports this module, so the formats and the dispatch have no cycle.
"""

from __future__ import annotations

import errno
from pathlib import Path

from ..text import UndecodableError, clean, decode, display_path
from ..untrusted import NotAFile, TooLarge, read_regular
from . import html
from .jsonl import load_jsonl
from .limits import MAX_HTML_BYTES, MAX_SOURCE_CHARS, bound_article
from .markdown import parse_markdown
from .plaintext import parse_text
from .problems import LoadResult, Problem

#: Files larger than this are skipped with a warning (the ``--max-size`` default).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: File name endings reader treats as articles, and the parser for each.
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES


def read_bytes(path: str, max_bytes: int, *, follow_symlinks: bool = True) -> bytes | Problem:
    """The file's bytes, or a Problem if it cannot be read, is not a regular file or is
    over ``max_bytes``.

    Checked when the file is opened, not only when the walk saw it: a FIFO swapped in
    since is refused without blocking, and with ``follow_symlinks=False`` (the indexer,
    whose walk already resolved every link) a symlink swapped in is not followed.
    """
    try:
        return read_regular(path, max_bytes, follow_symlinks=follow_symlinks)
    except (NotAFile, TooLarge) as exc:
        return Problem(path, str(exc))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            return Problem(path, "is a symlink now (it was not when the folder was read); not followed")
        return Problem(path, f"cannot be read ({exc.strerror or exc})")


def load_bytes(data: bytes, path: str, article_id: str) -> LoadResult:
    """Parse the contents of one article file (format chosen by the file name's ending)."""
    result = LoadResult()
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        load_jsonl(data, path, article_id, result)
        return result
    if not data.strip():
        result.problems.append(Problem(path, "empty file"))
        return result
    declared = None
    if suffix in HTML_SUFFIXES:
        if len(data) > MAX_HTML_BYTES:
            result.problems.append(Problem(path, f"a web page larger than {MAX_HTML_BYTES // 2**20} MB; not read"))
            return result
        if not html.extra_installed():
            result.problems.append(Problem(path, html.MISSING_EXTRA))
            return result
        declared = html.declared_charset(data)
    try:
        decoded = decode(data, declared)
    except UndecodableError as exc:
        result.problems.append(Problem(path, str(exc)))
        return result
    if decoded.guessed_encoding:
        result.problems.append(
            Problem(path, f"not UTF-8; read as {decoded.guessed_encoding}", skipped=False)
        )
    text, source_cut = decoded.text, False
    if suffix in HTML_SUFFIXES:  # (a page's markup may be many times its text: it is parsed whole)
        parse, text = html.parse_html, html.spell_out_controls(text)
    else:
        parse = parse_markdown if suffix in MARKDOWN_SUFFIXES else parse_text
        if len(text) > MAX_SOURCE_CHARS:  # the rest could not be read into the article anyway
            text, source_cut = text[:MAX_SOURCE_CHARS], True
    parsed = parse(clean(text), path, article_id)
    if isinstance(parsed, Problem):
        result.problems.append(parsed)
    else:
        article, cut = bound_article(parsed, source_cut=source_cut)
        result.articles.append(article)
        if cut is not None:
            result.problems.append(cut)
    return result


def load_file(path: str, article_id: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
              follow_symlinks: bool = True) -> LoadResult:
    """Read and parse one article file. Never raises for bad content: see ``problems``."""
    data = read_bytes(path, max_bytes, follow_symlinks=follow_symlinks)
    if isinstance(data, Problem):
        return LoadResult(problems=[data])
    return load_bytes(data, path, article_id or display_path(path))
