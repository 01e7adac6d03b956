"""Writing results out: each format, spreadsheet safety, hostile text, safe destinations."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import datetime

import pytest

from reader.index import open_index, update_index
from reader.search import Hit, Searcher, Snippet
from reader.search.export import (
    CSV_COLUMNS,
    ExportError,
    all_results,
    check_destination,
    csv_cell,
    default_destination,
    format_for,
    write_file,
    write_hits,
)

from support import write

HOSTILE = "[@click=app.quit]x[/] [/ \x1b[31mred\x1b[0m, \"quoted\"\nnew line"


def hit(title: str, path: str = "/c/a.txt", **kw) -> Hit:
    fields = dict(id=path, path=path, title=title, date=None, score=1.23456, standfirst="",
                  speakers=("Anna Berg",), snippet=Snippet("…the budget grew…", ((4, 10),)))
    fields.update(kw)
    return Hit(**fields)


HITS = [
    hit("=HYPERLINK(\"http://x\") budget", "/c/a.txt", date=datetime(2025, 2, 13)),
    hit(HOSTILE, "/c/b.txt", speakers=("Dovilė Šakalienė", "Pete Hegseth")),
    # a Latin-1 byte in the file name (ids are escaped when indexed; paths are kept as they are)
    hit("Žmonės – “quotes” 東京", "/c/caf\udce9.txt", id="caf\\xe9.txt", speakers=()),
]


def text_of(fmt: str, hits=HITS) -> str:
    out = io.StringIO()
    write_hits(out, hits, fmt)
    return out.getvalue()


def test_json_is_a_list_of_results():
    data = json.loads(text_of("json"))
    assert [d["title"] for d in data] == [h.title for h in HITS]
    assert data[0] == {"id": "/c/a.txt", "path": "/c/a.txt", "title": HITS[0].title, "date": "2025-02-13T00:00:00",
                       "score": 1.2346, "snippet": "…the budget grew…", "highlights": [[4, 10]],
                       "speakers": ["Anna Berg"]}


def test_json_with_facets_is_an_object():
    out = io.StringIO()
    write_hits(out, HITS[:1], "json", facets=[{"name": "Anna Berg", "quotes": 2, "articles": 1}])
    data = json.loads(out.getvalue())
    assert set(data) == {"results", "facets"} and data["facets"][0]["name"] == "Anna Berg"


def test_jsonl_is_one_object_a_line_and_keeps_unicode():
    text = text_of("jsonl")
    lines = text.splitlines()
    assert len(lines) == 3 and text.endswith("\n")
    assert [json.loads(line)["title"] for line in lines] == [h.title for h in HITS]
    assert "Šakalienė" in text and "東京" in text  # written as themselves, not \u escapes


def test_csv_columns_formula_guard_and_hostile_text():
    rows = list(csv.reader(io.StringIO(text_of("csv"))))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == 4
    assert rows[1][1] == "'=HYPERLINK(\"http://x\") budget"  # a spreadsheet would run it as a formula
    assert rows[1][2] == "2025-02-13T00:00:00" and rows[1][3] == "1.2346"
    assert rows[2][1] == HOSTILE  # commas, quotes, new lines and escapes survive the round trip
    assert rows[2][4] == "Dovilė Šakalienė; Pete Hegseth"
    assert rows[3][2] == "" and rows[3][4] == ""
    for start in "=+-@\t":
        [row] = list(csv.DictReader(io.StringIO(text_of("csv", [hit(start + "1+1")]))))
        assert row["title"] == "'" + start + "1+1"
    assert csv_cell("\r=1") == "'\r=1" and csv_cell("a=1") == "a=1"  # (ingest turns \r into \n anyway)


def test_non_utf8_file_names_are_escaped_as_the_cli_prints_them():
    for fmt in ("csv", "json", "jsonl"):
        text = text_of(fmt)
        text.encode("utf-8")  # no lone surrogates: the text can be written as UTF-8
        assert "caf\\xe9.txt" in text.replace("\\\\", "\\")


def test_unknown_format_is_an_error():
    with pytest.raises(ExportError, match="use one of: csv, json, jsonl"):
        write_hits(io.StringIO(), HITS, "xml")


def test_format_comes_from_the_suffix():
    assert format_for("a/b.csv") == "csv" and format_for("x.JSON") == "json" and format_for("x.jsonl") == "jsonl"
    for name in ("x.txt", "x", "x.csv.gz"):
        with pytest.raises(ExportError, match=r"end the file name in \.csv, \.json, \.jsonl"):
            format_for(name)


def test_destinations_inside_the_corpus_are_refused(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "sub" / "a.txt", "A\n\nText.\n")
    os.symlink(corpus / "sub", tmp_path / "link-into-corpus")
    for name in (corpus / "out.csv", corpus / "sub" / "out.json", tmp_path / "corpus" / ".." / "corpus" / "x.csv",
                 tmp_path / "link-into-corpus" / "x.csv"):
        with pytest.raises(ExportError, match="inside the corpus .* read-only"):
            check_destination(str(name), corpus)
    assert check_destination(str(tmp_path / "out.csv"), corpus) == (tmp_path / "out.csv", "csv")
    assert not (corpus / "out.csv").exists()


def test_bad_destinations_have_clear_errors(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(ExportError, match="give a file name"):
        check_destination("  ", corpus)
    with pytest.raises(ExportError, match="is a folder"):
        check_destination(str(tmp_path / "folder.csv"), corpus)
    with pytest.raises(ExportError, match="no folder"):
        check_destination(str(tmp_path / "missing" / "x.csv"), corpus)
    with pytest.raises(ExportError, match=r"\.csv, \.json, \.jsonl"):
        check_destination(str(tmp_path / "x.xlsx"), corpus)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert check_destination("~/a.jsonl", corpus) == (tmp_path / "a.jsonl", "jsonl")
    assert check_destination("b.json", corpus) == (tmp_path / "b.json", "json")


def test_default_destination_is_named_after_the_query_and_not_taken(tmp_path):
    assert default_destination('speaker:"Dovilė Šakalienė" [@click]', tmp_path) == \
        tmp_path / "reader-speaker-dovile-sakaliene-click.csv"
    assert default_destination("***", tmp_path, "json") == tmp_path / "reader-results.json"
    (tmp_path / "reader-nato.csv").write_text("taken")
    assert default_destination("NATO", tmp_path) == tmp_path / "reader-nato-2.csv"


def test_write_file_replaces_atomically_and_keeps_the_mode(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_file(target, HITS, "csv")
    assert target.read_text(encoding="utf-8") == text_of("csv")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_litter(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def broken(stream, hits, fmt, facets=None):
        stream.write("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.search.export.write_hits", broken)
    with pytest.raises(OSError, match="No space"):
        write_file(target, HITS, "json")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_missing_folder_is_an_oserror(tmp_path):
    with pytest.raises(OSError):
        write_file(tmp_path / "gone" / "out.csv", HITS, "csv")


@pytest.fixture
def many(tmp_path):
    root = tmp_path / "many"
    for n in range(45):
        write(root / f"{n:03}.txt", f"Story {n}\n\nThe common word appears in story {n}.\n")
    write(root / "other.txt", "Other\n\nNothing to see.\n")
    update_index(root, tmp_path / "idx")
    ix, _ = open_index(root, tmp_path / "idx")
    with Searcher(ix) as searcher:
        yield searcher


def test_all_results_are_every_hit_with_snippets(many):
    export = all_results(many, "common", sort="date")
    assert export.complete and export.total == 45 and len(export.hits) == 45
    assert len({h.id for h in export.hits}) == 45
    assert all(h.snippet and "common" in h.snippet.text for h in export.hits)


def test_all_results_out_of_time_says_so(many):
    export = all_results(many, "common", time_limit=0)
    assert not export.complete and len(export.hits) <= export.total


def test_the_file_holds_what_a_search_for_every_result_gives(many, tmp_path):
    export = all_results(many, "common")
    write_file(tmp_path / "out.jsonl", export.hits, "jsonl")
    out = io.StringIO()
    write_hits(out, many.search("common", limit=100).hits, "jsonl")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == out.getvalue()
