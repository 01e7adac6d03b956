"""The config file (core): where it is, every setting, every error with its line, saving searches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.config import (
    Config,
    ConfigError,
    config_path,
    delete_search,
    key_line,
    load_config,
    parse_config,
    save_search,
    tidy_search_name,
)


def write_config(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / "conf" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    return message.replace(str(path), "PATH")


# -- where --------------------------------------------------------------------------


def test_the_path_is_in_the_private_config_dir_and_reader_config_overrides(private_user_dirs, monkeypatch, tmp_path):
    assert config_path() == private_user_dirs / "config" / "reader" / "config.toml"
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "other.toml"))
    assert config_path() == tmp_path / "other.toml"
    monkeypatch.setenv("READER_CONFIG", "~/x/reader.toml")
    assert config_path() == Path.home() / "x" / "reader.toml"


def test_a_missing_file_means_the_defaults():
    config = load_config()
    assert config == Config(path=config_path())
    assert (config.corpus, config.index_dir, config.theme, config.sort) == (None, None, None, "relevance")
    assert dict(config.keymap) == {} and dict(config.searches) == {} and not config.exists


# -- every setting ------------------------------------------------------------------


def test_every_setting(tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    path = write_config(tmp_path, f"""# my reader
corpus = "{corpus}"
index_dir = "{tmp_path / 'indexes'}"
theme = "nord"
sort = "date"   # newest first

[keymap]
"toggle-sort" = "S"
focus-search = "ctrl+f, f2"

[searches]
nato = "nato OR alliance"
"Healey's quotes" = 'speaker:"john healey"'
""")
    config = load_config(path)
    assert config.exists and config.path == path
    assert config.corpus == corpus and config.index_dir == tmp_path / "indexes"
    assert (config.theme, config.sort) == ("nord", "date")
    assert dict(config.keymap) == {"toggle-sort": "S", "focus-search": "ctrl+f,f2"}
    assert dict(config.searches) == {"nato": "nato OR alliance", "Healey's quotes": 'speaker:"john healey"'}
    with pytest.raises(TypeError):
        config.searches["x"] = "y"  # frozen all the way down


def test_paths_expand_the_home_dir_and_relative_ones_start_at_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "news").mkdir(parents=True)
    (tmp_path / "conf" / "local").mkdir(parents=True)
    config = load_config(write_config(tmp_path, 'corpus = "~/news"\nindex_dir = "idx/../indexes"\n'))
    assert config.corpus == tmp_path / "home" / "news"
    assert config.index_dir == tmp_path / "conf" / "indexes"
    config = load_config(write_config(tmp_path, 'corpus = "local"\n'))
    assert config.corpus == tmp_path / "conf" / "local"


def test_dotted_and_inline_tables_are_the_same_settings(tmp_path):
    a = load_config(write_config(tmp_path, 'keymap.toggle-sort = "S"\nsearches = { nato = "nato" }\n'))
    assert dict(a.keymap) == {"toggle-sort": "S"} and dict(a.searches) == {"nato": "nato"}


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbfsort = "date"\n')
    assert load_config(path).sort == "date"


# -- errors, each with its line -------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('sort = "date"\ntheme = \n', 'PATH:2: invalid value (column …'),  # columns are the parser's
    ('[searches]\na = "x"\n[searches]\n', "PATH:3: cannot declare ('searches',) twice (column …"),
    ('sort = "date"\nsearches = [\n', "PATH:2: invalid value (at the end of the file)"),
    ('\n# a comment\nsortt = "date"\n',
     'PATH:3: unknown setting "sortt" (did you mean "sort"?) (known: corpus, index_dir, theme, sort, keymap, searches)'),
    ('sort = "date"\n\n[keymapp]\nx = "y"\n', 'PATH:3: unknown setting "keymapp" (did you mean "keymap"?) '
                                             '(known: corpus, index_dir, theme, sort, keymap, searches)'),
    ('theme = "nord"\nsort = "newest"\n', 'PATH:2: sort must be "relevance" or "date", not "newest"'),
    ('sort = 1\n', 'PATH:1: sort must be a string, not an integer'),
    ('\ntheme = ["a"]\n', 'PATH:2: theme must be a string, not an array'),
    ('theme = "  "\n', 'PATH:1: theme must not be empty'),
    ('corpus = true\n', 'PATH:1: corpus must be a string, not a boolean'),
    ('\n\ncorpus = "no/such/folder"\n', 'PATH:3: corpus folder "CONF/no/such/folder" does not exist'),
    ('corpus = "config.toml"\n', 'PATH:1: corpus folder "PATH" is not a folder'),
    ('index_dir = "config.toml"\n', 'PATH:1: index_dir "PATH" is not a folder'),
    ('sort = "date"\nkeymap = "S"\n', 'PATH:2: keymap must be a table ([keymap]), not a string'),
    ('[keymap]\n# remaps\n"toggle-sort" = 5\n', 'PATH:3: keymap.toggle-sort must be a string, not an integer'),
    ('[keymap]\nquit = "ctrl + q"\n', 'PATH:2: keymap: "ctrl + q" is not a key for "quit" '
                                     '(write keys like "S", "ctrl+f" or "f5", several separated by commas)'),
    ('[keymap]\nquit = "x,,y"\n', 'PATH:2: keymap: "x,,y" is not a key for "quit" '
                                 '(write keys like "S", "ctrl+f" or "f5", several separated by commas)'),
    ('[searches]\nok = "nato"\nq = """\nmulti\nline\n"""\nempty = ""\n', 'PATH:7: searches.empty must not be empty'),
    ('[searches]\n"a\\nb" = 3\n', r'PATH:2: searches."a\nb" must be a string, not an integer'),
    ('searches = 1979-05-27\n', 'PATH:1: searches must be a table ([searches]), not a date or time'),
])
def test_each_error_names_its_line(tmp_path, text, expected):
    message = error_of(tmp_path, text).replace(str(tmp_path / "conf"), "CONF")
    if expected.endswith("…"):
        assert message.startswith(expected[:-1])
    else:
        assert message == expected


@pytest.mark.parametrize("text, expected", [
    ('[searches]\nok = "nato"\nclear = "nato\\u001b[2J"\n',
     r'PATH:3: searches.clear must not hold control characters or escape sequences (it is "nato\u001b[2J")'),
    ('[searches]\n"evil\\u009b31m" = "nato"\n',
     r'PATH:2: searches: the name "evil\x9b31m" must not hold control characters or escape sequences'),
    ('[searches]\n"bidi \\u202e" = "nato"\n',
     r'PATH:2: searches: the name "bidi \u202e" must not hold control characters or escape sequences'),
    ('[keymap]\n"quit\\u0007" = "x"\n',
     r'PATH:2: keymap: the name "quit\u0007" must not hold control characters or escape sequences'),
    ('[keymap]\nquit = "\\u001b[2J"\n',
     r'PATH:2: keymap.quit must not hold control characters or escape sequences (it is "\u001b[2J")'),
    ('sort = "date"\ntheme = "nord\\r"\n',
     r'PATH:2: theme must not hold control characters or escape sequences (it is "nord\r")'),
    ('sort = "date\\u0085"\n',
     r'PATH:1: sort must not hold control characters or escape sequences (it is "date\x85")'),
])
def test_control_characters_in_names_queries_keys_and_theme_are_refused(tmp_path, text, expected):
    """TOML escapes can put any character in a string: nothing that would act on the terminal gets through."""
    message = error_of(tmp_path, text)
    assert message == expected
    assert message.isprintable()


def test_tabs_newlines_and_any_script_are_fine_in_queries_and_names(tmp_path):
    config = load_config(write_config(tmp_path, '[searches]\n"Zoë ‖ 東京" = """nato\n\teu"""\n'))
    assert dict(config.searches) == {"Zoë ‖ 東京": "nato\n\teu"}


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "c.toml"
    path.write_bytes(b'sort = "date"\ntheme = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"c\.toml:2: is not UTF-8 text$"):
        load_config(path)


def test_an_unreadable_config_is_one_line(tmp_path):
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(ConfigError, match=r"dir\.toml: cannot be read \(Is a directory\)$"):
        load_config(tmp_path / "dir.toml")


def test_arrays_nested_thousands_deep_are_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        parse_config("a = " + "[" * 100_000 + "]" * 100_000, tmp_path / "c.toml")


def test_error_at_points_at_a_setting_the_app_rejects(tmp_path):
    config = load_config(write_config(tmp_path, '# keys\n[keymap]\n\n"no-such-id" = "x"\n'))
    assert str(config.error_at(["keymap", "no-such-id"], "unknown")) == f"{config.path}:4: unknown"


# -- finding a key's line -------------------------------------------------------------


@pytest.mark.parametrize("text, keys, line", [
    ('sort = "date"\n', ["sort"], 1),
    ('# sort = "relevance"\n\n"sort" = "date"\n', ["sort"], 3),  # not the comment
    ("theme = 'x'\nsort = '''\nlong\n'''\n", ["sort"], 2),  # a multi-line value: where it starts
    ('searches.nato = "x"\n', ["searches", "nato"], 1),
    ('a = """\nsort = 1\n"""\nsort = "date"\n', ["sort"], 4),  # not inside a string
    ('[keymap]\nquit = "x"\n\n[searches]\nquit = "y"\n', ["searches", "quit"], 5),
    ('[keymap]\nquit = "x"\n\n[searches]\nquit = "y"\n', ["keymap", "quit"], 2),
    ('x = 1\nsearches = { a = "1", b = "2" }\n', ["searches", "b"], 2),
    ('\n\n[keymap]\n', ["keymap"], 3),
    ('[ "keymap" ]\n', ["keymap"], 1),
    ('sort = "date"\n', ["theme"], None),
    ('sort = "date"\n', ["sort", "x"], None),
    ('', ["sort"], None),
    ('x = "searches.a"\n[searches]\n"\\u0061" = 1\n', ["searches", "a"], 3),  # spelt with an escape
    ("[searches]\n" + "".join(f'q{n} = "a"\n' for n in range(50)) + "a = '''\na\n'''\n", ["searches", "a"], 52),
])
def test_key_line(text, keys, line):
    assert key_line(text, keys) == line


# -- saving searches ------------------------------------------------------------------


def test_saving_a_search_keeps_the_users_comments_and_layout(tmp_path):
    original = '# my reader config\nsort = "date"   # newest first\n\n[searches]\n# weekly\nnato = "nato"\n'
    path = write_config(tmp_path, original)
    config = save_search("Healey", 'speaker:"john healey"', path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert dict(config.searches) == {"nato": "nato", "Healey": 'speaker:"john healey"'}
    assert load_config(path) == config
    assert os.listdir(path.parent) == ["config.toml"]  # no temporary file left behind


def test_saving_creates_the_file_and_replaces_a_name(tmp_path):
    path = tmp_path / "new" / "config.toml"
    save_search("  my   search ", " nato ", path)
    assert dict(load_config(path).searches) == {"my search": "nato"}
    config = save_search("my search", "ukraine", path)
    assert dict(config.searches) == {"my search": "ukraine"}
    assert oct(path.parent.stat().st_mode & 0o777) == oct(0o700)


def test_a_search_name_is_tidied_one_way_for_the_app_the_cli_and_the_file():
    assert tidy_search_name("  my \n  weekly\tsearch ") == "my weekly search"


def test_saving_refuses_to_touch_a_broken_file(tmp_path):
    path = write_config(tmp_path, 'sort = "newest"\n')
    with pytest.raises(ConfigError, match=":1: sort must be"):
        save_search("x", "nato", path)
    assert path.read_text(encoding="utf-8") == 'sort = "newest"\n'


def test_saving_keeps_a_symlinked_dotfile_a_symlink(tmp_path):
    real = write_config(tmp_path, "# dotfiles repo\n", name="real.toml")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    save_search("nato", "nato", link)
    assert link.is_symlink() and "nato" in real.read_text(encoding="utf-8")


def test_saving_with_hostile_names_reads_back_the_same(tmp_path):
    path = tmp_path / "c.toml"
    name = '[@click=app.quit] "quoted" \\ back'
    save_search(name, '[/ x "y"', path)
    assert dict(load_config(path).searches) == {name: '[/ x "y"'}


def test_deleting_a_search_keeps_the_rest(tmp_path):
    path = write_config(tmp_path, '# top\n[searches]\n# first\na = "1"\nb = "2"  # second\n')
    config = delete_search("a", path)
    assert dict(config.searches) == {"b": "2"}
    assert '# top' in path.read_text() and '# second' in path.read_text()
    with pytest.raises(ConfigError, match='no saved search named "zz"'):
        delete_search("zz", path)


def test_an_empty_name_or_query_is_not_saved(tmp_path):
    with pytest.raises(ConfigError):
        save_search("  ", "nato", tmp_path / "c.toml")
    with pytest.raises(ConfigError):
        save_search("x", " ", tmp_path / "c.toml")
    assert not (tmp_path / "c.toml").exists()


# -- fuzz ---------------------------------------------------------------------------


def _only_config_errors(text: str, path: Path) -> None:
    try:
        config = parse_config(text, path)
    except ConfigError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))
    else:
        assert isinstance(config, Config)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('[]{}"\'=.,#\n \t\\abkeymapsortheme-_019:') + ["\x00", "é", "\r"]),
               max_size=120))
def test_random_text_only_ever_raises_config_error(tmp_path, text):
    _only_config_errors(text, tmp_path / "c.toml")


_VALUES = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.floats(allow_nan=False),
                    st.lists(st.text(max_size=3), max_size=2))
_TABLES = st.dictionaries(st.text(max_size=8), _VALUES, max_size=3)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["corpus", "index_dir", "theme", "sort", "keymap", "searches", "sortt"]),
                       st.one_of(_VALUES, _TABLES), max_size=6))
def test_random_settings_only_ever_raise_config_error(tmp_path, data):
    _only_config_errors(tomlkit.dumps(data), tmp_path / "c.toml")
