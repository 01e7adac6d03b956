"""Hostile corpora: whatever is in someone's archive, reader survives it and shows it literally."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.index import update_index
from reader.ingest import load_bytes, load_file
from reader.text import clean

from support import write

READER = shutil.which("reader")

GOOD = {
    "markup.txt": "[bold red]Alarm[/] [@click=app.quit]quit[/] [/\n\nMarkup [link=x]in[/link] the body, hostile one.\n",
    "escapes.txt": "Escapes \x1b]0;HACKED\x07title\n\nClipboard \x1b]52;c;aGk=\x07 write and \x1b[2J clear, hostile two.\n",
    "bidi.txt": "Bidi \u202eevil\u202c title\n\nOverride \u2066text\u2069 here, hostile three.\n",
    "crlf.txt": "Windows lines\r\n\r\nParagraph one, hostile four.\r\n\r\nTwo.\r\n",
    "quotes.txt": "Quote storm\n\n" + "\u201c" * 60_000 + " hostile five\n",
    "straight quotes.txt": "Straight storm\n\n" + '"' * 60_000 + " hostile six\n",
    "[brackets] name.txt": "Brackets in the name\n\nA file name with brackets, hostile seven.\n",
    "new\nline.txt": "Newline in the name\n\nA file name with a newline, hostile eight.\n",
    "front.md": "---\ntitle: Good front matter\n---\n\nMarkdown body, hostile nine.\n",
    "ok.jsonl": '{"title": "Good line", "text": "JSON body, hostile ten."}\n',
    "page.html": "<html><head><title>[b]Page[/b] \x1b]0;x\x07</title></head><body><nav><a href=/>Home</a></nav>"
                 "<article><p>An HTML page, hostile sixteen, with &#27;[2J an escape and [@click=app.quit] markup"
                 " in a paragraph long enough to be the story of the page.</p></article></body></html>",
}
GOOD_BYTES = {
    "utf16.txt": "UTF-16 file\n\nWith a byte order mark, hostile eleven.\n".encode("utf-16"),
    "latin1.txt": ("Latin-1 caf\u00e9\n\nThe caf\u00e9 sold cr\u00e8me br\u00fbl\u00e9e for \u00a33 on the "
                   "boulevard, hostile twelve, said the owner of the caf\u00e9.\n").encode("latin-1"),
    # read to the article limit (reader.ingest.limits), with a note: its word is in what is read
    "long line.txt": b"A ten megabyte line\n\nhostile thirteen " + b"word " * (2 * 1024 * 1024) + b"\n",
}
BAD = {
    "nul.txt": b"Title\n\n\x00\x00\x00\x01binary",
    "random.txt": bytes(range(256)) * 8,
    "empty.txt": b"",
    "blank.txt": b"   \n\t\n  ",
    "broken front.md": b"---\ntitle: [unclosed\n  - : :\n---\n\nBody.\n",
    "bad16.txt": b"\xff\xfe\x00\xd8",
    "junk.html": bytes(range(256)) * 8,
    "no story.html": b"<html><head><title>x</title></head><body><div id=app></div></body></html>",
}
BROKEN_JSONL = b'{"title": "Kept", "text": "Good line, hostile fourteen."}\n{not json\n["a list"]\n{"title": 5}\n'


@pytest.fixture
def hostile(tmp_path):
    root = tmp_path / "hostile"
    for name, text in GOOD.items():
        write(root / name, text)
    for name, data in {**GOOD_BYTES, **BAD}.items():
        write(root / name, data)
    write(root / "mixed.jsonl", BROKEN_JSONL)
    with open(os.fsencode(root) + b"/caf\xe9 bytes.txt", "wb") as handle:
        handle.write(b"Non-UTF-8 file name\n\nThe name is Latin-1, hostile fifteen.\n")
    outside = write(tmp_path / "outside" / "secret.txt", "Secret\n\nNever to be read, outsider.\n")
    os.symlink(outside, root / "link out.txt")
    os.symlink(outside.parent, root / "dir out")
    os.symlink(root, root / "loop")
    os.symlink(root / "self", root / "self")
    os.mkfifo(root / "fifo.txt")  # opening it would block forever: never opened
    return root


GOOD_COUNT = len(GOOD) + len(GOOD_BYTES) + 1 + 1  # + the kept JSON Lines record + the byte-named file
BAD_LINES = 3  # of mixed.jsonl
LINKS = 3  # link out, dir out, self


def test_reader_index_survives_a_hostile_corpus(hostile, tmp_path):
    assert READER
    started = time.monotonic()
    out = subprocess.run([READER, "index", str(hostile), "--index-dir", str(tmp_path / "idx"), "--json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["total"] == GOOD_COUNT
    warnings = [line for line in out.stderr.splitlines() if line.startswith("reader: warning:")]
    # one line per bad file, bad JSON Lines record and symlink not followed; a note for the Latin-1 file
    # and one for the file longer than an article is read
    assert len(warnings) == len(BAD) + BAD_LINES + LINKS + 2, "\n".join(warnings)
    assert summary["skipped"] == len(BAD) + BAD_LINES + LINKS
    for name in BAD:
        assert sum(name in w for w in warnings) == 1, name
    assert all("\x1b" not in w and "\n" not in w for w in warnings)
    assert time.monotonic() - started < 120  # bounded (generous: CI machines are slow)

    search = subprocess.run([READER, "search", "hostile OR outsider", "--corpus", str(hostile), "--index-dir",
                             str(tmp_path / "idx"), "--json", "--limit", "100"],
                            capture_output=True, text=True, timeout=120)
    assert search.returncode == 0, search.stderr
    hits = json.loads(search.stdout)
    assert len(hits) == GOOD_COUNT
    assert not any("outside" in h["path"] for h in hits)
    assert all("\x1b" not in json.dumps(h) for h in hits)


def test_the_good_files_are_all_found(hostile, tmp_path):
    summary = update_index(hostile, tmp_path / "idx", workers=1)
    from reader.index.store import indexed_ids

    ids = list(indexed_ids(tmp_path / "idx"))
    assert "markup.txt" in ids and "new\\nline.txt" in ids and "caf\\xe9 bytes.txt" in ids
    assert "mixed.jsonl:1" in ids and not any(i.startswith("mixed.jsonl:2") for i in ids)
    assert summary.total == GOOD_COUNT


def test_an_unreadable_file_is_one_warning(tmp_path, monkeypatch):
    f = write(tmp_path / "locked.txt", "Title\n\nBody.\n")
    real_open = os.open  # files are opened with os.open (checked before reading); root can read any mode

    def guarded_open(path, *args, **kwargs):
        if str(path) == str(f):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("os.open", guarded_open)
    result = load_file(str(f))
    assert result.articles == [] and "cannot be read (Permission denied)" in str(result.problems[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".jsonl", ".html"]))
def test_loaders_never_raise_on_any_bytes(data, suffix):
    result = load_bytes(data, f"/x/fuzz{suffix}", f"fuzz{suffix}")
    for article in result.articles:
        for text in (article.title, article.standfirst, *article.body):
            assert text == clean(text)
            assert "\x1b" not in text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_text_survives_loading_minus_control_characters(text):
    """Displayed text equals the source minus the stripped control characters."""
    text = text.replace("\r", "").replace("\x00", "")  # NUL bytes make a file binary: skipped
    result = load_bytes(("Title\n\n" + text).encode("utf-8"), "/x/a.txt", "a.txt")
    kept = " ".join(clean(text).split())
    shown = " ".join(" ".join(result.articles[0].body).split()) if result.articles and result.articles[0].body else ""
    assert shown == kept
