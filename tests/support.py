"""What the tests share that is not a fixture: where the data is, and two small file helpers.

Fixtures live in the conftest files (``tests/conftest.py``, and ``tests/tui/conftest.py`` for
the app's Pilot helpers); tests import this module for constants and plain functions.
"""

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

#: The seed article's title, and a title made of Textual markup that must show as text.
SEED_TITLE = "Trump’s Phone Call With Putin Leaves Europe Reeling"
HOSTILE_TITLE = "[bold red]Alarm[/] [@click=app.quit]click me[/] [/"
