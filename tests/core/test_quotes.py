"""Quotes as records of their own (issue 16, core): indexed with their article through the real
update path (serial and pooled), searched with same-quote semantics, and ``reader quotes`` in
every output format."""

import csv
import io
import json
import os

import pytest

from reader.cli.main import main
from reader.index import open_quote_index, update_index
from reader.index.store import open_quotes_dir
from reader.ingest import load_file
from reader.search.quotes import QuoteSearcher

from support import BUNDLED, write


def _article(root, name, speaker, quote, *, other=None, date="2024-03-01"):
    """A plain-text article where ``speaker`` says ``quote`` (and ``other`` = (name, quote) too)."""
    lines = ["---", f"title: A story about {name}", f"date: {date}", "---", "",
             f"{speaker}, a senator, spoke in the capital on Monday.", "", f'"{quote}," said {speaker}.']
    if other:
        lines += ["", f"{other[0]}, a forecaster, disagreed.", "", f'"{other[1]}," said {other[0]}.']
    return write(root / f"{name}.md", "\n".join(lines) + "\n")


def _quotes(corpus, idx, text="", **kwargs):
    with QuoteSearcher(open_quote_index(corpus, idx)) as searcher:
        return searcher.search(text, limit=1000, **kwargs)


def _said(result):
    return sorted((hit.speaker, hit.text) for hit in result.hits)


def test_quotes_are_indexed_replaced_and_removed_with_their_article(tmp_path):
    corpus, idx = tmp_path / "corpus", tmp_path / "idx"
    _article(corpus, "taxes", "Alice Smith", "Taxes must fall this year")
    _article(corpus, "weather", "Bob Jones", "The weather will be fine")
    update_index(corpus, idx)
    assert _said(_quotes(corpus, idx)) == [("Alice Smith", "Taxes must fall this year"),
                                           ("Bob Jones", "The weather will be fine")]

    _article(corpus, "taxes", "Alice Smith", "Spending must rise instead")  # changed: its quotes replaced
    os.utime(corpus / "taxes.md", ns=(1, 2))
    update_index(corpus, idx)
    assert _said(_quotes(corpus, idx, "taxes")) == []
    assert _said(_quotes(corpus, idx, "spending")) == [("Alice Smith", "Spending must rise instead")]

    (corpus / "weather.md").unlink()  # deleted: its quotes go
    update_index(corpus, idx)
    assert _said(_quotes(corpus, idx)) == [("Alice Smith", "Spending must rise instead")]

    update_index(corpus, idx, rebuild=True)  # a rebuild rebuilds both
    assert _said(_quotes(corpus, idx)) == [("Alice Smith", "Spending must rise instead")]


def test_the_pool_writes_the_same_quote_records_and_keeps_them_with_the_articles(tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(80):  # more than the pool threshold: workers write quote segments too
        _article(corpus, f"a{i:03}", f"Jane Doe{i % 4}", f"Prices will rise by {i} percent")
    pooled = update_index(corpus, tmp_path / "pooled", workers=2)
    serial = update_index(corpus, tmp_path / "serial", workers=1)
    assert pooled.total == serial.total == 80
    assert _said(_quotes(corpus, tmp_path / "pooled")) == _said(_quotes(corpus, tmp_path / "serial"))
    assert len(_quotes(corpus, tmp_path / "pooled").hits) == 80

    for i in range(70):  # enough changes for the pool again: 70 changed, 10 deleted
        _article(corpus, f"a{i:03}", f"Jane Doe{i % 4}", f"Prices will fall by {i} percent")
        os.utime(corpus / f"a{i:03}.md", ns=(1, 2))
    for i in range(70, 80):
        (corpus / f"a{i:03}.md").unlink()
    update_index(corpus, tmp_path / "pooled", workers=2)
    assert len(_quotes(corpus, tmp_path / "pooled", "rise").hits) == 0
    assert len(_quotes(corpus, tmp_path / "pooled", "fall").hits) == 70
    assert open_quotes_dir(tmp_path / "pooled").doc_count() == 70


def test_speaker_and_words_must_be_in_the_same_quote(tmp_path):
    corpus, idx = tmp_path / "corpus", tmp_path / "idx"
    _article(corpus, "both", "Alice Smith", "Taxes must fall this year",
             other=("Bob Jones", "The weather will be fine"))
    update_index(corpus, idx)
    # the article has Alice and "weather", in different quotes: nothing
    assert _quotes(corpus, idx, "weather", speaker="Alice Smith").hits == ()
    assert _quotes(corpus, idx, "weather speaker:smith").hits == ()
    assert _said(_quotes(corpus, idx, "weather", speaker="jones")) == [("Bob Jones", "The weather will be fine")]
    assert _said(_quotes(corpus, idx, "taxes", speaker="alice smith")) == [("Alice Smith", "Taxes must fall this year")]
    assert _quotes(corpus, idx, "taxes", kind="indirect").hits == ()
    assert _quotes(corpus, idx, "taxes", kind="direct").total == 1


def test_a_quote_is_exactly_its_slice_of_the_article(tmp_path):
    idx = tmp_path / "idx"
    update_index(BUNDLED, idx)
    ix = open_quotes_dir(idx)
    articles = {}
    checked = 0
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            path = stored["path"]
            if path not in articles:
                articles[path] = {a.id: a for a in load_file(path, stored["article"]).articles}
            article = articles[path][stored["article"]]
            start, end, paragraph = stored["span"]
            assert stored["text"] == article.text[start:end]
            assert article.paragraph_offsets()[paragraph] <= start
            checked += 1
    assert checked > 1000


def test_deadly_trap_is_sakaliene_and_an_empty_query_lists_every_quote_newest_first(tmp_path):
    idx = tmp_path / "idx"
    update_index(BUNDLED, idx)
    found = _quotes(BUNDLED, idx, "deadly trap")
    assert found.hits and {hit.speaker for hit in found.hits} == {"Dovilė Šakalienė"}
    assert all(hit.highlights for hit in found.hits)
    hit = found.hits[0]
    assert [hit.text[s:e].lower() for s, e in hit.highlights] == ["deadly", "trap"]
    everything = _quotes(BUNDLED, idx)
    assert everything.total == open_quotes_dir(idx).doc_count()
    dates = [hit.date for hit in everything.hits if hit.date]
    assert dates == sorted(dates, reverse=True)
    assert _quotes(BUNDLED, idx, "date:2025-02", speaker="sakaliene").total == 2


def _cli(capsys, *args):
    status = main(["quotes", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def cli_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    _article(corpus, "both", "Alice Smith", "Taxes must fall this year",
             other=("Bob Jones", "The weather will be fine"), date="2024-03-01")
    _article(corpus, "later", "Alice Smith", "Taxes and more taxes", date="2024-05-01")
    return corpus


def test_reader_quotes_in_every_format(cli_corpus, tmp_path, capsys):
    where = ["--corpus", str(cli_corpus), "--index-dir", str(tmp_path / "idx")]
    status, out, _ = _cli(capsys, "taxes", "--speaker", "alice smith", *where)
    assert status == 0
    assert "2 quotes for 'taxes'" in out and "Alice Smith (a senator)" not in out
    assert "“Taxes must fall this year”" in out and "A story about both" in out and "both.md" in out
    assert "2024-03-01" in out and "[direct]" in out

    status, out, _ = _cli(capsys, "taxes", "--format", "json", "--sort", "date", *where)
    rows = json.loads(out)
    assert [row["quote"] for row in rows] == ["Taxes and more taxes", "Taxes must fall this year"]
    assert rows[0]["speaker"] == "Alice Smith" and rows[0]["kind"] == "direct"
    assert rows[0]["date"].startswith("2024-05-01") and rows[0]["title"] == "A story about later"
    assert [rows[0]["quote"][s:e] for s, e in rows[0]["highlights"]] == ["Taxes", "taxes"]

    status, out, _ = _cli(capsys, "--format", "jsonl", *where)
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3 and lines[0]["quote"] == "Taxes and more taxes"  # every quote, newest first

    status, out, _ = _cli(capsys, "weather", "--format", "csv", *where)
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["date", "speaker", "role", "kind", "quote", "title", "path", "start", "end"]
    assert table[1][1:5] == ["Bob Jones", "", "direct", "The weather will be fine"]
    assert table[1][6].endswith("both.md")

    status, out, _ = _cli(capsys, "taxes", "--limit", "1", "--offset", "1", "--format", "jsonl", *where)
    assert len(out.splitlines()) == 1


def test_a_bad_query_is_one_line_naming_it(cli_corpus, tmp_path, capsys):
    where = ["--corpus", str(cli_corpus), "--index-dir", str(tmp_path / "idx")]
    for query, says in (("date:99999", "'date:99999'"), ("title:taxes", "unknown field 'title'")):
        status, out, err = _cli(capsys, query, *where)
        assert status == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and says in err and err.startswith("reader: error: ")


def test_a_missing_quote_index_is_rebuilt_not_trusted(cli_corpus, tmp_path, capsys):
    idx = tmp_path / "idx"
    update_index(cli_corpus, idx)
    for name in os.listdir(idx):
        if name.startswith("_QUOTES_"):
            os.remove(idx / name)
    status, out, err = _cli(capsys, "weather", "--format", "jsonl", "--corpus", str(cli_corpus),
                            "--index-dir", str(idx))
    assert status == 0 and "rebuilding" in err
    assert [json.loads(line)["speaker"] for line in out.splitlines()] == ["Bob Jones"]


def test_a_crash_between_the_two_commits_heals_at_the_next_update(tmp_path, monkeypatch):
    from whoosh.writing import SegmentWriter

    corpus, idx = tmp_path / "corpus", tmp_path / "idx"
    _article(corpus, "taxes", "Alice Smith", "Taxes must fall this year")
    update_index(corpus, idx)
    _article(corpus, "taxes", "Alice Smith", "Spending must rise instead")
    os.utime(corpus / "taxes.md", ns=(1, 2))
    _article(corpus, "weather", "Bob Jones", "The weather will be fine")
    commit = SegmentWriter.commit
    calls = []

    def dies_after_the_quote_commit(self, *args, **kwargs):
        calls.append(self.indexname)
        if len(calls) == 2:  # the articles' commit, after the quote records'
            raise KeyboardInterrupt
        return commit(self, *args, **kwargs)

    monkeypatch.setattr(SegmentWriter, "commit", dies_after_the_quote_commit)
    with pytest.raises(KeyboardInterrupt):
        update_index(corpus, idx)
    monkeypatch.setattr(SegmentWriter, "commit", commit)
    assert calls == ["QUOTES", "MAIN"]
    update_index(corpus, idx)  # the articles' index still had the old files: written again
    assert _said(_quotes(corpus, idx)) == [("Alice Smith", "Spending must rise instead"),
                                           ("Bob Jones", "The weather will be fine")]


def test_a_quote_records_speaker_has_the_terms_the_articles_speaker_has():
    from reader.index.schema import name_analyzer, one_name_analyzer

    for name in ("Dovilė Šakalienė", "John Healey", "J. R. R. Tolkien", "Conan O'Brien", "Jean-Claude Juncker",
                 "Mr. X-y’z", "A B", "v.zelensk d.trump zelensk"):
        expected = [(t.text, t.pos) for t in name_analyzer()(name, positions=True)]
        assert [(t.text, t.pos) for t in one_name_analyzer()(name, positions=True)] == expected, name
