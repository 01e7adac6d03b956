"""Did you mean: misspelt words of a query corrected with the corpus's own words."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_query_bombs import BOMBS

from reader.index import open_index, update_index
from reader.index.store import META_FILE
from reader.index.words import WORDS_FILE
from reader.search import Searcher
from reader.search.suggest import Lexicon

from support import write


def _corpus(root):
    """70 articles (enough for the pool of workers): common words, one typo, a few rare ones."""
    for n in range(30):
        write(root / f"gov{n:02}.txt", f"Budget news {n}\n\nThe government plans an election and more spending.\n")
    write(root / "typo.txt", "A typo\n\nThe goverment of the island said little.\n")
    write(root / "pm.txt", " date 2024-03-01 Prime minister visits\nStandfirst.\n"
                           "The prime minister of Ukraine met Lithuanian minister Dovilė Šakalienė.\n"
                           "“We are ready,” Jens Stoltenberg said of Ukraine.\n")
    for n in range(38):
        write(root / f"wire{n:02}.txt", f"Wire {n}\n\nUkraine and its neighbours; music and markets.\n")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _corpus(tmp_path_factory.mktemp("suggest") / "corpus")
    idx = tmp_path_factory.mktemp("suggest-index")
    update_index(root, idx, workers=2)  # pool workers gather the word list
    return root, idx


@pytest.fixture(scope="module")
def searcher(built):
    root, idx = built
    ix, _ = open_index(root, idx)
    with Searcher(ix) as s:
        yield s


@pytest.mark.parametrize(("query", "meant"), [
    ("ukrane", "ukraine"),
    ("Ukrane", "Ukraine"),
    ("govenment spendng", "government spending"),
    ("musc", "music"),  # a short word: one edit
])
def test_a_misspelt_word_gets_the_corpus_word(searcher, query, meant):
    assert searcher.search(query).total == 0
    assert searcher.suggest_query(query) == meant
    assert searcher.search(meant).total > 0


@pytest.mark.parametrize("query", ["ukraine", "government spending", "Sakaliene", "stoltenberg", "prime minister"])
def test_words_the_corpus_has_get_no_suggestion(searcher, query):
    assert searcher.suggest_query(query) is None


def test_a_rare_word_next_to_a_much_commoner_one_is_corrected(searcher):
    # "goverment" is in one article, "government" in 30: like a web search, suggest it
    assert searcher.search("goverment").total == 1
    assert searcher.suggest_query("goverment") == "government"
    # "stoltenberg" is as rare, but no common word is one edit away: kept (above)


def test_words_that_find_nothing_even_corrected_get_no_suggestion(searcher):
    assert searcher.suggest_query("qwzxvy") is None
    # each word is fine, they just never meet: nothing to correct
    assert searcher.suggest_query("stoltenberg spending") is None
    # corrected, it would still find nothing: no suggestion
    assert searcher.suggest_query("ukrane date:1999") is None


def test_enough_results_means_no_suggestion(searcher):
    assert searcher.suggest_query("goverment", found=5) is None


def test_accents_are_folded_and_the_accented_spelling_suggested(searcher):
    assert searcher.suggest_query("sakalene") == "šakalienė"
    assert searcher.suggest_query("Sakalene") == "Šakalienė"


@pytest.mark.parametrize(("query", "meant"), [
    ("title:minster", "title:minister"),
    ("title:ukrane", None),  # Ukraine is in no title: corrected, it would find nothing
    ('"prime minster"', '"prime minister"'),
    ('"prime minster" date:2024', '"prime minister" date:2024'),
    ("date:[2024-01-01 to 2024-12-31] ukrane", "date:[2024-01-01 to 2024-12-31] ukraine"),
    ("speaker:stoltenberg AND ukrane", "speaker:stoltenberg AND ukraine"),
    ("(ukrane OR nothingness) NOT gov*", "(ukraine OR nothingness) NOT gov*"),
    ("musc^2  AND   ukrane", "music^2  AND   ukraine"),
])
def test_the_query_syntax_is_kept(searcher, query, meant):
    assert searcher.suggest_query(query) == meant


def test_names_wildcards_and_fuzzy_words_are_never_corrected(searcher):
    assert searcher.suggest_query("speaker:stoltenbrg") is None  # a name, not a text field
    assert searcher.suggest_query("ukran*") is None
    assert searcher.suggest_query("speaker:stoltenbrg ukrane") is None  # still finds nothing


def test_query_bombs_get_an_answer_or_none(searcher):
    for query in BOMBS:
        better = searcher.suggest_query(query)
        assert better is None or searcher.search(better).total > 0
    assert searcher.suggest_query(" ".join(["ukrane"] * 200)) is None  # too long to look at
    assert searcher.suggest_query("nosuchfield:x ukrane") is None  # an error, not a suggestion


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ukrane gov*?~^:\"()[]-ÉšAND OR")), max_size=40))
def test_any_query_gets_none_or_a_query_that_finds_more(searcher, query):
    better = searcher.suggest_query(query)
    if better is not None:
        assert better != query and searcher.search(better).total > searcher.search(query).total


def test_a_suggestion_is_given_up_when_time_runs_out(searcher):
    assert searcher.suggest_query("ukrane", time_limit=0.0) is None
    assert searcher.suggest_query("ukrane") == "ukraine"


def test_the_word_list_holds_the_words_as_written(built):
    _root, idx = built
    words = (idx / WORDS_FILE).read_text(encoding="utf-8").split()
    assert {"government", "goverment", "ukraine", "šakalienė", "stoltenberg"} <= set(words)
    assert "the" not in words and "ukrain" not in words  # no stop words, no stems
    assert Lexicon(words).shown["sakaliene"] == "šakalienė"


def test_an_update_adds_new_words_and_deleted_ones_are_not_suggested(tmp_path):
    root = _corpus(tmp_path / "corpus")
    idx = tmp_path / "idx"
    update_index(root, idx, workers=1)
    write(root / "new.txt", "Zanzibar\n\nA report from Zanzibar.\n")
    update_index(root, idx, workers=1)
    ix, _ = open_index(root, idx)
    with Searcher(ix) as s:
        assert s.suggest_query("zanzibr") == "zanzibar"
    (root / "new.txt").unlink()
    update_index(root, idx, workers=1)
    ix, _ = open_index(root, idx)
    with Searcher(ix) as s:
        assert s.search("zanzibar").total == 0
        assert s.suggest_query("zanzibr") is None  # still listed, but it finds nothing now


def test_an_index_of_the_previous_schema_is_rebuilt_with_its_word_list(tmp_path):
    root = _corpus(tmp_path / "corpus")
    idx = tmp_path / "idx"
    update_index(root, idx, workers=1)
    meta = json.loads((idx / META_FILE).read_text())
    (idx / META_FILE).write_text(json.dumps(meta | {"schema_version": 3}))
    (idx / WORDS_FILE).unlink()  # as an index built before the word list existed
    warnings = []
    update_index(root, idx, warn=warnings.append, workers=1)
    assert any("schema version 3" in w and "rebuilding" in w for w in warnings)
    ix, _ = open_index(root, idx)
    with Searcher(ix) as s:
        assert s.suggest_query("ukrane") == "ukraine"


def test_without_a_word_list_there_is_no_suggestion_and_no_error(tmp_path):
    root = _corpus(tmp_path / "corpus")
    idx = tmp_path / "idx"
    update_index(root, idx, workers=1)
    (idx / WORDS_FILE).unlink()
    ix, _ = open_index(root, idx)
    with Searcher(ix) as s:
        assert s.suggest_query("ukrane") is None
        assert s.search("ukraine").total == 39
