"""Shared fixtures: a private cache/data dir per test, the shared data sets, small corpora."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_DIR = SHARED / "seed"
SEED_ARTICLE = SEED_DIR / "trump-putin-call-2025-02-13.txt"
BUNDLED = REPO / "corpus"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (data sets) is not beside the repo")


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own cache, data and config dirs: no test touches the user's."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("READER_INDEX_DIR", raising=False)
    monkeypatch.delenv("READER_CONFIG", raising=False)  # the config is read from the private XDG_CONFIG_HOME
    return home


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def tree_digest(root: Path) -> dict[str, str]:
    """Path -> sha256 of every file below root (not following symlinks), with modes."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + dirnames:
            p = Path(dirpath) / name
            if p.is_symlink():
                out[str(p)] = "link:" + os.readlink(p)
            elif p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mtime_ns}"
    return out


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
    from reader.corpus import bundled_corpus

    roots = [p for p in (bundled_corpus(), BUNDLED, SEED_DIR, SHARED / "datasets" / "polnear" / "dev") if p.is_dir()]
    before = {root: tree_digest(root) for root in roots}
    yield
    for root in roots:
        assert tree_digest(root) == before[root], f"the suite changed files in {root}"
