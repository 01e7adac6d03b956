"""The config file: the user's defaults (corpus, index folder, theme, sort), key bindings
and saved searches.

A TOML file in the user config dir (``reader config path`` prints where;
``READER_CONFIG`` names another file). It is read with the standard library's TOML
parser and checked strictly: an unknown key is an error, because a typo that passes
silently is a setting that silently does nothing. Every error is one line,
``path:line: what is wrong``, so an editor can jump to it. A missing file is not an error:
it means the built-in defaults.

Saving a search edits the file with tomlkit, which keeps the user's comments and layout,
and writes it atomically (a temporary file renamed over the old one).

The core knows nothing of Textual, so whether the keymap's binding ids and the theme name
exist is checked by the app (``reader.tui.app``), which reports it the same way through
:meth:`Config.error_at`.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .locations import user_config_dir
from .text import clean, display_path, escape_unprintable
from .untrusted import NotAFile, TooLarge, read_regular

CONFIG_ENV = "READER_CONFIG"
CONFIG_NAME = "config.toml"
SORTS = ("relevance", "date")
#: Every key the file may hold at the top level.
SETTINGS = ("corpus", "index_dir", "theme", "sort", "keymap", "searches")
#: A config file is a few dozen lines; anything this big is not one (and finding an
#: error's line re-parses the text, which is quadratic in its length).
MAX_BYTES = 1_000_000

_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_KEY = re.compile(r"[^\s,]+")


class ConfigError(ValueError):
    """A config file that cannot be used; ``str()`` is one line: ``path:line: what is wrong``."""


def config_path() -> Path:
    """Where the config file is: ``$READER_CONFIG``, else ``<user config dir>/config.toml``."""
    chosen = os.environ.get(CONFIG_ENV)
    return Path(chosen).expanduser() if chosen else user_config_dir() / CONFIG_NAME


def _frozen(mapping: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Config:
    """The settings of one config file (the defaults where it says nothing).

    ``corpus`` and ``index_dir`` are absolute (``~`` expanded, relative paths taken from
    the file's folder). ``index_dir`` is where the per-corpus index folders go.
    ``keymap`` maps binding ids to keys (``"toggle-sort": "S"``); ``searches`` maps a
    saved search's name to its query. ``text`` is the file as read, kept to find the
    line of a setting the app rejects.
    """

    path: Path
    corpus: Path | None = None
    index_dir: Path | None = None
    theme: str | None = None
    sort: str = "relevance"
    keymap: Mapping[str, str] = field(default_factory=_frozen)
    searches: Mapping[str, str] = field(default_factory=_frozen)
    exists: bool = False
    text: str = field(default="", repr=False, compare=False)

    def error_at(self, keys: Sequence[str], message: str) -> ConfigError:
        """A ConfigError pointing at the line where ``keys`` (e.g. ``("keymap", "x")``) is set."""
        return ConfigError(_located(self.path, key_line(self.text, keys), message))

    def to_json(self) -> dict:
        return {
            "path": display_path(str(self.path)),
            "exists": self.exists,
            "corpus": display_path(str(self.corpus)) if self.corpus else None,
            "index_dir": display_path(str(self.index_dir)) if self.index_dir else None,
            "theme": self.theme,
            "sort": self.sort,
            "keymap": dict(self.keymap),
            "searches": dict(self.searches),
        }


def quoted(value: object) -> str:
    """A user's string for a one-line message: in double quotes, newlines and escapes escaped.

    JSON escapes the C0 controls; what else a terminal would act on (C1 controls, bidi
    overrides) is escaped after it.
    """
    return escape_unprintable(json.dumps(str(value), ensure_ascii=False))


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds anything :func:`reader.text.clean` strips (escape sequences,
    control characters other than tab and newline, bidi overrides): text a terminal would
    act on rather than show."""
    return clean(text) != unicodedata.normalize("NFC", text)


def _located(path: Path, line: int | None, message: str) -> str:
    where = display_path(str(path))
    return f"{where}:{line}: {message}" if line else f"{where}: {message}"


# -- finding a key's line --------------------------------------------------------------


def _contains(data: object, keys: Sequence[str]) -> bool:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def _parse_prefix(lines: list[str], count: int) -> dict | None:
    try:
        return tomllib.loads("".join(lines[:count]))
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None


def key_line(text: str, keys: Sequence[str]) -> int | None:
    """The line (1-based) where the setting at ``keys`` is written in TOML ``text``.

    TOML gives a key many spellings (bare, quoted, dotted, in a ``[table]`` header or an
    inline table) and values may span lines, so rather than re-implement the grammar
    this asks the parser: a setting starts on line L when the lines before L parse
    without it and the first whole-line prefix from L on that parses holds it (a
    multi-line value leaves the prefixes in between unparseable). Lines that spell the
    key's name are tried first; a key written with escapes falls back to trying every
    line. None if the text does not hold the key.
    """
    if not keys:
        return None
    lines = text.splitlines(keepends=True)

    def starts_at(line: int) -> bool | None:
        """True: the setting starts here; False: it does not; None: it is set before."""
        before = _parse_prefix(lines, line - 1)
        if before is None:
            return False  # inside a multi-line value
        if _contains(before, keys):
            return None
        for count in range(line, len(lines) + 1):
            data = _parse_prefix(lines, count)
            if data is not None:
                return _contains(data, keys)
        return False

    name = keys[-1]
    for line in (n for n, text_line in enumerate(lines, start=1) if name in text_line):
        found = starts_at(line)
        if found:
            return line
        if found is None:
            break  # spelt with escapes: the slow way below
    last_ok = 0
    for count in range(1, len(lines) + 1):
        data = _parse_prefix(lines, count)
        if data is None:
            continue
        if _contains(data, keys):
            return last_ok + 1
        last_ok = count
    return None


# -- reading ---------------------------------------------------------------------------


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and check the config file (default: :func:`config_path`); no file: defaults."""
    path = config_path() if path is None else Path(path)
    if str(path) == os.devnull:  # READER_CONFIG=/dev/null: no config file (the app's indexer child)
        return Config(path=path)
    try:  # a FIFO or another device named by READER_CONFIG is refused, never waited on
        data = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return Config(path=path)
    except TooLarge:
        raise ConfigError(_located(path, None, f"is over {MAX_BYTES // 1_000_000} MB: not a config file")) from None
    except NotAFile as exc:
        raise ConfigError(_located(path, None, f"is {exc}")) from None
    except OSError as exc:
        raise ConfigError(_located(path, None, f"cannot be read ({exc.strerror or exc})")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError(_located(path, line, "is not UTF-8 text")) from None
    return parse_config(text, path)


def parse_config(text: str, path: str | os.PathLike[str]) -> Config:
    """Check the TOML ``text`` of the config file at ``path`` and return its settings."""
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_decode_error(path, text, str(exc))) from None
    except (RecursionError, ValueError) as exc:  # e.g. arrays nested thousands deep
        raise ConfigError(_located(path, None, f"is not valid TOML ({type(exc).__name__})")) from None
    return _Checker(path, text).check(data)


def _decode_error(path: Path, text: str, message: str) -> str:
    """tomllib's "Invalid value (at line 3, column 8)" as "path:3: invalid value (column 8)"."""
    found = _AT.search(message)
    what = _AT.sub("", message) if found else message
    what = " ".join(what.split()) or "invalid TOML"
    what = what[0].lower() + what[1:]
    if found and found.group(1):
        return _located(path, int(found.group(1)), f"{what} (column {found.group(2)})")
    return _located(path, max(1, len(text.splitlines())), f"{what} (at the end of the file)")


class _Checker:
    """Turns the parsed TOML into a Config, raising on the first thing that is wrong."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, keys: Sequence[str], message: str) -> ConfigError:
        return ConfigError(_located(self.path, key_line(self.text, keys), message))

    def check(self, data: dict) -> Config:
        for key in data:
            if key not in SETTINGS:
                raise self.fail([key], f"unknown setting {quoted(key)}{did_you_mean(key, SETTINGS)}"
                                       f" (known: {', '.join(SETTINGS)})")
        corpus = self.path_setting(data, "corpus")
        if corpus is not None and not corpus.is_dir():
            what = "is not a folder" if corpus.exists() else "does not exist"
            raise self.fail(["corpus"], f"corpus folder {quoted(display_path(str(corpus)))} {what}")
        index_dir = self.path_setting(data, "index_dir")
        if index_dir is not None and index_dir.exists() and not index_dir.is_dir():
            raise self.fail(["index_dir"], f"index_dir {quoted(display_path(str(index_dir)))} is not a folder")
        theme = self.string(data, ["theme"])
        sort = self.string(data, ["sort"])
        if sort is not None and sort not in SORTS:
            raise self.fail(["sort"], f"sort must be \"relevance\" or \"date\", not {quoted(sort)}")
        keymap = self.table(data, "keymap", self.keys)
        searches = self.table(data, "searches", self.query)
        return Config(path=self.path, corpus=corpus, index_dir=index_dir, theme=theme, sort=sort or "relevance",
                      keymap=_frozen(keymap), searches=_frozen(searches), exists=True, text=self.text)

    def string(self, data: dict, keys: list[str], *, is_path: bool = False) -> str | None:
        """The string at ``keys`` (None if unset); not empty, and no control characters
        unless it is a path (a path is always shown escaped, and may really hold them)."""
        value = data
        for key in keys:
            if key not in value:
                return None
            value = value[key]
        name = ".".join(quoted(k) if not re.fullmatch(r"[A-Za-z0-9_-]+", k) else k for k in keys)
        if not isinstance(value, str):
            raise self.fail(keys, f"{name} must be a string, not {_toml_type(value)}")
        if not value.strip():
            raise self.fail(keys, f"{name} must not be empty")
        if not is_path and has_control_characters(value):
            raise self.fail(keys, f"{name} must not hold control characters or escape sequences "
                                  f"(it is {quoted(value)})")
        return value

    def path_setting(self, data: dict, key: str) -> Path | None:
        value = self.string(data, [key], is_path=True)
        if value is None:
            return None
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.path.expanduser().absolute().parent / path
        return Path(os.path.normpath(path))

    def table(self, data: dict, key: str, check_value: Callable[[list[str], str], str]) -> dict[str, str]:
        if key not in data:
            return {}
        table = data[key]
        if not isinstance(table, dict):
            raise self.fail([key], f"{key} must be a table ([{key}]), not {_toml_type(table)}")
        out = {}
        for name in table:
            if not name.strip():
                raise self.fail([key, name], f"{key}: a name must not be empty")
            if has_control_characters(name):
                raise self.fail([key, name], f"{key}: the name {quoted(name)} must not hold control characters "
                                             "or escape sequences")
            value = self.string(data, [key, name])
            out[name] = check_value([key, name], value)
        return out

    def keys(self, where: list[str], value: str) -> str:
        for key in value.split(","):
            if not _KEY.fullmatch(key.strip()):
                raise self.fail(where, f"keymap: {quoted(value)} is not a key for {quoted(where[1])} "
                                       "(write keys like \"S\", \"ctrl+f\" or \"f5\", several separated by commas)")
        return ",".join(key.strip() for key in value.split(","))

    def query(self, where: list[str], value: str) -> str:
        return value.strip()


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array",
             dict: "a table"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a date or time"


# -- writing ---------------------------------------------------------------------------


def tidy_search_name(name: str) -> str:
    """A saved search's name as it is kept: on one line, single spaces, none around it.

    The app's save prompt shows (and checks for a clash) the name this will save, and the
    CLI reports it, so all three tidy it here, the same way.
    """
    return " ".join(name.split())


def save_search(name: str, query: str, path: str | os.PathLike[str] | None = None) -> Config:
    """Add (or replace) the saved search ``name`` in the config file, keeping its comments."""
    name, query = tidy_search_name(name), query.strip()
    if not name:
        raise ConfigError("a saved search needs a name")
    if not query:
        raise ConfigError("there is no query to save")

    def change(doc) -> None:
        import tomlkit

        if "searches" not in doc:
            doc.add("searches", tomlkit.table())
        doc["searches"][name] = query

    return _edit(path, change)


def delete_search(name: str, path: str | os.PathLike[str] | None = None) -> Config:
    """Remove the saved search ``name`` from the config file, keeping its comments."""

    def change(doc) -> None:
        if "searches" not in doc or name not in doc["searches"]:
            raise ConfigError(f"no saved search named {quoted(name)}")
        del doc["searches"][name]

    return _edit(path, change)


def _edit(path: str | os.PathLike[str] | None, change: Callable[[object], None]) -> Config:
    """Read the file (which must pass the checks), change it with tomlkit, check, write."""
    import tomlkit

    path = config_path() if path is None else Path(path)
    current = load_config(path)
    doc = tomlkit.parse(current.text)
    change(doc)
    text = tomlkit.dumps(doc)
    config = parse_config(text, path)  # never write what would not read back
    target = Path(os.path.realpath(path))  # a symlinked dotfile stays a symlink
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            if current.exists:
                os.chmod(tmp, os.stat(target).st_mode & 0o7777)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()
    except OSError as exc:
        raise ConfigError(_located(path, None, f"cannot be written ({exc.strerror or exc})")) from None
    return config
