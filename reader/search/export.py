"""Search results written out: JSON, JSON Lines or CSV, to a stream or atomically to a file.

One place formats results for both ``reader search --format …`` (to stdout) and the
app's export (to a file), so the two never drift apart. Writing a file is atomic (a
temporary file in the same folder, then ``os.replace``): an interrupted export never
leaves half a file where a good one was. The corpus is read-only, so a destination
inside it is refused before anything is written.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..text import display_path

if TYPE_CHECKING:
    from .quotes import QuoteHit
    from .results import Hit
    from .searcher import Searcher

#: The formats a file can be written in, named by the file name's suffix.
FORMATS = ("csv", "json", "jsonl")
CSV_COLUMNS = ("path", "title", "date", "score", "speakers", "snippet")
#: The columns of quotes (``reader quotes --format csv``).
QUOTE_CSV_COLUMNS = ("date", "speaker", "role", "kind", "quote", "title", "path", "start", "end")
#: An export reads every result's file for its snippet (about 2 ms each): it may take
#: longer than a search (5 s), but not forever.
EXPORT_TIME_LIMIT = 30.0

#: Spreadsheets run a cell that starts with one of these as a formula: CSV cells that
#: would are written with a leading apostrophe (OWASP's advice against CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """A destination that cannot be used; ``str()`` is a one-line message for the user."""


def csv_cell(value: str) -> str:
    """``value`` made safe for a spreadsheet: a would-be formula gets a leading ``'``."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_hits(stream: TextIO, hits: Iterable[Hit], fmt: str, facets: list[dict] | None = None,
               timeline: dict | None = None) -> None:
    """Write ``hits`` to ``stream`` as ``json`` (a list, or with ``facets`` or a
    ``timeline`` an object with ``results``),
    ``jsonl`` (one object a line) or ``csv`` (the :data:`CSV_COLUMNS`).

    Paths that are not valid UTF-8 are written with the odd bytes escaped, as the CLI
    prints them.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    rows = [hit.to_json() | {"path": display_path(hit.path)} for hit in hits]
    if fmt == "json":
        extras = {key: value for key, value in (("facets", facets), ("timeline", timeline)) if value is not None}
        data = {"results": rows, **extras} if extras else rows
        stream.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow([csv_cell(str(v)) for v in (row["path"], row["title"], row["date"] or "", row["score"],
                                                         "; ".join(row["speakers"]), row["snippet"])])


def write_quotes(stream: TextIO, hits: Iterable[QuoteHit], fmt: str) -> None:
    """Write quote hits to ``stream`` as ``json`` (a list), ``jsonl`` (one object a line)
    or ``csv`` (the :data:`QUOTE_CSV_COLUMNS`), paths escaped as the CLI prints them."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    rows = [hit.to_json() | {"path": display_path(hit.path)} for hit in hits]
    if fmt == "json":
        stream.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(QUOTE_CSV_COLUMNS)
        for row in rows:
            writer.writerow([csv_cell("" if row[key] is None else str(row[key]))
                             for key in ("date", "speaker", "role", "kind", "quote", "title", "path", "start", "end")])


def format_for(path: str | os.PathLike) -> str:
    """The format named by a file name's suffix (``.csv``, ``.json``, ``.jsonl``)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"cannot tell the format of {display_path(os.fspath(path))}: "
                          f"end the file name in {', '.join('.' + f for f in FORMATS)}")
    return suffix


def check_destination(name: str, corpus: str | os.PathLike) -> tuple[Path, str]:
    """The file to write for what the user typed (``~`` expanded, relative to the
    current folder, symlinks followed) and its format; :class:`ExportError` if it cannot be.

    Refused: no name, an unknown suffix, a folder, a missing folder, anywhere inside the
    corpus (it is read-only).
    """
    if not name.strip():
        raise ExportError(f"give a file name ending in {', '.join('.' + f for f in FORMATS)}")
    typed = Path(name.strip()).expanduser()
    fmt = format_for(typed)
    path = Path(os.path.realpath(typed))
    shown = display_path(os.fspath(typed))
    root = Path(os.path.realpath(corpus))
    if path == root or root in path.parents:
        raise ExportError(f"{shown} is inside the corpus {display_path(os.fspath(corpus))}, which is read-only; "
                          "choose another folder")
    if path.is_dir():
        raise ExportError(f"{shown} is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExportError(f"no folder {display_path(os.fspath(path.parent))} to write {path.name} in")
    return path, fmt


def default_destination(query: str, folder: str | os.PathLike, fmt: str = "csv") -> Path:
    """A file name for a query's results that is not taken yet: ``reader-<query>.csv``."""
    ascii_query = unicodedata.normalize("NFKD", query).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_query))[:40].strip("-") or "results"
    folder = Path(folder)
    candidate = folder / f"reader-{slug}.{fmt}"
    number = 2
    while candidate.exists() and number < 1000:
        candidate = folder / f"reader-{slug}-{number}.{fmt}"
        number += 1
    return candidate


def _new_file_mode() -> int:
    """The mode a new file gets from the process's umask (read without changing it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644


def write_file(path: str | os.PathLike, hits: Sequence[Hit], fmt: str, *, writer=None) -> None:
    """Write ``hits`` to ``path`` atomically: a temporary file beside it, then a rename
    (``writer`` is :func:`write_hits`, or :func:`write_quotes` for quotes).

    An existing file keeps its permissions; a new one gets the usual ones (umask).
    Raises OSError (nothing is left behind) when the folder cannot be written.
    """
    path = Path(path)
    writer = writer or write_hits  # looked up at the call, so a test can stand in for it
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = _new_file_mode()
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            writer(stream, hits, fmt)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


@dataclass(frozen=True, slots=True)
class Export:
    """All the results of a query, with snippets, ready to write."""

    hits: tuple[Hit, ...]
    total: int
    #: False when the time ran out: ``hits`` are the first of ``total``, in order.
    complete: bool


def all_results(searcher: Searcher, query: str, *, sort: str = "relevance",
                time_limit: float = EXPORT_TIME_LIMIT) -> Export:
    """Every result of ``query`` (not one page), each with its snippet, within ``time_limit``.

    Snippets are made one result at a time, so the searcher stays free for other
    searches in between (the app keeps answering while it exports). Raises QueryError.
    """
    deadline = time.monotonic() + time_limit
    # every match is on this one page, so it knows the total without a count pass
    result = searcher.search(query, sort=sort, limit=max(1, searcher.doc_count), snippets=False,
                             time_limit=time_limit, count=False)
    total = result.total if result.total is not None else len(result.hits)
    hits = []
    complete = not result.timed_out
    for hit in result.hits:
        if time.monotonic() > deadline:
            complete = False
            break
        hits.append(searcher.with_snippet(hit, result.terms))
    return Export(tuple(hits), total, complete and len(hits) == total)
