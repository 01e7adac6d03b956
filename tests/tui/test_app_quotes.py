"""Quotes in the app, driven by the Pilot with real keys: the Quotes view of the results
pane (``v``), a quote opening its article on it, the speaker's page (Enter on a sidebar
speaker) and the export of the quotes in view."""

from __future__ import annotations

import csv
import json

from reader.tui.quote_article_screen import QuoteArticleScreen
from reader.tui.screens.export_screen import ExportScreen
from reader.tui.speaker_screen import SpeakerPageScreen
from reader.tui.widgets.quotes_list import QuotesList

from support import SEED_TITLE


def _quoted(main) -> str:
    """The text of the article's current quote (the one shown reversed in its speaker's colour)."""
    return main.article.current_quote_text or ""


async def test_v_toggles_articles_and_quotes_and_the_status_line_says_which(corpus, tmp_path, make_app, ready,
                                                                          search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        assert main.status.view == "Articles" and "Articles" in str(main.status.render())
        assert len(main.results.hits) == 3
        await pilot.press("v")  # the results have the focus
        await wait_until(pilot, lambda: main.quote_list.hits and main.status.results.endswith("quotes"))
        assert main.status.view == "Quotes" and "Quotes" in str(main.status.render())
        assert main.quote_list.display and not main.results.display
        assert main.quote_list.has_focus
        # plain words match the quote's text: every quote listed says "Ukraine", marked
        assert all("ukrain" in hit.text.lower() for hit in main.quote_list.hits)
        assert all(hit.highlights for hit in main.quote_list.hits)
        total = main.quote_list.total
        assert main.status.results == f"{total} quotes"
        # speaker: narrows to one person, in the same quote
        main.search_bar.focus()
        await pilot.press("ctrl+a", "ctrl+k", *'ukraine speaker:healey', "enter")
        await wait_until(pilot, lambda: main.quote_list.hits and main.status.results.startswith("1 quote")
                         or main.status.error)
        assert {hit.speaker for hit in main.quote_list.hits} == {"John Healey"}
        await pilot.press("v")
        await wait_until(pilot, lambda: main.results.hits and main.status.results.startswith("1 result"))
        assert main.status.view == "Articles" and main.results.display and not main.quote_list.display
        assert main.results.hits[0].title == SEED_TITLE


async def test_moving_the_cursor_opens_the_quote_s_article_scrolled_to_it(corpus, tmp_path, make_app, ready,
                                                                         search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("v")
        await wait_until(pilot, lambda: len(main.quote_list.hits) > 1 and main.article.loaded is not None
                         and _quoted(main) == main.quote_list.hits[0].text)
        await pilot.press("j")
        second = main.quote_list.hits[1]
        await wait_until(pilot, lambda: main.article.loaded.doc_id == second.article_id
                         and _quoted(main) == second.text)
        # the current quote shows in its speaker's colour, and it is on screen
        mark = next(m for m in main.article.quote_marks if m.quote == main.article.current_quote)
        speaker = main.article.loaded.attribution.speakers[mark.speaker]
        assert speaker.name == second.speaker
        piece = main.article._paragraphs[main.article.loaded.pieces_of(mark)[0] - main.article._part_start]
        await wait_until(pilot, lambda: main.article.scrollable_content_region.overlaps(piece.region))
        assert main.speakers.speakers and second.speaker in [s.name for s in main.speakers.speakers]


async def _open_speaker_page(pilot, main, wait_until, name: str) -> SpeakerPageScreen:
    main.speakers.focus()
    names = [s.name for s in main.speakers.speakers]
    await pilot.press(*["down"] * names.index(name))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SpeakerPageScreen) and pilot.app.screen.gathered
                     and pilot.app.screen.quote_list.hits)
    return pilot.app.screen


async def test_enter_on_a_speaker_opens_their_page(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "deadly trap")
        page = await _open_speaker_page(pilot, main, wait_until, "John Healey")
        identity = page.page.identity
        assert identity.name == "John Healey"
        facts = page.facts
        assert facts.startswith(f"{identity.quotes} quote")
        assert f"{identity.articles} article" in facts
        assert "Written as: John Healey" in facts
        assert "Roles: " in facts and "Defence Secretary" in facts
        assert "Quoted with: " in facts and "Pete Hegseth" in facts
        # their quotes, newest first, all theirs; the timeline strip counts them by month
        assert len(page.quote_list.hits) == identity.quotes
        assert {hit.speaker for hit in page.quote_list.hits} <= {n for n, _q, _a in identity.spellings}
        assert page.timeline.display and sum(c for _m, c in page.timeline.months) == identity.quotes
        assert page.status.startswith(f"{identity.quotes} quote")
        # searchable in place
        await pilot.press("slash", *"ukraine")
        await wait_until(pilot, lambda: page.query_text == "ukraine" and page.status.startswith("1 quote"))
        hit = page.quote_list.hits[0]
        assert "Ukraine" in hit.text and hit.highlights
        # Enter on a quote opens its article, there; Esc comes back, Esc again to the main screen
        await pilot.press("enter")  # from the box to the list
        assert page.quote_list.has_focus
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuoteArticleScreen) and app.screen.shown_quote)
        assert app.screen.article.loaded.article.title == SEED_TITLE
        assert app.screen.article.current_quote_text == hit.text
        await pilot.press("escape")
        assert app.screen is page
        # the strip: t, then Enter on a month narrows the list to it
        await pilot.press("t", "enter")
        await wait_until(pilot, lambda: page.query_text == "ukraine date:2025-02" and page.status.startswith("1 quote"))
        assert page.quote_list.has_focus
        await pilot.press("escape")
        assert app.screen is main


async def test_e_exports_the_quotes_in_view(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("v")
        await wait_until(pilot, lambda: main.quote_list.hits and main.quote_list.total is not None)
        shown = [hit.text for hit in main.quote_list.hits]
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert "quotes for" in str(app.screen.query_one("#export-title").render())
        target = tmp_path / "ukraine-quotes.jsonl"
        app.screen.path_input.value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: target.exists())
        rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert [row["quote"] for row in rows] == shown

        # on the speaker's page: the quotes in view, after a search in place
        await search(pilot, "deadly trap")
        await pilot.press("v")  # back to articles: the sidebar follows the open article
        await wait_until(pilot, lambda: main.results.hits and main.speakers.speakers)
        page = await _open_speaker_page(pilot, main, wait_until, "John Healey")
        await pilot.press("slash", *"ukraine")
        await wait_until(pilot, lambda: page.query_text == "ukraine" and page.status.startswith("1 quote"))
        page.quote_list.focus()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
        target = tmp_path / "healey.csv"
        app.screen.path_input.value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: target.exists())
        with target.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [(r["speaker"], r["quote"]) for r in rows] == [("John Healey", h.text) for h in page.quote_list.hits]
        assert isinstance(page.quote_list, QuotesList)
