"""Following a corpus folder as it changes, so the index (and the app) keep up.

watchfiles (inotify and friends, with a polling fallback) reports changes in batches
after a short quiet spell; only article files outside hidden folders count.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from watchfiles import watch

from .corpus import NOT_ARTICLES
from .loaders import ARTICLE_SUFFIXES

#: How long the folder must stay quiet before a batch of changes is reported (ms).
DEBOUNCE_MS = 400


def _is_article(root: str, path: str) -> bool:
    name = os.path.basename(path).lower()
    if not name.endswith(ARTICLE_SUFFIXES) or name.rsplit(".", 1)[0] in NOT_ARTICLES:
        return False
    relative = os.path.relpath(path, root)
    return not any(part.startswith(".") for part in Path(relative).parts)


def corpus_changes(corpus: str | os.PathLike[str], *, stop: threading.Event | None = None,
                   debounce_ms: int = DEBOUNCE_MS, on_ready: Callable[[], None] | None = None) -> Iterator[int]:
    """Block until article files of ``corpus`` change; yield how many, again and again.

    ``on_ready`` is called once the watcher is running: changes made before that are not
    seen, so a caller that updated the index first should look once more then. Ends when
    ``stop`` is set (checked every fraction of a second).
    """
    root = os.path.realpath(corpus)
    ready = on_ready is None
    for changes in watch(root, watch_filter=lambda _change, path: _is_article(root, path),
                         debounce=debounce_ms, step=50, stop_event=stop, rust_timeout=500,
                         yield_on_timeout=True, ignore_permission_denied=True):
        if not ready:
            ready = True
            on_ready()
        if changes:
            yield len(changes)
