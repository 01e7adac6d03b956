"""Browsing without a query: ``*`` and an empty query list every article, newest first;
and the folder check ``reader search`` makes instead of walking the corpus."""

import json
import os
import shutil
import subprocess
import time

import pytest
from whoosh import query as wq

from reader.index import corpus_unchanged, open_index, update_index
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


# -- the folder check before a search ------------------------------------------------


def _settle(root):
    """Every folder's mtime a minute back: a folder changed within the last two seconds
    is recorded as unknown (its mtime may not move again in the same tick)."""
    past = time.time() - 60
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, (past, past))


@pytest.fixture
def settled(tmp_path):
    root = _corpus(tmp_path / "corpus")
    (root / "empty").mkdir()
    _settle(root)
    idx = tmp_path / "idx"
    update_index(root, idx, workers=1)
    return root, idx


def test_the_manifest_records_every_folder(settled):
    root, idx = settled
    folders = json.loads((idx / "reader-files.json").read_text())["folders"]
    assert folders["root"] == os.path.realpath(root)
    assert set(folders["mtimes"]) == {"", "a", "b", "c", "empty"}
    assert corpus_unchanged(root, idx)


@pytest.mark.parametrize("change", ["add", "remove", "rename", "new folder", "into empty folder"])
def test_adding_removing_renaming_shows_in_a_folder(settled, change):
    root, idx = settled
    if change == "add":
        write(root / "b" / "fresh.txt", "Fresh\n\ngrain.\n")
    elif change == "remove":
        (root / "b" / "old.txt").unlink()
    elif change == "rename":
        (root / "a" / "new.txt").rename(root / "a" / "renamed.txt")
    elif change == "new folder":
        write(root / "d" / "e" / "deep.txt", "Deep\n\ngrain.\n")
    else:
        write(root / "empty" / "now.txt", "Now\n\ngrain.\n")
    assert not corpus_unchanged(root, idx)


def test_an_in_place_edit_is_not_seen_by_the_folder_check_but_by_reader_index(settled):
    root, idx = settled
    write(root / "mid.txt", "Middle news\n\nSaturday, July 7, 2012\n\nPrices of cocoa rose.\n")
    assert corpus_unchanged(root, idx)  # documented: reader index, --watch and the app catch it
    assert update_index(root, idx, workers=1).updated == 1


def test_a_folder_changed_just_now_is_checked_again(tmp_path):
    root = _corpus(tmp_path / "corpus")  # just written: racy
    update_index(root, tmp_path / "idx", workers=1)
    assert not corpus_unchanged(root, tmp_path / "idx")
    _settle(root)
    update_index(root, tmp_path / "idx", workers=1)  # nothing to index: the record is written
    assert corpus_unchanged(root, tmp_path / "idx")


def test_an_older_manifest_without_folders_gets_them_at_the_next_update(settled):
    root, idx = settled
    manifest = idx / "reader-files.json"
    data = json.loads(manifest.read_text())
    del data["folders"]
    manifest.write_text(json.dumps(data))
    assert not corpus_unchanged(root, idx)
    summary = update_index(root, idx, workers=1)
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    assert corpus_unchanged(root, idx)


def test_no_index_or_another_root_is_not_unchanged(settled, tmp_path):
    root, idx = settled
    assert not corpus_unchanged(root, tmp_path / "nowhere")
    other = tmp_path / "other"
    shutil.copytree(root, other)
    assert not corpus_unchanged(other, idx)


def test_search_does_not_walk_an_unchanged_corpus(settled, monkeypatch):
    from reader.cli import sources
    from reader.index import update as update_module

    root, idx = settled

    def no_walk(*_args, **_kwargs):
        raise AssertionError("the corpus was walked")

    monkeypatch.setattr(update_module, "walk", no_walk)
    sources.update_unless_busy(root, idx)  # nothing changed: no walk
    write(root / "b" / "fresh.txt", "Fresh\n\ngrain.\n")
    with pytest.raises(AssertionError, match="walked"):
        sources.update_unless_busy(root, idx)


def test_reader_search_sees_a_new_file_and_not_a_removed_one(settled):
    root, idx = settled
    args = ("--corpus", str(root), "--index-dir", str(idx), "--json")
    write(root / "b" / "fresh.txt", "Fresh\n\nThe sorghum crop.\n")
    out = run("search", "sorghum", *args)
    assert [h["id"] for h in json.loads(out.stdout)] == ["b/fresh.txt"], out.stderr
    (root / "b" / "fresh.txt").unlink()
    assert json.loads(run("search", "sorghum", *args).stdout) == []


def test_a_search_reads_the_manifest_s_head_only(settled, monkeypatch):
    from reader.index import manifest

    root, idx = settled
    whole = json.loads((idx / manifest.MANIFEST_FILE).read_text())
    assert list(whole)[-1] == "files"
    head = manifest.load_manifest_head(idx)
    assert head == {key: value for key, value in whole.items() if key != "files"}

    def no_whole_read(_index_dir):
        raise AssertionError("the whole manifest was parsed")

    monkeypatch.setattr(manifest, "load_manifest", no_whole_read)
    assert corpus_unchanged(root, idx)
    open_index(root, idx)  # its damage check reads the head too


@pytest.mark.parametrize("text", ['{"stamp": {}, "files": {}}', "{not json", "[1, 2]"])
def test_a_manifest_without_a_readable_head_is_read_whole(settled, text):
    from reader.index import manifest

    _root, idx = settled
    (idx / manifest.MANIFEST_FILE).write_text(text)
    try:
        whole = manifest.load_manifest(idx)
    except manifest.ManifestDamaged as exc:
        with pytest.raises(manifest.ManifestDamaged, match=str(exc)[:20]):
            manifest.load_manifest_head(idx)
    else:
        assert manifest.load_manifest_head(idx) == whole


def test_damage_past_the_head_is_left_to_the_update(settled):
    """A manifest cut short in its file states: the search trusts the head (the segments
    and folders it needs are whole); the update distrusts the states, reads the stored
    documents instead and writes a sound manifest."""
    from reader.index import manifest

    root, idx = settled
    path = idx / manifest.MANIFEST_FILE
    path.write_bytes(path.read_bytes()[:-10])
    assert manifest.load_manifest_head(idx) is not None and corpus_unchanged(root, idx)
    write(root / "b" / "fresh.txt", "Fresh\n\ngrain.\n")
    assert update_index(root, idx, workers=1).added == 1
    assert manifest.load_manifest(idx)["files"].keys() >= {"b/fresh.txt", "a/new.txt"}
