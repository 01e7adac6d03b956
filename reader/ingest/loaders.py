"""Parsers for the article formats reader understands, one function per format.

Each loader takes a file's decoded, cleaned text and returns articles; problems come back
as :class:`Problem` values rather than exceptions, so one bad file (or one bad line of a
JSON Lines file) never stops a corpus from loading. :func:`load_file` is the entry point:
it reads the bytes, applies the size limit and text hygiene, and picks the parser. HTML,
which needs an optional extra, has its module of its own (:mod:`reader.html_loader`).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date as date_type
from datetime import datetime, timezone
from pathlib import Path

import frontmatter
from dateutil import parser as date_parser

from ..article import Article
from ..text import UndecodableError, clean, clean_line, decode, display_path

#: Files larger than this are skipped with a warning (the ``--max-size`` default).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: File name endings reader treats as articles, and the parser for each.
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES

_SEED_HEADER = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+(\S.*)$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_WEEKDAY_DATELINE = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
    rf"({'|'.join(_MONTHS)})"
    r"\s+(\d{1,2}),?\s+(\d{4})$",
    re.IGNORECASE,
)
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n")
_INDENTED_LINE = re.compile(r"\n(?=[ \t]{2,}\S)")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")
_BODY_KEYS = ("text", "body", "content")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file, or one line of it, was skipped or read with a caveat."""

    path: str
    message: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.message}"


@dataclass(slots=True)
class LoadResult:
    """What one file gave: its articles, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """How many files or lines were skipped (a file that gave nothing counts once)."""
        return sum(1 for p in self.problems if p.skipped)



def parse_date(value: object) -> datetime | None:
    """A naive UTC datetime from a date in any common form, or None if there is none."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date_type):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            parsed = datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str) and value.strip() and len(value) < 100:
        try:
            parsed = date_parser.parse(value.strip())
        except (ValueError, OverflowError):
            return None
    else:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


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


def _dateline(paragraphs: list[str]) -> datetime | None:
    """The date of a Wikinews-style first paragraph ("Friday, January 4, 2019"), if any.

    Read from the pattern's parts, as dateutil reads them (the weekday is not checked):
    the article's file is parsed again for every snippet, and dateutil took 60 % of that.
    A date that does not exist (February 30) or a year below 100 goes to dateutil, whose
    word is final.
    """
    dateline = _WEEKDAY_DATELINE.match(paragraphs[0]) if paragraphs else None
    if dateline is None:
        return None
    month, day, year = dateline.groups()
    if int(year) >= 100:  # dateutil reads "0099" as 1999
        try:
            return datetime(int(year), _MONTHS.index(month.lower()) + 1, int(day))
        except ValueError:
            pass
    return parse_date(paragraphs[0])


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
    date = _dateline(paragraphs)
    if date is not None:
        paragraphs = paragraphs[1:]
    return Article(
        id=article_id, path=path, title=title, date=date, standfirst="",
        body=tuple(paragraphs), meta={"format": "text"},
    )


def parse_markdown(text: str, path: str, article_id: str) -> Article | Problem:
    """A Markdown article, with YAML front matter (title, date, author, source, url) or not.

    Without a title in the front matter the first heading is the title; without a heading
    the first non-empty line is. A ``description``/``standfirst``/``summary`` key becomes
    the standfirst.
    """
    try:
        post = frontmatter.loads(text)
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


def parse_jsonl_line(line: str, path: str, article_id: str, lineno: int, offset: int) -> Article | Problem:
    """One JSON Lines record: ``title`` plus ``text``, ``body`` or ``content``.

    ``date`` may be in any common form (Reuters: ``26-FEB-1987 15:01:01.79``); ``url``,
    ``author`` and ``source`` are kept as metadata.
    """
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Problem(path, f"not valid JSON ({exc.msg})", line=lineno)
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


def read_bytes(path: str, max_bytes: int) -> bytes | Problem:
    """The file's bytes, or a Problem if it cannot be read or is over ``max_bytes``.

    Reads what the file's size says plus one byte, not ``max_bytes + 1`` at once:
    that allocated a 50 MB buffer for every file (a third of re-reading an article
    for its snippet, 0.15 s of a build per 10,000 files). The extra byte catches a file
    that grew since its size was taken.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, max_bytes) + 1)
            if size < len(data) <= max_bytes:  # it grew, or its size says nothing (a pipe)
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        return Problem(path, f"cannot be read ({exc.strerror or exc})")
    if len(data) > max_bytes:
        return Problem(path, f"larger than the size limit of {max_bytes:,} bytes")
    return data


def load_bytes(data: bytes, path: str, article_id: str) -> LoadResult:
    """Parse the contents of one article file (format chosen by the file name's ending)."""
    result = LoadResult()
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        _load_jsonl(data, path, article_id, result)
        return result
    if not data.strip():
        result.problems.append(Problem(path, "empty file"))
        return result
    declared = None
    if suffix in HTML_SUFFIXES:
        # imported here, not at the top: the html module builds on this one
        from . import html as html_loader

        if not html_loader.extra_installed():
            result.problems.append(Problem(path, html_loader.MISSING_EXTRA))
            return result
        declared = html_loader.declared_charset(data)
    try:
        decoded = decode(data, declared)
    except UndecodableError as exc:
        result.problems.append(Problem(path, str(exc)))
        return result
    if decoded.guessed_encoding:
        result.problems.append(
            Problem(path, f"not UTF-8; read as {decoded.guessed_encoding}", skipped=False)
        )
    text = decoded.text
    if suffix in HTML_SUFFIXES:
        parse, text = html_loader.parse_html, html_loader.spell_out_controls(text)
    else:
        parse = parse_markdown if suffix in MARKDOWN_SUFFIXES else parse_text
    parsed = parse(clean(text), path, article_id)
    if isinstance(parsed, Problem):
        result.problems.append(parsed)
    else:
        result.articles.append(parsed)
    return result


def _load_jsonl(data: bytes, path: str, file_id: str, result: LoadResult) -> None:
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
        (result.problems if isinstance(parsed, Problem) else result.articles).append(parsed)
    if not result.articles and not result.problems:
        result.problems.append(Problem(path, "empty file"))


def load_file(path: str, article_id: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Read and parse one article file. Never raises for bad content: see ``problems``."""
    data = read_bytes(path, max_bytes)
    if isinstance(data, Problem):
        return LoadResult(problems=[data])
    return load_bytes(data, path, article_id or display_path(path))


def load_jsonl_record(path: str, offset: int, lineno: int, article_id: str) -> Article | None:
    """Re-read one JSON Lines article by its byte offset (for snippets and display)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            raw = handle.readline()
        parsed = parse_jsonl_line(raw.decode("utf-8"), path, article_id, lineno, offset)
    except (OSError, UnicodeDecodeError):
        return None
    return parsed if isinstance(parsed, Article) else None
