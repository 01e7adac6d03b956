"""Read state and tags: per corpus, keyed by relative path, atomic, safe with two writers."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from reader.userdata.marks import MarkError, Marks


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt"):
        (root / name).write_text("Title\n\nBody.\n")
    return root


def test_read_and_tags_per_corpus(tmp_path, corpus):
    store = tmp_path / "marks.json"
    marks = Marks(corpus, path=store)
    marks.mark_read(corpus / "a.txt")
    marks.add_tag("Follow-up", corpus / "a.txt", corpus / "sub/c.txt")
    assert marks.is_read(corpus / "a.txt") and not marks.is_read(corpus / "b.txt")
    assert marks.tags_of(corpus / "a.txt") == ["follow-up"]
    assert marks.all_tags() == {"follow-up": 2}
    assert marks.articles_with_tag("follow-up") == {str(corpus / "a.txt"), str(corpus / "sub/c.txt")}
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("x")
    assert not Marks(other, path=store).is_read(other / "a.txt")
    marks.mark_unread(corpus / "a.txt")
    marks.remove_tag("follow-up", corpus / "a.txt")
    assert not marks.is_read(corpus / "a.txt") and marks.tags_of(corpus / "a.txt") == []


def test_marks_are_kept_by_relative_path_so_a_moved_corpus_keeps_them(tmp_path, corpus):
    store = tmp_path / "marks.json"
    Marks(corpus, path=store).add_tag("done", corpus / "b.txt")
    assert '"b.txt"' in store.read_text()


def test_file_outside_corpus_is_a_one_line_error(tmp_path, corpus):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x")
    with pytest.raises(MarkError, match="elsewhere.txt"):
        Marks(corpus, path=tmp_path / "marks.json").mark_read(outside)


def test_bad_tag_is_refused(tmp_path, corpus):
    with pytest.raises(MarkError, match="bad tag"):
        Marks(corpus, path=tmp_path / "marks.json").add_tag("no spaces", corpus / "a.txt")


def test_damaged_file_warns_and_counts_as_empty(tmp_path, corpus):
    store = tmp_path / "marks.json"
    store.write_text("{not json")
    warnings = []
    assert Marks(corpus, path=store, warn=warnings.append).read_set() == set()
    assert warnings and "damaged" in warnings[0]


def _writer(corpus, store, name, count):
    marks = Marks(corpus, path=store)
    for i in range(count):
        marks.add_tag(f"{name}{i}", os.path.join(corpus, f"{name}.txt"))


def test_two_processes_writing_at_once_lose_nothing(tmp_path, corpus):
    store = tmp_path / "marks.json"
    procs = [multiprocessing.get_context("spawn").Process(target=_writer, args=(str(corpus), store, n, 15))
             for n in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    marks = Marks(corpus, path=store)
    assert len(marks.tags_of(corpus / "a.txt")) == 15
    assert len(marks.tags_of(corpus / "b.txt")) == 15
    assert not list(tmp_path.glob(".marks.json.*.tmp"))


def _reader(*argv, env):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "reader", *argv], capture_output=True, text=True, env=env)


def test_cli_tag_read_and_list(tmp_path, corpus):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"),
               PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x")
    done = _reader("tag", "+follow-up", "-done", str(corpus / "a.txt"), str(outside), "--corpus", str(corpus), env=env)
    assert done.returncode == 1 and "elsewhere.txt" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    listed = _reader("tag", "--list", "--corpus", str(corpus), env=env)
    assert listed.returncode == 0 and "follow-up" in listed.stdout and "1" in listed.stdout
    assert _reader("read", str(corpus / "b.txt"), "--corpus", str(corpus), env=env).returncode == 0
    text = next((tmp_path / "data").rglob("marks.json")).read_text()
    assert '"b.txt"' in text and '"read": true' in text
    removed = _reader("tag", "-follow-up", str(corpus / "a.txt"), "--corpus", str(corpus), env=env)
    assert removed.returncode == 0
    assert "follow-up" not in _reader("tag", "--list", "--corpus", str(corpus), env=env).stdout


def test_search_filters_by_read_state_and_tags(tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text("Blair wins\n\nTony Blair spoke.\n")
    (root / "b.txt").write_text("Blair loses\n\nBlair again.\n")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"),
               PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    assert _reader("tag", "+follow-up", str(root / "a.txt"), "--corpus", str(root), env=env).returncode == 0
    assert _reader("read", str(root / "b.txt"), "--corpus", str(root), env=env).returncode == 0

    def found(query):
        done = _reader("search", "--corpus", str(root), "--index-dir", str(tmp_path / "ix"), query, env=env)
        return done, {name for name in ("a.txt", "b.txt") if name in done.stdout}

    assert found("blair tag:follow-up")[1] == {"a.txt"}
    assert found("blair NOT tag:follow-up")[1] == {"b.txt"}
    assert found("is:read")[1] == {"b.txt"}
    assert found("blair is:unread")[1] == {"a.txt"}
    bad, _ = found("is:bogus")
    assert bad.returncode != 0 and "is:bogus" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_a_damaged_file_is_set_aside_not_overwritten(tmp_path, corpus):
    store = tmp_path / "marks.json"
    store.write_text("{not json")
    Marks(corpus, path=store).mark_read(corpus / "a.txt")
    assert [p.read_text() for p in tmp_path.glob("marks.json.damaged.*")] == ["{not json"]
    assert Marks(corpus, path=store).is_read(corpus / "a.txt")
