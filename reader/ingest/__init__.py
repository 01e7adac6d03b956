"""Files to :class:`~reader.article.Article`: the corpus walk, one loader per format
(plain text, Markdown, JSON Lines, HTML), dates, and watching a folder for changes.
The first stage of the data's walk; it knows nothing of quotes, indexes or the app.
"""

from .corpus import CorpusFile, bundled_corpus, walk
from .dates import parse_date
from .jsonl import load_jsonl_record
from .loaders import DEFAULT_MAX_BYTES, load_bytes, load_file, read_bytes
from .plaintext import split_paragraphs
from .problems import LoadResult, Problem

__all__ = [
    "CorpusFile", "DEFAULT_MAX_BYTES", "LoadResult", "Problem", "bundled_corpus", "corpus_changes",
    "corpus_changes_async", "load_bytes", "load_file", "load_jsonl_record", "parse_date", "read_bytes",
    "split_paragraphs", "walk",
]

#: Imported when first asked for: watching needs watchfiles (and anyio), which a search
#: that only reads articles never uses.
_LAZY = {"corpus_changes": ".watch", "corpus_changes_async": ".watch"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(module, __name__), name)
    return value
