"""Crashes, concurrent writers and damaged indexes: the index recovers and never lies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from reader.index import open_index, update_index
from reader.index.store import indexed_ids
from reader.search import Searcher

from support import write

READER = shutil.which("reader")
QUERIES = ["river", "mountain OR valley", '"quiet harbour"', "speaker:berg", "date:2024"]


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("big")
    words = "river mountain valley quiet harbour forest meadow city bridge tower".split()
    for n in range(500):
        body = " ".join(words[(n + k) % 10] for k in range(400))
        write(root / f"{n // 100}" / f"{n:04}.txt",
              f" date 2024-{n % 12 + 1:02}-01 Story {n}\nStandfirst {n}.\n"
              f"“We are fine,” Minister Anna Berg said in story {n}.\n{body}\nThe quiet harbour {n}.\n")
    return root


@pytest.fixture(scope="module")
def clean_build(big_corpus, tmp_path_factory):
    idx = tmp_path_factory.mktemp("clean")
    update_index(big_corpus, idx)
    return idx


def answers(corpus, idx):
    ix, _ = open_index(corpus, idx)
    with Searcher(ix) as s:
        return {q: sorted(h.id for h in s.search(q, limit=1000, snippets=False).hits) for q in QUERIES}


def index_command(corpus, idx, *extra):
    return [READER, "index", str(corpus), "--index-dir", str(idx), "--json", *extra]


@pytest.mark.parametrize("kill_after", [1, 250, 500, "committing"])
def test_kill_9_during_a_build_then_the_next_run_recovers(big_corpus, clean_build, tmp_path, kill_after):
    idx = tmp_path / "idx"
    # its own TMPDIR: a killed build leaves multiprocessing's pymp-* folders behind
    child = subprocess.Popen(index_command(big_corpus, idx, "--progress"), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    for raw in child.stdout:
        progress = json.loads(raw).get("progress")
        if progress and (progress["phase"] == kill_after or progress["done"] == kill_after):
            break
    child.kill()
    child.wait()
    out = subprocess.run(index_command(big_corpus, idx), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert list(indexed_ids(idx)) == list(indexed_ids(clean_build))
    assert answers(big_corpus, idx) == answers(big_corpus, clean_build)


def test_sigterm_during_a_build_cleans_up_and_the_next_run_recovers(big_corpus, clean_build, tmp_path):
    """What the app does to its indexer when the user quits mid-build."""
    idx, tmp = tmp_path / "idx", tmp_path / "tmp"
    tmp.mkdir()
    child = subprocess.Popen(index_command(big_corpus, idx, "--progress"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp)})
    for raw in child.stdout:
        progress = json.loads(raw).get("progress")
        if progress and progress["done"] >= 250:
            break
    child.terminate()
    child.stdout.read()
    assert child.wait(timeout=60) == 143
    assert child.stderr.read().strip().splitlines()[-1] == "reader: terminated"
    assert list(tmp.iterdir()) == []  # no pymp-* folder or other leftovers
    out = subprocess.run(index_command(big_corpus, idx), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert answers(big_corpus, idx) == answers(big_corpus, clean_build)


def test_a_second_writer_waits_then_fails_clearly(tmp_path):
    from filelock import FileLock

    corpus = tmp_path / "c"
    write(corpus / "a.txt", "A\n\nText.\n")
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    with FileLock(idx / "reader.lock"):  # another writer is busy
        second = subprocess.run(index_command(corpus, idx, "--wait", "1"), capture_output=True, text=True,
                                timeout=120)
        search = subprocess.run([READER, "search", "text", "--corpus", str(corpus), "--index-dir", str(idx),
                                 "--json"], capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    lines = second.stderr.strip().splitlines()
    assert lines[0] == "reader: warning: another process is writing this index; waiting up to 1 s for it"
    assert lines[-1].startswith("reader: error:") and "still locked" in lines[-1] and len(lines) == 2
    # a search does not wait: it answers from what is indexed
    assert search.returncode == 0 and len(json.loads(search.stdout)) == 1
    assert "another process is updating the index" in search.stderr
    again = subprocess.run(index_command(corpus, idx), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0


def test_a_second_writer_that_gets_the_lock_finds_the_work_done(big_corpus, clean_build, tmp_path):
    idx = tmp_path / "idx"
    first = subprocess.Popen(index_command(big_corpus, idx), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second = subprocess.run(index_command(big_corpus, idx), capture_output=True, text=True, timeout=300)
    first.wait()
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert list(indexed_ids(idx)) == list(indexed_ids(clean_build))


def _damage(idx, how):
    names = os.listdir(idx)
    if how == "segment":
        seg = next(idx / n for n in names if n.endswith(".seg"))
        data = bytearray(seg.read_bytes())
        for i in range(len(data) // 3, len(data) // 3 + 4096):
            data[i] = (data[i] * 31 + 7) % 256
        seg.write_bytes(bytes(data))
    elif how == "toc":
        for n in names:
            if n.endswith(".toc"):
                os.remove(idx / n)
    elif how == "truncated":
        seg = next(idx / n for n in names if n.endswith(".seg"))
        seg.write_bytes(seg.read_bytes()[:1000])
    elif how == "schema":
        meta = json.loads((idx / "reader-index.json").read_text())
        (idx / "reader-index.json").write_text(json.dumps(meta | {"schema_version": -1}))


@pytest.mark.parametrize("how", ["segment", "toc", "truncated", "schema"])
def test_a_damaged_index_is_reported_then_rebuilt(big_corpus, clean_build, tmp_path, how):
    idx = tmp_path / "idx"
    shutil.copytree(clean_build, idx)
    _damage(idx, how)
    search = subprocess.run([READER, "search", "river", "--corpus", str(big_corpus), "--index-dir", str(idx),
                             "--json"], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in search.stderr
    if search.returncode != 0:
        assert search.stderr.strip().count("\n") == 0 and "reader index --rebuild" in search.stderr
    out = subprocess.run(index_command(big_corpus, idx), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert list(indexed_ids(idx)) == list(indexed_ids(clean_build))
    assert answers(big_corpus, idx) == answers(big_corpus, clean_build)


async def test_the_app_rebuilds_a_damaged_index_at_start(big_corpus, clean_build, tmp_path, wait_until):
    from reader.tui import ReaderApp
    from reader.userdata import QueryHistory

    idx = tmp_path / "idx"
    shutil.copytree(clean_build, idx)
    _damage(idx, "segment")
    app = ReaderApp(big_corpus, idx, history=QueryHistory(tmp_path / "h"), show_timings=False, blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: app.screen.status.index_state.startswith("up to date"), timeout=120)
        assert app.screen.status.index_state.startswith("up to date · 500 articles")
    assert list(indexed_ids(idx)) == list(indexed_ids(clean_build))


def test_python_m_reader_works_for_the_pool(big_corpus, tmp_path):
    out = subprocess.run([sys.executable, "-m", "reader", "index", str(big_corpus), "--index-dir",
                          str(tmp_path / "i"), "--json"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and json.loads(out.stdout.splitlines()[-1])["added"] == 500
