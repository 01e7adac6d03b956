"""Queries that try to hurt: each answers, or fails with a one-line error, within a bound."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.index import open_index, update_index
from reader.search import QueryError, Searcher

from support import write

WORDS = ["alpha", "beta", "gamma", "delta", "apple", "avocado", "anchor", "azure", "atlas", "amber"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    root = tmp_path_factory.mktemp("bombs")
    for n in range(300):
        words = " ".join(WORDS[(n * 7 + k) % len(WORDS)] + str(k % 13) for k in range(60))
        write(root / f"{n:03}.txt", f"Story {n}\n\n{words} and the {WORDS[n % 10]} wire.\n")
    idx = tmp_path_factory.mktemp("bombs-index")
    update_index(root, idx, workers=1)
    ix, _ = open_index(root, idx)
    with Searcher(ix) as s:
        yield s


BOMBS = [
    "*",
    "a*",
    "*a*",
    "?*?*?*?*",
    "x" * 3000,
    " ".join(WORDS * 300)[:3000],
    "(" * 500 + "alpha" + ")" * 500,
    "(" * 500,
    ")" * 500,
    '"' * 3000,
    "[" * 1000,
    "title:(" * 200,
    "NOT " * 500 + "alpha",
    "date:[" + "2020-01-01 to " * 200 + "]",
    "alpha~" * 100,
]


@pytest.mark.parametrize("query", BOMBS, ids=lambda q: repr(q[:20]))
def test_query_bombs_answer_or_fail_clearly(searcher, query):
    started = time.monotonic()
    try:
        result = searcher.search(query, limit=20, time_limit=5.0)
    except QueryError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400
    else:
        assert result.total >= 0
    assert time.monotonic() - started < 60, "a query must never hang"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_text_as_a_query_answers_or_fails_clearly(searcher, query):
    try:
        result = searcher.search(query, limit=5, time_limit=2.0)
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        for hit in result.hits:
            for start, end in hit.snippet.highlights:
                assert 0 <= start < end <= len(hit.snippet.text)
