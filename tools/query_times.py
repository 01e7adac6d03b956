"""Per-query times of the bench's queries: a page without snippets, with snippets, the count.

    python tools/query_times.py CORPUS INDEX_DIR [QUERY ...]

Median of 7 warm runs each, in milliseconds. ``reader bench`` gives the percentiles over
all its queries; this shows which query costs what (how the README's before/after
figures per query were taken).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from reader.bench import QUERIES, ROWS
from reader.index import open_index
from reader.search import Searcher


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ix, _ = open_index(Path(argv[0]), Path(argv[1]))
    queries = argv[2:] or [*QUERIES, "oil prices"]
    with Searcher(ix) as s:
        print(f"{s.doc_count} articles, {len(s._searcher.leaf_searchers())} segments")
        for q in queries:
            s.search(q, limit=ROWS, snippets=True)
        for q in queries:
            plain, snippets, counts = [], [], []
            for _ in range(7):
                started = time.perf_counter()
                s.search(q, limit=ROWS, snippets=False, count=False)
                plain.append(time.perf_counter() - started)
                started = time.perf_counter()
                s.search(q, limit=ROWS, snippets=True, count=False)
                snippets.append(time.perf_counter() - started)
                started = time.perf_counter()
                total = s.count(q)
                counts.append(time.perf_counter() - started)
            print(f"{q!r:40} page {statistics.median(plain) * 1000:6.1f}  +snippets {statistics.median(snippets) * 1000:6.1f}"
                  f"  count {statistics.median(counts) * 1000:6.1f}  ({total} found)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
