"""The app with a config file, bookmarks and saved searches, driven by the Pilot with real keys."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from reader.config import ConfigError, load_config
from reader.tui import ReaderApp
from reader.tui.screens.bookmarks_screen import BookmarksScreen
from reader.tui.screens.help_screen import HelpScreen
from reader.tui.screens.save_search_screen import SaveSearchScreen
from reader.userdata import Bookmarks, QueryHistory

from support import HOSTILE_TITLE, SEED_TITLE, write

HOSTILE_NAME = "[@click=app.quit]boom[/] [/"


def make_app(corpus: Path, tmp_path: Path, config_text: str | None = None) -> ReaderApp:
    path = tmp_path / "conf" / "config.toml"
    if config_text is not None:
        write(path, config_text)
    return ReaderApp(corpus, tmp_path / "index", config=load_config(path),
                     history=QueryHistory(tmp_path / "history.txt"), bookmarks=Bookmarks(tmp_path / "bookmarks.json"),
                     show_timings=False, blink=False)


def entries(app) -> list[str]:
    """The plain text of every entry of the bookmarks view."""
    assert isinstance(app.screen, BookmarksScreen)
    listing = app.screen.entries
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


@pytest.fixture
def open_view(wait_until):
    """``await open_view(pilot)``: press ``B`` and get the entries of the bookmarks view."""
    async def open_view(pilot) -> list[str]:
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BookmarksScreen))
        await pilot.pause()
        return entries(pilot.app)

    return open_view


async def test_a_remapped_key_works_and_the_old_one_is_free(corpus, tmp_path, ready, search, wait_until):
    app = make_app(corpus, tmp_path, '[keymap]\n"toggle-sort" = "S"\n')
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("S")
        await wait_until(pilot, lambda: main.status.sort == "date")
        main.results.focus()
        await pilot.press("s")  # no longer a binding: typed into the search box
        await wait_until(pilot, lambda: main.search_bar.value == "s")
        assert main.sort == "date"
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert re.search(r"^ +S +Sort$", help_text, re.M), "the help shows the key in effect"


async def test_theme_and_default_sort_from_the_config(corpus, tmp_path, ready, search):
    app = make_app(corpus, tmp_path, 'theme = "nord"\nsort = "date"\n')
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        assert app.theme == "nord"
        assert main.sort == "date" and "by date" in str(main.status.render())
        await search(pilot, "ukraine")
        dates = [h.date for h in main.results.hits]
        assert len(dates) == 3 and dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("text, error", [
    ('\n[keymap]\nno-such-binding = "x"\n', ':3: unknown binding id "no-such-binding"'),
    ('theme = "no-such-theme"\n', ':1: unknown theme "no-such-theme"'),
])
def test_a_config_the_app_cannot_use_is_a_one_line_error(corpus, tmp_path, text, error):
    with pytest.raises(ConfigError) as caught:
        make_app(corpus, tmp_path, text)
    assert str(caught.value).startswith(f"{tmp_path / 'conf' / 'config.toml'}{error}")


async def test_bookmark_list_it_and_open_it_from_the_view(corpus, tmp_path, ready, search, wait_until, open_view):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("B")  # in the search box it is a letter
        assert main.search_bar.value == "B"
        await pilot.press("escape")
        assert "None yet" in " ".join(await open_view(pilot))
        await pilot.press("escape")
        await search(pilot, "deadly trap")
        await pilot.press("b")
        assert main.article.bookmarked
        assert "★ bookmarked" in str(main.article.query_one("#article-meta").render())
        await search(pilot, "stoltenberg")  # another article is open now
        assert main.article.loaded.article.title == "NATO summit opens" and not main.article.bookmarked
        shown = await open_view(pilot)
        assert shown[0] == "Bookmarks (1)"
        assert shown[1] == f"{SEED_TITLE}\n2025-02-13 · seed.txt"
        assert "Saved searches (0)" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, type(main)) and main.article.loaded is not None
                         and main.article.loaded.article.title == SEED_TITLE)
        assert main.article.has_focus and main.article.bookmarked
        assert main.speakers.speakers, "its speakers are shown too"
        await pilot.press("b")  # again: the bookmark goes
        assert not main.article.bookmarked
        assert app.bookmarks.for_corpus(corpus) == []


async def test_d_removes_a_bookmark_and_a_gone_file_is_shown_as_gone(corpus, tmp_path, ready, search, wait_until, open_view):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "stoltenberg")
        await pilot.press("b")
        await search(pilot, "election")
        await pilot.press("b")
        (corpus / "old.txt").unlink()
        shown = await open_view(pilot)
        assert shown[1].startswith("gone: Ukraine election") and "no longer there" in shown[1]
        await pilot.press("enter")  # a gone bookmark cannot be opened: the view stays
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen) and app.is_running
        await pilot.press("d")
        await wait_until(pilot, lambda: entries(app)[0] == "Bookmarks (1)")
        assert entries(app)[1].startswith("NATO summit opens")
        await pilot.press("delete")
        await wait_until(pilot, lambda: entries(app)[0] == "Bookmarks (0)")
        await pilot.press("escape")
        assert app.screen is main and app.bookmarks.for_corpus(corpus) == []


async def test_ctrl_s_saves_the_search_keeping_the_files_comment_and_it_runs_from_the_view(corpus, tmp_path, ready, search, wait_until, open_view):
    app = make_app(corpus, tmp_path, "# my own comment\nsort = \"relevance\"  # keep me\n")
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "stoltenberg")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveSearchScreen))
        await pilot.press(*"nato boss", "enter")
        await wait_until(pilot, lambda: app.config.searches.get("nato boss") == "stoltenberg")
        text = (tmp_path / "conf" / "config.toml").read_text(encoding="utf-8")
        assert text.startswith("# my own comment\nsort = \"relevance\"  # keep me\n")
        assert load_config(tmp_path / "conf" / "config.toml").searches == {"nato boss": "stoltenberg"}

        await search(pilot, "ukraine")
        shown = await open_view(pilot)
        assert shown[-2:] == ["Saved searches (1)", "nato boss\nstoltenberg"]
        await pilot.press("G", "enter")
        await wait_until(pilot, lambda: app.screen is main and main.search_bar.value == "stoltenberg"
                         and [h.title for h in main.results.hits] == ["NATO summit opens"])


async def test_ctrl_s_with_a_taken_name_says_it_replaces_and_esc_cancels(corpus, tmp_path, ready, search, wait_until):
    app = make_app(corpus, tmp_path, '[searches]\nmine = "old query"\n')
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveSearchScreen))
        await pilot.press(*"mine")
        await pilot.pause()
        hint = str(app.screen.query_one("#save-search-hint").render())
        assert "replaces the saved search mine (it is: old query)" in hint
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SaveSearchScreen)
        assert load_config(tmp_path / "conf" / "config.toml").searches == {"mine": "old query"}


async def test_saved_searches_are_in_the_command_palette(corpus, tmp_path, ready, search, wait_until):
    app = make_app(corpus, tmp_path, '[searches]\n"summit news" = "summit"\n')
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"saved search: summit")
        await wait_until(pilot, lambda: bool(app.screen.query("CommandList")) and
                         app.screen.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: main.search_bar.value == "summit"
                         and [h.title for h in main.results.hits] == ["NATO summit opens"])


async def test_hostile_titles_and_names_in_the_view_and_palette_are_just_text(corpus, tmp_path, ready, search, wait_until, open_view):
    # the config refuses escapes (test_config); a hand-edited bookmarks file can still hold them
    write(tmp_path / "bookmarks.json", json.dumps({"version": 1, "corpora": {os.path.realpath(corpus): [
        {"id": "old.txt", "path": str(corpus / "old.txt"), "title": "Old \x1b]0;pwned\x07 note", "date": None,
         "added": "2026-01-01T00:00:00+00:00"}]}}))
    app = make_app(corpus, tmp_path, f'[searches]\n"{HOSTILE_NAME}" = "alarm [/ [@click=app.quit]"\n')
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "alarm")
        await pilot.press("b")
        shown = await open_view(pilot)
        assert shown[1].startswith(HOSTILE_TITLE)
        assert "Old \\x1b]0;pwned\\x07 note\n" in shown[2]  # escapes shown, never sent
        assert shown[-1] == f"{HOSTILE_NAME}\nalarm [/ [@click=app.quit]"
        await pilot.click("#bookmarks-list", offset=(10, 1))  # the hostile title: opens it, runs nothing
        await wait_until(pilot, lambda: app.screen is main and main.article.has_focus)
        assert app.is_running
        await pilot.press("ctrl+p")
        await pilot.press(*"saved search")
        await wait_until(pilot, lambda: bool(app.screen.query("CommandList")) and
                         app.screen.query_one("CommandList").option_count > 0)
        prompts = [str(o.prompt) for o in app.screen.query_one("CommandList").options]
        assert any(HOSTILE_NAME in p for p in prompts), prompts
        await pilot.press("escape")
        assert app.is_running and main.search_bar.value == "alarm"


async def test_key_hints_follow_the_keymap(corpus, tmp_path, ready, search, wait_until):
    app = make_app(corpus, tmp_path, '[keymap]\n"apply-suggestion" = "ctrl+y"\n"focus-timeline" = "T"\n')
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukrane")  # misspelt: "Did you mean"
        await wait_until(pilot, lambda: main.suggestion)
        assert "(Ctrl+Y)" in str(main.status.render()) and "Ctrl+G" not in str(main.status.render())
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: main.search_bar.value == main.query_text != "ukrane" and main.results.hits)
        await wait_until(pilot, lambda: main.timeline.display)
        assert "T: pick a month" in str(main.timeline.render())


def test_the_default_keys_pass_the_clash_checks_though_widgets_share_some(tmp_path):
    """j moves a list and scrolls the article on purpose: only a screen's key against a widget's is an error."""
    from reader.config import Config
    from reader.tui.app import check_config_for_app, focus_layers

    check_config_for_app(Config(path=tmp_path / "config.toml"))  # no error
    widget_keys = [{b.key for b in bindings} for _screen, widgets in focus_layers() for _where, bindings in widgets]
    assert any(len(keys & other) for keys in widget_keys for other in widget_keys if keys is not other)


async def test_a_screen_key_a_focused_list_would_hide_is_refused_before_the_app_opens(corpus, tmp_path):
    with pytest.raises(ConfigError, match=r'config\.toml:2: key "j" of "toggle-sort" is also the key of "list\.down"'):
        make_app(corpus, tmp_path, '[keymap]\n"toggle-sort" = "j"\n')
