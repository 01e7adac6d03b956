"""Browsing without a query: ``*`` and an empty query list every article, newest first;
and the folder check ``reader search`` makes instead of walking the corpus."""

import json
import os
import shutil
import subprocess

import pytest
from whoosh import query as wq

from reader.index import open_index, update_index
from reader.search import Searcher

from support import write

READER = shutil.which("reader")


def run(*args):
    assert READER, "the reader script is not installed (pip install '.[test]')"
    return subprocess.run([READER, *args], capture_output=True, text=True, timeout=300)


def _corpus(root):
    # dated out of path order, two undated, one dated article updated later (a deletion)
    write(root / "b" / "old.txt", "Old news\n\nTuesday, May 1, 2001\n\nThe harvest was poor.\n")
    write(root / "a" / "new.txt", "New news\n\nSaturday, March 2, 2024\n\nThe harvest was rich.\n")
    write(root / "mid.txt", "Middle news\n\nSaturday, July 7, 2012\n\nPrices of grain rose.\n")
    write(root / "z-undated.txt", "Zed undated\n\nNo date here, only grain.\n")
    write(root / "c" / "undated.txt", "Cee undated\n\nNo date here either.\n")
    return root


@pytest.fixture
def browse(tmp_path):
    root = _corpus(tmp_path / "corpus")
    idx = tmp_path / "idx"
    update_index(root, idx, workers=1)
    # an update: one more article and a re-read one, so the index has deletions and two segments
    write(root / "mid.txt", "Middle news\n\nSaturday, July 7, 2012\n\nPrices of grain rose again.\n")
    write(root / "later.txt", "Later news\n\nWednesday, January 1, 2020\n\nMore grain.\n")
    update_index(root, idx, workers=1)
    ix, _ = open_index(root, idx)
    with Searcher(ix) as searcher:
        yield searcher


BROWSE_ORDER = ["a/new.txt", "later.txt", "mid.txt", "b/old.txt", "c/undated.txt", "z-undated.txt"]


@pytest.mark.parametrize("text", ["*", "", "   ", " * "])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_all_articles_newest_first_undated_after_by_path(browse, text, sort):
    result = browse.search(text, sort=sort, limit=50, snippets=False)
    assert [h.id for h in result.hits] == BROWSE_ORDER
    assert result.total == 6 and not result.more and not result.timed_out


def test_all_articles_are_answered_from_the_index_not_by_matching_terms(browse):
    assert browse.parse("*") == wq.Every() and browse.parse("") == wq.Every()
    assert browse.count("*") == browse.count("") == 6 == browse.doc_count


@pytest.mark.parametrize("offset, limit", [(0, 2), (2, 2), (3, 2), (4, 5), (5, 1), (6, 3)])
def test_all_articles_in_pages(browse, offset, limit):
    result = browse.search("", limit=limit, offset=offset, snippets=False)
    assert [h.id for h in result.hits] == BROWSE_ORDER[offset:offset + limit]
    assert result.total == 6
    assert result.more == (offset + limit < 6)


def test_star_with_other_clauses_means_every_article_there(browse):
    assert {h.id for h in browse.search("* date:2024", limit=50).hits} == {"a/new.txt"}
    assert {h.id for h in browse.search("* NOT grain", limit=50).hits} == {"a/new.txt", "b/old.txt",
                                                                          "c/undated.txt"}
    assert browse.search("grain *").total == browse.search("grain").total == 3
    # a field's own wildcard stays a wildcard over that field
    assert browse.search("title:*").total == 6


def test_all_articles_timeline_and_facets_count_everything(browse):
    months = browse.month_counts("")
    assert months.complete and sum(n for _m, n in months.months) + months.undated == 6
    _rows, complete = browse.speaker_facets("*")
    assert complete


def test_an_empty_index_browses_to_nothing(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    update_index(root, tmp_path / "idx", workers=1)
    ix, _ = open_index(root, tmp_path / "idx")
    with Searcher(ix) as searcher:
        result = searcher.search("")
        assert result.hits == () and result.total == 0


@pytest.mark.parametrize("query", ["", "*"])
def test_reader_search_prints_all_articles(tmp_path, query):
    root = _corpus(tmp_path / "corpus")
    out = run("search", query, "--corpus", str(root), "--index-dir", str(tmp_path / "idx"), "--json")
    assert out.returncode == 0, out.stderr
    assert [h["id"] for h in json.loads(out.stdout)] == ["a/new.txt", "mid.txt", "b/old.txt",
                                                         "c/undated.txt", "z-undated.txt"]
    assert os.path.isdir(tmp_path / "idx")
