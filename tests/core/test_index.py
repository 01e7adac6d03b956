"""Incremental indexing: add, change, delete, unchanged (writes nothing), rebuilds."""

import json
import os
import stat
import time

import pytest

from reader.index import IndexUnavailable, open_index, update_index
from reader.index.store import META_FILE, indexed_ids
from reader.search import Searcher

from support import tree_digest, write


def index_files(index_dir):
    return {p.name: p.stat().st_mtime_ns for p in index_dir.iterdir()}


def test_build_then_unchanged_writes_nothing(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    first = update_index(small_corpus, idx)
    assert (first.total, first.added, first.updated, first.removed, first.skipped) == (4, 4, 0, 0, 0)
    before = index_files(idx)
    second = update_index(small_corpus, idx)
    assert (second.total, second.added, second.updated, second.removed) == (4, 0, 0, 0)
    assert index_files(idx) == before


def test_add_change_delete(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(small_corpus, idx)
    write(small_corpus / "new.txt", "Fresh story\n\nSomething about volcanoes.\n")
    summary = update_index(small_corpus, idx)
    assert (summary.added, summary.updated, summary.removed, summary.total) == (1, 0, 0, 5)

    md = small_corpus / "sub" / "markets.md"
    md.write_text(md.read_text(encoding="utf-8").replace("rallied", "tumbled"), encoding="utf-8")
    os.utime(md, ns=(time.time_ns(), time.time_ns() + 10**9))
    summary = update_index(small_corpus, idx)
    assert (summary.added, summary.updated, summary.removed) == (0, 1, 0)

    (small_corpus / "wire.jsonl").unlink()
    summary = update_index(small_corpus, idx)
    assert (summary.added, summary.updated, summary.removed, summary.total) == (0, 0, 2, 3)

    ix, _ = open_index(small_corpus, idx)
    with Searcher(ix) as s:
        assert s.search("tumbled").total == 1 and s.search("\"shares rallied\"").total == 0
        assert s.search("volcano").total == 1 and s.search("cocoa").total == 0


def test_touched_but_identical_file_is_not_reindexed(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(small_corpus, idx)
    f = small_corpus / "seed.txt"
    os.utime(f, ns=(time.time_ns(), time.time_ns() + 5 * 10**9))
    before = index_files(idx)
    summary = update_index(small_corpus, idx)
    assert (summary.added, summary.updated) == (0, 0)
    assert index_files(idx) == before


def test_bad_files_are_skipped_and_warned_and_write_nothing(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    write(small_corpus / "empty.txt", "")
    write(small_corpus / "bin.txt", b"\x00\x01\x02")
    warnings = []
    summary = update_index(small_corpus, idx, warn=warnings.append)
    assert summary.total == 4 and summary.skipped == 2
    assert len(warnings) == 2 and any("empty.txt" in w for w in warnings)
    before = index_files(idx)
    again = update_index(small_corpus, idx, warn=warnings.append)
    assert (again.added, again.skipped) == (0, 2)
    assert index_files(idx) == before


def test_pool_build_equals_serial_build(tmp_path):
    root = tmp_path / "many"
    for n in range(80):
        write(root / f"{n:03}.txt", f"Story {n}\n\nParagraph about topic{n % 7} and more.\n")
    serial = update_index(root, tmp_path / "a", workers=1)
    pooled = update_index(root, tmp_path / "b", workers=2)
    assert serial.total == pooled.total == 80
    assert list(indexed_ids(tmp_path / "a")) == list(indexed_ids(tmp_path / "b"))


def test_rebuild_starts_over(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(small_corpus, idx)
    summary = update_index(small_corpus, idx, rebuild=True)
    assert (summary.added, summary.total) == (4, 4)


def test_old_schema_version_is_rebuilt_with_a_message(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(small_corpus, idx)
    meta = json.loads((idx / META_FILE).read_text())
    (idx / META_FILE).write_text(json.dumps(meta | {"schema_version": 0}))
    warnings = []
    summary = update_index(small_corpus, idx, warn=warnings.append)
    assert summary.added == 4 and any("schema version 0" in w and "rebuilding" in w for w in warnings)


def test_damaged_index_is_rebuilt(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(small_corpus, idx)
    for name in os.listdir(idx):
        if name.endswith(".toc"):
            (idx / name).write_bytes(b"garbage")
    warnings = []
    summary = update_index(small_corpus, idx, warn=warnings.append)
    assert summary.added == 4 and any("damaged" in w for w in warnings)


def test_index_of_another_corpus_is_not_trusted(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    other = tmp_path / "other"
    write(other / "x.txt", "X\n\nY.\n")
    update_index(other, idx)
    warnings = []
    summary = update_index(small_corpus, idx, warn=warnings.append)
    assert summary.total == 4 and any("another corpus" in w for w in warnings)


def test_index_dir_inside_corpus_is_refused(small_corpus):
    with pytest.raises(IndexUnavailable, match="inside the corpus"):
        update_index(small_corpus, small_corpus / ".index")


def test_index_dir_is_private(small_corpus, tmp_path):
    idx = tmp_path / "deep" / "idx"
    update_index(small_corpus, idx)
    assert stat.S_IMODE(idx.stat().st_mode) == 0o700


def test_corpus_is_never_written(small_corpus, tmp_path):
    before = tree_digest(small_corpus)
    update_index(small_corpus, tmp_path / "idx")
    update_index(small_corpus, tmp_path / "idx", rebuild=True)
    assert tree_digest(small_corpus) == before


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(IndexUnavailable, match="not a folder"):
        update_index(tmp_path / "nope", tmp_path / "idx")
