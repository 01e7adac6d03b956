"""The installed ``reader`` script, as a user or a script runs it."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from support import REPO, SEED_DIR, needs_shared, write

READER = shutil.which("reader")


def run(*args, env_extra=None, cwd=None):
    assert READER, "the reader script is not installed (pip install '.[test]')"
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([READER, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def test_version_and_help():
    assert run("--version").stdout.startswith("reader ")
    for command in ([], ["index"], ["search"], ["show"]):
        out = run(*command, "--help")
        assert out.returncode == 0 and "usage: reader" in out.stdout


def test_index_json_summary_and_unchanged_second_run(small_corpus, tmp_path):
    idx = str(tmp_path / "idx")
    first = run("index", str(small_corpus), "--index-dir", idx, "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout.strip().splitlines()[-1]) | {"seconds": 0} == {
        "total": 4, "added": 4, "updated": 0, "removed": 0, "skipped": 0, "seconds": 0}
    assert "4 articles indexed" in first.stderr
    second = run("index", str(small_corpus), "--index-dir", idx, "--json")
    summary = json.loads(second.stdout.strip().splitlines()[-1])
    assert (summary["added"], summary["updated"]) == (0, 0)


def test_index_warns_one_line_per_bad_file_and_goes_on(small_corpus, tmp_path):
    write(small_corpus / "broken.jsonl", '{"title": "ok", "text": "fine"}\n{oops\n')
    write(small_corpus / "bin.txt", b"\x00\xff\x00")
    out = run("index", str(small_corpus), "--index-dir", str(tmp_path / "idx"), "--json")
    assert out.returncode == 0
    warnings = [line for line in out.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2
    assert any("broken.jsonl:2" in w for w in warnings) and any("bin.txt" in w for w in warnings)
    assert json.loads(out.stdout.splitlines()[-1])["skipped"] == 2


@needs_shared
def test_search_finds_the_seed_by_folded_name(tmp_path):
    out = run("search", "Sakaliene", "--corpus", str(SEED_DIR), "--index-dir", str(tmp_path / "i"), "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert [h["title"] for h in hits] == ["Trump’s Phone Call With Putin Leaves Europe Reeling"]
    assert set(hits[0]) >= {"path", "title", "date", "score", "snippet", "speakers"}
    assert hits[0]["date"] == "2025-02-13T00:00:00" and "Šakalienė" in hits[0]["snippet"]


def test_search_human_output_and_options(small_corpus, tmp_path):
    idx = str(tmp_path / "idx")
    out = run("search", "rates OR cocoa", "--corpus", str(small_corpus), "--index-dir", idx,
              "--sort", "date", "--limit", "1")
    assert out.returncode == 0, out.stderr
    assert "1–1 of 2 results" in out.stdout and "Markets rally on rate hopes" in out.stdout


def test_bundled_corpus_is_the_default(tmp_path):
    out = run("search", "Sakaliene", "--json", env_extra={"READER_INDEX_DIR": str(tmp_path / "idx")})
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 1


@pytest.mark.parametrize("query", ["foo:bar", "date:garbage"])
def test_bad_query_is_one_line_and_exit_2(small_corpus, tmp_path, query):
    out = run("search", query, "--corpus", str(small_corpus), "--index-dir", str(tmp_path / "idx"))
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and out.stderr.startswith("reader: error:")
    assert "Traceback" not in out.stderr


def test_usage_errors(tmp_path):
    assert run("index", str(tmp_path / "missing")).returncode == 2
    assert run("search", "x", "--limit", "0").returncode == 2
    assert run("show", str(tmp_path / "missing.txt")).returncode == 2


def test_show_json(small_corpus):
    out = run("show", str(small_corpus / "sub" / "markets.md"), "--json")
    data = json.loads(out.stdout)
    assert data["title"] == "Markets rally on rate hopes" and data["date"] == "2024-11-05T00:00:00"
    assert data["body"][0].startswith("Shares rallied")
    many = json.loads(run("show", str(small_corpus / "wire.jsonl"), "--json").stdout)
    assert [a["title"] for a in many] == ["Cocoa review", "Undated wire"]


def test_markup_in_titles_is_printed_literally(tmp_path):
    root = tmp_path / "c"
    write(root / "m.txt", "[bold red]Alarm[/] [@click=app.quit] [/\n\nBody with [link=x]markup[/link].\n")
    out = run("search", "alarm", "--corpus", str(root), "--index-dir", str(tmp_path / "i"))
    assert "[bold red]Alarm[/] [@click=app.quit] [/" in out.stdout


def test_cli_commands_do_not_import_textual(small_corpus, tmp_path):
    code = (
        "import sys; from reader.cli import main; "
        f"main(['search', 'rates', '--corpus', {str(small_corpus)!r}, '--index-dir', {str(tmp_path / 'i')!r}, '--json']); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr


def test_corpus_is_left_untouched_by_the_cli(small_corpus, tmp_path):
    from support import tree_digest

    before = tree_digest(small_corpus)
    run("index", str(small_corpus), "--index-dir", str(tmp_path / "i"))
    run("search", "rates", "--corpus", str(small_corpus), "--index-dir", str(tmp_path / "i"))
    assert tree_digest(small_corpus) == before


@needs_shared
def test_speakers_json_for_files_matches_the_seed_key():
    from support import SEED_ARTICLE

    out = run("speakers", str(SEED_ARTICLE), "--json")
    assert out.returncode == 0, out.stderr
    [article] = json.loads(out.stdout)
    assert article["title"].startswith("Trump’s Phone Call")
    names = [s["name"] for s in article["speakers"]]
    assert names == ["Pete Hegseth", "Boris Pistorius", "John Healey", "Dovilė Šakalienė", "Volodomyr Zelenskiy"]
    body = "\n\n".join(json.loads(run("show", str(SEED_ARTICLE), "--json").stdout)["body"])
    for speaker in article["speakers"]:
        for quote in speaker["quotes"]:
            assert body[quote["start"]:quote["end"]] == quote["text"]
            assert quote["kind"] in {"direct", "partial", "indirect"}


@needs_shared
def test_scorer_on_the_seed_key_gives_f1_1():
    from support import SHARED

    out = subprocess.run([sys.executable, str(SHARED / "tools/score_speakers.py"), "key",
                          str(SEED_DIR / "trump-putin-call-2025-02-13.speakers.json"), "--reader", READER],
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "F1 1.000", out.stdout + out.stderr
    assert "people who said nothing" not in out.stdout


def test_show_json_includes_speakers(tmp_path):
    f = write(tmp_path / "q.txt", "Budget row\n\n“We will not pay,” Finance Minister Anna Berg said on Monday.\n")
    data = json.loads(run("show", str(f), "--json").stdout)
    assert data["speakers"][0]["name"] == "Anna Berg"
    assert data["speakers"][0]["quotes"][0]["text"] == "We will not pay"


def test_speakers_of_a_corpus_merge_spellings(tmp_path):
    root = tmp_path / "c"
    write(root / "a.txt", "One\n\n“We want peace,” Ukrainian President Volodymyr Zelensky said.\n")
    # a bare surname is the person when the article names him in full (as news does, spelt its own way)
    write(root / "b.txt", "Two\n\nVolodymyr Zelenskiy was in Kyiv.\n\n“We will win,” Zelenskiy said on Tuesday.\n")
    write(root / "c.txt", "Three\n\n“Talks are over,” the Kremlin said.\n\n“No more,” the Kremlin added.\n")
    out = run("speakers", "--corpus", str(root), "--index-dir", str(tmp_path / "i"), "--json", "--top", "5")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    zelensky = next(r for r in rows if r["name"] == "Volodymyr Zelensky")
    assert (zelensky["kind"], zelensky["quotes"], zelensky["articles"]) == ("person", 2, 2)
    assert sorted(zelensky["spellings"]) == ["Volodymyr Zelensky", "Zelenskiy"]
    assert any(r["name"] == "Kremlin" and r["quotes"] == 2 and r["kind"] == "organisation" for r in rows)
    hits = json.loads(run("search", "speaker:zelensky", "--corpus", str(root), "--index-dir", str(tmp_path / "i"),
                          "--json").stdout)
    assert sorted(h["title"] for h in hits) == ["One", "Two"]
    hits = json.loads(run("search", 'quotes:"will win"', "--corpus", str(root), "--index-dir",
                          str(tmp_path / "i"), "--json").stdout)
    assert [h["title"] for h in hits] == ["Two"]


def test_speakers_needs_files_or_corpus():
    assert run("speakers").returncode == 2


def _export_corpus(tmp_path):
    root = tmp_path / "c"
    write(root / "a.txt", "=HYPERLINK(\"x\") budget row\n\n“We will not pay,” Finance Minister Anna Berg said.\n")
    write(root / "b.txt", "Budget talks, part two\n\n“Talks go on,” Anna Berg said on Tuesday about the budget.\n")
    write(root / "c.txt", "Football\n\nThe budget of the club grew, coach Tom Lee said.\n")
    return root


def test_search_exports_jsonl_and_csv(tmp_path):
    import csv
    import io

    root = _export_corpus(tmp_path)
    base = ["search", "budget", "--corpus", str(root), "--index-dir", str(tmp_path / "i")]
    lines = run(*base, "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 3 and all(json.loads(line)["title"] for line in lines)
    out = run(*base, "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 3 and set(rows[0]) == {"path", "title", "date", "score", "speakers", "snippet"}
    assert "'=HYPERLINK(\"x\") budget row" in [r["title"] for r in rows]  # no formula for spreadsheets
    assert any(r["speakers"] == "Anna Berg" for r in rows)
    assert run(*base, "--format", "csv", "--facets").returncode == 2


def test_search_facets_count_speakers_across_all_results(tmp_path):
    root = _export_corpus(tmp_path)
    out = run("search", "budget", "--corpus", str(root), "--index-dir", str(tmp_path / "i"), "--json",
              "--limit", "1", "--facets", "5")
    data = json.loads(out.stdout)
    assert len(data["results"]) == 1
    assert data["facets"][0] == {"name": "Anna Berg", "quotes": 2, "articles": 2}


def test_related_articles(tmp_path):
    root = tmp_path / "c"
    write(root / "a.txt", "Volcano erupts\n\nThe volcano erupted; lava and ash covered the island village.\n")
    write(root / "b.txt", "Lava flows\n\nLava from the volcano reached the village; ash fell on the island.\n")
    write(root / "c.txt", "Cup final\n\nThe team won the cup final on penalties.\n")
    out = run("related", str(root / "a.txt"), "--corpus", str(root), "--index-dir", str(tmp_path / "i"), "--json")
    assert out.returncode == 0, out.stderr
    titles = [h["title"] for h in json.loads(out.stdout)]
    assert titles[0] == "Lava flows" and "Volcano erupts" not in titles


def test_index_watch_follows_the_folder(tmp_path):
    import signal

    root = tmp_path / "c"
    write(root / "a.txt", "First\n\nText.\n")
    child = subprocess.Popen([READER, "index", str(root), "--index-dir", str(tmp_path / "i"), "--watch", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert json.loads(child.stdout.readline())["added"] == 1
        while "watching" not in child.stderr.readline():
            pass
        write(root / "b.txt", "Second\n\nMore text.\n")
        summary = json.loads(child.stdout.readline())
        assert (summary["added"], summary["total"]) == (1, 2)
        (root / "a.txt").unlink()
        summary = json.loads(child.stdout.readline())
        assert (summary["removed"], summary["total"]) == (1, 1)
    finally:
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == 0


def test_search_says_did_you_mean_on_stderr_and_keeps_stdout_as_it_was(small_corpus, tmp_path):
    idx = str(tmp_path / "idx")
    out = run("search", "showrs cocoa", "--corpus", str(small_corpus), "--index-dir", idx)
    assert out.returncode == 0, out.stderr
    assert "0 results" in out.stdout
    assert "Did you mean: showers cocoa?" in out.stderr.splitlines()
    as_json = run("search", "showrs", "--corpus", str(small_corpus), "--index-dir", idx, "--json")
    assert json.loads(as_json.stdout) == []  # still a list of hits
    assert "Did you mean: showers?" in as_json.stderr.splitlines()
    found = run("search", "showers", "--corpus", str(small_corpus), "--index-dir", idx, "--format", "jsonl")
    assert len(found.stdout.splitlines()) == 1 and "Did you mean" not in found.stderr
    hostile = run("search", "showrs OR \x1b]0;pwned\x07", "--corpus", str(small_corpus), "--index-dir", idx)
    assert "\x1b" not in hostile.stderr and "Did you mean: showers OR \\x1b]0;pwned\\x07?" in hostile.stderr


def test_search_timeline_counts_all_results_by_month(tmp_path):
    root = tmp_path / "c"
    write(root / "a.txt", " date 2024-11-05 Budget one\nStandfirst.\nThe budget grew.\n")
    write(root / "b.txt", " date 2025-01-20 Budget two\nStandfirst.\nThe budget shrank.\n")
    write(root / "c.txt", " date 2025-01-02 Budget three\nStandfirst.\nThe budget held.\n")
    write(root / "d.txt", "Budget, undated\n\nThe budget again.\n")
    base = ["search", "budget", "--corpus", str(root), "--index-dir", str(tmp_path / "i"), "--limit", "1"]
    out = run(*base, "--timeline")
    assert out.returncode == 0, out.stderr
    rows = {}
    for line in out.stdout.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) >= 2:
            rows[cells[0]] = cells[1]
    assert rows["2024-11"] == "1" and rows["2024-12"] == "0" and rows["2025-01"] == "2" and rows["undated"] == "1"
    assert "1. " in out.stdout  # the results come first, as without --timeline
    data = json.loads(run(*base, "--timeline", "--json").stdout)
    assert len(data["results"]) == 1 and "facets" not in data
    assert data["timeline"] == {"months": [{"month": "2024-11", "count": 1}, {"month": "2024-12", "count": 0},
                                           {"month": "2025-01", "count": 2}], "undated": 1}
    both = json.loads(run(*base, "--timeline", "--facets", "--format", "json").stdout)
    assert set(both) == {"results", "facets", "timeline"}
    assert isinstance(json.loads(run(*base, "--json").stdout), list)  # without the flags: the list, as before
    bad = run(*base, "--timeline", "--format", "jsonl")
    assert bad.returncode == 2 and "--timeline goes with text or JSON output" in bad.stderr
