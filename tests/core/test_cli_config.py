"""``reader config``, the config's defaults in every command, ``search --saved/--save``, ``reader bookmarks``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import run

from reader.article import Article
from reader.userdata import Bookmarks

from support import write


@pytest.fixture
def config_file(private_user_dirs) -> Path:
    return private_user_dirs / "config" / "reader" / "config.toml"


def test_config_path_prints_where_and_follows_reader_config(config_file, tmp_path):
    out = run("config", "path")
    assert out.returncode == 0 and out.stdout == f"{config_file}\n"
    out = run("config", "path", env_extra={"READER_CONFIG": str(tmp_path / "mine.toml")})
    assert out.stdout == f"{tmp_path / 'mine.toml'}\n"


def test_config_path_works_even_when_the_config_is_broken(config_file):
    write(config_file, "sort = \n")
    assert run("config", "path").stdout == f"{config_file}\n"
    for command in (["config", "check"], ["config", "show"], ["search", "x"], ["index"], ["bookmarks"], []):
        out = run(*command)
        assert out.returncode == 2, command
        assert out.stderr.startswith(f"reader: error: {config_file}:1: invalid value") and out.stderr.count("\n") == 1


def test_config_check(config_file):
    out = run("config", "check")
    assert out.returncode == 0 and out.stdout == f"ok: there is no {config_file}; reader uses its defaults\n"
    write(config_file, '# mine\ntheme = "nord"\n[keymap]\n"toggle-sort" = "S"\n')
    out = run("config", "check")
    assert out.returncode == 0 and out.stdout == f"ok: {config_file}\n"


@pytest.mark.parametrize("text, error", [
    ('[keymap]\n\n"toggle-sortt" = "S"\n', ':3: unknown binding id "toggle-sortt" (did you mean "toggle-sort"?) (known: '),
    ('sort = "date"\ntheme = "nordic"\n', ':2: unknown theme "nordic" (did you mean "nord"?) (known: '),
    ('[keymap]\n"toggle-sort" = "n"\n', ':2: key "n" of "toggle-sort" is already the key of "next-hit"'),
    ('[keymap]\nquit = "s"\n', ':2: key "s" of "quit" is already the key of "toggle-sort"'),
    # a focused widget takes its keys first: the screen's key would never work there
    ('[keymap]\n"toggle-sort" = "j"\n', ':2: key "j" of "toggle-sort" is also the key of "list.down" in a list, '
                                        'which takes it first: "toggle-sort" would never work there; remap one'),
    ('[keymap]\n"toggle-sort" = "S"\n"article.page-down" = "space,s"\n', ''),  # s is free once sort moves
    ('[keymap]\n# only the widget key moved: its line\n"article.page-down" = "space,s"\n',
     ':3: key "s" of "toggle-sort" is also the key of "article.page-down" in the article'),
    ('[keymap]\nhelp = "escape"\n', ':2: key "escape" of "help" is also the key of "search.leave" in the search box'),
    ('[keymap]\n"focus-search" = "end"\n', ':2: key "end" of "focus-search" is also the key of "timeline.last" '
                                           'in the timeline'),
    ('[keymap]\n"related.close" = "escape,G"\n', ':2: key "G" of "related.close" is also the key of "list.last" in '
                                                  'the related articles'),
    ('corpus = "/no/such/dir"\n', ':1: corpus folder "/no/such/dir" does not exist'),
])
def test_config_check_reports_what_the_app_would_reject_with_its_line(config_file, text, error):
    write(config_file, text)
    out = run("config", "check")
    if not error:
        assert out.returncode == 0 and out.stdout == f"ok: {config_file}\n", out.stderr
        return
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith(f"reader: error: {config_file}{error}") and out.stderr.count("\n") == 1


def test_config_show_gives_the_settings_in_effect(config_file, small_corpus, tmp_path):
    out = run("config", "show", "--json")
    data = json.loads(out.stdout)
    assert data["exists"] is False and data["sort"] == "relevance" and data["theme"] is None
    assert data["corpus"].endswith("corpus") and data["keymap"] == {} and data["searches"] == {}
    write(config_file, f'corpus = "{small_corpus}"\nindex_dir = "idx"\nsort = "date"\n'
                       '[searches]\nnato = "nato OR alliance"\n')
    data = json.loads(run("config", "show", "--json").stdout)
    assert data["exists"] is True and data["corpus"] == str(small_corpus) and data["sort"] == "date"
    assert data["index_dir"] == str(config_file.parent / "idx")  # as the file means it (tests/core/test_cli_polish.py)
    assert data["corpus_index"].startswith(str(config_file.parent / "idx" / "corpus-"))
    assert data["searches"] == {"nato": "nato OR alliance"}
    text = run("config", "show").stdout
    assert f'corpus = "{small_corpus}"' in text and '"nato" = "nato OR alliance"' in text


def test_the_command_line_beats_the_config_which_beats_the_defaults(config_file, small_corpus, tmp_path):
    write(config_file, f'corpus = "{small_corpus}"\nindex_dir = "{tmp_path / "indexes"}"\nsort = "date"\n')
    out = run("search", "rates OR cocoa", "--json")
    assert out.returncode == 0, out.stderr
    assert [h["title"] for h in json.loads(out.stdout)] == ["Markets rally on rate hopes", "Cocoa review"]  # by date
    assert len(list((tmp_path / "indexes").iterdir())) == 1  # the index went below the config's index_dir
    out = run("search", "rates OR cocoa", "--json", "--sort", "relevance", "--index-dir", str(tmp_path / "i2"))
    assert out.returncode == 0 and (tmp_path / "i2").is_dir()
    other = write(tmp_path / "other" / "x.txt", "Volcano\n\nA volcano erupted.\n").parent
    out = run("search", "volcano", "--json", "--corpus", str(other))
    assert [h["title"] for h in json.loads(out.stdout)] == ["Volcano"]
    out = run("index", "--json")
    assert json.loads(out.stdout.splitlines()[-1])["total"] == 4  # the config's corpus


def test_search_saved_runs_a_saved_query_and_lists_names_when_unknown(config_file, small_corpus, tmp_path):
    write(config_file, f'corpus = "{small_corpus}"\n[searches]\ncocoa = "cocoa OR grain"\nrates = "rates"\n')
    out = run("search", "--saved", "cocoa", "--json", "--index-dir", str(tmp_path / "i"))
    assert out.returncode == 0, out.stderr
    assert {h["title"] for h in json.loads(out.stdout)} == {"Cocoa review", "Undated wire"}
    out = run("search", "--saved", "coco")
    assert out.returncode == 2
    assert out.stderr == (f'reader: error: no saved search named "coco" in {config_file} '
                          '(saved: "cocoa", "rates")\n')
    assert run("search", "x", "--saved", "cocoa").returncode == 2
    assert run("search").returncode == 2


def test_search_save_keeps_the_users_comments(config_file, small_corpus, tmp_path):
    write(config_file, "# my settings, do not lose me\nsort = \"date\"  # newest first\n")
    out = run("search", "rates", "--corpus", str(small_corpus), "--index-dir", str(tmp_path / "i"),
              "--save", "my rates", "--json")
    assert out.returncode == 0, out.stderr
    assert f'saved the search "my rates" in {config_file}' in out.stderr
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith("# my settings, do not lose me\nsort = \"date\"  # newest first\n")
    out = run("search", "--saved", "my rates", "--corpus", str(small_corpus), "--index-dir", str(tmp_path / "i"),
              "--json")
    assert [h["title"] for h in json.loads(out.stdout)] == ["Markets rally on rate hopes"]


def test_bookmarks_lists_this_corpuss_bookmarks(small_corpus, tmp_path):
    out = run("bookmarks", "--corpus", str(small_corpus))
    assert out.returncode == 0 and out.stdout.startswith("0 bookmarks in")
    marks = Bookmarks()  # the same private data dir as the command's
    path = small_corpus / "sub" / "markets.md"
    marks.add(small_corpus, Article("sub/markets.md", str(path), "Markets rally [@click=app.quit] [/", None, "", ()))
    gone = small_corpus / "gone.txt"
    marks.add(small_corpus, Article("gone.txt", str(gone), "Gone story", None, "", ()))
    data = json.loads(run("bookmarks", "--corpus", str(small_corpus), "--json").stdout)
    assert [(b["id"], b["gone"]) for b in data] == [("gone.txt", True), ("sub/markets.md", False)]
    assert set(data[0]) == {"id", "path", "title", "date", "added", "gone"}
    text = run("bookmarks", "--corpus", str(small_corpus)).stdout
    assert "2 bookmarks in" in text and "Markets rally [@click=app.quit] [/" in text
    assert "Gone story  (gone: the file is no longer there)" in text
    assert run("bookmarks", "--corpus", str(tmp_path)).stdout.startswith("0 bookmarks")


def test_bookmarks_shows_hand_edited_titles_escaped(small_corpus):
    """A title that is not even valid Unicode (a lone surrogate, written as a JSON escape) is shown escaped."""
    marks = Bookmarks()
    marks.add(small_corpus, Article("a.txt", str(small_corpus / "a.txt"), "x", None, "", ()))
    data = json.loads(marks.path.read_text(encoding="utf-8"))
    (entry,) = next(iter(data["corpora"].values()))
    entry.update(title="Evil \x1b[2J\ud800 title", date="2025\u202e-01", added="now\x07")
    marks.path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: the surrogate stays an escape
    out = run("bookmarks", "--corpus", str(small_corpus))
    assert out.returncode == 0, out.stderr
    assert "Evil \\x1b[2J\\ud800 title" in out.stdout and "2025\\u202e-01" in out.stdout
    assert "bookmarked now\\x07" in out.stdout and "\x1b" not in out.stdout and "\x07" not in out.stdout


def _readme_example() -> str:
    from support import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1]
    return section.split("```toml\n", 1)[1].split("```", 1)[0]


def test_the_readme_example_config_is_valid(tmp_path, monkeypatch):
    from reader.config import parse_config
    from reader.tui.app import check_config_for_app

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "news").mkdir()
    config = parse_config(_readme_example(), tmp_path / "config.toml")
    check_config_for_app(config)
    assert config.sort == "date" and config.theme == "nord" and len(config.searches) == 2


def test_the_readme_lists_every_binding_id():
    from reader.tui.app import binding_ids

    from support import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [i for i in binding_ids() if f"`{i}`" not in readme]
    assert not missing, f"add these binding ids to README's Configuration section: {missing}"
