"""Following a corpus folder as it changes, so the index (and the app) keep up.

watchfiles (inotify and friends, with a polling fallback) reports changes in batches
after a short quiet spell; only article files outside hidden folders count. The CLI's
``reader watch`` blocks on :func:`corpus_changes`; the app, which runs an event loop,
awaits :func:`corpus_changes_async`: the same filter, options and readiness signal.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from watchfiles import awatch, watch

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


def _watch_options(root: str, debounce_ms: int) -> dict[str, Any]:
    """What both watchers pass to watchfiles: article files only, and a batch (maybe empty)
    at least every half second, so that readiness is known and ``stop`` is seen."""
    return dict(watch_filter=lambda _change, path: _is_article(root, path), debounce=debounce_ms, step=50,
                rust_timeout=500, yield_on_timeout=True, ignore_permission_denied=True)


def corpus_changes(corpus: str | os.PathLike[str], *, stop: threading.Event | None = None,
                   debounce_ms: int = DEBOUNCE_MS, on_ready: Callable[[], None] | None = None) -> Iterator[int]:
    """Block until article files of ``corpus`` change; yield how many, again and again.

    ``on_ready`` is called once the watcher is running: changes made before that are not
    seen, so a caller that updated the index first should look once more then. Ends when
    ``stop`` is set (checked every fraction of a second).
    """
    root = os.path.realpath(corpus)
    ready = on_ready is None
    for changes in watch(root, stop_event=stop, **_watch_options(root, debounce_ms)):
        if not ready:
            ready = True
            on_ready()
        if changes:
            yield len(changes)


async def corpus_changes_async(corpus: str | os.PathLike[str], *, stop: threading.Event | None = None,
                               debounce_ms: int = DEBOUNCE_MS,
                               on_ready: Callable[[], None] | None = None) -> AsyncIterator[int]:
    """:func:`corpus_changes` for an event loop: the waiting happens off the loop.

    Setting ``stop`` ends it within a fraction of a second; so does cancelling the task
    that iterates it, once watchfiles' current wait (half a second at most) is over.
    """
    root = os.path.realpath(corpus)
    ready = on_ready is None
    async for changes in awatch(root, stop_event=stop, **_watch_options(root, debounce_ms)):
        if not ready:
            ready = True
            on_ready()
        if changes:
            yield len(changes)
