"""Bookmarks (core): per corpus, kept between sessions, never lost, never a reason to crash."""

from __future__ import annotations

import json
from datetime import datetime

from reader.article import Article
from reader.userdata.bookmarks import Bookmarks, bookmarks_path


def article(root, name: str, title: str = "A title", date: datetime | None = datetime(2025, 2, 13)) -> Article:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\nBody.\n", encoding="utf-8")
    return Article(id=name, path=str(path), title=title, date=date, standfirst="", body=("Body.",))


def test_bookmarks_are_kept_per_corpus_and_between_sessions(tmp_path, private_user_dirs):
    one, two = tmp_path / "one", tmp_path / "two"
    marks = Bookmarks()
    assert marks.path == bookmarks_path() and str(marks.path).startswith(str(private_user_dirs))
    marks.add(one, article(one, "a.txt", "First"))
    marks.add(one, article(one, "b.txt", "Second", date=None))
    marks.add(two, article(two, "c.txt", "Elsewhere"))
    again = Bookmarks()  # a new session
    listed = again.for_corpus(one)
    assert [(m.title, m.date, m.id) for m in listed] == [("Second", None, "b.txt"), ("First", "2025-02-13", "a.txt")]
    assert listed[0].path == str(one / "b.txt") and datetime.fromisoformat(listed[0].added)
    assert [m.title for m in again.for_corpus(two)] == ["Elsewhere"]
    assert again.for_corpus(tmp_path / "none") == []


def test_toggle_adds_then_removes(tmp_path):
    marks = Bookmarks(tmp_path / "b.json")
    a = article(tmp_path, "a.txt")
    assert marks.toggle(tmp_path, a) is True and marks.contains(tmp_path, "a.txt")
    assert marks.toggle(tmp_path, a) is False and not marks.contains(tmp_path, "a.txt")
    assert marks.remove(tmp_path, "a.txt") is False


def test_a_corpus_is_the_same_by_any_path_to_it(tmp_path):
    marks = Bookmarks(tmp_path / "b.json")
    (tmp_path / "c").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "c")
    marks.add(tmp_path / "c", article(tmp_path / "c", "a.txt"))
    assert marks.contains(tmp_path / "link", "a.txt")
    assert marks.contains(tmp_path / "c" / ".." / "c", "a.txt")


def test_two_sessions_never_lose_each_others_bookmarks(tmp_path):
    first, second = Bookmarks(tmp_path / "b.json"), Bookmarks(tmp_path / "b.json")
    first.add(tmp_path, article(tmp_path, "a.txt"))
    second.add(tmp_path, article(tmp_path, "b.txt"))
    first.remove(tmp_path, "zzz")
    assert {m.id for m in Bookmarks(tmp_path / "b.json").for_corpus(tmp_path)} == {"a.txt", "b.txt"}


def test_a_gone_file_is_listed_as_gone(tmp_path):
    marks = Bookmarks(tmp_path / "b.json")
    a = article(tmp_path, "a.txt")
    marks.add(tmp_path, a)
    assert not marks.for_corpus(tmp_path)[0].gone
    (tmp_path / "a.txt").unlink()
    assert marks.for_corpus(tmp_path)[0].gone


def test_a_damaged_file_warns_once_starts_empty_and_is_kept_aside(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"version": 1, "corpora": {"/x": [ oops', encoding="utf-8")
    warnings = []
    marks = Bookmarks(path, warn=warnings.append)
    assert marks.for_corpus(tmp_path) == [] and marks.for_corpus(tmp_path) == []
    assert len(warnings) == 1 and "is damaged" in warnings[0] and "b.json.damaged" in warnings[0]
    marks.add(tmp_path, article(tmp_path, "a.txt"))
    assert (tmp_path / "b.json.damaged").read_text(encoding="utf-8").endswith("oops")
    assert [m.id for m in Bookmarks(path).for_corpus(tmp_path)] == ["a.txt"]


def test_odd_entries_are_skipped_not_fatal(tmp_path):
    path = tmp_path / "b.json"
    good = {"id": "a.txt", "path": str(tmp_path / "a.txt"), "title": "T", "date": None, "added": "2026-01-01T00:00:00+00:00"}
    path.write_text(json.dumps({"version": 1, "corpora": {
        str(tmp_path): [good, {"id": 3}, "junk", dict(good, date=5), dict(good, id="b.txt", extra="ignored")],
        "/other": "not a list"}}), encoding="utf-8")
    assert [m.id for m in Bookmarks(path).for_corpus(tmp_path)] == ["a.txt", "b.txt"][::-1]


def test_not_a_bookmarks_file_counts_as_damaged(tmp_path):
    for content in ("[]", '{"version": 2, "corpora": {}}', '{"corpora": []}', "\xff"):
        path = tmp_path / "b.json"
        path.write_text(content, encoding="latin-1")
        warnings = []
        assert Bookmarks(path, warn=warnings.append).for_corpus(tmp_path) == []
        assert len(warnings) == 1


def test_a_stale_damaged_read_never_sets_a_good_file_aside(tmp_path):
    """App A saw the damaged file; app B set it aside and saved; A's save keeps both."""
    path = tmp_path / "b.json"
    path.write_text('{"version": 1, "corpora": oops', encoding="utf-8")
    first, second = Bookmarks(path), Bookmarks(path)
    assert first.for_corpus(tmp_path) == []  # A reads the damaged file
    second.add(tmp_path, article(tmp_path, "b.txt"))  # B sets it aside and writes a good one
    first.add(tmp_path, article(tmp_path, "a.txt"))
    assert (tmp_path / "b.json.damaged").read_text(encoding="utf-8").endswith("oops")
    assert {m.id for m in Bookmarks(path).for_corpus(tmp_path)} == {"a.txt", "b.txt"}
    assert sorted(p.name for p in tmp_path.glob("b.json*")) == ["b.json", "b.json.damaged", "b.json.lock"]


def test_a_second_damaged_file_never_overwrites_the_first(tmp_path):
    path = tmp_path / "b.json"
    for number, junk in enumerate(("first oops", "second oops", "third oops")):
        path.write_text(junk, encoding="utf-8")
        warnings = []
        Bookmarks(path, warn=warnings.append).add(tmp_path, article(tmp_path, "a.txt"))
        expected = "b.json.damaged" + (f".{number}" if number else "")
        assert expected in warnings[0]  # the warning names the file it will be kept as
    assert (tmp_path / "b.json.damaged").read_text(encoding="utf-8") == "first oops"
    assert (tmp_path / "b.json.damaged.1").read_text(encoding="utf-8") == "second oops"
    assert (tmp_path / "b.json.damaged.2").read_text(encoding="utf-8") == "third oops"


def test_toggle_is_one_locked_change(tmp_path, monkeypatch):
    """Another app cannot slip a change in between a toggle's "is it there" and its write."""
    import reader.userdata.bookmarks as module

    entered = []

    class CountingLock(module.FileLock):
        def __enter__(self):
            entered.append(self.lock_file)
            return super().__enter__()

    monkeypatch.setattr(module, "FileLock", CountingLock)
    marks = Bookmarks(tmp_path / "b.json")
    a = article(tmp_path, "a.txt")
    assert marks.toggle(tmp_path, a) is True
    assert marks.toggle(tmp_path, a) is False
    assert len(entered) == 2 and not marks.contains(tmp_path, "a.txt")
