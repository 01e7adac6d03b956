"""The index's word list: the corpus's words as written, for "did you mean".

The index holds stems ("ukrain"), which no one types; the build keeps the words as
written (lowercased, accents kept) in a plain list beside the index's own files, and
:mod:`reader.search.suggest` reads it. Written here, where the index is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..untrusted import read_regular

#: The word list, one word a line, beside the index's own files.
WORDS_FILE = "reader-words.txt"
#: Words longer than this are never corrected nor suggested.
MAX_WORD = 40
#: The most reader reads of the word list when it adds to it (a 21,000-article corpus
#: lists 1 MB of words).
MAX_WORDS_BYTES = 256 * 1024 * 1024

def write_words(index_dir: str | os.PathLike[str], words: Iterable[str], *, merge: bool) -> None:
    """Write the word list of an index just committed (best effort, replaced atomically).

    ``merge`` keeps the words already listed (an incremental update adds to the list;
    a build starts it afresh). Only words of letters, up to :data:`MAX_WORD` long.
    """
    path = Path(index_dir) / WORDS_FILE
    keep = {w for w in words if len(w) <= MAX_WORD and w.isalpha()}
    try:
        if merge:
            try:
                before = set(read_regular(path, MAX_WORDS_BYTES, follow_symlinks=False)
                             .decode("utf-8", "replace").split())
            except OSError:  # none yet, or not one reader wrote: the list starts afresh
                before = set()
            if keep <= before:
                return
            keep |= before
        tmp = path.with_name(WORDS_FILE + ".tmp")
        try:
            tmp.write_text("".join(w + "\n" for w in sorted(keep)), encoding="utf-8")
            os.replace(tmp, path)
        finally:
            if tmp.exists():  # a full disk: the partial list goes
                tmp.unlink()
    except OSError:
        pass  # suggestions are a convenience: the index itself is committed and sound
