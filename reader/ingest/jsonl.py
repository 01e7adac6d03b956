"""JSON Lines files (``.jsonl``, ``.ndjson``): one article a line, each found again by its offset.

A record's id is ``PATH:LINE``; its byte offset is kept so that one article can be read
again (for a snippet, or to show it) without parsing the whole file.
"""

from __future__ import annotations

from ..article import Article
from ..text import clean, clean_line
from ..untrusted import loads_json, open_regular
from .dates import parse_date
from .limits import bound_article
from .plaintext import split_paragraphs
from .problems import LoadResult, Problem

_BODY_KEYS = ("text", "body", "content")


def parse_jsonl_line(line: str, path: str, article_id: str, lineno: int, offset: int) -> Article | Problem:
    """One JSON Lines record: ``title`` plus ``text``, ``body`` or ``content``.

    ``date`` may be in any common form (Reuters: ``26-FEB-1987 15:01:01.79``); ``url``,
    ``author`` and ``source`` are kept as metadata.
    """
    try:
        record = loads_json(line)
    except ValueError as exc:  # bad JSON, or nested too deep to parse safely
        return Problem(path, f"not valid JSON ({getattr(exc, 'msg', exc)})", line=lineno)
    if not isinstance(record, dict):
        return Problem(path, "not an article (expected a JSON object)", line=lineno)
    body_value = next((record[k] for k in _BODY_KEYS if isinstance(record.get(k), str)), None)
    title_value = record.get("title")
    if not isinstance(title_value, str) or body_value is None:
        return Problem(path, "not an article (needs a \"title\" and a \"text\", \"body\" or \"content\" string)", line=lineno)
    title = clean_line(title_value)
    paragraphs = split_paragraphs(clean(body_value))
    if not title and not paragraphs:
        return Problem(path, "not an article (empty title and text)", line=lineno)
    meta = {k: clean_line(str(record[k])) for k in ("url", "author", "source") if record.get(k)}
    meta.update(format="jsonl", line=str(lineno), offset=str(offset))
    standfirst = record.get("standfirst") or record.get("description") or ""
    return Article(
        id=article_id, path=path, title=title, date=parse_date(record.get("date")),
        standfirst=clean_line(standfirst) if isinstance(standfirst, str) else "",
        body=tuple(paragraphs), meta=meta,
    )


def load_jsonl(data: bytes, path: str, file_id: str, result: LoadResult) -> None:
    offset = 0
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        start, offset = offset, offset + len(raw) + 1
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw, start = raw[3:], start + 3
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            result.problems.append(Problem(path, "not valid UTF-8", line=lineno))
            continue
        parsed = parse_jsonl_line(line, path, f"{file_id}:{lineno}", lineno, start)
        if isinstance(parsed, Problem):
            result.problems.append(parsed)
            continue
        article, cut = bound_article(parsed, lineno)
        result.articles.append(article)
        if cut is not None:
            result.problems.append(cut)
    if not result.articles and not result.problems:
        result.problems.append(Problem(path, "empty file"))


def load_jsonl_record(path: str, offset: int, lineno: int, article_id: str) -> Article | None:
    """Re-read one JSON Lines article by its byte offset (for snippets and display)."""
    try:
        with open_regular(path, follow_symlinks=False) as handle:
            handle.seek(offset)
            raw = handle.readline()
        parsed = parse_jsonl_line(raw.decode("utf-8"), path, article_id, lineno, offset)
    except (OSError, UnicodeDecodeError):
        return None
    return bound_article(parsed, lineno)[0] if isinstance(parsed, Article) else None
