"""Hardening II (search and command line): what a user types or a folder holds never
loses output, hangs a search past its bound, or passes for a damaged index.

Each test is a fault of issue 14 found on the code as it was; the ones about signals,
pipes and time run ``reader`` in a child process with a time limit, so a regression
fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from reader.ingest import bundled_corpus

READER = shutil.which("reader")
LIMIT = 60  # seconds: every case here answers in well under that


def reader(*args, env_extra=None, timeout=LIMIT):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([READER, *args], capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory):
    """The bundled corpus's index, built once for the module."""
    index_dir = tmp_path_factory.mktemp("bundled-index")
    done = reader("index", str(bundled_corpus()), "--index-dir", str(index_dir))
    assert done.returncode == 0, done.stderr
    return index_dir


def _a_bundled_article() -> str:
    return str(sorted(bundled_corpus().glob("*.txt"))[0])


# 14. A closed pipe is a normal end -------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["search", "said", "--limit", "200"],
    ["search", "said", "--limit", "200", "--json"],
    ["search", "said", "--limit", "200", "--format", "csv"],
    ["related", "ARTICLE"],
    ["show", "ARTICLE"],
    ["show", "ARTICLE", "--json"],
])
def test_output_into_a_closed_pipe_ends_quietly_with_status_0(bundled_index, command):
    """``reader search said --limit 200 | head -1`` exited 1 (Rich's own broken-pipe exit)."""
    args = [_a_bundled_article() if a == "ARTICLE" else a for a in command]
    if args[0] in ("search", "related"):
        args += ["--corpus", str(bundled_corpus()), "--index-dir", str(bundled_index)]
    child = subprocess.Popen([READER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # the reader of the output is gone before anything is written
    try:
        err = child.stderr.read()
        status = child.wait(timeout=LIMIT)
    finally:
        child.kill()
    assert status == 0, err
    assert err == b""


# 15. Error lines show file and folder names escaped ----------------------------------------

HOSTILE = "\x1b]0;pwned\x07dir\x1b[2J"


@pytest.mark.parametrize("command", [
    ["show", "MISSING"],
    ["show", "EMPTY"],
    ["related", "EMPTY"],
    ["speakers", "EMPTY"],
    ["search", "oil", "--corpus", "MISSING"],
    ["MISSING"],
    ["bench", "MISSING"],
])
def test_error_lines_never_carry_a_names_escape_sequences(tmp_path, command):
    """``reader show $'\\e]0;pwned\\adir'`` printed the name raw: it retitled the terminal."""
    empty = tmp_path / f"{HOSTILE}.txt"
    empty.write_bytes(b"")
    names = {"MISSING": str(tmp_path / HOSTILE), "EMPTY": str(empty)}
    done = reader(*[names.get(a, a) for a in command])
    assert done.returncode in (1, 2)
    assert done.stderr.strip(), "the failure is reported"
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "\\x1b]0;pwned\\x07dir" in done.stderr  # the name is shown, escaped


# 16. --wait takes seconds, and only seconds ---------------------------------------------


@pytest.mark.parametrize("wait", ["nan", "inf", "-inf", "-1", "soon"])
def test_a_wait_that_is_no_length_of_time_is_a_usage_error(tmp_path, wait):
    """``--wait nan`` while another process held the lock was a ValueError traceback."""
    from filelock import FileLock

    from reader.index.update import LOCK_FILE

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    with FileLock(index_dir / LOCK_FILE):  # another process is writing the index
        done = reader("index", str(bundled_corpus()), "--index-dir", str(index_dir), "--wait", wait,
                      timeout=20)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "--wait" in done.stderr.splitlines()[-1]


def test_a_wait_of_seconds_still_waits_for_the_lock(tmp_path):
    from filelock import FileLock

    from reader.index.update import LOCK_FILE

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    with FileLock(index_dir / LOCK_FILE):
        done = reader("index", str(bundled_corpus()), "--index-dir", str(index_dir), "--wait", "0.3")
    assert done.returncode == 1
    assert "still locked by another process after 0.3 s" in done.stderr
