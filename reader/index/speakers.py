"""The corpus's speaker registry, kept with the index: who is who across all articles.

The registry (:class:`reader.attribution.SpeakerRegistry`) merges the names the
attributor found into identities ("Tony Blair", "Blair" and "Mr Blair" are one person).
It is derived from the index's own stored ``speakers`` fields, rebuilt after every commit
(reading those fields costs about 40 ms per 2,000 articles) and written beside the index
as :data:`SPEAKERS_FILE`, stamped with the generation it describes. A file that is
missing, not one reader wrote or of another generation is never trusted: the registry is
made again from the index (see :func:`registry_data`).

Each article's names are also indexed whole, as the terms of the ``speakername`` field
(:func:`spelling_token`): an identity's articles are exactly the articles holding one of
its spellings' terms, so the count the registry gives and the results of the query it
leads to are the same set.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from whoosh import query as wq

from ..attribution import SpeakerRegistry, registry
from ..engine.matchers import Phrase
from ..untrusted import read_regular
from .schema import SCHEMA_VERSION, word_term

#: Where a person's full name is looked for, to tell that a bare surname is theirs.
_TEXT_FIELDS = ("title", "standfirst", "body")

__all__ = ["SPEAKERS_FILE", "read_registry", "registry_data", "spelling_token", "write_registry"]

#: The registry, as JSON, beside the index's own files.
SPEAKERS_FILE = "reader-speakers.json"
#: Bumped when what the file holds changes. A change to the rules that merge names is
#: caught without it: the stamp holds a digest of their modules (:func:`_rules_digest`).
REGISTRY_VERSION = 1
#: The most reader reads of the file (a 21,000-article corpus has about 3 MB).
MAX_SPEAKERS_BYTES = 256 * 1024 * 1024


def spelling_token(name: str) -> str:
    """The ``speakername`` term of a name as the attributor wrote it: the name itself,
    its spaces as underscores (one term per name; case and accents kept, so two
    spellings the registry tells apart never share a term)."""
    return "_".join(name.split())


@lru_cache(maxsize=1)
def _rules_digest() -> str:
    """A digest of the modules whose rules decide who is who (the registry, the name
    rules and the word lists they use): a file written by other rules is not trusted."""
    digest = hashlib.sha256()
    for path in sorted(registry.rule_files()):
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(path.encode())
    return digest.hexdigest()[:16]


def _stamp(searcher) -> dict:
    return {"version": REGISTRY_VERSION, "rules": _rules_digest(), "schema_version": SCHEMA_VERSION,
            "generation": searcher.reader().generation(), "doc_count": searcher.doc_count()}


def registry_data(searcher) -> dict:
    """The registry of the index behind the Whoosh ``searcher``, as the file holds it:
    ``{"stamp": …, "identities": [{"name", "kind", "quotes", "articles", "spellings":
    [[name, quotes, articles], …]}, …]}``, most quoted first."""
    docnums: dict[str, int] = {}
    registry = SpeakerRegistry(mentions=_mentions(searcher, docnums))
    for docnum, fields in searcher.reader().iter_docs():
        docnums[fields["id"]] = docnum
        for name, count in fields.get("speakers") or ():
            registry.add(name, fields["id"], count)
    identities = [{"name": i.name, "kind": i.kind, "quotes": i.quotes, "articles": len(i.articles),
                   "spellings": sorted(([n, q, a] for n, (q, a) in i.spellings.items()), key=lambda s: (-s[2], s[0]))}
                  for i in registry.identities()]
    return {"stamp": _stamp(searcher), "identities": identities}


def _mentions(searcher, docnums: dict[str, int]):
    """``mentions(names, article_ids)`` for the registry: in how many of those articles
    the words of one of ``names`` stand together in the title, standfirst or body (a
    phrase of the index's own terms; 448 such looks, 0.2 s, at 19,043 Reuters articles)."""
    term = word_term()
    found: dict[str, frozenset[int] | None] = {}

    def docs_of(name: str) -> frozenset[int] | None:
        if name not in found:
            words = [term(w) for w in name.replace("-", " ").split()]
            if not words or None in words:  # a stop word in the name: the text can't tell
                found[name] = None
            else:
                q = wq.Or([Phrase(f, words) if len(words) > 1 else wq.Term(f, words[0]) for f in _TEXT_FIELDS])
                found[name] = frozenset(q.docs(searcher))
        return found[name]

    def mentions(names: tuple[str, ...], article_ids: frozenset) -> int:
        sets = [docs_of(name) for name in names]
        if not sets or None in sets:
            return len(article_ids)  # so it doesn't object
        docs = frozenset().union(*sets)
        return sum(1 for i in article_ids if docnums.get(i) in docs)

    return mentions


def write_registry(index_dir: str | os.PathLike[str], ix, data: dict | None = None) -> None:
    """After a commit: make the registry of the index ``ix`` (or take ``data``, made for
    its latest generation) and write it (best effort, replaced atomically; a reader that
    finds it missing or stale makes it again)."""
    path = Path(index_dir) / SPEAKERS_FILE
    tmp = path.with_name(f"{SPEAKERS_FILE}.{os.getpid()}.tmp")
    try:
        if data is None:
            with ix.searcher() as searcher:
                data = registry_data(searcher)
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # the index itself is committed and sound; the registry is made again when read
    finally:
        if tmp.exists():  # a full disk: the partial file goes
            tmp.unlink()


def read_registry(index_dir: str | os.PathLike[str] | None, searcher, ix=None) -> dict:
    """The registry of the index the Whoosh ``searcher`` reads: the file when it is one
    reader wrote for exactly this generation and these rules, else made again from the
    index — and written back when ``ix`` shows the searcher reads its latest generation
    (a registry made by other rules, after an upgrade, is then made once, not per search)."""
    if index_dir is not None:
        try:
            data = json.loads(read_regular(Path(index_dir) / SPEAKERS_FILE, MAX_SPEAKERS_BYTES,
                                           follow_symlinks=False).decode("utf-8"))
            if isinstance(data, dict) and data.get("stamp") == _stamp(searcher) and _well_formed(data):
                return data
        except (OSError, ValueError):
            pass
    data = registry_data(searcher)
    if index_dir is not None and ix is not None and ix.latest_generation() == data["stamp"]["generation"]:
        write_registry(index_dir, ix, data)
    return data


def _well_formed(data: dict) -> bool:
    identities = data.get("identities")
    if not isinstance(identities, list):
        return False
    for i in identities:
        if not (isinstance(i, dict) and isinstance(i.get("name"), str) and isinstance(i.get("kind"), str)
                and isinstance(i.get("quotes"), int) and isinstance(i.get("articles"), int)
                and isinstance(i.get("spellings"), list)
                and all(isinstance(s, list) and len(s) == 3 and isinstance(s[0], str) for s in i["spellings"])):
            return False
    return True
