"""How a query's results spread over the months: Searcher.month_counts, behind the app's timeline and --timeline."""

import pytest

from reader.index import open_index, update_index
from reader.search import MonthCounts, QueryError, Searcher
from reader.search import facets as search

from support import write


@pytest.fixture
def searcher(tmp_path):
    root = tmp_path / "corpus"
    for n, date in enumerate(["2024-11-05", "2024-11-30", "2025-02-13", "2025-02-01", "2025-02-28"]):
        write(root / f"{n}.txt", f" date {date} Budget story {n}\nStandfirst.\nThe budget was discussed.\n")
    write(root / "undated.txt", "Budget without a date\n\nThe budget, again.\n")
    write(root / "other.txt", " date 2023-01-01 Football\nStandfirst.\nThe team won.\n")
    update_index(root, tmp_path / "idx")
    ix, _ = open_index(root, tmp_path / "idx")
    with Searcher(ix) as s:
        yield s


def test_every_month_from_first_to_last_with_zeros_between(searcher):
    counts = searcher.month_counts("budget")
    assert counts.months == (("2024-11", 2), ("2024-12", 0), ("2025-01", 0), ("2025-02", 3))
    assert counts.undated == 1 and counts.complete
    assert counts.dated + counts.undated == searcher.search("budget").total
    assert counts.to_json() == {"months": [{"month": "2024-11", "count": 2}, {"month": "2024-12", "count": 0},
                                           {"month": "2025-01", "count": 0}, {"month": "2025-02", "count": 3}],
                                "undated": 1}


def test_counts_agree_with_the_date_filter(searcher):
    for month, count in searcher.month_counts("budget").months:
        assert searcher.search(f"budget date:{month}").total == count


def test_no_results_and_only_undated(searcher):
    assert searcher.month_counts("volcano") == MonthCounts((), 0, True)
    assert searcher.month_counts('"without a date"') == MonthCounts((), 1, True)


def test_a_bad_query_is_a_query_error(searcher):
    with pytest.raises(QueryError):
        searcher.month_counts("nosuchfield:x")


def test_counting_stops_at_its_time_limit(searcher, monkeypatch):
    # Whoosh lists a wildcard's documents one by one, so that count can run out of time
    # (plain words are counted on whole posting lists, at once)
    monkeypatch.setattr(search, "_COUNT_BATCH", 2)
    partial = searcher.month_counts("budg*", time_limit=0)
    assert not partial.complete
    assert partial.dated + partial.undated < 6
    assert searcher.month_counts("budg*").complete
    assert searcher.month_counts("budg*") == searcher.month_counts("budget")


def test_deleted_articles_are_not_counted(searcher, tmp_path):
    (tmp_path / "corpus" / "0.txt").unlink()
    update_index(tmp_path / "corpus", tmp_path / "idx")
    searcher.refresh()
    assert searcher.month_counts("budget").months[0] == ("2024-11", 1)
