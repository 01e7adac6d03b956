"""Hardening II, the index: nothing a folder or a user hands reader may lose data, hang it
or break the corpus (issue 14: items 1, 2, 3, 9, 10, 18)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from reader.index import IndexUnavailable, open_index, update_index
from reader.index import manifest as manifest_module
from reader.index.manifest import MANIFEST_FILE
from reader.index.store import MARKER_FILE, META_FILE, _clear, indexed_ids

from support import tree_digest, write

READER = [sys.executable, "-m", "reader"]


def run(*args, timeout=120, **kwargs):
    return subprocess.run([*READER, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kwargs)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "w"
    write(root / "a.txt", "Title A\n\nBody about rivers.\n")
    write(root / "b.txt", "Title B\n\nBody about mountains.\n")
    return root


# 1. --index-dir pointed at a folder of the user's


def test_index_dir_of_the_users_own_files_is_refused_and_left_untouched(corpus, tmp_path):
    docs = tmp_path / "userdocs"
    write(docs / "MAIN_budget.txt", "budget\n")
    write(docs / "reader-words.txt", "words\n")
    docs.chmod(0o775)
    before = tree_digest(docs)
    result = run("index", corpus, "--index-dir", docs)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert str(docs) in line and "not an index folder of reader's" in line
    assert tree_digest(docs) == before
    assert stat.S_IMODE(docs.stat().st_mode) == 0o775
    # nor with --rebuild, nor by the update before a search
    assert run("index", corpus, "--index-dir", docs, "--rebuild").returncode == 1
    assert run("search", "rivers", "--corpus", corpus, "--index-dir", docs).returncode == 1
    assert tree_digest(docs) == before and stat.S_IMODE(docs.stat().st_mode) == 0o775


def test_an_old_index_with_a_file_of_the_users_is_refused(corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    (idx / MARKER_FILE).unlink()  # as an older reader left it
    write(idx / "notes.txt", "mine\n")
    before = tree_digest(idx)
    with pytest.raises(IndexUnavailable, match="notes.txt"):
        update_index(corpus, idx, rebuild=True)
    assert tree_digest(idx) == before


def test_readers_file_names_alone_prove_nothing(corpus, tmp_path):
    docs = tmp_path / "docs"
    write(docs / "reader-words.txt", "my own word list\n")
    write(docs / "reader.lock", "")
    before = tree_digest(docs)
    with pytest.raises(IndexUnavailable, match="neither reader-index.owner nor a reader-index.json"):
        update_index(corpus, docs)
    assert tree_digest(docs) == before


def test_an_index_folder_that_holds_the_corpus_is_refused(tmp_path):
    news = tmp_path / "news"
    write(news / "2024" / "a.txt", "Title\n\nBody.\n")
    write(news / "b.txt", "Other\n\nBody.\n")
    before = tree_digest(news)
    result = run("index", news / "2024", "--index-dir", news)
    assert result.returncode == 1
    assert "holds the corpus" in one_line(result.stderr)
    assert tree_digest(news) == before


def test_an_index_of_an_older_reader_is_migrated_not_rebuilt(corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    (idx / MARKER_FILE).unlink()
    (idx / "MAIN.tmp").mkdir()  # Whoosh's temporary folder, as a kill leaves it
    files = {p.name: p.stat().st_mtime_ns for p in idx.iterdir() if p.name != "MAIN.tmp"}
    warnings: list[str] = []
    summary = update_index(corpus, idx, warn=warnings.append)
    assert (summary.total, summary.added, warnings) == (2, 0, [])
    assert (idx / MARKER_FILE).is_file()
    assert {p.name: p.stat().st_mtime_ns for p in idx.iterdir() if p.name not in (MARKER_FILE, "MAIN.tmp")} == files


def test_a_new_or_empty_folder_becomes_readers(corpus, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    update_index(corpus, empty)
    assert (empty / MARKER_FILE).is_file()
    assert stat.S_IMODE(empty.stat().st_mode) == 0o700
    update_index(corpus, tmp_path / "new" / "idx")
    assert (tmp_path / "new" / "idx" / MARKER_FILE).is_file()


def test_clearing_checks_the_marker_right_before_removing(corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    (idx / MARKER_FILE).unlink()
    before = tree_digest(idx)
    with pytest.raises(IndexUnavailable, match="not an index folder of reader's"):
        _clear(idx)
    assert tree_digest(idx) == before


# 2. Damaged meta file and manifest: bounded, rebuilt with one warning


@pytest.mark.parametrize("garbage", ["[" * 2000, "{" * 100000, '"' + "x" * 100 + '"', "\xff\xfe", "[1, 2]"])
def test_a_damaged_meta_file_is_rebuilt_with_one_warning(corpus, tmp_path, garbage):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    (idx / META_FILE).write_text(garbage, encoding="utf-8", errors="surrogateescape")
    warnings: list[str] = []
    summary = update_index(corpus, idx, warn=warnings.append)
    assert summary.total == 2 and len(warnings) == 1 and "rebuilding" in warnings[0]
    assert len(indexed_ids(idx)) == 2


def test_a_damaged_meta_file_is_one_line_for_the_cli(corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    (idx / META_FILE).write_text("[" * 2000, encoding="utf-8")
    result = run("index", corpus, "--index-dir", idx)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "rebuilding" in result.stderr


@pytest.mark.parametrize("garbage", ["[" * 100000, '{"stamp": ' + "[" * 70 + "]" * 70 + "}", "not json", "[]"])
def test_a_damaged_manifest_is_not_trusted_and_is_one_warning(corpus, tmp_path, garbage):
    """The manifest is a record beside the index: one that is not reader's is not trusted
    (the stored documents say what is indexed), never a traceback, never a rebuild."""
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    (idx / MANIFEST_FILE).write_text(garbage, encoding="utf-8")
    open_index(corpus, idx)  # searchable as it is
    warnings: list[str] = []
    summary = update_index(corpus, idx, warn=warnings.append)
    assert (summary.total, summary.added, summary.updated) == (2, 0, 0)
    assert len(warnings) == 1 and MANIFEST_FILE in warnings[0] and "reading the index's own documents" in warnings[0]
    assert update_index(corpus, idx, warn=warnings.append).added == 0 and len(warnings) == 1  # written again


def test_a_manifest_past_the_size_bound_is_one_warning(corpus, tmp_path, monkeypatch):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_BYTES", 64)
    manifest_module._parsed.cache_clear()
    warnings: list[str] = []
    update_index(corpus, idx, warn=warnings.append)
    assert len(warnings) == 1 and "size limit" in warnings[0]


def test_a_fifo_for_the_meta_file_does_not_hang(corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    for name in (META_FILE, MANIFEST_FILE):
        (idx / name).unlink()
        os.mkfifo(idx / name)
    result = run("index", corpus, "--index-dir", idx, timeout=60)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr


# 3. A rebuild builds beside the live index and replaces it in one commit


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    words = "river mountain valley quiet harbour forest meadow city bridge tower".split()
    for n in range(400):
        body = " ".join(words[(n + k) % 10] for k in range(600))
        write(root / f"{n // 100}" / f"{n:04}.txt", f"Story {n}\n\nMinister Anna Berg spoke.\n{body}\n")
    return root


def doc_count(corpus, idx):
    ix, _ = open_index(corpus, idx)
    with ix.searcher() as searcher:
        return searcher.doc_count()


def test_a_serial_rebuild_answers_from_the_old_index_until_its_commit(corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    seen: list[int] = []
    update_index(corpus, idx, rebuild=True, workers=1,
                 progress=lambda p: seen.append(doc_count(corpus, idx)))
    assert seen and set(seen) == {2}
    assert doc_count(corpus, idx) == 2 and len(indexed_ids(idx)) == 2


def test_a_rebuild_of_an_emptied_corpus_empties_the_index(corpus, tmp_path):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    for path in corpus.iterdir():
        path.unlink()
    assert update_index(corpus, idx, rebuild=True).total == 0


@pytest.mark.parametrize("kill_at", [1, 200, "committing"])
def test_kill_9_during_a_rebuild_keeps_the_old_index(many, tmp_path, kill_at):
    import json
    import signal

    idx = tmp_path / "idx"
    total = update_index(many, idx).total
    child = subprocess.Popen([*READER, "index", str(many), "--index-dir", str(idx), "--rebuild", "--json",
                              "--progress"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        for raw in child.stdout:
            progress = json.loads(raw).get("progress")
            if progress and (progress["phase"] == kill_at or progress["done"] == kill_at):
                assert doc_count(many, idx) == total  # searches answer from the old index meanwhile
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.kill()
        child.wait(timeout=30)
    count = doc_count(many, idx)  # the old index, or the new one if the commit made it: never less
    assert count == total
    assert update_index(many, idx).total == total


# 9. A read-only index: searched as it is; `reader index` says in one line why it can't write


@pytest.fixture
def mount_point(tmp_path):
    """A folder for a tmpfs or bind mount (skips if this machine can't mount); unmounted after."""
    mounted: list[str] = []

    def mount(*args: str) -> None:
        result = subprocess.run(["mount", *args], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount here: {result.stderr.strip()}")
        mounted.append(args[-1])

    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", path], capture_output=True)


def test_a_read_only_index_is_searched_and_index_says_why(corpus, tmp_path, mount_point):
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    mount_point("--bind", str(idx), str(idx))
    mount_point("-o", "remount,ro,bind", str(idx))
    write(corpus / "c.txt", "Title C\n\nBody about rivers again.\n")  # the search's update would write
    search = run("search", "rivers", "--corpus", corpus, "--index-dir", idx, "--format", "jsonl")
    assert search.returncode == 0, search.stderr
    assert len(search.stdout.splitlines()) == 1  # the index as it was: a.txt only
    assert "read-only" in one_line(search.stderr)
    index = run("index", corpus, "--index-dir", idx)
    assert index.returncode == 1
    assert "read-only file system" in one_line(index.stderr) and str(idx) in index.stderr


SITE_LOCK_DENIED = '''
import errno, filelock
def acquire(self, *args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied", str(self.lock_file))
filelock.FileLock.acquire = acquire
'''


def test_a_lock_of_another_user_is_one_line_and_search_goes_on(corpus, tmp_path):
    """reader.lock mode 444 for another user (root ignores modes: EACCES injected at the lock)."""
    idx = tmp_path / "idx"
    update_index(corpus, idx)
    site = tmp_path / "site"
    write(site / "sitecustomize.py", SITE_LOCK_DENIED)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    write(corpus / "c.txt", "Title C\n\nBody about rivers again.\n")
    search = run("search", "rivers", "--corpus", corpus, "--index-dir", idx, "--format", "jsonl", env=env)
    assert search.returncode == 0, search.stderr
    assert len(search.stdout.splitlines()) == 1
    assert "permission denied" in one_line(search.stderr)
    index = run("index", corpus, "--index-dir", idx, env=env)
    assert index.returncode == 1 and "permission denied" in one_line(index.stderr)


# 10. A full disk: one line, the index unchanged, the partial segments removed, search goes on


def index_state(idx):
    return {p.name: p.stat().st_size for p in idx.iterdir() if p.name != "MAIN_WRITELOCK"}


@pytest.mark.skipif(not os.path.isdir("/work/shared/datasets/bbc"), reason="no bbc data set here")
def test_a_first_build_on_a_full_disk_is_one_line_and_leaves_no_segments(tmp_path, mount_point):
    disk = tmp_path / "disk"
    disk.mkdir()
    mount_point("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk))
    result = run("index", "/work/shared/datasets/bbc", "--index-dir", disk / "idx", timeout=300)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "warning" not in line]
    assert errors == [f"reader: error: no space left on {disk} (the disk of the index at {disk / 'idx'}): "
                      "the index is unchanged"], result.stderr
    assert "Traceback" not in result.stderr
    assert not [p.name for p in (disk / "idx").iterdir() if p.name.endswith(".seg") or p.name.endswith(".tmp")]


def test_an_update_on_a_full_disk_leaves_the_index_as_it_was_and_search_goes_on(many, tmp_path, mount_point):
    disk = tmp_path / "disk"
    disk.mkdir()
    mount_point("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk))
    corpus = tmp_path / "c"
    for path in sorted(many.rglob("*.txt"))[:100]:
        write(corpus / path.relative_to(many), path.read_text(encoding="utf-8"))
    idx = disk / "idx"
    assert update_index(corpus, idx).total == 100
    before = index_state(idx)
    with open(disk / "filler", "wb") as filler:  # the rest of the disk
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
    for n in range(80):  # enough for the pool: its workers hit the full disk
        write(corpus / "new" / f"{n}.txt", f"New {n}\n\nRivers {n} and " + " ".join(f"w{n}x{k}" for k in range(100)))
    for args in (["index", corpus, "--index-dir", idx], ["index", corpus, "--index-dir", idx, "--rebuild"]):
        result = run(*args)
        assert result.returncode == 1
        assert one_line(result.stderr).endswith(": the index is unchanged")
        assert index_state(idx) == before
    search = run("search", "harbour", "--corpus", corpus, "--index-dir", idx, "--format", "jsonl", "--limit", "500")
    assert search.returncode == 0, search.stderr
    assert len(search.stdout.splitlines()) == 100
    assert "no space left" in one_line(search.stderr)
    (disk / "filler").unlink()
    assert update_index(corpus, idx).total == 180


# 18. kill -9 of `reader index --watch` leaves nothing in TMPDIR


def test_kill_9_of_index_watch_leaves_nothing_in_tmpdir(many, tmp_path):
    import signal
    import time

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    child = subprocess.Popen([*READER, "index", str(many), "--index-dir", str(tmp_path / "idx"), "--watch"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "TMPDIR": str(tmp)})
    try:
        for line in child.stderr:
            if "watching" in line:
                break
        assert list(tmp.iterdir()), ("the pool's folder is there while it runs", list(tmp_path.iterdir()), line)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        child.kill()
    deadline = time.monotonic() + 20  # the fork server goes once the workers have
    while list(tmp.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(tmp.iterdir()) == []


def test_a_pool_folder_left_by_a_dead_process_is_swept(tmp_path):
    from reader.index.pool import POOL_TMP_MARK, POOL_TMP_PREFIX, _sweep_stale_temp_dirs

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{POOL_TMP_PREFIX}{dead.stdout.strip()}-abc"
    live = tmp_path / f"{POOL_TMP_PREFIX}{os.getpid()}-abc"
    other = tmp_path / "pymp-xyz"
    unmarked = tmp_path / f"{POOL_TMP_PREFIX}{dead.stdout.strip()}-def"  # not proved reader's
    for path in (stale, live, other, unmarked):
        path.mkdir()
    for path in (stale, live, other):
        (path / POOL_TMP_MARK).write_text("x")
    _sweep_stale_temp_dirs(str(tmp_path))
    assert not stale.exists() and live.exists() and other.exists() and unmarked.exists()
