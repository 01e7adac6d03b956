"""A long article in the app: shown a part at a time, walked by hits and quotes across
its parts, and never in the way of the keys."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
import time

import pytest

from reader.tui import loaded_article
from reader.tui.loaded_article import PART_CHARS, PART_PARAGRAPHS, part_starts, piece_spans
from reader.tui.widgets.article_view import ArticleView

from support import REPO, write

PARAGRAPHS = 3000
NEEDLES = (10, 2500)  # the paragraphs the query's word is in
QUOTED = (5, 1700)  # the paragraphs with a quote


def _paragraph(i: int) -> str:
    if i in QUOTED:
        return f"“We are ready for part {i},” NATO Secretary General Jens Stoltenberg said on Monday."
    return f"Paragraph {i} of the long report{' about the needle' if i in NEEDLES else ''}."


@pytest.fixture
def big_corpus(tmp_path):
    root = tmp_path / "corpus"
    write(root / "big.txt", "A very long report\n\n" + "\n\n".join(_paragraph(i) for i in range(PARAGRAPHS)) + "\n")
    write(root / "small.txt", "A short note\n\nNothing to add here.\n")
    return root


def _shown(view: ArticleView) -> list[str]:
    return [str(p.render()) for p in view._paragraphs]


def _in_view(view: ArticleView, paragraph: int, start: int = 0) -> bool:
    """Whether the piece with ``body[paragraph][start]`` is shown and on the screen."""
    pieces = view.loaded.pieces
    index = next(k for k, p in enumerate(pieces) if p.paragraph == paragraph and p.start <= start <= p.end)
    if view._part_of(index) != view._part:
        return False
    return view.scrollable_content_region.overlaps(view._paragraphs[index - view._part_start].region)


def _more(view: ArticleView) -> str:
    more = view.query_one("#article-more")
    return str(more.render()) if more.display else ""


def test_parts_and_pieces_of_a_body():
    assert part_starts([]) == [0]
    assert part_starts([1] * 5, max_pieces=2) == [0, 2, 4]
    assert part_starts([10, 10, 1], max_chars=15) == [0, 1]
    assert part_starts([100, 1], max_chars=15) == [0, 1]  # a piece longer than a part is one alone
    assert piece_spans("short") == [(0, 5)]
    text = "word " * 1000  # 5,000 characters: cut at spaces (dropped), none longer than the limit
    spans = piece_spans(text, max_chars=2_000)
    assert [(s, e) for s, e in spans] == [(0, 1999), (2000, 3999), (4000, 5000)]
    assert " ".join(text[s:e] for s, e in spans) == text
    assert piece_spans("x" * 5, max_chars=2) == [(0, 2), (2, 4), (4, 5)]  # no space: cut at the size


async def test_a_long_article_shows_its_first_part_and_says_how_to_go_on(big_corpus, tmp_path, make_app, ready,
                                                                          search, wait_until):
    app = make_app(big_corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        await search(pilot, "long report")
        view = main.article
        assert view.loaded.article.title == "A very long report"
        assert len(view.loaded.article.body) == PARAGRAPHS
        # the first part, not one widget per paragraph of the whole article
        assert len(view._paragraphs) == PART_PARAGRAPHS
        assert _shown(view)[0] == _paragraph(0)
        parts = -(-PARAGRAPHS // PART_PARAGRAPHS)
        assert _more(view) == (f"Part 1 of {parts}: paragraphs 1–{PART_PARAGRAPHS} of {PARAGRAPHS:,}. "
                               "Space or PgDn at the end shows part 2.")
        view.focus()
        await pilot.press("G", "space")  # the end of the part, then on
        await wait_until(pilot, lambda: view._part == 1)
        assert _shown(view)[0] == _paragraph(PART_PARAGRAPHS) and view.scroll_y == 0
        assert "PgUp at the top shows part 1." in _more(view)
        await pilot.press("pageup")  # at the top: back to the end of part 1
        await wait_until(pilot, lambda: view._part == 0 and view.scroll_y > 0 and view.scroll_y == view.max_scroll_y)
        # a short article is shown whole, with no line about parts
        await search(pilot, "note")
        assert view.loaded.article.title == "A short note" and _more(view) == ""


async def test_hits_and_quotes_are_walked_across_the_parts(big_corpus, tmp_path, make_app, ready, search,
                                                           wait_until):
    app = make_app(big_corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        await search(pilot, "needle")
        view = main.article
        assert view.loaded.article.title == "A very long report"
        assert [h.paragraph for h in view.hits] == list(NEEDLES)

        def in_view(paragraph: int) -> bool:
            return _in_view(view, paragraph)

        await pilot.press("n")
        await wait_until(pilot, lambda: in_view(NEEDLES[0]))
        await pilot.press("n")  # the second hit is in part 13: it is shown, marked and scrolled to
        await wait_until(pilot, lambda: view._part == NEEDLES[1] // PART_PARAGRAPHS and in_view(NEEDLES[1]))
        assert view.current_hit == 1
        await pilot.press("n")  # round to the first again
        await wait_until(pilot, lambda: view._part == 0 and in_view(NEEDLES[0]))
        assert view.quote_count == len(QUOTED)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await wait_until(pilot, lambda: view._part == QUOTED[1] // PART_PARAGRAPHS and in_view(QUOTED[1]))
        assert view.current_quote_text == "We are ready for part 1700"
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: view._part == 0 and in_view(QUOTED[0]))


async def test_one_huge_paragraph_is_shown_in_pieces_and_walked(tmp_path, make_app, ready, search, wait_until):
    """The hostile file of one long line: 500,000 characters in one paragraph, every word a hit."""
    corpus = tmp_path / "corpus"
    write(corpus / "line.txt", "One long line\n\n" + "word " * 200_000 + "\n")
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        await search(pilot, "word")
        view = main.article
        assert len(view.loaded.article.body) == 1 and len(view.hits) == 100_000
        # a part is some 50,000 characters, in pieces of at most 2,000: not one widget of 500,000
        assert 1 < len(view._paragraphs) <= PART_CHARS // 1_500 + 1
        assert all(len(str(p.render())) <= 2_000 for p in view._paragraphs)
        assert _more(view).startswith("Part 1 of 10: paragraph 1 of 1.")
        await pilot.press("N")  # the last hit: the last part is shown, the hit in view
        await wait_until(pilot, lambda: view._part == view.part_count - 1
                         and _in_view(view, 0, view.hits[-1].start))
        assert view.current_hit == len(view.hits) - 1
        await pilot.press("n")
        await wait_until(pilot, lambda: view._part == 0 and _in_view(view, 0, 0))


async def test_keys_are_answered_while_an_article_loads(big_corpus, tmp_path, make_app, ready, search,
                                                        wait_until, monkeypatch):
    """The article is loaded in a worker: while it works, the app answers keys."""
    app = make_app(big_corpus, tmp_path)
    started, release = threading.Event(), threading.Event()
    real_attribute = loaded_article.attribute

    def slow_attribute(body):
        if len(body) == PARAGRAPHS:
            started.set()
            release.wait(30)
        return real_attribute(body)

    monkeypatch.setattr(loaded_article, "attribute", slow_attribute)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        main.search_bar.focus()
        await pilot.press(*"long report", "enter")
        try:
            while not started.is_set():
                await pilot.pause(0.02)
            await pilot.press("escape", "question_mark")  # the help screen opens while the article loads
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            assert main.article.loaded is None
        finally:
            release.set()
        await wait_until(pilot, lambda: main.article.loaded is not None)
        assert len(main.article._paragraphs) == PART_PARAGRAPHS


TMUX = shutil.which("tmux")


@pytest.mark.skipif(TMUX is None and not os.environ.get("CI"), reason="tmux is not installed (CI installs it)")
@pytest.mark.parametrize("when", ["shown", "loading"])
def test_the_real_app_on_a_huge_file_answers_keys_and_quits_promptly(tmp_path, when):
    """200,000 one-word paragraphs (the file of issue 14): the app shows its first part,
    answers a key, and Ctrl+Q ends it at once, also while the article is still loading."""
    from test_e2e_tmux import Terminal

    corpus = tmp_path / "corpus"
    write(corpus / "huge.txt", "Huge\n\n" + "\n\n".join(f"word{i}" for i in range(200_000)) + "\n")
    env = {"PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    index = tmp_path / "index"
    built = subprocess.run([sys.executable, "-m", "reader", "index", str(corpus), "--index-dir", str(index)],
                           capture_output=True, text=True, env={**os.environ, **env}, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "huge.txt: more than 10,000 paragraphs: only the first 10,000 are read" in built.stderr
    command = " ".join(["env -u COLUMNS -u LINES", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                        "TERM=xterm-256color", shlex.quote(sys.executable), "-m reader", shlex.quote(str(corpus)),
                        "--index-dir", shlex.quote(str(index))])
    term = Terminal(command)
    try:
        term.wait_for("articles")
        term.type("word1")
        term.keys("Enter")
        if when == "shown":
            # The first part, drawn. (The line saying which part it is, under the part, was waited
            # for here: it showed only while the paragraphs were still mounting, right under the
            # title, and a loaded machine drew past that moment. The Pilot test above checks it.)
            term.wait_for("undated · huge.txt", "word12")
            term.keys("?")  # answered: the help screen
            term.wait_for("reader — keys")
            term.keys("Escape")
        term.keys("C-q")
        quit_at = time.monotonic()
        term.wait_for("READER-EXITED=0", timeout=30)
        assert time.monotonic() - quit_at < 10  # generous: it takes well under a second
    finally:
        term.close()
