"""Where reader keeps what it writes: never in the corpus, always in the user's own dirs.

The index of a corpus lives in the user cache dir (platformdirs picks the right one per
platform) under a name derived from the corpus's absolute path, so two corpora never
share an index. ``--index-dir`` or ``READER_INDEX_DIR`` name the folder outright; the
config file's ``index_dir`` moves the place where those per-corpus folders go. The
config file itself lives in the user config dir, the user's data (query history,
bookmarks) in the user data dir.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "reader"
INDEX_DIR_ENV = "READER_INDEX_DIR"


def default_index_dir(corpus: str | os.PathLike[str], base: str | os.PathLike[str] | None = None) -> Path:
    """``<base>/<corpus name>-<hash of its absolute path>``.

    ``base`` defaults to ``<user cache>/reader/indexes``; one folder per corpus below it,
    so a base shared by several corpora never makes them overwrite each other's index.
    """
    absolute = os.path.realpath(corpus)
    digest = hashlib.sha256(os.fsencode(absolute)).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", os.path.basename(absolute) or "root")[:40]
    root = Path(base) if base is not None else Path(platformdirs.user_cache_dir(APP_NAME)) / "indexes"
    return root / f"{name}-{digest}"


def index_dir_for(corpus: str | os.PathLike[str], override: str | os.PathLike[str] | None = None,
                  base: str | os.PathLike[str] | None = None) -> Path:
    """The index folder for a corpus: the override, else ``$READER_INDEX_DIR``, else the
    corpus's folder below ``base`` (the config's ``index_dir``) or the cache dir."""
    chosen = override or os.environ.get(INDEX_DIR_ENV)
    return Path(chosen).expanduser() if chosen else default_index_dir(corpus, base)


def user_data_dir() -> Path:
    """Where reader keeps the user's own data (query history, bookmarks)."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def user_config_dir() -> Path:
    """Where reader looks for its config file (``config.toml``)."""
    return Path(platformdirs.user_config_dir(APP_NAME))
