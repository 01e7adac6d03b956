"""What the app displays is built as Content from plain text: markup never becomes live."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search import Hit, Snippet
from reader.text import clean
from reader.tui.display import clip_spans, result_prompt, speaker_prompt, styled

MARKUP = ["[bold]x[/]", "[@click=app.quit]quit[/]", "[/", "[link=https://evil]l[/link]", "[$accent]v[/]", "\\[", "]"]
texts = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(MARKUP + ["a", " ", "é"]), max_size=20).map("".join))


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(-5, 250), st.integers(-5, 250)), max_size=8))
def test_styled_text_is_the_text(text, raw_spans):
    text = clean(text)
    spans = [(s, e, "bold reverse") for s, e in raw_spans]
    content = styled(text, spans)
    assert content.plain == text
    for span in content.spans:
        assert "@click" not in str(span.style) and "link" not in str(span.style)


@settings(max_examples=200, deadline=None)
@given(texts, texts, st.lists(st.text(max_size=20), max_size=4))
def test_result_and_speaker_prompts_show_text_literally(title, snippet, speakers):
    title, snippet = clean(title), clean(snippet)
    hit = Hit("id", "/p", title, datetime(2025, 1, 2), 1.0, "", tuple(speakers),
              Snippet(snippet, ((0, min(3, len(snippet))),) if snippet else ()))
    plain = result_prompt(hit).plain
    assert (title or "(untitled)") in plain and snippet in plain
    prompt = speaker_prompt(0, title or "x", snippet, 2).plain
    assert (title or "x") in prompt


def test_clip_spans():
    assert clip_spans([(0, 10, "a"), (12, 20, "b"), (25, 30, "c")], 5, 15) == [(0, 5, "a"), (7, 10, "b")]
