"""The app's filters, driven by the Pilot: the timeline of results by month (t) and the speaker picker (f)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.screens.speaker_picker import SpeakerPicker
from reader.tui.widgets.timeline import Timeline

from support import HOSTILE_TITLE, write

HOSTILE_NAMES = ["[@click=app.quit]", "[/", "[bold red]Loud[/]", 'Anna "The Rock" Berg']


@pytest.fixture
def budget(tmp_path) -> Path:
    """Budget stories in January, February (two) and April 2025, and one undated."""
    root = tmp_path / "budget"
    write(root / "jan.txt", " date 2025-01-10 Budget in January\nStandfirst.\n"
                            "“We will not pay,” Finance Minister Anna Berg said about the budget.\n")
    write(root / "feb1.txt", " date 2025-02-03 Budget in early February\nStandfirst.\n"
                             "“Talks go on,” Anna Berg said on Tuesday about the budget.\n")
    write(root / "feb2.txt", " date 2025-02-20 Budget in late February\nStandfirst.\n"
                             "“The budget is a disgrace,” opposition leader Tom Lee said.\n")
    write(root / "apr.txt", " date 2025-04-01 Budget in April\nStandfirst.\n“The budget passed,” Anna Berg said.\n")
    write(root / "undated.txt", "Budget, undated\n\nThe budget again.\n")
    write(root / "football.txt", "Football\n\nThe team won the cup.\n")
    return root


def month_of(hit) -> str:
    return hit.date.strftime("%Y-%m")


async def test_timeline_shows_every_month_and_t_right_enter_filters_to_one(budget, tmp_path, make_app, ready, search, wait_until):
    app = make_app(budget, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        assert not main.timeline.display  # nothing searched yet
        await search(pilot, "budget")
        await wait_until(pilot, lambda: main.timeline.display)
        assert main.timeline.months == (("2025-01", 1), ("2025-02", 2), ("2025-03", 0), ("2025-04", 1))
        assert main.timeline.counts.undated == 1
        label = str(main.timeline.render()).splitlines()[1]
        assert "2025-01 – 2025-04" in label and "4 dated results" in label and "1 undated" in label
        await pilot.press("t")
        assert main.timeline.has_focus
        await pilot.press("right")
        assert "2025-02: 2 results" in str(main.timeline.render())
        await pilot.press("enter")
        await wait_until(pilot, lambda: main.search_bar.value == "budget date:2025-02"
                         and main.status.results.startswith("2 results"))
        assert sorted(month_of(h) for h in main.results.hits) == ["2025-02", "2025-02"]
        await wait_until(pilot, lambda: main.timeline.months == (("2025-02", 2),))
        # another month replaces the date: term instead of stacking a second one
        await pilot.press("t", "enter")
        await wait_until(pilot, lambda: main.status.results.startswith("2 results"))
        assert main.search_bar.value == "budget date:2025-02"
        # the filter is undone from the history, as typed
        await pilot.press("slash", "up", "up")
        assert main.search_bar.value == "budget"


async def test_clicking_a_bar_filters_to_its_month(budget, tmp_path, make_app, ready, search, wait_until):
    app = make_app(budget, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "budget OR football")
        await wait_until(pilot, lambda: main.timeline.display)
        cell = main.timeline._cell_width()
        await pilot.click(Timeline, offset=(1 + 3 * cell, 0))  # the fourth bar: April
        await wait_until(pilot, lambda: main.search_bar.value == "(budget OR football) date:2025-04"
                         and main.status.results.startswith("1 result"))
        assert [h.title for h in main.results.hits] == ["Budget in April"]


async def test_no_timeline_without_dated_results(budget, tmp_path, make_app, ready, search, wait_until):
    app = make_app(budget, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await ready(pilot)
        await search(pilot, "budget")
        await wait_until(pilot, lambda: main.timeline.display)
        await search(pilot, "football")
        await wait_until(pilot, lambda: not main.timeline.display)
        assert main.results.has_focus
        await pilot.press("t")
        assert main.results.has_focus  # nothing to focus: a notice instead
        await search(pilot, "nosuchfield:x")
        assert main.status.error and not main.timeline.display


async def test_f_lists_the_most_quoted_and_enter_filters_by_speaker(budget, tmp_path, make_app, ready, search, wait_until):
    app = make_app(budget, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "budget date:2025")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, SpeakerPicker) and app.screen.rows)
        picker = app.screen
        assert picker.rows[:2] == [("Anna Berg", 3, 3), ("Tom Lee", 1, 1)]
        shown = str(picker.options.get_option_at_index(0).prompt)
        assert "Anna Berg" in shown and "3 quotes · 3 articles" in shown
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: main.search_bar.value == 'budget date:2025 speaker:"Tom Lee"'
                         and main.status.results.startswith("1 result"))
        assert [h.title for h in main.results.hits] == ["Budget in late February"]
        # f again, another person: the speaker: term is replaced; Esc closes without a change
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, SpeakerPicker) and app.screen.rows)
        await pilot.press("escape")
        assert not isinstance(app.screen, SpeakerPicker)
        assert main.search_bar.value == 'budget date:2025 speaker:"Tom Lee"'


async def test_speaker_picker_shows_hostile_names_literally(budget, tmp_path, make_app, ready, search, wait_until):
    app = make_app(budget, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "budget")
        main.searcher.speaker_facets = lambda query, top: ([(name, 2, 1) for name in HOSTILE_NAMES], True)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, SpeakerPicker) and app.screen.rows)
        prompts = [str(app.screen.options.get_option_at_index(i).prompt) for i in range(len(HOSTILE_NAMES))]
        for name, prompt in zip(HOSTILE_NAMES, prompts):
            assert prompt.startswith(name)
        await pilot.click("#picker-list", offset=(3, 0))  # clicking [@click=app.quit] must not quit
        await pilot.pause()
        assert app.is_running
        await wait_until(pilot, lambda: main.search_bar.value == 'budget speaker:"[@click=app.quit]"')
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, SpeakerPicker) and app.screen.rows)
        await pilot.press("G", "enter")
        await wait_until(pilot, lambda: main.search_bar.value == 'budget speaker:"Anna The Rock Berg"')
        await wait_until(pilot, lambda: not main.status.error and main.status.results)


async def test_f_without_a_search_and_the_command_palette_entry(budget, tmp_path, make_app, ready, search, wait_until):
    app = make_app(budget, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        main.results.focus()
        await pilot.press("f")
        await pilot.pause()
        assert not isinstance(app.screen, SpeakerPicker)  # nothing searched: a notice
        await search(pilot, "budget")
        await pilot.press("ctrl+p")
        await pilot.press(*"filter by speaker")
        await wait_until(pilot, lambda: bool(app.screen.query("CommandList")) and
                         app.screen.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SpeakerPicker) and app.screen.rows)
        assert app.screen.rows[0][0] == "Anna Berg"


async def test_hostile_titles_leave_the_timeline_working(tmp_path, make_app, ready, search, wait_until):
    root = tmp_path / "c"
    write(root / "a.txt", f" date 2025-02-13 {HOSTILE_TITLE}\nStandfirst.\nAlarm bells rang.\n")
    app = make_app(root, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await ready(pilot)
        await search(pilot, "alarm")
        await wait_until(pilot, lambda: main.timeline.display)
        await pilot.click(Timeline, offset=(1, 0))
        await wait_until(pilot, lambda: main.search_bar.value == "alarm date:2025-02")
        assert app.is_running


async def test_help_lists_the_timeline_and_picker_keys(budget, tmp_path, make_app, ready):
    from reader.tui.screens.help_screen import HelpScreen

    app = make_app(budget, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        main.results.focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for binding in (*Timeline.BINDINGS, *SpeakerPicker.BINDINGS):
            assert binding.description in text
        assert "Timeline: pick a month" in text and "Filter by speaker" in text
