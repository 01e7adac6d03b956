"""The index's two subclasses of Whoosh's ``SegmentWriter``: a pool worker's bulk writer,
and the parent's writer that commits the workers' segments.

Why: Whoosh has one writer per index, which analyses, sorts and writes every posting in
Python. A bulk build instead has each pool worker write a segment of its own, much faster
(:class:`BulkWriter`: the same files Whoosh would write), and the parent commit them all
at once with its own deletions (:class:`CommitWriter`). Both reach into the writer's
private state (its pool, per-document writer, field writer, segment and TOC steps), which
only :mod:`reader.engine` may do.
"""

from __future__ import annotations

from datetime import datetime

from whoosh.index import Index
from whoosh.writing import SegmentWriter

from .analysis import BulkAnalysis, stem_cache_unbounded
from .postings import SegmentLengths, TermPostings, compress_stored, write_postings


class BulkWriter(SegmentWriter):
    """A pool worker's segment writer: fast analysis, postings grouped per term.

    Adds documents as ``SegmentWriter.add_document`` does (same stored fields, columns
    and lengths) but analyses the text fields with :class:`.analysis.BulkAnalysis`, keeps
    postings in :class:`.postings.TermPostings` and the field lengths in memory, and
    writes them many terms at a time: the segment's files are the ones Whoosh would
    write, in a fraction of the time. ``words`` collects the words indexed
    in the text fields. ``analysis`` is another bulk writer's (:attr:`analysis`), to share
    its memory of words (a pool worker's quote records use its articles' words).

    Every other indexed field's value (an id, a name, a date) is analysed once and its
    postings remembered as term numbers (a date's dozen trie terms; an article's file,
    title and speakers repeat in each of its quote records).
    """

    def __init__(self, ix: Index, words: set[str] | None = None, analysis: BulkAnalysis | None = None,
                 **kwargs):
        super().__init__(ix, _lk=False, **kwargs)
        self._fields = {name: self.schema[name] for name in self.schema.names()}
        if any(f.vector or f.separate_spelling() for f in self._fields.values()):
            raise ValueError("bulk writer: term vectors and separate spelling are not supported")
        self.pool.cleanup()
        self.pool = TermPostings(self._tempstorage, limitmb=kwargs.get("limitmb", 128))
        analysis = self.analysis = analysis or BulkAnalysis(words)
        self._fast = {}
        for name, field in self._fields.items():
            if field.indexed:
                fast = analysis.indexer(field, self.pool.numbers(name).__getitem__)
                if fast is not None:
                    self._fast[name] = fast
        stem_cache_unbounded(self.schema)
        #: per field: what add_document asks of it, looked up once
        self._plans = {name: (field, field.indexed, self._fast.get(name), field.scorable, field.stored,
                              field.column_type) for name, field in self._fields.items()}
        self._known = frozenset(self._fields)
        self._lengths = SegmentLengths()
        # Stored fields are compressed a document at a time; ISA-L as for the postings.
        self.perdocwriter._colwriters["_stored"]._child._compress = compress_stored
        # Values repeat (a day's dates, an article's file in each of its quote records): the
        # postings of each are worked out once, as term numbers.
        self._memos = {name: {} for name, field in self._fields.items() if field.indexed and name not in self._fast}

    #: Values remembered per field before its memory is cleared.
    MEMO_SIZE = 4096

    def _numbered(self, postings, name: str, field, value) -> tuple | None:
        """``(terms, freqs, weights, values)`` of one field's value, as term numbers of
        ``postings``; None for a value without terms."""
        memo = self._memos[name]
        key = (type(value), value)  # not numbers: 0.0 == -0.0, their terms differ
        if type(value) not in (str, datetime):
            key = None
        numbered = memo.get(key) if key is not None else None
        if numbered is None:
            columns = tuple(zip(*field.index(value)))
            if not columns:
                numbered = ()
            else:
                tbytes, freqs, weights, values = columns
                if None in values:
                    values = [v or b"" for v in values]
                numbered = (list(map(postings.numbers.__getitem__, tbytes)), freqs, weights, values)
            if key is not None:
                if len(memo) >= self.MEMO_SIZE:
                    memo.clear()
                memo[key] = numbered
        return numbered or None

    def add_document(self, **values):
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        pool = self.pool
        plans = self._plans
        if not self._known.issuperset(values):
            if any(name.startswith("_") for name in values):
                raise ValueError("bulk writer: boosts and _stored_ values are not supported")
            self._check_fields(self.schema, sorted(values))  # Whoosh's error for an unknown field
        perdocwriter.start_doc(docnum)
        for name in sorted(values):
            value = values[name]
            if value is None:
                continue
            field, indexed, fast, scorable, stored, column = plans[name]
            length = 0
            if indexed:
                if fast is not None and isinstance(value, str):
                    postings = fast(value)
                    if postings is not None:
                        length = pool.add_numbered(pool.field(name), docnum, *postings)
                else:
                    postings = pool.field(name)
                    numbered = self._numbered(postings, name, field, value)
                    if numbered is not None:
                        length = pool.add_numbered(postings, docnum, *numbered)
                if not scorable:
                    length = 0
                elif length:
                    self._lengths.set(name, docnum, length)
            perdocwriter.add_field(name, field, value if stored else None, length)
            if column:
                perdocwriter.add_column_value(name, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def finish_segment(self):
        """The segment written so far, closed, for the parent's :class:`CommitWriter`
        (a pool worker never commits)."""
        return self._finalize_segment()

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self._lengths if self.codec.length_stats else None
        write_postings(self.fieldwriter, self.schema, self.pool, lengths)
        self.fieldwriter.close()


class CommitWriter(SegmentWriter):
    """The one writer: deletions and documents of its own, plus the workers' segments.

    ``segments`` are ``(worker number, segment)`` pairs; they join the index in worker
    order (the corpus order), after the index's own segments.
    """

    def __init__(self, ix: Index, segments: list, **kwargs):
        super().__init__(ix, _lk=False, **kwargs)
        self._extra = [segment for _number, segment in sorted(segments, key=lambda item: item[0])]

    def commit(self, mergetype=None, optimize=None, merge=None):
        self._check_state()
        final = self._merge_segments(mergetype, optimize, merge) + list(self._extra)
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final)
        self._finish()


def remove_uncommitted(ix: Index) -> bool:
    """Remove what no commit took: the segment files of a build killed or out of space,
    a TOC half written, the writers' temporary folder. True if anything was removed.

    Whoosh removes such files only when it next commits (``clean_files``, private to its
    writer's commit); an update that commits nothing, or a failed one, would leave them
    filling the disk. The caller holds reader's update lock; Whoosh's write lock is taken
    too, and if another program holds it nothing is touched. Relies on ``Index._read_toc``
    and ``whoosh.index.clean_files``, ``TOC._pattern`` and ``TOC._segment_pattern``.
    """
    import os
    import shutil

    from whoosh.index import TOC, clean_files

    storage = ix.storage
    toc = ix._read_toc()
    current = {segment.segment_id() for segment in toc.segments}
    tocs, segs = TOC._pattern(ix.indexname), TOC._segment_pattern(ix.indexname)
    temp_toc = f"_{ix.indexname}_"
    temp_dir = f"{ix.indexname}.tmp"
    names = list(storage)
    stale = [name for name in names
             if (m := tocs.match(name)) and int(m.group(1)) != toc.generation
             or (m := segs.match(name)) and m.group(1) not in current
             or name.startswith(temp_toc) and ".toc." in name]
    folder = getattr(storage, "folder", None)
    if not stale and not (folder and os.path.isdir(os.path.join(folder, temp_dir))):
        return False
    lock = ix.lock("WRITELOCK")
    if not lock.acquire():
        return False
    try:
        clean_files(storage, ix.indexname, toc.generation, toc.segments)
        for name in stale:
            if name.startswith(temp_toc) and ".toc." in name:
                try:
                    storage.delete_file(name)
                except OSError:
                    pass
        if folder:
            shutil.rmtree(os.path.join(folder, temp_dir), ignore_errors=True)
    finally:
        lock.release()
    return True
