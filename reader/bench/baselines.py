"""The baselines reader is measured against, on the same texts: a tutorial-style Whoosh
build, an SQLite FTS5 index and ``grep -ril``.

Apart from the run because each baseline is the nearest thing another tool does to
reader's job, and that translation (the FTS5 SQL, the grep pattern for a query) is
what to read when judging the comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path


def _read_plain(path: str) -> tuple[str, str]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    title, _, body = text.strip().partition("\n")
    return title.strip(), body.strip()


def naive_whoosh_build(files: Sequence[str], index_dir: Path) -> None:
    """The tutorial's Whoosh index: StemmingAnalyzer, the body stored, one plain writer."""
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(path=fields.ID(stored=True, unique=True),
                           title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
                           body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True))
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    for path in files:
        title, body = _read_plain(path)
        writer.add_document(path=path, title=title, body=body)
    writer.commit()


_DATELINE = re.compile(r"^\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), (\w+ \d{1,2}, \d{4})\s*$",
                       re.IGNORECASE | re.MULTILINE)


def fts5_build(files: Sequence[str], db_path: Path):
    """An SQLite FTS5 index (porter stemmer) of the same texts, the body stored for snippet()."""
    import sqlite3

    con = sqlite3.connect(db_path)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, tokenize='porter unicode61')")
    con.execute("CREATE TABLE dates (id INTEGER PRIMARY KEY, date TEXT)")

    def rows() -> Iterator[tuple[int, str, str, str]]:
        for number, path in enumerate(files, start=1):
            title, body = _read_plain(path)
            yield number, path, title, body

    dates = []
    for number, path, title, body in rows():
        con.execute("INSERT INTO docs (rowid, path, title, body) VALUES (?, ?, ?, ?)", (number, path, title, body))
        match = _DATELINE.search(body[:200])
        if match:
            try:
                dates.append((number, datetime.strptime(match.group(1), "%B %d, %Y").strftime("%Y-%m-%d")))
            except ValueError:
                pass
    con.executemany("INSERT INTO dates VALUES (?, ?)", dates)
    con.execute("CREATE INDEX dates_date ON dates (date)")
    con.commit()
    return con


def fts5_query(query: str, rows: int) -> tuple[str, tuple]:
    """The FTS5 counterpart of a reader query, ``rows`` at most (``speaker:x`` becomes the word x)."""
    snippet = "SELECT d.rowid, d.title, snippet(docs, 2, '[', ']', '…', 32) FROM docs d"
    match = re.fullmatch(r"date:\[(\S+) to (\S+)\]", query)
    if match:
        return ("SELECT t.id, d.title, substr(d.body, 1, 200) FROM dates t JOIN docs d ON d.rowid = t.id "
                "WHERE t.date BETWEEN ? AND ? ORDER BY t.date DESC LIMIT ?", (match.group(1), match.group(2), rows))
    text = query.removeprefix("speaker:")
    return f"{snippet} WHERE docs MATCH ? ORDER BY rank LIMIT ?", (text, rows)


def grep_args(query: str) -> list[str]:
    """``grep -ril`` for the nearest thing to a query (the first word, a phrase, a month)."""
    match = re.fullmatch(r"date:\[(\d{4})-(\d{2})-\d{2} to .*\]", query)
    if match:
        month = datetime(int(match.group(1)), int(match.group(2)), 1).strftime("%B")
        return ["-E", f"{month} [0-9]+, {match.group(1)}"]
    if query.startswith('"'):
        return ["-e", query.strip('"')]
    return ["-e", query.removeprefix("speaker:").split()[0]]
