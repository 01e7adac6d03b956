"""``reader bench``: how fast reader is at scale, next to the baselines it must beat.

One run builds a scale corpus (or takes the one given), and measures on the same texts:
the full reader build (speakers included) against a tutorial-style Whoosh build and an
SQLite FTS5 build; re-indexing with nothing changed and with one file changed; warm
query latency (reader alone, reader with the snippets of 20 rows, FTS5 with snippet(),
``grep -ril``); and the headless app in a child process (launch to first screen,
keystroke to results, peak RSS). It prints a Markdown table, or one JSON object.

Nothing is ever written into a corpus it is given: indexes go to temporary folders,
which are removed at the end. Textual is imported only in the app's child process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

#: The queries every engine answers: single terms, two terms, a phrase, ``speaker:`` and
#: a date range. FTS5 and grep get the nearest thing they can express (see ``_fts5_query``
#: and ``_grep_args``).
QUERIES = (
    "government",
    "oil",
    "music",
    "interest rates",
    "profit growth",
    '"prime minister"',
    "speaker:blair",
    "date:[1987-03-01 to 1987-03-31]",
)
#: What the app benchmark types (then Enter).
TUI_QUERY = "oil prices"
ROUNDS = 5
ROWS = 20
JSON_KEYS = (
    "articles", "index_s", "naive_whoosh_index_s", "fts5_index_s", "reindex_nochange_s", "reindex_one_s",
    "query_p50_ms", "query_p95_ms", "query_hl_p95_ms", "fts5_query_p95_ms", "grep_query_median_ms",
    "tui_first_screen_s", "tui_keystroke_ms", "peak_rss_mb",
)


# -- the scale corpus ---------------------------------------------------------------------


def default_datasets() -> Path:
    """``../shared/datasets`` beside the repository (when running from a checkout)."""
    import reader

    return Path(reader.__file__).resolve().parents[2] / "shared" / "datasets"


def _dateline(when: datetime) -> str:
    return f"{when:%A}, {when:%B} {when.day}, {when.year}"


def _base_articles(datasets: Path) -> list[tuple[str, str, datetime | None, list[str]]]:
    """(relative name, title, date, paragraphs) of every BBC and Reuters article.

    BBC files are kept byte for byte (they are written as they are, see ``_bbc_files``);
    Reuters stories become plain text: title, blank line, dateline, paragraphs.
    The two are interleaved so that the first N of the list is a fair sample of both.
    """
    from ..ingest import parse_date, split_paragraphs

    bbc = sorted((datasets / "bbc").glob("*/*.txt"))
    reuters: list[tuple[str, str, datetime | None, list[str]]] = []
    jsonl = datasets / "reuters21578" / "reuters21578.jsonl"
    if jsonl.is_file():
        with open(jsonl, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                reuters.append((f"reuters/{int(record['id']):05d}.txt", " ".join(str(record.get("title") or "").split()),
                                parse_date(record.get("date")), split_paragraphs(str(record.get("text") or ""))))
    items: list[tuple[float, int, tuple]] = []
    for i, path in enumerate(bbc):
        items.append(((i + 0.5) / len(bbc), 0, (f"bbc/{path.parent.name}/{path.name}", str(path), None, None)))
    for i, story in enumerate(reuters):
        items.append(((i + 0.5) / len(reuters), 1, story))
    items.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in items]


def assemble_corpus(datasets: Path, dest: Path, articles: int | None = None) -> int:
    """Write the scale corpus into ``dest``: one file per article; returns how many.

    All of BBC and Reuters is about 21,000 articles; a smaller N takes the first N, a
    larger one adds copies (``copyK/``) with new ids and dates shifted by K years.
    """
    base = _base_articles(datasets)
    if not base:
        raise FileNotFoundError(f"no BBC or Reuters articles under {datasets}")
    wanted = len(base) if articles is None else articles
    written = 0
    copy = 0
    while written < wanted:
        prefix = f"copy{copy}/" if copy else ""
        for index, (name, title, date, paragraphs) in enumerate(base):
            if written >= wanted:
                break
            target = dest / (prefix + name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if paragraphs is None:  # a BBC file: as it is, with a dateline in a copy
                data = Path(title).read_bytes()
                if copy:
                    first, _, rest = data.partition(b"\n")
                    when = datetime(2004, 1, 1) + timedelta(days=index % 700) + timedelta(days=365 * copy)
                    data = first + b"\n\n" + _dateline(when).encode() + b"\n" + rest
                target.write_bytes(data)
            else:
                when = date + timedelta(days=365 * copy) if date else None
                head = [title, ""] + ([_dateline(when), ""] if when else [])
                target.write_text("\n".join(head + ["\n\n".join(paragraphs)]) + "\n", encoding="utf-8")
            written += 1
        copy += 1
    return written


# -- baselines ----------------------------------------------------------------------------


def _corpus_files(corpus: Path) -> list[str]:
    from ..ingest import CorpusFile, walk

    return [item.path for item in walk(corpus) if isinstance(item, CorpusFile)]


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


def _fts5_query(query: str) -> tuple[str, tuple]:
    """The FTS5 counterpart of a reader query (``speaker:x`` becomes the word x)."""
    snippet = "SELECT d.rowid, d.title, snippet(docs, 2, '[', ']', '…', 32) FROM docs d"
    match = re.fullmatch(r"date:\[(\S+) to (\S+)\]", query)
    if match:
        return ("SELECT t.id, d.title, substr(d.body, 1, 200) FROM dates t JOIN docs d ON d.rowid = t.id "
                "WHERE t.date BETWEEN ? AND ? ORDER BY t.date DESC LIMIT ?", (match.group(1), match.group(2), ROWS))
    text = query.removeprefix("speaker:")
    return f"{snippet} WHERE docs MATCH ? ORDER BY rank LIMIT ?", (text, ROWS)


def _grep_args(query: str) -> list[str]:
    """``grep -ril`` for the nearest thing to a query (the first word, a phrase, a month)."""
    match = re.fullmatch(r"date:\[(\d{4})-(\d{2})-\d{2} to .*\]", query)
    if match:
        month = datetime(int(match.group(1)), int(match.group(2)), 1).strftime("%B")
        return ["-E", f"{month} [0-9]+, {match.group(1)}"]
    if query.startswith('"'):
        return ["-e", query.strip('"')]
    return ["-e", query.removeprefix("speaker:").split()[0]]


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _timed(func: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


# -- the app, in a child process ----------------------------------------------------------


def _tui_child(corpus: str, index_dir: str, history: str, query: str, launched: float) -> None:
    """Run the app headless over a built index; print one JSON line of what it took.

    ``launched`` is the parent's wall clock just before it started this process, so the
    first screen includes the interpreter's start and every import.
    """
    import asyncio
    import resource

    from ..tui import ReaderApp
    from ..userdata import QueryHistory

    out: dict[str, float] = {}
    search_seconds: list[float] = []

    async def run() -> None:
        events: dict[str, asyncio.Event] = {"IndexUpdated": asyncio.Event(), "IndexFailed": asyncio.Event(),
                                            "SearchFinished": asyncio.Event(), "Shown": asyncio.Event()}
        stamps: dict[str, float] = {}

        def hook(message) -> None:
            # Called as each message is taken off a queue, before its handler runs. The
            # results list posts ``Opened`` for its first row once it has been filled.
            name = type(message).__name__
            if name == "SearchFinished" and not events["SearchFinished"].is_set():
                stamps["finished"] = time.perf_counter()
                search_seconds.append(message.result.seconds)
            elif name == "Opened" and events["SearchFinished"].is_set() and not events["Shown"].is_set():
                stamps["shown"] = time.perf_counter()
                events["Shown"].set()
            event = events.get(name)
            if event is not None:
                event.set()

        app = ReaderApp(Path(corpus), Path(index_dir), history=QueryHistory(Path(history)),
                        show_timings=False, blink=False)
        async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
            screen = app.screen
            while not (getattr(screen, "searcher", None) is not None and app.focused is not None
                       and app.focused is getattr(screen, "search_bar", None)):
                await asyncio.sleep(0)
                screen = app.screen
            out["first_screen_s"] = time.time() - launched
            # The app checks the index for changes at start (a child process): let it finish
            # so that it does not compete with the keystroke for the CPU.
            done = asyncio.ensure_future(events["IndexUpdated"].wait())
            failed = asyncio.ensure_future(events["IndexFailed"].wait())
            await asyncio.wait([done, failed], return_when=asyncio.FIRST_COMPLETED, timeout=120)
            done.cancel(), failed.cancel()
            await pilot.pause()
            latencies = []
            for text in (query, "government") * 3 + (query,):  # a median of 7: the machines are noisy
                screen.search_bar.focus()  # Enter with results moves the focus to them
                screen.search_bar.value = ""
                await pilot.press(*text)
                await pilot.pause()
                events["SearchFinished"].clear()
                events["Shown"].clear()
                started = time.perf_counter()
                await pilot.press("enter")
                await asyncio.wait_for(events["SearchFinished"].wait(), timeout=60)
                try:
                    await asyncio.wait_for(events["Shown"].wait(), timeout=5)
                    shown = stamps["shown"]
                except asyncio.TimeoutError:  # nothing highlighted: the answer itself
                    shown = stamps["finished"]
                assert screen.results.hits, f"no results for {text!r}"
                latencies.append(shown - started)
                await app.workers.wait_for_complete()
                await pilot.pause()
            out["keystroke_ms"] = statistics.median(latencies) * 1000
            out["keystroke_first_ms"] = latencies[0] * 1000
            # of which the search itself (in the app's worker thread, with its snippets)
            out["keystroke_search_ms"] = statistics.median(search_seconds[-len(latencies):]) * 1000

    asyncio.run(run())
    out["peak_rss_mb"] = _peak_rss_mb()
    out["indexer_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(out), flush=True)


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program.

    ``VmHWM``, not ``ru_maxrss``: after fork and exec, Linux carries the parent's peak
    (a copy of the whole benchmark process) into the child's ``ru_maxrss``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_tui(corpus: Path, index_dir: Path, work: Path, query: str = TUI_QUERY) -> dict[str, float]:
    launched = time.time()
    child = subprocess.run(
        [sys.executable, "-m", "reader.bench", "--tui-child", str(corpus), str(index_dir), str(work / "history.txt"),
         query, repr(launched)],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        raise RuntimeError(f"the app benchmark failed (exit {child.returncode}): {child.stderr.strip()[-2000:]}")
    return json.loads(lines[-1])


# -- the run ------------------------------------------------------------------------------


def run_bench(corpus: Path | None = None, *, articles: int | None = None, datasets: Path | None = None,
              tui: bool = True, log: Callable[[str], None] = lambda _m: None) -> dict:
    """Measure everything (see the module docstring); returns the JSON object."""
    from ..index import update_index
    from ..search import Searcher

    work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        if corpus is None:
            datasets = datasets or default_datasets()
            corpus = work / "corpus"
            log(f"assembling the corpus from {datasets}")
            assemble_corpus(datasets, corpus, articles)
        elif articles is not None:
            raise ValueError("--articles applies to the assembled corpus only")
        corpus = Path(corpus)
        files = _corpus_files(corpus)
        result: dict = {}
        # Every build reads the same files: read them once first, so that the first build
        # timed (reader's) does not pay alone for a cold cache (1.3 s at 21k files).
        for path in files:
            with open(path, "rb") as handle:
                handle.read()

        log(f"reader build of {len(files)} files")
        index_dir = work / "index"
        seconds, summary = _timed(lambda: update_index(corpus, index_dir))
        result["articles"] = summary.total
        result["index_s"] = seconds

        log("naive Whoosh build")
        naive = work / "naive"
        naive.mkdir()
        result["naive_whoosh_index_s"], _ = _timed(lambda: naive_whoosh_build(files, naive))
        shutil.rmtree(naive, ignore_errors=True)

        log("FTS5 build")
        seconds, con = _timed(lambda: fts5_build(files, work / "fts5.db"))
        result["fts5_index_s"] = seconds

        log("re-index")
        # Nothing changes, so it can be repeated: the median of 3 (one run is at the mercy of noise).
        result["reindex_nochange_s"] = statistics.median(
            _timed(lambda: update_index(corpus, index_dir))[0] for _ in range(3))
        if corpus.is_relative_to(work):
            changed = Path(files[len(files) // 2])
            changed.write_text(changed.read_text(encoding="utf-8", errors="replace") + "\nOne more line.\n",
                               encoding="utf-8")
            result["reindex_one_s"], _ = _timed(lambda: update_index(corpus, index_dir))
        else:
            # A corpus we were given is never written to: change a copy of the index instead,
            # by telling the index that one file's stored state is out of date.
            result["reindex_one_s"] = _reindex_one_readonly(corpus, index_dir, work)

        log("queries")
        from ..index import open_index

        ix, _ = open_index(corpus, index_dir)
        plain: list[float] = []
        with_hl: list[float] = []
        counts: list[float] = []
        # A page of results as the app asks for it: not counting every match (FTS5's
        # LIMIT query does not count either); the count is measured on its own.
        with Searcher(ix) as searcher:
            for query in QUERIES:  # warm up
                searcher.search(query, limit=ROWS, snippets=True)
            for _round in range(ROUNDS):
                for query in QUERIES:
                    plain.append(_timed(lambda query=query: searcher.search(query, limit=ROWS, snippets=False, count=False))[0])
                    with_hl.append(_timed(lambda query=query: searcher.search(query, limit=ROWS, snippets=True, count=False))[0])
                    counts.append(_timed(lambda query=query: searcher.count(query))[0])
        result["query_p50_ms"] = _percentile(plain, 50) * 1000
        result["query_p95_ms"] = _percentile(plain, 95) * 1000
        result["query_hl_p50_ms"] = _percentile(with_hl, 50) * 1000
        result["query_hl_p95_ms"] = _percentile(with_hl, 95) * 1000
        result["count_p95_ms"] = _percentile(counts, 95) * 1000

        fts: list[float] = []
        for query in QUERIES:
            con.execute(*_fts5_query(query)).fetchall()
        for _round in range(ROUNDS):
            for query in QUERIES:
                sql, params = _fts5_query(query)
                fts.append(_timed(lambda sql=sql, params=params: con.execute(sql, params).fetchall())[0])
        con.close()
        result["fts5_query_p50_ms"] = _percentile(fts, 50) * 1000
        result["fts5_query_p95_ms"] = _percentile(fts, 95) * 1000

        grep = shutil.which("grep")
        greps: list[float] = []
        if grep:
            for _round in range(2):
                for query in QUERIES:
                    greps.append(_timed(lambda query=query: subprocess.run([grep, "-ril", *_grep_args(query), str(corpus)],
                                                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))[0])
        result["grep_query_median_ms"] = statistics.median(greps) * 1000 if greps else None

        if tui:
            log("the app")
            app = measure_tui(corpus, index_dir, work)
            result["tui_first_screen_s"] = app["first_screen_s"]
            result["tui_keystroke_ms"] = app["keystroke_ms"]
            result["peak_rss_mb"] = app["peak_rss_mb"]
            result["indexer_peak_rss_mb"] = app["indexer_peak_rss_mb"]
            result["tui_keystroke_search_ms"] = app["keystroke_search_ms"]
        else:
            result.update(tui_first_screen_s=None, tui_keystroke_ms=None, peak_rss_mb=None)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _reindex_one_readonly(corpus: Path, index_dir: Path, work: Path) -> float:
    """Re-index time for one changed file without touching the corpus.

    A mirror of the corpus made of symlinks would change the index's corpus; instead the
    index is copied and one file's recorded size is made stale, so ``update_index`` has to
    re-read, re-hash and (the hash being unchanged) skip it, then the cost of re-adding one
    document is measured by deleting it from the copy first.
    """
    from whoosh import index as whoosh_index

    from ..index import build_schema, update_index

    copy = work / "index-copy"
    shutil.copytree(index_dir, copy)
    ix = whoosh_index.open_dir(str(copy), schema=build_schema())
    with ix.searcher() as searcher:
        victim = next(iter(searcher.all_stored_fields()))["file"]
    writer = ix.writer()
    writer.delete_by_term("file", victim)
    writer.commit()
    _invalidate_manifest(copy)
    seconds, _ = _timed(lambda: update_index(corpus, copy))
    shutil.rmtree(copy, ignore_errors=True)
    return seconds


def _invalidate_manifest(index_dir: Path) -> None:
    """Drop a manifest of file states, if the index keeps one (it is rebuilt from the index)."""
    for name in os.listdir(index_dir):
        if name.startswith("reader-files"):
            os.remove(index_dir / name)


# -- output -------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.0f} MB"


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.1f}×"


def markdown_table(r: dict) -> str:
    """The results, reader beside its baseline, with the ratio and the target."""
    rows = [
        ("full build (with speakers)", _fmt(r["index_s"], "s"), "naive Whoosh build", _fmt(r["naive_whoosh_index_s"], "s"),
         _ratio(r["naive_whoosh_index_s"], r["index_s"]) + " faster", "≥ 1.5× faster"),
        ("full build (with speakers)", _fmt(r["index_s"], "s"), "SQLite FTS5 build", _fmt(r["fts5_index_s"], "s"),
         _ratio(r["index_s"], r["fts5_index_s"]) + " FTS5", "≤ 10× FTS5"),
        ("re-index, nothing changed", _fmt(r["reindex_nochange_s"], "s"), "full build", _fmt(r["index_s"], "s"),
         f"{100 * r['reindex_nochange_s'] / r['index_s']:.1f} %" if r["index_s"] else "–", "≤ 2 %"),
        ("re-index, one file changed", _fmt(r["reindex_one_s"], "s"), "full build", _fmt(r["index_s"], "s"),
         f"{100 * r['reindex_one_s'] / r['index_s']:.1f} %" if r["index_s"] else "–", ""),
        ("query p50 / p95", f"{_fmt(r['query_p50_ms'], 'ms')} / {_fmt(r['query_p95_ms'], 'ms')}",
         "FTS5 with snippet() p50 / p95", f"{_fmt(r.get('fts5_query_p50_ms'), 'ms')} / {_fmt(r['fts5_query_p95_ms'], 'ms')}",
         _ratio(r["query_p95_ms"], r["fts5_query_p95_ms"]) + " FTS5 (p95)", "≤ 3× FTS5"),
        ("query + snippets of 20 rows p50 / p95",
         f"{_fmt(r.get('query_hl_p50_ms'), 'ms')} / {_fmt(r['query_hl_p95_ms'], 'ms')}", "", "", "", "p95 ≤ 10 ms"),
        ("count of all matches p95 (the app shows it after the page)", _fmt(r.get("count_p95_ms"), "ms"),
         "", "", "", ""),
        ("query p50", _fmt(r["query_p50_ms"], "ms"), "grep -ril (median)", _fmt(r["grep_query_median_ms"], "ms"),
         _ratio(r["grep_query_median_ms"], r["query_p50_ms"]) + " faster", "≥ 15× faster"),
        ("app: launch to first screen", _fmt(r["tui_first_screen_s"], "s"), "", "", "", "≤ 1 s"),
        ("app: keystroke (Enter) to results", _fmt(r["tui_keystroke_ms"], "ms"), "", "", "", "≤ 50 ms"),
        ("app: peak RSS", _fmt(r["peak_rss_mb"], "MB"), "", "", "", "≤ 200 MB"),
    ]
    head = [f"reader bench: {r['articles']:,} articles", "",
            "| measure | reader | baseline | baseline value | ratio | target |",
            "| --- | ---: | --- | ---: | ---: | --- |"]
    return "\n".join(head + ["| " + " | ".join(row) + " |" for row in rows])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="?", help="a corpus folder to measure (default: assemble one from the data sets)")
    parser.add_argument("--articles", type=int, default=None,
                        help="size of the assembled corpus (default: all of BBC + Reuters, about 21,000)")
    parser.add_argument("--datasets", help="the data sets folder (default: ../shared/datasets beside the repository)")
    parser.add_argument("--no-app", action="store_true", help="leave out the app measures")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")


def run_from_args(args: argparse.Namespace) -> int:
    def log(message: str) -> None:
        print(f"reader bench: {message}", file=sys.stderr, flush=True)

    datasets = Path(args.datasets).expanduser() if args.datasets else None
    corpus = Path(args.corpus).expanduser() if args.corpus else None
    result = run_bench(corpus, articles=args.articles, datasets=datasets, tui=not args.no_app, log=log)
    if args.json:
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()}))
    else:
        print(markdown_table(result))
    return 0

