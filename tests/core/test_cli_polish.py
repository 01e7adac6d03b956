"""The command line's rough edges (issue 18): several words are one query, ``reader show``
prints the speakers, ``reader config show`` prints what the file means, completion and
``reader help``, and the package's name."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cli import READER, run

from reader.config import load_config

from support import REPO, write


@pytest.fixture
def config_file(private_user_dirs) -> Path:
    return private_user_dirs / "config" / "reader" / "config.toml"


def _titles(out) -> list[str]:
    assert out.returncode == 0, out.stderr
    return [h["title"] for h in json.loads(out.stdout)]


def test_search_takes_several_words_as_one_query(small_corpus, tmp_path):
    where = ["--corpus", str(small_corpus), "--index-dir", str(tmp_path / "i")]
    quoted = _titles(run("search", "traders rates", *where, "--json"))
    assert quoted == ["Markets rally on rate hopes"]
    assert _titles(run("search", "traders", "rates", *where, "--json")) == quoted  # no "unrecognized arguments"
    assert _titles(run("search", "traders", "--json", "rates", *where)) == quoted  # options between the words
    assert _titles(run("search", "rates", "OR", "cocoa", *where, "--json")) == _titles(
        run("search", "rates OR cocoa", *where, "--json"))
    assert _titles(run("search", "traders", "volcano", *where, "--json")) == []  # every word, as when quoted
    out = run("search", "tony", "blair", *where)
    assert out.returncode == 0 and "results for 'tony blair'" in out.stdout
    # an unknown option stays an error, not a word of the query (-- makes it one)
    out = run("search", "nato", "--nope", *where)
    assert out.returncode == 2 and "unrecognized arguments: --nope" in out.stderr
    assert out.stderr.startswith("usage: reader search") and "put it after --" in out.stderr
    out = run("search", *where, "--", "traders", "-volcano")  # after --, a word
    assert out.returncode == 0 and "results for 'traders -volcano'" in out.stdout
    # no words is still "give a QUERY or --saved NAME"; other commands still refuse extra words
    out = run("search", *where)
    assert out.returncode == 2 and "give a QUERY or --saved NAME" in out.stderr
    out = run("show", str(small_corpus / "seed.txt"), "extra")
    assert out.returncode == 2 and "unrecognized arguments: extra" in out.stderr


def test_search_words_work_with_saved_and_save(config_file, small_corpus, tmp_path):
    where = ["--corpus", str(small_corpus), "--index-dir", str(tmp_path / "i")]
    out = run("search", "traders", "rates", *where, "--save", "both", "--json")
    assert out.returncode == 0, out.stderr
    assert dict(load_config(config_file).searches) == {"both": "traders rates"}
    assert _titles(run("search", "--saved", "both", *where, "--json")) == ["Markets rally on rate hopes"]
    assert run("search", "x", "y", "--saved", "both", *where).returncode == 2  # not both


def test_show_prints_the_speakers_in_text_mode(small_corpus):
    path = small_corpus / "seed.txt"
    data = json.loads(run("show", str(path), "--json").stdout)
    out = run("show", str(path))
    assert out.returncode == 0, out.stderr
    assert data["speakers"], "the seed article quotes people"
    body_end = out.stdout.index(f"Speakers ({len(data['speakers'])})")
    assert data["body"][-1].strip()[:40] in out.stdout[:body_end]  # after the article
    for speaker in data["speakers"]:
        assert speaker["name"] in out.stdout[body_end:]
        for quote in speaker["quotes"]:
            assert " ".join(quote["text"].split())[:30] in " ".join(out.stdout[body_end:].split())


def test_show_says_when_it_finds_no_speaker(tmp_path):
    path = write(tmp_path / "quiet.txt", "Weather\n\nRain is expected on Tuesday.\n")
    out = run("show", str(path))
    assert out.returncode == 0 and out.stdout.rstrip().endswith("Speakers: none found")


def test_config_show_prints_what_the_file_means(config_file, small_corpus, tmp_path):
    write(config_file, f'corpus = "{small_corpus}"\nindex_dir = "{tmp_path / "indexes"}"\n')
    data = json.loads(run("config", "show", "--json").stdout)
    assert data["index_dir"] == str(tmp_path / "indexes")
    assert Path(data["corpus_index"]).parent == tmp_path / "indexes"
    text = run("config", "show").stdout
    assert f'index_dir = "{tmp_path / "indexes"}"\n' in text
    assert f"# the index of this corpus: {data['corpus_index']}\n" in text
    # pasted back into the file, the shown settings mean the same: the index does not nest
    write(config_file, text)
    again = json.loads(run("config", "show", "--json").stdout)
    assert again["index_dir"] == data["index_dir"] and again["corpus_index"] == data["corpus_index"]
    out = run("search", "rates", "--json")
    assert out.returncode == 0, out.stderr
    assert [p.name for p in (tmp_path / "indexes").iterdir()] == [Path(data["corpus_index"]).name]


def test_config_show_without_a_file_gives_the_default_parent_folder(config_file, private_user_dirs):
    data = json.loads(run("config", "show", "--json").stdout)
    assert data["index_dir"] == str(private_user_dirs / "cache" / "reader" / "indexes")
    assert Path(data["corpus_index"]).parent == Path(data["index_dir"])
    data = json.loads(run("config", "show", "--json", env_extra={"READER_INDEX_DIR": "/tmp/elsewhere"}).stdout)
    assert data["index_dir"] == str(private_user_dirs / "cache" / "reader" / "indexes")  # the file's meaning
    assert data["corpus_index"] == "/tmp/elsewhere"  # where this corpus's index is, all the same


# -- completion and reader help ---------------------------------------------------------


def test_completion_offers_commands_flags_and_saved_search_names(config_file, tmp_path, monkeypatch):
    from reader.cli.completion import complete

    assert {"search", "show", "index", "config", "help", "--index-dir", "--version"} <= set(complete("reader "))
    assert complete("reader se") == ["search "]
    assert set(complete("reader search --sa")) == {"--saved", "--save"}
    assert {"--limit", "--format", "--corpus"} <= set(complete("reader search nato --"))
    assert set(complete("reader config ")) >= {"path", "check", "show"}
    assert set(complete("reader search --format ")) == {"text", "json", "jsonl", "csv"}
    assert complete("reader search --saved ") == []  # no config file: no names, no error
    write(config_file, '[searches]\n"nato weekly" = "nato date:2025-02"\nhealey = \'speaker:"john healey"\'\n'
                       'hedge = "hedge*"\n')
    assert set(complete("reader search --saved ")) == {"nato\\ weekly", "healey", "hedge"}  # escaped for bash
    assert set(complete("reader search --saved he")) == {"healey", "hedge"}
    write(config_file, "sort = \n")  # broken: completion stays quiet
    assert complete("reader search --saved ") == []
    (tmp_path / "news").mkdir()
    monkeypatch.chdir(tmp_path)
    assert "news/" in complete("reader ")  # the app's corpus folder


def test_completion_through_the_installed_script(config_file, tmp_path):
    write(config_file, '[searches]\nrates = "rates"\n')
    out_file = tmp_path / "completions"
    line = "reader search --saved "
    out = run(env_extra={"_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)), "COMP_TYPE": "9",
                         "_ARGCOMPLETE_STDOUT_FILENAME": str(out_file)})
    assert out.returncode == 0, out.stderr
    assert out_file.read_text(encoding="utf-8").split("\013") == ["rates "]


BASH_COMPLETE = r"""
eval "$(reader help completion --shell bash)"
t() {
  COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"
  [[ "$1" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_TYPE=9; COMPREPLY=()
  _python_argcomplete reader "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
  printf '%s|' "${COMPREPLY[@]}"; echo
}
t "reader se"
t "reader search --saved "
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_with_the_code_reader_prints(config_file):
    write(config_file, '[searches]\n"nato weekly" = "nato"\nhealey = "speaker:healey"\n')
    env = dict(os.environ, PATH=f"{Path(READER).parent}{os.pathsep}{os.environ['PATH']}")
    out = subprocess.run(["bash", "-c", BASH_COMPLETE], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.splitlines() == ["search |", "nato\\ weekly|healey|"], out.stderr
    assert run("help", "completion", "--shell", "zsh").stdout.startswith("#compdef reader")
    assert "complete --command reader" in run("help", "completion", "--shell", "fish").stdout
    assert run("help", "query", "--shell", "bash").returncode == 2


def test_help_lists_the_topics_and_prints_the_query_syntax():
    out = run("help")
    assert out.returncode == 0 and "query" in out.stdout and "completion" in out.stdout
    text = run("help", "query").stdout
    for piece in ('"deadly trap"', " OR ", " NOT ", "sanction*", "te?t", "title:", "speaker:", "quotes:",
                  "date:2025-02", "date:[2025-02-01 to 2025-02-28]"):
        assert piece in text, piece
    assert 'eval "$(reader help completion --shell bash)"' in run("help", "completion").stdout
    assert run("help", "search").stdout.startswith("usage: reader search")
    out = run("help", "nope")
    assert out.returncode == 2 and "invalid choice: 'nope'" in out.stderr
    assert "reader help query" in " ".join(run("search", "--help").stdout.split())


def test_the_query_syntax_examples_parse(small_corpus, tmp_path):
    """Every query the help shows is one reader accepts."""
    from reader.cli.topics import QUERY

    examples = {"nato defence", "Sakaliene", '"deadly trap"', "nato OR eu", "nato NOT russia", "nato AND (eu OR un)",
                "sanction*", "te?t", "title:putin", 'quotes:"deadly trap"', "speaker:healey", 'speaker:"john healey"',
                "date:2025", "date:2025-02", "date:2025-02-13", "date:[2025-02-01 to 2025-02-28]",
                "date:[2020 to 2024]", "date:[to 2019]", "date:[2020 to]"}
    for example in examples:
        assert re.search(rf"(^|\s){re.escape(example)}(\s|$)", QUERY, re.M), example
    where = ["--corpus", str(small_corpus), "--index-dir", str(tmp_path / "i"), "--json"]
    for example in sorted(examples):
        out = run("search", example, *where)
        assert out.returncode == 0, (example, out.stderr)


# -- the package -----------------------------------------------------------------------


def _pyproject() -> dict:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_distribution_is_reader_news_with_html_in_the_plain_install():
    project = _pyproject()["project"]
    # "reader" on the package index is a feed-reader library (import name reader, too)
    assert project["name"] == "reader-news"
    assert project["scripts"] == {"reader": "reader.cli:main"}  # the command stays reader
    names = {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    assert {"trafilatura", "lxml_html_clean", "argcomplete"} <= names
    assert project["optional-dependencies"]["html"] == []  # kept, empty: old instructions still work
    assert "trafilatura" not in " ".join(project["optional-dependencies"]["test"])  # no longer needed there


def test_the_readme_says_how_to_install_and_stays_short():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 300
    assert "pipx install ." in readme and "`reader-news`" in readme and "side by side" in readme
    assert "reader help query" in readme and 'eval "$(reader help completion --shell bash)"' in readme
    assert "'.[html]'" not in readme  # HTML needs no extra now
