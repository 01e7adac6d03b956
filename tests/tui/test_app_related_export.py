"""The app's related articles (``r``) and export (``e``), driven by the Pilot with real keys."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from reader.tui.main_screen import MainScreen
from reader.tui.screens.export_screen import ExportScreen
from reader.tui.screens.related_screen import RelatedScreen

from support import BUNDLED, HOSTILE_TITLE, write


def record_notes(app) -> list[str]:
    """Every notification's message, as the user saw them (toasts expire; this list does not)."""
    notes: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        notes.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    return notes


@pytest.fixture
def open_export(wait_until):
    """``await open_export(pilot, path)``: the export prompt, ``path`` typed in it."""
    async def open_export(pilot, path: Path | str) -> ExportScreen:
        """Press ``e`` and type ``path`` over the proposed name."""
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
        prompt = pilot.app.screen
        await pilot.pause()
        assert prompt.path_input.has_focus
        await pilot.press(*str(path))  # the proposed name is selected: typing replaces it
        assert prompt.path_input.value == str(path)
        return prompt

    return open_export


async def test_e_exports_every_result_not_just_the_loaded_page(tmp_path, make_app, ready, search, wait_until, open_export):
    app = make_app(BUNDLED, tmp_path)
    notes = record_notes(app)
    out = tmp_path / "out" / "all said.csv"
    out.parent.mkdir()
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "said")
        total = main.searcher.count("said")
        assert total > len(main.results.hits) >= 10 and main.results.more  # more than the list has loaded
        assert str(main.status.results).startswith(f"{total} results")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
        default = app.screen.path_input.value
        assert default.endswith("reader-said.csv") and str(BUNDLED) not in default
        await pilot.press("escape")  # cancelled: nothing written
        assert isinstance(app.screen, MainScreen)
        await open_export(pilot, out)
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.startswith("Exported") for n in notes))
        assert isinstance(app.screen, MainScreen) and app.is_running
    assert f"Exported {total} results to {out}" in notes
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == total and len({r["path"] for r in rows}) == total
    assert all(r["snippet"] for r in rows)
    assert sorted(p.name for p in out.parent.iterdir()) == ["all said.csv"]  # no temporary file left


async def test_export_format_follows_the_name_and_unknown_ones_are_explained(corpus, tmp_path, make_app, ready, search, wait_until, open_export):
    app = make_app(corpus, tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        total = main.result_total
        prompt = await open_export(pilot, tmp_path / "out.xlsx")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt and ".csv, .json, .jsonl" in prompt.note
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"jsonl")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.startswith("Exported") for n in notes))
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == total == 3
    assert {json.loads(line)["title"] for line in lines} >= {"Ukraine election", "NATO summit opens"}
    assert not (tmp_path / "out.xlsx").exists()


async def test_export_into_the_corpus_is_refused(corpus, tmp_path, make_app, ready, search, open_export):
    app = make_app(corpus, tmp_path)
    before = sorted(p.name for p in corpus.rglob("*"))
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "ukraine")
        prompt = await open_export(pilot, corpus / "results.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt  # still asking: the user can pick another place
        assert "inside the corpus" in prompt.note and "read-only" in prompt.note
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and app.is_running
    assert sorted(p.name for p in corpus.rglob("*")) == before


async def test_an_existing_file_is_replaced_only_after_a_second_enter(corpus, tmp_path, make_app, ready, search, wait_until, open_export):
    app = make_app(corpus, tmp_path)
    notes = record_notes(app)
    target = write(tmp_path / "keep.json", "precious")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "ukraine")
        prompt = await open_export(pilot, target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt and "exists: Enter again replaces it" in prompt.note
        assert target.read_text() == "precious"
        await pilot.press("escape")  # changed their mind: the file is untouched
        assert target.read_text() == "precious" and not any(n.startswith("Exported") for n in notes)
        await open_export(pilot, target)
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: any(n.startswith("Exported") for n in notes))
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 3


async def test_an_unwritable_place_is_an_error_and_the_app_lives(corpus, tmp_path, make_app, ready, search, wait_until, open_export):
    app = make_app(corpus, tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "ukraine")
        await open_export(pilot, "/proc/reader-export-test.csv")  # nobody can create files there, not even root
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.startswith("Cannot write") for n in notes))
        assert isinstance(app.screen, MainScreen) and app.is_running
        await search(pilot, "nato")  # and it goes on working
        assert app.screen.results.hits


async def test_export_without_results_writes_nothing(corpus, tmp_path, make_app, ready, search):
    app = make_app(corpus, tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("escape", "e")  # no query yet
        await search(pilot, "volcano")
        await pilot.press("escape", "e")  # (Enter with no results leaves the focus in the search box)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert notes.count("No results to export.") == 1 and "No results to export: search first." in notes


async def test_r_lists_related_articles_and_enter_opens_one(tmp_path, make_app, ready, search, wait_until):
    app = make_app(BUNDLED, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "volcano OR eruption")
        open_id = main.article.loaded.doc_id
        open_title = main.article.loaded.article.title
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen) and app.screen.done)
        related = app.screen
        titles = [h.title for h in related.hits]
        assert 1 <= len(titles) <= 10 and open_title not in titles and open_id not in {h.id for h in related.hits}
        shown = [str(related.related_list.get_option_at_index(i).prompt) for i in range(len(titles))]
        assert all(title in text for title, text in zip(titles, shown))
        assert related.related_list.has_focus and related.related_list.highlighted == 0
        await pilot.press("j", "enter")
        chosen = related.hits[1]
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and main.article.loaded is not None
                         and main.article.loaded.doc_id == chosen.id)
        assert main.article.loaded.article.title == chosen.title and main.article.has_focus
        current = main.results.current
        in_results = any(h.id == chosen.id for h in main.results.hits)
        assert (current is not None and current.id == chosen.id) if in_results else current is None
        await pilot.press("r")  # related to the article just opened, and Esc goes back
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen) and app.screen.done)
        assert chosen.id not in {h.id for h in app.screen.hits}
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and main.article.loaded.doc_id == chosen.id


async def test_related_picks_a_result_on_the_results_list(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ukraine")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen) and app.screen.done)
        chosen = next(h for h in app.screen.hits if h.id in {r.id for r in main.results.hits})
        while app.screen.hits[app.screen.related_list.highlighted].id != chosen.id:
            await pilot.press("j")
        await pilot.press("enter")
        await wait_until(pilot, lambda: main.article.loaded.doc_id == chosen.id)
        assert main.results.current.id == chosen.id  # the cursor moved to it


async def test_r_without_an_open_article_says_so(corpus, tmp_path, make_app, ready):
    app = make_app(corpus, tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("escape", "r")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert any(n.startswith("Open an article first") for n in notes)


async def test_markup_in_related_titles_is_shown_literally(corpus, tmp_path, make_app, ready, search, wait_until):
    write(corpus / "bells.txt", "Alarm bells ring\n\nAlarm bells and more alarm bells rang about the escapes "
                                "and brackets.\n")
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        main = await ready(pilot)
        await search(pilot, "ring")
        assert main.article.loaded.article.title == "Alarm bells ring"
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen) and app.screen.done)
        related = app.screen
        assert related.hits and related.hits[0].title == HOSTILE_TITLE
        assert HOSTILE_TITLE in str(related.related_list.get_option_at_index(0).prompt)
        await pilot.click("#related-list", offset=(3, 0))  # clicking must not run [@click=app.quit]
        await pilot.pause()
        assert app.is_running


async def test_palette_has_related_and_export(corpus, tmp_path, make_app, ready, search, wait_until):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "ukraine")
        for name, screen in (("related articles", RelatedScreen), ("export results", ExportScreen)):
            await pilot.press("ctrl+p")
            await pilot.press(*name)
            await wait_until(pilot, lambda: bool(app.screen.query("CommandList")) and
                             app.screen.query_one("CommandList").option_count > 0)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, screen))  # noqa: B023 (awaited here)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
