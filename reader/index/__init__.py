"""The index on disk: its schema, the documents made of articles, the index folder, the
manifest, the locks, the process pool and the incremental update. The code that reaches into Whoosh's
private internals lives in :mod:`reader.engine`, which this room calls.
"""

from .documents import load_indexed_article
from .lock import DEFAULT_LOCK_TIMEOUT
from .protocol import IndexProgress, IndexSummary
from .schema import DEFAULT_FIELDS, NO_DATE, QUERY_FIELDS, build_schema, word_analysis, word_term
from .store import IndexNotWritable, IndexUnavailable, check_index_dir, open_index
from .update import corpus_unchanged, update_index
from .words import MAX_WORD, WORDS_FILE, write_words

__all__ = [
    "DEFAULT_FIELDS", "DEFAULT_LOCK_TIMEOUT", "IndexNotWritable", "IndexProgress", "IndexSummary", "IndexUnavailable",
    "MAX_WORD", "NO_DATE", "QUERY_FIELDS", "WORDS_FILE", "build_schema", "check_index_dir", "corpus_unchanged",
    "load_indexed_article", "open_index", "update_index", "word_analysis", "word_term",
    "write_words",
]
