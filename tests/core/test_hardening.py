"""Hardening II: what a folder or a user hands reader never hangs it, sinks it or opens what it must not.

Each test is a fault found by trying main as an attacker would (issue "Hardening II"); the
ones that hung on the old code run in a child process with a time limit, so a regression
fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from reader.ingest import load_bytes, load_file, read_bytes
from reader.untrusted import json_depth, loads_json
from reader.userdata.bookmarks import Bookmarks
from reader.userdata.history import QueryHistory

from support import REPO, write

READER = shutil.which("reader")
LIMIT = 60  # seconds: every case here answers in well under one


def reader(*args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([READER, *args], capture_output=True, text=True, env=env, timeout=LIMIT)


def _yaml_bomb(levels: int) -> str:
    """Front matter where each level lists the one before nine times: 9**levels items."""
    lines, before = ["a: &a [x, x, x, x, x, x, x, x, x]"], "a"
    for level in range(levels):
        name = f"b{level}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]")
        before = name
    return "---\n" + "\n".join(lines) + f"\ntitle: *{before}\n---\n\nThe body of the article.\n"


def test_a_yaml_alias_bomb_is_one_problem_not_gigabytes(tmp_path):
    """8 levels in 377 bytes: the old code was still indexing after 150 s at 4.3 GB."""
    corpus = tmp_path / "c"
    write(corpus / "bomb.md", _yaml_bomb(8))
    write(corpus / "good.txt", "A good article\n\nIt says something.\n")
    out = reader("index", str(corpus), "--index-dir", str(tmp_path / "i"), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[-1])["total"] == 1
    assert "bomb.md: front matter does not parse: aliases" in out.stderr
    shown = reader("show", str(corpus / "bomb.md"))
    assert shown.returncode != 0 and len(shown.stdout) < 1000


def test_front_matter_nested_too_deep_or_too_long_is_refused():
    deep = "---\ntitle: " + "[" * 200 + "]" * 200 + "\n---\n\nBody.\n"
    assert "nested deeper than" in str(load_bytes(deep.encode(), "deep.md", "deep.md").problems[0])
    long = "---\ntitle: " + "x" * 70_000 + "\n---\n\nBody.\n"
    assert "longer than 64 KB" in str(load_bytes(long.encode(), "long.md", "long.md").problems[0])
    fine = "---\ntitle: Tags and all\ntags: [a, b]\ndate: 2024-11-05\n---\n\nBody.\n"
    assert load_bytes(fine.encode(), "fine.md", "fine.md").articles[0].title == "Tags and all"


def test_one_deeply_nested_jsonl_record_is_one_warning_not_a_broken_corpus(tmp_path):
    """A 1,050-byte file made `reader index` and `reader search` exit 1 with a RecursionError."""
    corpus = tmp_path / "c"
    write(corpus / "bad.jsonl", "[" * 1000 + "\n" + '{"title": "Cocoa review", "text": "Showers continued."}\n')
    write(corpus / "good.txt", "Budget day\n\nThe minister spoke.\n")
    out = reader("index", str(corpus), "--index-dir", str(tmp_path / "i"), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[-1])["total"] == 2
    assert "bad.jsonl:1: not valid JSON (nested deeper than 64 levels)" in out.stderr
    found = reader("search", "cocoa", "--corpus", str(corpus), "--index-dir", str(tmp_path / "i"), "--json")
    assert found.returncode == 0 and [h["title"] for h in json.loads(found.stdout)] == ["Cocoa review"]


def test_the_json_depth_check_counts_only_real_nesting():
    assert json_depth('{"a": [1, {"b": "[[[[ not nesting ]]]]"}], "c": "\\"[["}') == 3
    assert loads_json('{"t": "' + "[" * 500 + '"}') == {"t": "[" * 500}  # brackets in a string are text
    with pytest.raises(ValueError, match="nested deeper than 64 levels"):
        loads_json("[" * 65 + "]" * 65)
    assert loads_json("[" * 64 + "]" * 64)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_when_opened_not_waited_on(tmp_path):
    """A FIFO swapped in for an article after the walk hung the build forever, lock held."""
    fifo = tmp_path / "310.txt"
    os.mkfifo(fifo)
    code = ("import sys; from reader.ingest import read_bytes, load_file\n"
            "print(read_bytes(sys.argv[1], 1000, follow_symlinks=False))\n"
            "print(load_file(sys.argv[1]).problems[0])\n")
    out = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=LIMIT,
                         cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("not a regular file (a FIFO)") == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_reader_config_naming_a_fifo_is_one_line_not_a_hang(tmp_path):
    """READER_CONFIG pointing at a FIFO hung every command, `config check` included."""
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    out = reader("config", "check", env_extra={"READER_CONFIG": str(fifo)})
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [f"reader: error: {fifo}: is not a regular file (a FIFO)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_the_history_file_is_an_empty_history(tmp_path):
    fifo = tmp_path / "history"
    os.mkfifo(fifo)
    code = "import sys; from reader.userdata.history import QueryHistory; print(QueryHistory(sys.argv[1]).entries)"
    out = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=LIMIT,
                         cwd=REPO)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr
    assert QueryHistory(tmp_path / "none").entries == []


def test_a_symlink_swapped_in_after_the_walk_is_not_followed(tmp_path):
    """`ln -s /etc/passwd c9/tech/399.txt` mid-build stored a document titled root:x:0:0."""
    outside = write(tmp_path / "outside" / "secret.txt", "root:x:0:0\n\nsecret\n")
    link = tmp_path / "c" / "399.txt"
    link.parent.mkdir()
    link.symlink_to(outside)
    problem = read_bytes(str(link), 1000, follow_symlinks=False)
    assert "is a symlink now" in str(problem) and "not followed" in str(problem)
    assert load_file(str(link), follow_symlinks=False).articles == []
    assert load_file(str(link)).articles  # a file the user names (reader show LINK) is still read


def test_a_bookmarks_file_nested_too_deep_is_damaged_not_a_traceback(tmp_path, private_user_dirs):
    path = write(private_user_dirs / "data" / "reader" / "bookmarks.json", "[" * 100_000)
    out = reader("bookmarks", "--corpus", str(tmp_path), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []
    assert "is damaged (nested deeper than 64 levels)" in out.stderr and "Traceback" not in out.stderr
    assert path.read_text() == "[" * 100_000  # kept as it is until a change sets it aside


def test_a_bookmark_edited_to_point_outside_its_corpus_is_not_opened(tmp_path):
    corpus = tmp_path / "corpus"
    inside = write(corpus / "a.txt", "Inside\n\nBody.\n")
    path = tmp_path / "bookmarks.json"
    mark = {"id": "a.txt", "path": str(inside), "title": "Inside", "date": None, "added": "2026-01-01T00:00:00+00:00"}
    escape = dict(mark, id="b.txt", path="/etc/passwd", title="Passwords")
    linked = corpus / "c.txt"
    linked.symlink_to("/etc/passwd")
    via_link = dict(mark, id="c.txt", path=str(linked), title="Through a link")
    path.write_text(json.dumps({"version": 1, "corpora": {os.path.realpath(corpus): [mark, escape, via_link]}}))
    warnings = []
    listed = Bookmarks(path, warn=warnings.append).for_corpus(corpus)
    assert [m.id for m in listed] == ["a.txt"]
    assert len(warnings) == 1 and "outside its corpus" in warnings[0] and "/etc/passwd" in warnings[0]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_symlink_swapped_in_during_a_build_is_not_indexed(tmp_path, monkeypatch, workers):
    """The walk saw a file; by the time it is read it is a link to /etc/passwd-like text."""
    import reader.index.update as update_module
    from reader.index import open_index, update_index
    from reader.ingest import walk
    from reader.search import Searcher

    corpus = tmp_path / "c9"
    for i in range(80):  # enough files for the process pool when workers=2
        write(corpus / "tech" / f"{i:03}.txt", f"Tech story {i}\n\nGadgets sold well.\n")
    secret = write(tmp_path / "outside" / "passwd.txt", "root:x:0:0 secret\n\nroot:x:0:0:root\n")

    def walk_then_swap(root, **kwargs):
        yield from walk(root, **kwargs)
        target = corpus / "tech" / "039.txt"
        target.unlink()
        target.symlink_to(secret)

    monkeypatch.setattr(update_module, "walk", walk_then_swap)
    warnings = []
    summary = update_index(corpus, tmp_path / "idx", workers=workers, warn=warnings.append)
    assert summary.total == 79 and summary.skipped == 1
    assert any("039.txt" in w and "not followed" in w for w in warnings)
    ix, _ = open_index(corpus, tmp_path / "idx")
    with Searcher(ix) as searcher:
        assert not searcher.search("root").hits


def test_reader_config_set_to_dev_null_means_no_config_file(small_corpus, tmp_path):
    """How the app's indexer child (and a user) says "no config": not a device to refuse."""
    out = reader("index", str(small_corpus), "--index-dir", str(tmp_path / "i"), env_extra={"READER_CONFIG": os.devnull})
    assert out.returncode == 0, out.stderr
    assert reader("config", "check", env_extra={"READER_CONFIG": os.devnull}).returncode == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_swapped_in_during_a_build_does_not_hang_it(tmp_path):
    """`rm c9/tech/310.txt; mkfifo c9/tech/310.txt` 3 s into a build hung it, holding the lock."""
    corpus = tmp_path / "c9"
    for i in range(80):  # enough files for the process pool
        write(corpus / "tech" / f"{i:03}.txt", f"Tech story {i}\n\nGadgets sold well.\n")
    code = (
        "import os, sys\n"
        "import reader.index.update as update\n"
        "from reader.index import update_index\n"
        "from reader.ingest import walk\n"
        "def walk_then_swap(root, **kwargs):\n"
        "    yield from walk(root, **kwargs)\n"
        "    target = os.path.join(sys.argv[1], 'tech', '031.txt')\n"
        "    os.unlink(target)\n"
        "    os.mkfifo(target)\n"
        "update.walk = walk_then_swap\n"
        "if __name__ == '__main__':\n"
        "    s = update_index(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), warn=print)\n"
        "    print('total', s.total, 'skipped', s.skipped)\n"
    )
    script = write(tmp_path / "swap.py", code)
    for workers in ("1", "2"):
        corpus_copy = tmp_path / f"c{workers}"
        shutil.copytree(corpus, corpus_copy)
        out = subprocess.run([sys.executable, str(script), str(corpus_copy), str(tmp_path / f"i{workers}"), workers],
                             capture_output=True, text=True, timeout=LIMIT, cwd=REPO)
        assert out.returncode == 0, out.stderr
        assert "031.txt: not a regular file (a FIFO)" in out.stdout
        assert out.stdout.strip().splitlines()[-1] == "total 79 skipped 1"


def test_a_web_page_too_large_to_parse_in_good_time_is_one_warning(monkeypatch):
    """trafilatura parses a page whole, in time that grows with it (4 s for 10 MB here)."""
    from reader.ingest import limits, loaders

    monkeypatch.setattr(loaders, "MAX_HTML_BYTES", 4096)
    page = b"<html><head><title>Big</title></head><body><article>" + b"<p>Words and words.</p>" * 400 + b"</article>"
    result = load_bytes(page, "big.html", "big.html")
    assert result.articles == [] and "a web page larger than 0 MB; not read" in str(result.problems[0])
    assert limits.MAX_HTML_BYTES == 10 * 1024 * 1024
    small = b"<html><head><title>Small page</title></head><body><article><p>" + b"Words. " * 40 + b"</p></article>"
    assert load_bytes(small, "small.html", "small.html").articles
