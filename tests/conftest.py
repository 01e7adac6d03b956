"""Shared fixtures: a private cache/data dir per test, small corpora, the corpora never written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from support import BUNDLED, SEED_ARTICLE, SEED_DIR, SHARED, tree_digest, write


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own cache, data and config dirs: no test touches the user's."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("READER_INDEX_DIR", raising=False)
    monkeypatch.delenv("READER_CONFIG", raising=False)  # the config is read from the private XDG_CONFIG_HOME
    return home




@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """Three articles in three formats, one with the seed article's text."""
    root = tmp_path / "corpus"
    write(root / "seed.txt", SEED_ARTICLE.read_text(encoding="utf-8") if SEED_ARTICLE.exists() else
          " date 2025-02-13 Trump’s Phone Call With Putin Leaves Europe Reeling\nStandfirst.\n"
          "Lithuanian Defense Minister Dovilė Šakalienė said it would be a “deadly trap”.\n")
    write(root / "sub" / "markets.md",
          "---\ntitle: Markets rally on rate hopes\ndate: 2024-11-05\nauthor: A. Writer\n---\n\n"
          "Shares rallied on Tuesday as traders bet on lower rates.\n\nAnalysts were running the numbers.\n")
    write(root / "wire.jsonl",
          '{"title": "Cocoa review", "text": "Showers continued in the cocoa zone.", "date": "26-FEB-1987 15:01:01.79"}\n'
          '{"title": "Undated wire", "text": "Grain exports rose."}\n')
    return root


@pytest.fixture(scope="session", autouse=True)
def corpora_are_never_written():
    """Checksums the corpora the suite reads, before and after the whole suite."""
    from reader.ingest import bundled_corpus

    roots = [p for p in (bundled_corpus(), BUNDLED, SEED_DIR, SHARED / "datasets" / "polnear" / "dev") if p.is_dir()]
    before = {root: tree_digest(root) for root in roots}
    yield
    for root in roots:
        assert tree_digest(root) == before[root], f"the suite changed files in {root}"


async def _wait_until(pilot, predicate, timeout: float = 30.0) -> None:
    """Let the app run (workers, timers, messages) until ``predicate()`` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("the app did not get there in time")
        await pilot.app.wait_for_workers()  # all but the corpus watcher, which never ends
        await pilot.pause(0.02)


@pytest.fixture
def wait_until():
    """``await wait_until(pilot, predicate)``: run the app (a Pilot's) until the predicate
    holds, 30 s at most (``timeout=``): its workers finish, then it looks again."""
    return _wait_until
