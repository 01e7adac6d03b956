"""The index on disk: its schema, the documents made of articles (and the records made
of their quotes), the index folder, the manifest, the locks, the process pool and the incremental update. The code that reaches into Whoosh's
private internals lives in :mod:`reader.engine`, which this room calls.
"""

from .documents import load_indexed_article
from .folders import corpus_unchanged
from .protocol import IndexProgress, IndexSummary
from .schema import DEFAULT_FIELDS, NO_DATE, QUERY_FIELDS, build_schema, word_analysis, word_term
from .store import IndexNotWritable, IndexUnavailable, QuotesUnavailable, check_index_dir, open_index, open_quote_index
from .words import MAX_WORD, WORDS_FILE, write_words

__all__ = [
    "DEFAULT_FIELDS", "DEFAULT_LOCK_TIMEOUT", "IndexNotWritable", "IndexProgress", "IndexSummary", "IndexUnavailable",
    "MAX_WORD", "NO_DATE", "QUERY_FIELDS", "WORDS_FILE", "build_schema", "check_index_dir", "corpus_unchanged",
    "QuotesUnavailable", "load_indexed_article", "open_index", "open_quote_index", "update_index", "word_analysis",
    "word_term",
    "write_words",
]

#: Imported when first asked for: a search of an unchanged corpus never updates, and the
#: update's modules (the pool, the locks, the segment writer) cost it a tenth of its time.
_LAZY = {"update_index": ".update", "DEFAULT_LOCK_TIMEOUT": ".lock"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(module, __name__), name)
    return value
