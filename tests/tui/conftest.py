"""The app's Pilot helpers, as fixtures: a small corpus, the app on it, and waiting for it.

A test asks for what it uses (``corpus``, ``make_app``, ``ready``, ``search``, and
``wait_until`` from ``tests/conftest.py``, which core tests of the app use too); waiting
means letting the app's workers finish, or polling until a condition holds, never
sleeping for a guessed time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui import ReaderApp
from reader.tui.main_screen import MainScreen
from reader.userdata import QueryHistory

from support import HOSTILE_TITLE, SEED_ARTICLE, write


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Four articles: the seed article, NATO, an old election, and one with a hostile title."""
    root = tmp_path / "corpus"
    write(root / "seed.txt", SEED_ARTICLE.read_text(encoding="utf-8"))
    write(root / "nato.txt", " date 2024-06-01 NATO summit opens\nLeaders gather.\n"
                             "“We are ready,” NATO Secretary General Jens Stoltenberg said on Monday.\n"
                             "The summit discusses Ukraine and defence budgets.\n")
    write(root / "old.txt", " date 2019-03-02 Ukraine election\nVoters head to the polls.\n"
                            "Ukraine votes for a new president on Sunday.\n")
    write(root / "hostile.txt", f"{HOSTILE_TITLE}\n\nBody with [link=https://x]markup[/link] and \x1b]0;pwned\x07"
                                "escapes and [/ brackets, about alarm bells.\n")
    return root


def _make_app(corpus: Path, tmp_path: Path) -> ReaderApp:
    return ReaderApp(corpus, tmp_path / "index", history=QueryHistory(tmp_path / "history.txt"),
                     show_timings=False, blink=False)


def _screen(app) -> MainScreen:
    assert isinstance(app.screen, MainScreen), app.screen
    return app.screen


@pytest.fixture
def make_app():
    """``make_app(corpus, tmp_path)``: the app on ``corpus``, its index and history under ``tmp_path``."""
    return _make_app


@pytest.fixture
def ready(wait_until):
    """``await ready(pilot)``: the main screen, once the index is up to date."""
    async def ready(pilot) -> MainScreen:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen)
                         and pilot.app.screen.status.index_state.startswith("up to date"))
        return _screen(pilot.app)

    return ready


@pytest.fixture
def search(wait_until):
    """``await search(pilot, query)``: type the query, Enter, wait for the results and the article."""
    async def search(pilot, query: str) -> MainScreen:
        main = _screen(pilot.app)
        main.search_bar.focus()
        await pilot.press(*query)
        await pilot.press("enter")
        # "10+ results" until the count arrives
        await wait_until(pilot, lambda: (main.status.results and "+ result" not in str(main.status.results))
                         or main.status.error)
        if main.results.hits:
            await wait_until(pilot, lambda: main.article.loaded is not None
                             and main.article.loaded.doc_id == main.results.current.id)
        return main

    return search
