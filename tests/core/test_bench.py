"""``reader bench`` (a smoke test at a small size, no timing thresholds) and the speed-ups
it measures: they must keep what is indexed, found and highlighted exactly the same."""

import json
import os
import re
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.bench.corpus import assemble_corpus
from reader.bench.run import JSON_KEYS
from reader.engine.analysis import _WHOOSH_WORDS, _WORDS, BulkAnalysis, _encode_positions
from reader.engine.postings import TermNumbers
from reader.index import open_index, update_index
from reader.index.manifest import MANIFEST_FILE, _stored_states, indexed_files
from reader.index.schema import build_schema, surface_words
from reader.search import Searcher

from support import BUNDLED, SHARED, needs_shared, tree_digest, write

DATASETS = SHARED / "datasets"


@needs_shared
def test_bench_json_at_small_size(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "reader", "bench", "--articles", "200", "--json"],
                         capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(JSON_KEYS) <= set(result)
    assert result["articles"] == 200
    for key in JSON_KEYS:
        assert isinstance(result[key], (int, float)) and result[key] > 0, key
    assert list(tmp_path.iterdir()) == []  # its temporary folders are gone


@needs_shared
def test_bench_can_leave_out_the_naive_whoosh_baseline(tmp_path):
    # Above 100,000 articles it is left out by default (it alone would take most of an hour
    # at 1M); the flag does the same at any size, and the table shows a dash for it.
    env = dict(os.environ, TMPDIR=str(tmp_path))
    base = [sys.executable, "-m", "reader", "bench", "--articles", "60", "--no-app", "--no-naive-whoosh"]
    run = subprocess.run([*base, "--json"], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["naive_whoosh_index_s"] is None and result["index_s"] > 0
    assert result["index_mb"] > 0 and result["index_mb_per_1k"] > 0
    assert "naive Whoosh build left out" in run.stderr
    table = subprocess.run(base, capture_output=True, text=True, timeout=300, env=env)
    assert table.returncode == 0, table.stderr
    assert "| full build (with speakers) |" in table.stdout and "| naive Whoosh build | – |" in table.stdout
    assert "| index on disk |" in table.stdout


@needs_shared
def test_bench_never_writes_into_a_given_corpus(tmp_path):
    corpus = tmp_path / "given"
    assemble_corpus(DATASETS, corpus, 80)
    before = tree_digest(corpus)
    run = subprocess.run([sys.executable, "-m", "reader", "bench", str(corpus), "--json", "--no-app"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["articles"] == 80 and result["reindex_one_s"] > 0
    assert tree_digest(corpus) == before


@needs_shared
def test_assembled_corpus_sizes(tmp_path):
    assert assemble_corpus(DATASETS, tmp_path / "a", 30) == 30
    assert len(list((tmp_path / "a").rglob("*.txt"))) == 30
    # beyond the data sets: copies with new ids and dates
    from reader.bench.corpus import _base_articles

    base = len(_base_articles(DATASETS))
    assert assemble_corpus(DATASETS, tmp_path / "b", base + 5) == base + 5
    copies = sorted((tmp_path / "b" / "copy1").rglob("*.txt"))
    assert len(copies) == 5


def test_bulk_analysis_gives_the_terms_whoosh_gives():
    schema = build_schema()
    texts = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.txt"))[:60]]
    texts += ["Šakalienė said it was a “deadly trap” — U.S. 3.141 big-time under_score", "", "a the of",
              "İstanbul ǅ Straße ﬁne ＦＵＬＬ 𝐁old Ωmega", "x" * 500, "The café closed.", "A cafe, Sakaliene said."]
    words: set[str] = set()
    analysis = BulkAnalysis(words)  # one for every field, as in a pool worker: the words' terms are shared
    for name in ("title", "standfirst", "body", "quotes"):
        field = schema[name]
        numbers = TermNumbers()
        fast = analysis.indexer(field, numbers.__getitem__)
        assert fast is not None
        for text in texts:
            got = fast(text)
            items = [] if got is None else [(numbers.terms[t], *rest) for t, *rest in zip(*got)]
            assert 0 not in (got or [[]])[0]
            assert items == list(field.index(text)), (name, text[:60])
    assert analysis.indexer(schema["speaker"], TermNumbers().__getitem__) is None  # another analyzer
    # the spelling suggestions' words: what the parent's own documents give, every spelling
    assert words == surface_words(texts, set())
    assert {"café", "cafe", "šakalienė", "sakaliene"} <= words


@given(st.text(alphabet=st.sampled_from("ab1_é.. \n-’"), max_size=40) | st.text(max_size=40))
def test_the_faster_word_pattern_finds_the_words_whoosh_finds(text):
    assert re.findall(_WORDS, text) == re.findall(_WHOOSH_WORDS, text)


@given(st.lists(st.integers(0, 2**31 - 1), max_size=50).map(sorted))
def test_positions_are_encoded_as_whoosh_encodes_them(positions):
    from whoosh.formats import Positions

    assert _encode_positions(positions) == Positions().encode(positions)


def _pool_corpus(root, n=80):
    for i in range(n):
        write(root / f"d{i // 20}" / f"a{i:03}.txt",
              f"Story number {i} about {'oil' if i % 3 else 'grain'} prices\n\n"
              f"\"Prices will rise,\" said Jane Doe{i % 4}, an analyst. Markets moved on day {i}.\n")
    return root


def test_pool_build_equals_in_process_build(tmp_path):
    # More files than POOL_THRESHOLD: the pool workers write segments in parallel.
    corpus = _pool_corpus(tmp_path / "corpus")
    pooled = update_index(corpus, tmp_path / "pooled", workers=2)
    serial = update_index(corpus, tmp_path / "serial", workers=1)
    assert (pooled.total, pooled.added) == (serial.total, serial.added) == (80, 80)
    ix_a, _ = open_index(corpus, tmp_path / "pooled")
    ix_b, _ = open_index(corpus, tmp_path / "serial")
    assert (len(ix_a._segments()), len(ix_b._segments())) == (2, 1)
    with Searcher(ix_a) as a, Searcher(ix_b) as b:
        for query in ("oil", "grain prices", '"will rise"', "speaker:doe2", "quotes:prices", "day 7"):
            for sort in ("relevance", "date"):
                ra, rb = a.search(query, sort=sort, limit=100), b.search(query, sort=sort, limit=100)
                assert ra.total == rb.total
                assert [(h.id, round(h.score, 6), h.snippet) for h in ra.hits] == \
                       [(h.id, round(h.score, 6), h.snippet) for h in rb.hits]


def test_workers_that_start_new_segments_build_the_same_index(tmp_path, monkeypatch):
    """A worker starts a new segment every SEGMENT_ARTICLES articles (its memory of terms
    would grow with the whole segment): here every 7, in the corpus order, and the index
    answers as one built in one segment, also after a file in a middle segment changes."""
    from reader.index import pool

    corpus = _pool_corpus(tmp_path / "corpus")
    defaults = list(pool.parse_in_pool.__defaults__)
    defaults[-1] = 7
    monkeypatch.setattr(pool.parse_in_pool, "__defaults__", tuple(defaults))
    split = update_index(corpus, tmp_path / "split", workers=2)
    serial = update_index(corpus, tmp_path / "serial", workers=1)
    assert (split.total, split.added) == (serial.total, serial.added) == (80, 80)
    queries = ("oil", "grain prices", '"will rise"', "speaker:doe2", "quotes:prices", "day 7", "day 30", "*")

    def same_answers(ordered: bool) -> None:
        ix_a, _ = open_index(corpus, tmp_path / "split")
        ix_b, _ = open_index(corpus, tmp_path / "serial")
        with Searcher(ix_a) as a, Searcher(ix_b) as b:
            for query in queries:
                for sort in ("relevance", "date"):
                    ra, rb = a.search(query, sort=sort, limit=100), b.search(query, sort=sort, limit=100)
                    rows_a = [(round(h.score, 6), h.id, h.snippet) for h in ra.hits]
                    rows_b = [(round(h.score, 6), h.id, h.snippet) for h in rb.hits]
                    assert ra.total == rb.total
                    assert rows_a == rows_b if ordered else sorted(rows_a) == sorted(rows_b)

    ix, _ = open_index(corpus, tmp_path / "split")
    assert len(ix._segments()) >= 80 // 7
    same_answers(ordered=True)  # equal scores in the corpus order, as in one segment
    write(corpus / "d1" / "a030.txt", "Story number 30 changed\n\nNow about grain, day 30.\n")
    os.utime(corpus / "d1" / "a030.txt", ns=(time.time_ns(), time.time_ns() + 10**9))
    for index in ("split", "serial"):
        assert update_index(corpus, tmp_path / index).updated == 1
    # (Whoosh's merge policy then joins segments this small, smallest first: equal scores
    # may come in another order; at SEGMENT_ARTICLES none is that small)
    same_answers(ordered=False)


def test_manifest_tracks_the_index_and_a_stale_one_is_ignored(tmp_path):
    corpus = _pool_corpus(tmp_path / "corpus")
    idx = tmp_path / "idx"
    update_index(corpus, idx, workers=2)
    ix, _ = open_index(corpus, idx)
    assert (idx / MANIFEST_FILE).exists()
    assert indexed_files(ix, idx) == _stored_states(ix)

    # change, add and delete files: the manifest follows, in both paths
    (corpus / "d0" / "a000.txt").write_text("Changed\n\nNew words here.\n", encoding="utf-8")
    os.utime(corpus / "d0" / "a000.txt", ns=(time.time_ns(), time.time_ns() + 10**9))
    (corpus / "d1" / "a020.txt").unlink()
    write(corpus / "new.txt", "Fresh\n\nVolcanoes.\n")
    summary = update_index(corpus, idx)
    assert (summary.added, summary.updated, summary.removed) == (1, 1, 1)
    ix, _ = open_index(corpus, idx)
    assert indexed_files(ix, idx) == _stored_states(ix)

    # a manifest that does not match the index is never trusted
    good = json.loads((idx / MANIFEST_FILE).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(good))
    data["files"]["d0/a001.txt"][0] += 1
    data["stamp"]["generation"] -= 1  # written for an older generation: stale
    (idx / MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert indexed_files(ix, idx) == _stored_states(ix)
    (idx / MANIFEST_FILE).write_text("{not json", encoding="utf-8")
    assert indexed_files(ix, idx) == _stored_states(ix)
    assert update_index(corpus, idx).added == 0
    # nor one of the right generation whose states have the wrong shape or types
    for bad in (["12", 3, "sha"], [12, 3], {"a": 1, "b": 2, "c": 3}, [12, 3.5, "sha"], [12, 3, None]):
        data = json.loads(json.dumps(good))
        data["files"]["d0/a001.txt"] = bad
        (idx / MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
        assert indexed_files(ix, idx) == _stored_states(ix), bad


def test_unchanged_pool_sized_corpus_writes_nothing(tmp_path):
    corpus = _pool_corpus(tmp_path / "corpus")
    idx = tmp_path / "idx"
    update_index(corpus, idx, workers=2)
    before = {p.name: p.stat().st_mtime_ns for p in idx.iterdir()}
    for path in corpus.rglob("*.txt"):  # touched, not changed: re-hashed in the pool, nothing written
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 5 * 10**9))
    summary = update_index(corpus, idx, workers=2)
    assert (summary.added, summary.updated, summary.removed, summary.total) == (0, 0, 0, 80)
    assert {p.name: p.stat().st_mtime_ns for p in idx.iterdir()} == before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX system")
def test_dead_worker_falls_back_to_this_process(tmp_path, monkeypatch):
    import reader.index.pool as pool_module

    corpus = _pool_corpus(tmp_path / "corpus")
    # a worker that dies at once: its files are parsed and added here instead
    monkeypatch.setattr(pool_module, "_segment_worker", _die)
    summary = update_index(corpus, tmp_path / "idx", workers=2)
    assert (summary.total, summary.added) == (80, 80)
    ix, _ = open_index(corpus, tmp_path / "idx")
    assert len(ix._segments()) == 1  # written by this process, not by the (dead) workers


def _die(*_args):
    os._exit(3)
