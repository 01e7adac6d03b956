"""``reader bench``: how fast reader is at scale, next to the baselines it must beat.

One run builds a scale corpus (or takes the one given), and measures on the same texts:
the full reader build (speakers included) against a tutorial-style Whoosh build and an
SQLite FTS5 build; re-indexing with nothing changed and with one file changed; warm
query latency (reader alone, reader with the snippets of 20 rows, FTS5 with snippet(),
``grep -ril``); and the headless app in a child process (launch to first screen,
keystroke to results, peak RSS). And the quote records: the build without them (what
they cost), how many there are, and the latency of quote searches. It prints a Markdown
table, or one JSON object.

Nothing is ever written into a corpus it is given: indexes go to temporary folders,
which are removed at the end. Textual is imported only in the app's child process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .app import measure_tui
from .baselines import fts5_build, fts5_query, grep_args, naive_whoosh_build
from .corpus import assemble_corpus, corpus_files, default_datasets
from .options import NAIVE_UP_TO

#: The queries every engine answers: single terms, two terms, a phrase, ``speaker:`` and
#: a date range. FTS5 and grep get the nearest thing they can express (see ``baselines.fts5_query``
#: and ``baselines.grep_args``).
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
#: The quote searches (``reader quotes``): a word, a word said by one person, a phrase and
#: a date range, as (query, speaker).
QUOTE_QUERIES = (
    ("government", None),
    ("people", "blair"),
    ('"prime minister"', None),
    ("date:[1987-03-01 to 1987-03-31]", None),
)
ROUNDS = 5
ROWS = 20
#: Builds with and without the quote records, alternating, for what the records cost.
QUOTE_BUILD_ROUNDS = 3
JSON_KEYS = (
    "articles", "index_s", "naive_whoosh_index_s", "fts5_index_s", "reindex_nochange_s", "reindex_one_s",
    "query_p50_ms", "query_p95_ms", "query_hl_p95_ms", "fts5_query_p95_ms", "grep_query_median_ms",
    "tui_first_screen_s", "tui_keystroke_ms", "peak_rss_mb", "index_mb", "index_mb_per_1k",
    "quotes", "index_noquotes_s", "index_quotes_s", "quote_query_p50_ms", "quote_query_p95_ms",
)




def _folder_mb(folder: Path) -> float:
    """The size on disk of the files in *folder* (not its subfolders), in MB."""
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


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


def run_bench(corpus: Path | None = None, *, articles: int | None = None, datasets: Path | None = None,
              tui: bool = True, naive: bool | None = None,
              log: Callable[[str], None] = lambda _m: None) -> dict:
    """Measure everything (see the module docstring); returns the JSON object.

    *naive*: build the plain Whoosh baseline too; by default only up to
    :data:`NAIVE_UP_TO` articles (above that it alone takes most of an hour: 255 s at
    100k, and its cost per article grows), and its figures are then None.
    """
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
        files = corpus_files(corpus)
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
        from ..index.store import open_quotes_dir

        result["quotes"] = open_quotes_dir(index_dir).doc_count()

        # What the quote records cost: builds without them and with them, alternating, after
        # the first (whose process pool started cold), each into a folder of its own; the
        # fastest of each (the machine's noise only ever adds time).
        builds: dict[str, list[float]] = {"index_noquotes_s": [], "index_quotes_s": []}
        rounds = QUOTE_BUILD_ROUNDS if len(files) <= NAIVE_UP_TO else 0
        if not rounds:
            log(f"the builds with and without quote records left out above {NAIVE_UP_TO:,} articles "
                f"({2 * QUOTE_BUILD_ROUNDS} more full builds)")
        for _round in range(rounds):
            for name, quotes in (("index_noquotes_s", False), ("index_quotes_s", True)):
                log(f"reader build {'with' if quotes else 'without'} the quote records")
                again = work / name
                builds[name].append(_timed(lambda again=again, quotes=quotes: update_index(corpus, again,
                                                                                            quotes=quotes))[0])
                shutil.rmtree(again, ignore_errors=True)
        result.update((name, min(times) if times else None) for name, times in builds.items())

        result["index_mb"] = _folder_mb(index_dir)
        result["index_mb_per_1k"] = result["index_mb"] / max(1, summary.total) * 1000

        if naive if naive is not None else len(files) <= NAIVE_UP_TO:
            log("naive Whoosh build")
            naive_dir = work / "naive"
            naive_dir.mkdir()
            result["naive_whoosh_index_s"], _ = _timed(lambda: naive_whoosh_build(files, naive_dir))
            shutil.rmtree(naive_dir, ignore_errors=True)
        else:
            log(f"naive Whoosh build left out above {NAIVE_UP_TO:,} articles (--naive-whoosh to run it)")
            result["naive_whoosh_index_s"] = None

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
        result.update(_quote_latency(corpus, index_dir))

        fts: list[float] = []
        for query in QUERIES:
            con.execute(*fts5_query(query, ROWS)).fetchall()
        for _round in range(ROUNDS):
            for query in QUERIES:
                sql, params = fts5_query(query, ROWS)
                fts.append(_timed(lambda sql=sql, params=params: con.execute(sql, params).fetchall())[0])
        con.close()
        result["fts5_query_p50_ms"] = _percentile(fts, 50) * 1000
        result["fts5_query_p95_ms"] = _percentile(fts, 95) * 1000

        grep = shutil.which("grep")
        greps: list[float] = []
        if grep:
            for _round in range(2):
                for query in QUERIES:
                    greps.append(_timed(lambda query=query: subprocess.run([grep, "-ril", *grep_args(query), str(corpus)],
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


def _quote_latency(corpus: Path, index_dir: Path) -> dict:
    """Warm latency of :data:`QUOTE_QUERIES` (a page of :data:`ROWS` quotes, hits marked, counted)."""
    from ..index import open_quote_index
    from ..search.quotes import QuoteSearcher

    times: list[float] = []
    with QuoteSearcher(open_quote_index(corpus, index_dir)) as searcher:
        for query, speaker in QUOTE_QUERIES:  # warm up
            searcher.search(query, speaker=speaker, limit=ROWS)
        for _round in range(ROUNDS):
            for query, speaker in QUOTE_QUERIES:
                times.append(_timed(lambda q=query, s=speaker: searcher.search(q, speaker=s, limit=ROWS))[0])
    return {"quote_query_p50_ms": _percentile(times, 50) * 1000, "quote_query_p95_ms": _percentile(times, 95) * 1000}


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
        ("app: peak RSS", _fmt(r["peak_rss_mb"], "MB"), "", "", "", "≤ 250 MB"),
        ("indexer: peak RSS", _fmt(r.get("indexer_peak_rss_mb"), "MB"), "", "", "", "≤ 600 MB"),
        ("index on disk", _fmt(r.get("index_mb"), "MB"),
         "per 1,000 articles", f"{r['index_mb_per_1k']:.2f} MB" if r.get("index_mb_per_1k") else "–", "",
         "no larger than at 21k"),
        ("full build with the quote records (again)", _fmt(r.get("index_quotes_s"), "s"), "build without them",
         _fmt(r.get("index_noquotes_s"), "s"),
         f"{100 * (r['index_quotes_s'] / r['index_noquotes_s'] - 1):+.1f} %" if r.get("index_noquotes_s") else "–",
         "≤ +15 %"),
        ("quote records", f"{r.get('quotes', 0):,}", "", "", "", ""),
        ("quote search p50 / p95 (20 quotes, hits marked)",
         f"{_fmt(r.get('quote_query_p50_ms'), 'ms')} / {_fmt(r.get('quote_query_p95_ms'), 'ms')}", "", "", "",
         "p95 ≤ 10 ms"),
    ]
    head = [f"reader bench: {r['articles']:,} articles", "",
            "| measure | reader | baseline | baseline value | ratio | target |",
            "| --- | ---: | --- | ---: | ---: | --- |"]
    return "\n".join(head + ["| " + " | ".join(row) + " |" for row in rows])


def run_from_args(args: argparse.Namespace) -> int:
    def log(message: str) -> None:
        print(f"reader bench: {message}", file=sys.stderr, flush=True)

    datasets = Path(args.datasets).expanduser() if args.datasets else None
    corpus = Path(args.corpus).expanduser() if args.corpus else None
    result = run_bench(corpus, articles=args.articles, datasets=datasets, tui=not args.no_app,
                       naive=args.naive_whoosh, log=log)
    if args.json:
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()}))
    else:
        print(markdown_table(result))
    return 0
