"""The app driven by the Pilot with real keys, as a person would use it."""

from __future__ import annotations

import contextlib

from reader.tui import ReaderApp
from reader.tui.lists import KeyedList
from reader.tui.main_screen import MainScreen
from reader.tui.pager import pager_command
from reader.tui.screens.help_screen import HelpScreen
from reader.tui.speaker_screen import SpeakerPageScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.results import ResultsList
from reader.tui.widgets.search_bar import SearchBar

from support import HOSTILE_TITLE, SEED_TITLE, write


async def test_type_results_article_speakers_then_open_a_speaker_s_page(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        assert main.status.index_state == "up to date · 4 articles"
        assert main.search_bar.has_focus
        await pilot.press(*"deadly trap")  # search as you type: no Enter
        await wait_until(pilot, lambda: main.results.hits and main.article.loaded is not None)
        assert main.results.hits[0].title == SEED_TITLE
        assert main.article.loaded.article.title == SEED_TITLE
        assert [s.name for s in main.speakers.speakers] == [
            "Pete Hegseth", "Boris Pistorius", "John Healey", "Dovilė Šakalienė", "Volodomyr Zelenskiy"]
        assert main.article.hits, "the query's words are marked in the article"

        main.speakers.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert main.article.selected_speaker == 2
        await pilot.press("enter")  # the speaker's page (tests/tui/test_app_quotes.py)
        await wait_until(pilot, lambda: isinstance(app.screen, SpeakerPageScreen) and app.screen.gathered)
        assert app.screen.page.identity.name == "John Healey"


async def test_enter_searches_at_once_and_opens(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        assert main.results.has_focus
        assert len(main.results.hits) == 3
        await pilot.press("j")
        await wait_until(pilot, lambda: main.article.loaded.doc_id == main.results.hits[1].id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: main.article.has_focus)


async def test_next_and_previous_hit_scroll_into_view(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine pistorius")
        assert main.article.loaded.article.title == SEED_TITLE
        hits = len(main.article.hits)
        assert hits >= 5
        await pilot.press("n")
        assert main.article.current_hit == 0
        for _ in range(hits - 1):
            await pilot.press("n")
        await wait_until(pilot, lambda: main.article.scroll_y > 0)
        assert main.article.current_hit == hits - 1
        last = main.article.hits[-1]
        paragraph = main.article._paragraphs[last.paragraph]
        assert main.article.scrollable_content_region.overlaps(paragraph.region)
        await pilot.press("n")
        assert main.article.current_hit == 0
        await pilot.press("N")
        assert main.article.current_hit == hits - 1


async def test_quotes_walk_and_copy(corpus, tmp_path, make_app, ready, search):
    app = make_app(corpus, tmp_path)
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "Pistorius")
        await pilot.press("y")
        assert copied == [str(corpus / "seed.txt")]
        await pilot.press("right_square_bracket")
        assert main.article.current_quote == 0
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert main.article.current_quote == 2
        await pilot.press("y")
        assert copied[-1].startswith("In my view, it would have been better")
        await pilot.press("left_square_bracket")
        assert main.article.current_quote == 1


async def test_sort_toggles_between_relevance_and_date(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("s")
        await wait_until(pilot, lambda: main.status.sort == "date" and main.results.hits
                         and main.results.hits[0].title == SEED_TITLE)
        dates = [h.date for h in main.results.hits]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        await wait_until(pilot, lambda: main.status.sort == "relevance")


async def test_help_lists_every_binding_and_escape_closes(corpus, tmp_path, make_app, ready):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        app.screen.results.focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for bindings in (MainScreen.BINDINGS, KeyedList.BINDINGS, ArticleView.BINDINGS, SearchBar.BINDINGS,
                         ReaderApp.BINDINGS):
            for binding in bindings:
                assert binding.description in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_q_quits_when_not_typing_and_types_when_typing(corpus, tmp_path, make_app, ready):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("q")
        assert main.search_bar.value == "q" and app.is_running
        await pilot.press("escape")
        assert not main.search_bar.has_focus
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_slash_focuses_search_and_tab_cycles_panes(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await wait_until(pilot, lambda: main.timeline.display)  # ukraine: 2019 to 2025
        order = []
        for _ in range(5):
            await pilot.press("tab")
            order.append(type(app.focused).__name__)
        assert order == ["ArticleView", "SpeakersPanel", "SearchBar", "Timeline", "ResultsList"]
        await pilot.press("shift+tab", "shift+tab")
        assert main.search_bar.has_focus
        await pilot.press("escape", "slash")
        assert main.search_bar.has_focus
        await pilot.press(*"nato")  # the old query was selected: typing replaced it
        assert main.search_bar.value == "nato"


async def test_narrow_terminal_folds_the_sidebar_without_overlap(corpus, tmp_path, make_app, ready, search):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await ready(pilot)
        await search(pilot, "deadly trap")
        assert not main.speakers.display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert main.speakers.display
        regions = [main.results.region, main.article.region, main.speakers.region]
        for i, a in enumerate(regions):
            assert a.width > 0 and a.right <= 80
            for b in regions[i + 1:]:
                assert not a.overlaps(b)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not main.speakers.display
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert not main.speakers.display  # the user's choice holds


async def test_wide_terminal_shows_the_sidebar(corpus, tmp_path, make_app, ready):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        assert main.speakers.display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not main.speakers.display


async def test_bad_query_shows_its_error_in_the_status_line(corpus, tmp_path, make_app, ready, search):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "nosuchfield:x")
        assert "unknown field 'nosuchfield'" in main.status.error
        assert "✗" in str(main.status.render())


async def test_history_walks_back_with_up_and_survives_a_restart(corpus, tmp_path, make_app, ready, search):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await search(pilot, "nato")
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("up")
        assert main.search_bar.value == "nato"
        await pilot.press("up")
        assert main.search_bar.value == "ukraine"
        await pilot.press("down", "down")
        assert main.search_bar.value == ""


async def test_more_results_load_as_you_scroll(tmp_path, make_app, ready, search, wait_until):
    root = tmp_path / "many"
    for n in range(130):
        write(root / f"{n:03}.txt", f"Story {n}\n\nThe common word appears in story {n}.\n")
    app = make_app(root, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "common")
        assert len(main.results.hits) == 10 and main.results.more
        assert str(main.status.results).startswith("130 results")  # counted after the page
        for loaded in (40, 70, 100, 130):
            await pilot.press("G")
            await wait_until(pilot, lambda: len(main.results.hits) == loaded)  # noqa: B023 (awaited here)
        assert len({h.id for h in main.results.hits}) == 130


async def test_hostile_text_is_shown_literally_and_does_nothing(corpus, tmp_path, make_app, ready, search):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "alarm")
        assert app.is_running
        title = str(main.article.query_one("#article-title").render())
        assert HOSTILE_TITLE in title
        body = "\n".join(str(p.render()) for p in main.article._paragraphs)
        assert "[link=https://x]markup[/link]" in body and "[/ brackets" in body
        assert "\x1b" not in body and "pwned" not in body
        await pilot.click(ResultsList, offset=(3, 1))  # clicking the result must not run [@click=…]
        await pilot.click("#article-title")
        await pilot.pause()
        assert app.is_running


async def test_command_palette_runs_reader_commands(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("ctrl+p")
        await pilot.press(*"toggle sort")
        await wait_until(pilot, lambda: bool(app.screen.query("CommandList")) and
                         app.screen.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: main.status.sort == "date")
        await pilot.press("ctrl+p")
        await pilot.press(*"re-index")
        await wait_until(pilot, lambda: app.screen.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: main.status.index_state.startswith("up to date"))


async def test_new_files_are_seen_after_reindex(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "volcano")
        assert main.results.hits == []
        write(corpus / "volcano.txt", "Volcano erupts\n\nA volcano erupted on Tuesday.\n")
        main.action_reindex()
        await wait_until(pilot, lambda: main.status.index_state == "up to date · 5 articles")
        await wait_until(pilot, lambda: len(main.results.hits) == 1)


async def test_mouse_selects_results_and_speakers(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        first = main.results.current.id
        # the second result starts after the first's lines and a separator
        for row in range(3, 12):
            await pilot.click(ResultsList, offset=(4, row))
            await pilot.pause()
            if main.results.current.id != first:
                break
        await wait_until(pilot, lambda: main.article.loaded.doc_id == main.results.current.id)
        assert main.results.current.id != first


def test_pager_command_is_an_argument_list(monkeypatch):
    monkeypatch.setenv("PAGER", "less -R --quit-if-one-screen")
    assert pager_command("/a b/[x].txt") == ["less", "-R", "--quit-if-one-screen", "/a b/[x].txt"]
    monkeypatch.setenv("PAGER", "")
    assert pager_command("/f.txt") == ["less", "/f.txt"]


async def test_o_opens_the_article_in_the_pager_without_a_shell(corpus, tmp_path, monkeypatch, make_app, ready, search):
    calls = []
    monkeypatch.setenv("PAGER", "mypager --flag")
    monkeypatch.setattr("reader.tui.pager.subprocess.run",
                        lambda cmd, **kw: calls.append((cmd, kw)))
    app = make_app(corpus, tmp_path)
    app.suspend = contextlib.nullcontext  # the headless test driver cannot hand over the terminal
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "Pistorius")
        await pilot.press("o")
        await pilot.pause()
    assert calls and calls[0][0] == ["mypager", "--flag", str(corpus / "seed.txt")]
    assert "shell" not in calls[0][1]


async def test_the_app_sees_what_reader_index_commits_elsewhere(corpus, tmp_path, make_app, ready, search, wait_until):
    import subprocess
    import sys

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "volcano")
        assert main.results.hits == []
        write(corpus / "volcano.txt", "Volcano erupts\n\nA volcano erupted on Tuesday.\n")
        out = subprocess.run([sys.executable, "-m", "reader", "index", str(corpus), "--index-dir",
                              str(tmp_path / "index")], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        await wait_until(pilot, lambda: len(main.results.hits) == 1)
        assert main.status.index_state == "up to date · 5 articles"


async def test_typing_in_a_pane_goes_to_the_search_box(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        assert main.results.has_focus
        await pilot.press("z", "u")  # no pane uses these keys
        await wait_until(pilot, lambda: main.search_bar.value == "zu" and main.search_bar.has_focus)
        main.results.focus()
        await pilot.press("j")  # a key a pane uses stays there
        assert main.results.has_focus and main.search_bar.value == "zu"


async def test_new_and_deleted_files_show_up_by_themselves(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "volcano OR ukraine")
        first = main.results.current.id
        write(corpus / "volcano.txt", "Volcano erupts\n\nA volcano erupted on Tuesday.\n")
        await wait_until(pilot, lambda: main.status.index_state == "up to date · 5 articles"
                         and len(main.results.hits) == 4)
        assert main.results.current.id == first  # the selection stays where it was
        (corpus / "volcano.txt").unlink()
        await wait_until(pilot, lambda: main.status.index_state == "up to date · 4 articles"
                         and len(main.results.hits) == 3)


def _status_text(main) -> str:
    return str(main.status.render())


async def test_did_you_mean_in_the_status_line_and_ctrl_g_applies_it(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press(*"ukrane")  # typing in the search box: no Enter
        await wait_until(pilot, lambda: main.status.suggestion)
        assert "0 results · Did you mean: ukraine? (Ctrl+G)" in _status_text(main)
        assert "Did you mean: ukraine?" in str(main.article.query_one("#article-title").render())
        assert main.search_bar.has_focus  # the search box does not eat Ctrl+G
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: len(main.results.hits) == 3)
        assert main.search_bar.value == "ukraine" and main.search_bar.has_focus
        assert "Did you mean" not in _status_text(main)
        await pilot.press("ctrl+g")  # nothing to apply now: it says so
        await wait_until(pilot, lambda: any(n.message == "No suggestion for this query." for n in app._notifications))
        assert main.search_bar.value == "ukraine"


async def test_a_hostile_suggestion_is_shown_literally(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        query = 'ukrane OR "[@click=app.quit]x[/] [/"'
        await search(pilot, query)
        await wait_until(pilot, lambda: main.status.suggestion)
        meant = 'ukraine OR "[@click=app.quit]x[/] [/"'
        assert f"Did you mean: {meant}? (Ctrl+G)" in _status_text(main)
        await pilot.click("#status")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: main.search_bar.value == meant and main.results.hits)
        assert app.is_running


async def test_a_query_put_in_the_box_by_the_app_is_searched_once(corpus, tmp_path, make_app, ready, search, wait_until):
    """Did you mean, filters, saved searches: setting the box must not also start the
    typing pause's search of the same query."""
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        searched = []
        run_search = main.run_search
        main.run_search = lambda query, **kw: (searched.append(query), run_search(query, **kw))[1]
        main.search_for("nato")
        assert main.search_bar._timer is None  # no second search waiting for a pause in typing
        await wait_until(pilot, lambda: main.results.hits)
        assert searched == ["nato"] and main.search_bar.value == "nato"


async def test_the_indexer_keeps_working_when_the_config_file_breaks(corpus, tmp_path, monkeypatch, make_app, ready, search, wait_until):
    bad = tmp_path / "config.toml"
    bad.write_text("this is = = not toml\n", encoding="utf-8")
    app = make_app(corpus, tmp_path)
    monkeypatch.setenv("READER_CONFIG", str(bad))  # broken after the app read its settings
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)  # the first index update ran in the child process
        write(corpus / "new.txt", "Zebra crossing\n\nA zebra crossed.\n")
        main.action_reindex()
        await wait_until(pilot, lambda: main.status.index_state.startswith("up to date") and not main._indexing)
        assert "update failed" not in main.status.index_state
        await search(pilot, "zebra")
        assert main.results.hits
