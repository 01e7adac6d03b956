"""The manifest: the state of every indexed file, and of the index's own files, at the
last commit.

Why: an update must know what changed in the corpus since the last one, and a search
whether the index was damaged since. Reading every stored document tells the first (and
stays the fallback), but costs a second at 21,000 articles; the manifest, written after
each commit and tied to the generation it describes, tells both at once. One that does
not describe the index exactly is never trusted.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from whoosh import index as whoosh_index

from ..untrusted import loads_json, open_regular, read_regular
from .schema import SCHEMA_VERSION

#: The state (size, mtime, hash) of every indexed file, written after each commit and
#: tied to the index generation it describes: it spares reading every stored document to
#: find what changed. One that does not match the index exactly is ignored.
MANIFEST_FILE = "reader-files.json"


#: The most reader reads of a manifest: about 90 bytes a file, so some five million files.
MAX_MANIFEST_BYTES = 512 * 1024 * 1024


class ManifestDamaged(ValueError):
    """The manifest is not one reader wrote: too large, nested too deep, not JSON."""


def load_manifest(index_dir: Path) -> dict | None:
    """The manifest as written, read and parsed bounded; None if there is none.

    Raises :class:`ManifestDamaged` for one that exceeds the bounds or is malformed (a
    commit replaces it in one step, so that is damage, not a crash). Parsed once per
    version of the file (a search checks it twice): the bounded parse costs 0.2 s at
    21,000 files.
    """
    version = _version(index_dir)
    return None if version is None else _parsed(*version)


def _version(index_dir: Path) -> tuple[str, int, int, int, int] | None:
    """The manifest's path and what tells one version of it from another (the key of the
    parses kept); None if there is none."""
    path = index_dir / MANIFEST_FILE
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ManifestDamaged(f"{MANIFEST_FILE} cannot be read ({exc.strerror or exc})") from None
    return os.fspath(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


@lru_cache(maxsize=2)
def _parsed(path: str, _dev: int, _ino: int, _size: int, _mtime_ns: int) -> dict | None:
    try:
        data = loads_json(read_regular(path, MAX_MANIFEST_BYTES, follow_symlinks=False))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        raise ManifestDamaged(f"{MANIFEST_FILE} is not one reader wrote ({' '.join(str(exc).split())[:80]})") from None
    if not isinstance(data, dict):
        raise ManifestDamaged(f"{MANIFEST_FILE} is not one reader wrote (not an object)")
    return data


#: Where the file states begin: ``files`` is the manifest's last key, and the only one
#: whose value is an object opened right after it (a ``,"`` never occurs inside a JSON
#: string, whose quotes are escaped).
_FILES_KEY = b',"files":{'
_HEAD_CHUNK = 64 * 1024


def load_manifest_head(index_dir: Path) -> dict | None:
    """The manifest without its file states (stamp, segments, folders): all a search
    needs, read from the start of the file without parsing the states of every file
    (35 ms of a search at 21,000 files, and proportionally more beyond). A manifest
    whose head can't be found this way (an older layout, garbage) is read whole, with
    :func:`load_manifest`'s bounds and errors. The states themselves are checked
    (and a damaged part of them distrusted) by the update that reads them.
    """
    version = _version(index_dir)
    if version is None:
        return None
    if version[3] > MAX_MANIFEST_BYTES:
        return load_manifest(index_dir)  # refused there, as too large
    head = _parsed_head(*version)
    return head if head is not None else load_manifest(index_dir)


@lru_cache(maxsize=2)
def _parsed_head(path: str, _dev: int, _ino: int, _size: int, _mtime_ns: int) -> dict | None:
    try:
        with open_regular(path, follow_symlinks=False) as handle:
            data = b""
            while len(data) <= MAX_MANIFEST_BYTES:
                chunk = handle.read(max(_HEAD_CHUNK, len(data)))
                if not chunk:
                    return None
                data += chunk
                at = data.find(_FILES_KEY)
                if at >= 0:
                    break
            else:
                return None
        head = loads_json(data[:at] + b"}")
    except (OSError, ValueError, RecursionError):
        return None  # read whole, to say what is wrong
    return head if isinstance(head, dict) else None


class FileState(NamedTuple):
    """An indexed file as it was parsed. A tuple: the manifest makes 21,000 of them at
    every update, in C."""

    size: int
    mtime_ns: int
    sha: str


def _stored_states(ix: whoosh_index.Index) -> dict[str, FileState]:
    """The state each indexed file had when it was parsed, from the stored documents."""
    states: dict[str, FileState] = {}
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            key = fields.get("file")
            if key is not None and key not in states:
                states[key] = FileState(fields.get("size", -1), fields.get("mtime_ns", -1), fields.get("sha", ""))
    return states


def _manifest_stamp(ix: whoosh_index.Index) -> dict:
    """What a manifest must match to be trusted: the schema, the generation, the documents."""
    return {"schema_version": SCHEMA_VERSION, "generation": ix.latest_generation(), "doc_count": ix.doc_count()}


def _read_manifest(index_dir: Path, ix: whoosh_index.Index,
                   warn: Callable[[str], None] | None = None) -> dict[str, FileState] | None:
    """The manifest's file states, or None unless it describes exactly this index."""
    try:
        data = load_manifest(index_dir)
    except ManifestDamaged as exc:
        if warn is not None:
            warn(f"{exc}; reading the index's own documents instead")
        return None
    try:
        if data is None or data.get("stamp") != _manifest_stamp(ix):
            return None
        files = data["files"]
        states = dict(zip(files, map(tuple.__new__, repeat(FileState), files.values())))
        if any(len(state) != 3 or type(state.size) is not int or type(state.mtime_ns) is not int
               or type(state.sha) is not str for state in states.values()):
            return None
        return states
    except Exception:  # missing, unreadable, malformed: fall back to the stored documents
        return None


def _segment_files(index_dir: Path) -> dict[str, list[int]]:
    """Size and modification time of each of Whoosh's files in the index folder (the
    articles' index and the quote records', :mod:`.quote_records`)."""
    out = {}
    for name in os.listdir(index_dir):
        if name.startswith(("MAIN_", "_MAIN_", "QUOTES_", "_QUOTES_")) and not name.endswith("LOCK"):
            info = os.stat(index_dir / name)
            out[name] = [info.st_size, info.st_mtime_ns]
    return out


_QUOTES_TOC = re.compile(r"_QUOTES_([0-9]+)\.toc")


def _quotes_generation(names) -> int:
    """The quote index's generation, from the names of its TOCs (-1: none)."""
    return max((int(m.group(1)) for name in names if (m := _QUOTES_TOC.fullmatch(name))), default=-1)


def damaged_files(index_dir: Path, ix: whoosh_index.Index) -> str | None:
    """Which of the index's files changed since it was committed (None: none, or unknown).

    The manifest written after each commit records every file's size and mtime; garbage
    written into a segment, a truncated or a missing file shows as a difference. A
    manifest that does not describe this generation (another process is committing, or
    one crashed in between) can't tell, and is not taken as damage; nor is a manifest that
    is not one reader wrote (past the bounds, malformed): it is a record beside the index,
    not part of it, and is simply not trusted (the next update reads the stored documents
    instead, saying so, and writes it again).
    """
    try:
        data = load_manifest_head(index_dir)
    except ManifestDamaged:
        return None
    try:
        if data is None or data.get("stamp") != _manifest_stamp(ix) or not isinstance(data.get("segments"), dict):
            return None
        now = _segment_files(index_dir)
    except Exception:
        return None
    for name, recorded in data["segments"].items():
        if now.get(name) != recorded:
            if ix.latest_generation() != data["stamp"].get("generation"):
                return None  # another process committed meanwhile (and removed old segments): not damage
            if name.startswith(("QUOTES_", "_QUOTES_")) and _quotes_generation(now) != data.get("quotes_generation"):
                return None  # the quote index is committed first, the articles' next: not damage
            return f"{name} is {'missing' if name not in now else 'changed'} since it was committed"
    return None


def write_manifest(index_dir: Path, ix: whoosh_index.Index, states: dict[str, FileState],
                   folders: dict | None = None) -> None:
    """Record the file states of the index as just committed (best effort), and the
    corpus's folders as the update found them (:mod:`.folders`), in the same file."""
    try:
        segments = _segment_files(index_dir)
        data = {"stamp": _manifest_stamp(ix), "segments": segments, "quotes_generation": _quotes_generation(segments)}
        if folders is not None:
            data["folders"] = folders
        # last, so that a search reads the head without the states (load_manifest_head)
        data["files"] = {key: [st.size, st.mtime_ns, st.sha] for key, st in states.items()}
        tmp = index_dir / (MANIFEST_FILE + ".tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, index_dir / MANIFEST_FILE)
    except Exception:
        for name in (MANIFEST_FILE + ".tmp", MANIFEST_FILE):  # (a full disk: a partial tmp)
            try:
                os.remove(index_dir / name)
            except OSError:
                pass


def indexed_files(ix: whoosh_index.Index, index_dir: Path | None = None, *,
                  warn: Callable[[str], None] | None = None) -> dict[str, FileState]:
    """The state each indexed file had when it was parsed (the manifest when it is current).

    ``warn`` is told, in one line, of a manifest that is not one reader wrote (past the
    bounds, malformed): it is not trusted, and the stored documents are read instead.
    """
    if index_dir is not None:
        states = _read_manifest(index_dir, ix, warn)
        if states is not None:
            return states
    return _stored_states(ix)


def recorded_folders(index_dir: Path) -> object:
    """The manifest's record of the corpus's folders (None if there is none or no manifest)."""
    try:
        data = load_manifest_head(index_dir)
    except ManifestDamaged:
        return None
    return data.get("folders") if data is not None else None
