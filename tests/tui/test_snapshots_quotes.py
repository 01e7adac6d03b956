"""SVG snapshots of the Quotes view and of the speaker's page (pytest-textual-snapshot).

Update them after an intended change of the look with ``pytest --snapshot-update`` and
review the SVGs in ``tests/tui/__snapshots__``.
"""

from __future__ import annotations

from reader.tui.speaker_screen import SpeakerPageScreen


def test_quotes_view(snap_compare, corpus, tmp_path, make_app, ready, search, wait_until):
    async def run_before(pilot):
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("v", "j")
        await wait_until(pilot, lambda: len(main.quote_list.hits) > 1 and main.article.loaded is not None
                         and main.article.current_quote_text == main.quote_list.hits[1].text)
        await pilot.pause()

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(140, 40), run_before=run_before)


def test_speaker_page(snap_compare, corpus, tmp_path, make_app, ready, search, wait_until):
    async def run_before(pilot):
        main = await ready(pilot)
        await search(pilot, "deadly trap")
        main.speakers.focus()
        await pilot.press("down", "enter")  # Boris Pistorius: two quotes
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SpeakerPageScreen) and pilot.app.screen.gathered
                         and pilot.app.screen.quote_list.hits)
        await pilot.pause()

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(120, 34), run_before=run_before)
