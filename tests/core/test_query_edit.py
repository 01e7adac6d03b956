"""Editing a query to add a month or a person: what the app's timeline and speaker picker type for the user."""

import pytest

from reader.index import open_index, update_index
from reader.search import Searcher, speaker_term, with_month, with_speaker
from reader.search.query_edit import date_term, field_terms

from support import write

HOSTILE_NAMES = ['[@click=app.quit]', "[/", 'Anna "The Rock" Berg', "O'Brien (Jr.)", "\\", "a]b) OR (c",
                 "\x1b[31mred", "date:2024", "Zoë ‖ Ångström"]


@pytest.mark.parametrize("query, expected", [
    ("nato", "nato date:2025-02"),
    ("", "date:2025-02"),
    ("   ", "date:2025-02"),
    ("nato date:2024", "nato date:2025-02"),  # replaced, not stacked
    ("date:2024-11-05 nato", "date:2025-02 nato"),
    ("nato date:[2025-01-01 to 2025-03-31] eu", "nato date:2025-02 eu"),
    ("x date:(2024 OR 2025) y", "x date:2025-02 y"),
    ("nato OR russia", "(nato OR russia) date:2025-02"),  # the month narrows all of it
    ("(nato OR russia) date:2025-01", "(nato OR russia) date:2025-02"),
    ("nato NOT russia", "nato NOT russia date:2025-02"),
    ("nato NOT date:2024", "nato NOT date:2024 date:2025-02"),  # an exclusion is not a filter
    ('"date:2024 plans" nato', '"date:2024 plans" nato date:2025-02'),  # inside a phrase: words
    ('title:"a date:1" date:2023', 'title:"a date:1" date:2025-02'),
    ("update:2024", "update:2024 date:2025-02"),  # another field that ends in "date"
    # a term in brackets or beside a top-level OR narrows one branch: the month narrows all
    ("(nato date:2025-01) OR eu", "((nato date:2025-01) OR eu) date:2025-02"),
    ("nato date:2024 OR eu", "(nato date:2024 OR eu) date:2025-02"),
    ("nato ANDMAYBE date:2024", "(nato ANDMAYBE date:2024) date:2025-02"),
    ("x (nato date:2024)", "x (nato date:2024) date:2025-02"),
    ("nato date:2024 ANDNOT eu", "nato date:2025-02 ANDNOT eu"),  # the date is required: replaced
    # single quotes are Whoosh's quoted terms: words inside, quotes kept balanced
    ("nato 'date:2025'", "nato 'date:2025' date:2025-02"),
    ("'nato date:2024' eu", "'nato date:2024' eu date:2025-02"),
    ("nato date:'2024' eu", "nato date:2025-02 eu"),
    ("O'Brien date:2024", "O'Brien date:2025-02"),  # an apostrophe in a word is no quote
    ('nato "date:2024', 'nato "date:2025-02'),  # an unclosed " is a character: Whoosh reads date:2024
])
def test_with_month_replaces_or_adds_one_date_term(query, expected):
    assert with_month(query, "2025-02") == expected


def test_picking_months_one_after_another_keeps_one_date_term():
    query = "ukraine"
    for month in ("2019-03", "2024-06", "2025-02"):
        query = with_month(query, month)
    assert query == "ukraine date:2025-02"
    assert len(field_terms(query, "date")) == 1


@pytest.mark.parametrize("query, expected", [
    ("budget", 'budget speaker:"Anna Berg"'),
    ("speaker:healey budget", 'speaker:"Anna Berg" budget'),
    ('budget speaker:"John Healey"~2 date:2025', 'budget speaker:"Anna Berg" date:2025'),
    ("budget OR tax", '(budget OR tax) speaker:"Anna Berg"'),
])
def test_with_speaker_replaces_or_adds_one_speaker_term(query, expected):
    assert with_speaker(query, "Anna Berg") == expected


def test_speaker_term_quotes_names_safely():
    assert speaker_term("John Healey") == 'speaker:"John Healey"'
    assert speaker_term('Anna "The Rock"  Berg') == 'speaker:"Anna The Rock Berg"'
    assert speaker_term("[@click=app.quit]") == 'speaker:"[@click=app.quit]"'
    with pytest.raises(ValueError):
        speaker_term(' " ')


def test_date_term_wants_a_month():
    assert date_term("2025-02") == "date:2025-02"
    for bad in ("2025-13", "2025-2", "2025", "date:2025-02", "2025-02 OR x"):
        with pytest.raises(ValueError):
            date_term(bad)


def test_edited_queries_parse_and_find_what_they_say(small_corpus, tmp_path):
    write(small_corpus / "berg.txt", " date 2025-02-20 Budget row\nStandfirst.\n"
                                     "“We will not pay,” Finance Minister Anna Berg said about the budget.\n")
    update_index(small_corpus, tmp_path / "idx")
    ix, _ = open_index(small_corpus, tmp_path / "idx")
    with Searcher(ix) as searcher:
        by_month = searcher.search(with_month("budget OR rates", "2025-02"))
        assert [h.title for h in by_month.hits] == ["Budget row"]
        by_speaker = searcher.search(with_speaker("budget date:2024", "Anna Berg"))
        assert by_speaker.total == 0  # the date term stays: Anna Berg spoke in 2025
        assert searcher.search(with_month(with_speaker("budget date:2024", "Anna Berg"), "2025-02")).total == 1
        # the month narrows every branch: no "rates" article of another month gets through
        narrowed = with_month("(budget date:2025-01) OR rates", "2025-02")
        assert searcher.search("rates").total > 0 and searcher.search(narrowed).total == 0
        assert searcher.search(with_month("'budget' OR nothing", "2025-02")).total == 1
        for name in HOSTILE_NAMES:
            query = with_speaker(with_month("budget OR rates", "2025-02"), name)
            assert len(field_terms(query, "speaker")) == 1 and len(field_terms(query, "date")) == 1, query
            searcher.search(query)  # parses and runs: no QueryError, no crash
