"""End to end: the installed ``reader`` in a real terminal (tmux), driven by keystrokes."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time

import pytest

from support import SEED_ARTICLE, write

TMUX = shutil.which("tmux")
READER = shutil.which("reader")

pytestmark = pytest.mark.skipif(
    TMUX is None and not os.environ.get("CI"), reason="tmux is not installed (CI installs it)"
)


class Terminal:
    """A tmux session running one command, read with capture-pane."""

    def __init__(self, command: str, width: int = 120, height: int = 36):
        self.name = f"reader-e2e-{os.getpid()}-{time.monotonic_ns()}"
        subprocess.run([TMUX, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                        f"{command}; echo READER-EXITED=$?; sleep 30"], check=True)

    def screen(self) -> str:
        out = subprocess.run([TMUX, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return out.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run([TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([TMUX, "send-keys", "-l", "-t", self.name, text], check=True)

    def wait_for(self, *texts: str, timeout: float = 120.0) -> str:
        """The screen once it shows every one of ``texts``: each check waits for what it expects
        (generously: a loaded machine draws slowly), never reads once after waiting for something else."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            missing = [text for text in texts if text not in screen]
            if not missing:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{missing!r} did not appear; the screen shows:\n{screen}")
            time.sleep(0.1)

    def wait_until_gone(self, text: str, timeout: float = 120.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not go away; the screen shows:\n{screen}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.name], capture_output=True)


def test_a_person_searches_reads_and_quits(tmp_path):
    assert TMUX and READER, "tmux and the installed reader script are needed"
    corpus = tmp_path / "corpus"
    write(corpus / "seed.txt", SEED_ARTICLE.read_text(encoding="utf-8"))
    write(corpus / "other.txt", "Weather report\n\nRain is expected on Tuesday, forecasters said.\n")
    write(corpus / "evil.txt", "Evil \x1b]0;HACKED\x07 title [@click=app.quit]\n\nThe alarm \x1b[2J text.\n")
    env = " ".join(f"{k}={shlex.quote(str(tmp_path / v))}" for k, v in
                   (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")))
    command = f"env -u COLUMNS -u LINES {env} TERM=xterm-256color {shlex.quote(READER)} {shlex.quote(str(corpus))}"
    term = Terminal(command)
    try:
        term.wait_for("up to date · 3 articles")
        term.type("deadly trap")
        term.keys("Enter")
        # the results come first, then the article with its speakers, as a person sees them
        term.wait_for("1 result", "Trump’s Phone Call With Putin", "Speakers (5)", "Šakalienė", "John Healey",
                      "Thursday 13 February 2025")  # the article is open, its speakers in the sidebar
        term.wait_for("n Next hit")  # the footer shows the reading keys: the results have the focus
        term.keys("/")  # back to the search box, the query selected: typing replaces it
        term.wait_until_gone("n Next hit")
        term.type("alarm")
        term.wait_for("▊  alarm ")
        term.keys("Enter")
        screen = term.wait_for("[@click=app.quit]")
        assert "HACKED" not in screen  # never drawn: the title shows, escape sequence stripped
        term.keys("Enter")  # open it: a click action in the title must stay text
        term.keys("q")
        term.wait_for("READER-EXITED=0")
    finally:
        term.close()


def test_a_person_goes_through_a_speaker_s_page_and_the_quotes_view(tmp_path):
    """Enter on a sidebar speaker opens their page; Enter on a quote its article; Esc twice
    back; v lists the query's quotes instead of its articles; q quits."""
    assert TMUX and READER, "tmux and the installed reader script are needed"
    corpus = tmp_path / "corpus"
    write(corpus / "seed.txt", SEED_ARTICLE.read_text(encoding="utf-8"))
    write(corpus / "other.txt", "Weather report\n\nRain is expected on Tuesday, forecasters said.\n")
    env = " ".join(f"{k}={shlex.quote(str(tmp_path / v))}" for k, v in
                   (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")))
    # a tmux server already running would not pass this process's PYTHONPATH on (the code under test)
    path = f"PYTHONPATH={shlex.quote(os.environ['PYTHONPATH'])} " if os.environ.get("PYTHONPATH") else ""
    command = (f"env -u COLUMNS -u LINES {env} {path}TERM=xterm-256color {shlex.quote(READER)} "
               f"{shlex.quote(str(corpus))}")
    term = Terminal(command)
    try:
        term.wait_for("up to date · 2 articles")
        term.type("deadly trap")
        term.keys("Enter")
        term.wait_for("Articles", "1 result", "Speakers (5)", "John Healey", "n Next hit")
        term.keys("Tab", "Tab")  # the results have the focus; then the article, then the speakers
        term.keys("Home", "Down", "Down", "Enter")  # Pete Hegseth, Boris Pistorius, John Healey
        term.wait_for("Written as: John Healey (1)", "Roles: U.K. Defence Secretary (1)",
                      "Quoted with: Boris Pistorius (1)", "Their quotes, newest first",
                      "There can be no negotiation about Ukraine", "1 quote · Enter opens the article")
        term.keys("Enter")  # its article, scrolled to the quote
        term.wait_for("Back to the speaker's page", "U.K. Defence Secretary John Healey said")
        term.keys("Escape")
        term.wait_for("Their quotes, newest first")
        term.keys("Escape")
        term.wait_for("Speakers (5)", "Articles", "1 result")
        term.keys("v")  # the query's quotes instead of its articles
        term.wait_for("Quotes · 2 quotes", "Dovilė Šakalienė  2025-02-13 · partial", "deadly trap")
        term.keys("q")
        term.wait_for("READER-EXITED=0")
    finally:
        term.close()
