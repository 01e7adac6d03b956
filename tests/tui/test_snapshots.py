"""SVG snapshots of the main screens (pytest-textual-snapshot).

Update them after an intended change of the look with ``pytest --snapshot-update`` and
review the SVGs in ``tests/__snapshots__``.
"""

from __future__ import annotations


def test_empty_state(snap_compare, corpus, tmp_path, make_app, ready):
    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(120, 34), run_before=ready)


def test_results_article_and_speakers(snap_compare, corpus, tmp_path, make_app, ready, search):
    async def run_before(pilot):
        await ready(pilot)
        await search(pilot, "deadly trap")
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(140, 40), run_before=run_before)


def test_selected_speaker_underlines_their_quotes(snap_compare, corpus, tmp_path, make_app, ready, search):
    async def run_before(pilot):
        await ready(pilot)
        await search(pilot, "Pistorius")
        pilot.app.screen.speakers.focus()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(140, 40), run_before=run_before)


def test_help_screen(snap_compare, corpus, tmp_path, make_app, ready):
    async def run_before(pilot):
        await ready(pilot)
        pilot.app.screen.results.focus()
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(120, 40), run_before=run_before)


def test_80x24(snap_compare, corpus, tmp_path, make_app, ready, search):
    async def run_before(pilot):
        await ready(pilot)
        await search(pilot, "deadly trap")

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_timeline_with_the_cursor_on_a_month(snap_compare, corpus, tmp_path, make_app, ready, search, wait_until):
    async def run_before(pilot):
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await wait_until(pilot, lambda: main.timeline.display)
        await pilot.press("t", "end")
        await pilot.pause()

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(160, 50), run_before=run_before)
