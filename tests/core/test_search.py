"""Queries as a user types them: folding, stemming, phrases, fields, dates, sorting, errors."""

from datetime import datetime

import pytest

from reader.index import open_index, update_index
from reader.search import QueryError, Searcher, make_snippet, match_spans

from support import SHARED, needs_shared, write


@pytest.fixture
def searcher(small_corpus, tmp_path):
    write(small_corpus / "old.txt", " date 2001-05-06 Old news\nStandfirst.\nNothing about rates here, only a long story.\n")
    write(small_corpus / "undated.txt", "Undated rates piece\n\nRates were discussed.\n")
    idx = tmp_path / "idx"
    update_index(small_corpus, idx)
    ix, _ = open_index(small_corpus, idx)
    with Searcher(ix) as s:
        yield s


def titles(result):
    return [h.title for h in result.hits]


def test_accent_folding_both_ways(searcher):
    assert titles(searcher.search("Sakaliene")) == ["Trump’s Phone Call With Putin Leaves Europe Reeling"]
    assert searcher.search("Šakalienė").total == 1


def test_stemming(searcher):
    assert "Markets rally on rate hopes" in titles(searcher.search("run"))  # "running"


def test_phrase(searcher):
    assert searcher.search('"deadly trap"').total == 1
    assert searcher.search('"trap deadly"').total == 0


def test_boolean_and_wildcards(searcher):
    assert searcher.search("cocoa OR grain").total == 2
    assert searcher.search("cocoa AND grain").total == 0
    assert searcher.search("rates NOT undated").total >= 1
    assert searcher.search("coco*").total == 1


def test_field_queries(searcher):
    assert titles(searcher.search("title:cocoa")) == ["Cocoa review"]
    assert searcher.search("title:showers").total == 0


@pytest.mark.parametrize(
    "query, expected",
    [
        ("date:2025", {"Trump’s Phone Call With Putin Leaves Europe Reeling"}),
        ("date:2025-02", {"Trump’s Phone Call With Putin Leaves Europe Reeling"}),
        ("date:[2025-02-01 to 2025-02-13]", {"Trump’s Phone Call With Putin Leaves Europe Reeling"}),
        ("date:[2025-02-14 to 2025-02-28]", set()),
        ("date:1987-02-26", {"Cocoa review"}),
        ("date:[1987-01-01 to 1987-02-26]", {"Cocoa review"}),  # the end day counts whole
    ],
)
def test_dates(searcher, query, expected):
    assert set(titles(searcher.search(query))) == expected


def test_sort_by_date_newest_first_undated_last(searcher):
    result = searcher.search("rates OR cocoa OR grain OR deadly", sort="date")
    dates = [h.date for h in result.hits]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert dates[len(dated):] == [None] * (len(dates) - len(dated))


@pytest.mark.parametrize(
    "query, message",
    [
        ("foo:bar", "unknown field 'foo'"),
        ("date:notadate", "dates look like"),
    ],
)
def test_query_errors_are_one_line(searcher, query, message):
    with pytest.raises(QueryError, match=message) as err:
        searcher.search(query)
    assert "\n" not in str(err.value)


def test_unknown_sort(searcher):
    with pytest.raises(QueryError):
        searcher.search("rates", sort="size")


def test_snippet_is_around_the_hit_not_the_first_line(searcher):
    hit = searcher.search("trap").hits[0]
    text = hit.snippet.text
    assert "deadly trap" in text and not text.startswith("European leaders")
    assert [text[s:e] for s, e in hit.snippet.highlights] == ["trap"]


def test_every_and_prefix_queries_answer(searcher):
    assert searcher.search("*").total == 6
    assert searcher.search("a*").total >= 1


def test_pages(searcher):
    everything = [h.id for h in searcher.search("*", limit=100).hits]
    assert [h.id for h in searcher.search("*", limit=2, offset=2).hits] == everything[2:4]


def test_refresh_sees_new_commits(small_corpus, tmp_path):
    idx = tmp_path / "idx2"
    update_index(small_corpus, idx)
    ix, _ = open_index(small_corpus, idx)
    with Searcher(ix) as s:
        assert s.search("volcano").total == 0
        write(small_corpus / "new.txt", "Volcano\n\nA volcano erupted.\n")
        update_index(small_corpus, idx)
        assert s.refresh() is True
        assert s.search("volcano").total == 1
        assert s.refresh() is False


def test_match_spans_and_snippet_helpers():
    text = "Šakalienė was running; the runners ran."
    assert [text[s:e] for s, e in match_spans(text, {"sakalien", "run"})] == ["Šakalienė", "running"]
    snippet = make_snippet("a " * 300 + "needle " + "b " * 300, {"needl"})
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["needle"]
    assert make_snippet("nothing here", {"needl"}) is None
    assert datetime  # imported for parametrised readability


def test_words_standing_together_rank_first(tmp_path):
    root = tmp_path / "c"
    write(root / "a.txt", "Apart\n\nThe trap was deadly. " + "Filler words here. " * 5 + "A trap again.\n")
    write(root / "b.txt", "Together\n\nIt would be a deadly trap, " + "filler words here. " * 8 + "\n")
    update_index(root, tmp_path / "i")
    ix, _ = open_index(root, tmp_path / "i")
    with Searcher(ix) as s:
        assert titles(s.search("deadly trap")) == ["Together", "Apart"]
        assert titles(s.search("deadly AND trap"))[0] in {"Together", "Apart"}  # operators: no boost, no error


def test_snippets_are_the_same_in_every_run():
    import subprocess
    import sys

    code = ("from reader.search import make_snippet; "
            "t = 'x ' * 100 + 'alpha beta ' + 'y ' * 100 + 'alpha beta ' + 'z ' * 100; "
            "print(make_snippet(t, {'alpha'}).text)")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in range(6)}
    assert len(outputs) == 1 and "x alpha beta" in outputs.pop()  # ties go to the earliest fragment


def test_a_page_without_the_count_still_says_whether_more_follow(searcher):
    counted = searcher.search("rates", limit=2)
    assert counted.total == searcher.count("rates") >= 3 and counted.more
    page = searcher.search("rates", limit=2, count=False)
    # plain words are scored over whole posting lists, so their count comes free
    assert page.total == counted.total and page.more and titles(page) == titles(counted)
    # a wildcard is matched by Whoosh, page by page: not counted unless asked
    wild = searcher.search("rat*", limit=2, count=False)
    assert wild.total is None and wild.more and searcher.search("rat*", limit=2).total == counted.total
    last = searcher.search("rates", limit=2, offset=2, count=False)
    assert not last.more and last.total == counted.total  # the last page knows the total for free
    assert searcher.search("rates", limit=50, count=False).total == counted.total
    assert searcher.search("nosuchwordanywhere", count=False).total == 0
    assert searcher.count("nosuchwordanywhere") == 0


def test_quoted_words_are_found_by_a_plain_query(searcher):
    """``quotes`` is not searched by default: the words are in ``body`` too."""
    assert searcher.search("deadly trap").total == searcher.search('quotes:"deadly trap"').total == 1


@pytest.mark.parametrize("query", ["rates", "rates date:[2000 to 2030]", "rate* OR deadly", '"deadly trap"', "date:2001"])
def test_the_total_is_every_matching_article(searcher, query):
    """Not Whoosh's own tally, which can miss matches its top-N search skipped (see Searcher._count)."""
    every = len(set(searcher.parse(query).docs(searcher._searcher)))
    assert searcher.search(query, limit=1).total == searcher.count(query) == every


@needs_shared
def test_the_first_page_is_the_top_of_the_whole_ranking(tmp_path):
    """Whoosh's top-N shortcuts dropped the best articles on a corpus of two segments
    (the BBC set, built by two pool workers): "oil prices" lost its four best, the ones
    where the words stand together. See search._top."""
    corpus = SHARED / "datasets" / "bbc"
    update_index(corpus, tmp_path / "idx")
    ix, _ = open_index(corpus, tmp_path / "idx")
    with Searcher(ix) as s:
        assert len(ix.reader().leaf_readers()) >= 2 or ix.doc_count() < 1000
        for query in ("oil prices", "interest rates", "world cup", "tony blair", "music industry", "mobile phone"):
            whole = s.search(query, limit=10_000, snippets=False)
            assert whole.total == len(whole.hits)
            for offset, limit in ((0, 10), (10, 30), (37, 5)):
                page = s.search(query, limit=limit, offset=offset, snippets=False, count=False)
                expected = whole.hits[offset : offset + limit]
                assert [(h.id, round(h.score, 6)) for h in page.hits] == \
                    [(h.id, round(h.score, 6)) for h in expected], (query, offset)
                assert page.total == whole.total  # matching articles are all scored: counted for free
        best = s.article(s.search("oil prices", limit=1, snippets=False).hits[0].id)
        assert "oil prices" in best.text.lower()


def test_phrases_match_as_whooshs_own_phrase_matcher_does(searcher, monkeypatch):
    """search._PhraseMatcher checks positions with sets; the answers must not change."""
    from reader.engine import matchers

    queries = ['"deadly trap"', '"trap deadly"', '"prime minister"', '"defence secretary john healey"', "deadly trap",
               '"rate hopes"~3', 'title:"putin leaves"', '"nato"']
    fast = {q: [(h.id, round(h.score, 6)) for h in searcher.search(q, limit=50, snippets=False).hits] for q in queries}
    monkeypatch.setattr(matchers, "fast_phrase", lambda node: node)
    whoosh = {q: [(h.id, round(h.score, 6)) for h in searcher.search(q, limit=50, snippets=False).hits] for q in queries}
    assert fast == whoosh
    assert fast['"deadly trap"'] and not fast['"trap deadly"']


def test_phrase_first_ranking_falls_back_to_scoring_all_when_its_bound_fails(searcher):
    """A phrase part boosted past the bound _phrase_first relies on: every match is ranked."""
    from reader.engine import matchers
    from reader.search import ranking

    q = searcher.parse("deadly trap")
    assert isinstance(q, matchers.PhraseFirst)
    over = matchers.PhraseFirst(q.a, q.b.with_boost(50.0))
    collector = matchers.top_collector(100)
    searcher._searcher.search_with_collector(over, collector)
    expected = [(round(h.score, 6), h.docnum) for h in collector.results()]
    ranked, matched, timed_out = ranking.phrase_first(searcher._searcher, over, 100, 5.0)
    assert [(round(s, 6), d) for s, d in ranked] == expected and matched == len(expected) and not timed_out
