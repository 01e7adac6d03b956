"""Postings of a bulk-built segment, kept in flat arrays and written a block at a time.

Whoosh's writer makes one ``(field, term, docnum, weight, value)`` tuple per posting,
sorts them all (spilling sorted runs to disk past its memory limit and merging them back
one tuple at a time) and then hands them to the codec one by one, each checked and
appended by a Python call. That was 40% of a pool worker's time. Here a document's
postings are appended to a field's flat arrays (term number, document, weight, value)
in C loops, a stable sort by term number (numpy) groups them at the end with each term's
documents still in order, and each block of up to ``blocklimit`` postings goes to
Whoosh's own block writer at once: the segment holds exactly what Whoosh writes.

Past ``limitmb`` the postings are spilled to a run on disk, sorted and grouped per
term, and the runs merged per term (not per posting) at the end: memory stays bounded.
"""

from __future__ import annotations

import heapq
import marshal
from array import array
from collections.abc import Iterator
from itertools import repeat
from operator import itemgetter

import numpy as np
from whoosh.util.numeric import byte_to_length, length_to_byte

#: What one posting costs in memory, roughly: term number, document and weight in
#: arrays, the value in a list (its bytes object is counted by its length on top).
_POSTING_BYTES = 4 + 4 + 8 + 8 + 33
#: And one term: its key in the dict and the list of terms.
_TERM_BYTES = 33 + 8 + 100
#: Runs on disk are merged into one when there are this many (each is open while merging).
MAX_RUNS = 32


class _TermNumbers(dict):
    """Term bytes -> number, numbering a new term as it is first looked up."""

    __slots__ = ("terms",)

    def __init__(self):
        super().__init__()
        self.terms: list[bytes] = []

    def __missing__(self, tbytes: bytes) -> int:
        number = self[tbytes] = len(self.terms)
        self.terms.append(tbytes)
        return number


class _FieldPostings:
    """One field's postings in the order they were added."""

    __slots__ = ("numbers", "termnums", "docnums", "weights", "values")

    def __init__(self):
        self.numbers = _TermNumbers()
        self.termnums = array("I")
        self.docnums = array("I")
        self.weights = array("d")  # Python floats, exactly
        self.values: list[bytes] = []

    def grouped(self) -> Iterator[tuple[bytes, list, list, list]]:
        """``(term, docnums, weights, values)`` per term, terms sorted, documents in order."""
        termnums = np.frombuffer(self.termnums, dtype=np.uint32)
        order = np.argsort(termnums, kind="stable")
        counts = np.bincount(termnums, minlength=len(self.numbers.terms)).tolist()
        starts = [0] * len(counts)
        total = 0
        for number, count in enumerate(counts):
            starts[number] = total
            total += count
        docnums = np.frombuffer(self.docnums, dtype=np.uint32)[order].tolist()
        weights = np.frombuffer(self.weights, dtype=np.float64)[order].tolist()
        values = self.values
        values = [values[i] for i in order.tolist()]
        terms = self.numbers.terms
        for number in sorted(range(len(terms)), key=terms.__getitem__):
            start = starts[number]
            end = start + counts[number]
            yield terms[number], docnums[start:end], weights[start:end], values[start:end]


class TermPostings:
    """Every posting of a segment being built, per field (see :class:`_FieldPostings`).

    Postings come in document order (a document's after the previous document's),
    which is how a writer adds them.
    """

    def __init__(self, tempstorage, limitmb: float = 128):
        self._tempstorage = tempstorage
        self._limit = int(limitmb * 1024 * 1024)
        self._size = 0
        self._fields: dict[str, _FieldPostings] = {}
        self.runs: list[str] = []
        self._created = 0

    def field(self, fieldname: str) -> _FieldPostings:
        """The postings of one field, for a writer that adds a field's postings itself."""
        postings = self._fields.get(fieldname)
        if postings is None:
            postings = self._fields[fieldname] = _FieldPostings()
        return postings

    def add_field_postings(self, postings: _FieldPostings, docnum: int, items) -> int:
        """Add the ``(term bytes, freq, weight, value)`` items of one field of one document.

        Returns the field's length (the sum of the frequencies).
        """
        columns = tuple(zip(*items))
        if not columns:
            return 0
        tbytes, freqs, weights, values = columns
        if None in values:
            values = [v or b"" for v in values]
        known = len(postings.numbers.terms)
        postings.termnums.extend(map(postings.numbers.__getitem__, tbytes))
        postings.docnums.extend(repeat(docnum, len(tbytes)))
        postings.weights.extend(weights)
        postings.values.extend(values)
        self._size += (_POSTING_BYTES * len(tbytes) + sum(map(len, values))
                       + _TERM_BYTES * (len(postings.numbers.terms) - known))
        if self._size > self._limit:
            self.save()
        return sum(freqs)

    def add(self, item) -> None:
        """Whoosh's pool interface: one ``(field, term, docnum, weight, value)`` posting."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field_postings(self.field(fieldname), docnum, ((tbytes, 1, weight, vbytes or b""),))

    def save(self) -> None:
        """Spill the postings in memory to a run on disk, sorted by field and term."""
        if not self._fields:
            return
        path = self._new_run_name()
        handle = self._tempstorage.create_file(path).raw_file()
        try:
            dump = marshal.dump
            for item in self._in_memory():
                dump(item, handle)
        finally:
            handle.close()
        self.runs.append(path)
        self._fields = {}
        self._size = 0
        if len(self.runs) >= MAX_RUNS:
            self._merge_runs()

    def _merge_runs(self) -> None:
        """Merge every run into one, so that never more than MAX_RUNS files are open at once."""
        path = self._new_run_name()
        handle = self._tempstorage.create_file(path).raw_file()
        try:
            dump = marshal.dump
            for item in self._merged():
                dump(item, handle)
        finally:
            handle.close()
        for old in self.runs:
            self._tempstorage.delete_file(old)
        self.runs = [path]

    def _new_run_name(self) -> str:
        self._created += 1
        return f"{id(self):x}-{self._created}.termrun"

    def _read_run(self, path: str) -> Iterator[tuple]:
        handle = self._tempstorage.open_file(path).raw_file()
        try:
            load = marshal.load
            while True:
                try:
                    yield load(handle)
                except EOFError:
                    return
        finally:
            handle.close()

    def _in_memory(self) -> Iterator[tuple]:
        for fieldname, postings in sorted(self._fields.items()):
            for tbytes, docnums, weights, values in postings.grouped():
                yield fieldname, tbytes, docnums, weights, values

    def terms(self) -> Iterator[tuple[str, bytes, list, list, list]]:
        """``(field, term, docnums, weights, values)`` for every term, in Whoosh's order."""
        if not self.runs:
            yield from self._in_memory()
            return
        self.save()
        yield from self._merged()

    def _merged(self) -> Iterator[tuple[str, bytes, list, list, list]]:
        # Runs are in document order and heapq.merge keeps the order of the runs for
        # equal keys: a term's lists from successive runs just follow each other.
        merged = heapq.merge(*(self._read_run(path) for path in self.runs), key=itemgetter(0, 1))
        current = None
        for fieldname, tbytes, docnums, weights, values in merged:
            if current is not None and current[0] == fieldname and current[1] == tbytes:
                current[2].extend(docnums)
                current[3].extend(weights)
                current[4].extend(values)
                continue
            if current is not None:
                yield current
            current = (fieldname, tbytes, docnums, weights, values)
        if current is not None:
            yield current

    def cleanup(self) -> None:
        for path in self.runs:
            try:
                self._tempstorage.delete_file(path)
            except OSError:
                pass
        self.runs = []
        self._fields = {}


def write_postings(fieldwriter, schema, postings: TermPostings, lengths) -> None:
    """Write every term of ``postings`` with Whoosh 3's field writer, a block at a time.

    Does what ``FieldWriter.add_postings`` and ``W3PostingsWriter.add_posting`` do per
    posting (block statistics: lowest and highest field length, highest weight) with
    one call per block; the blocks themselves are written by Whoosh's ``_write_block``
    and the terms' entries by its ``finish_term``. ``lengths.column(field)`` gives every
    document's field length as Whoosh stores it (``None``: the field has no lengths).
    """
    lastfield = None
    column = None
    postwriter = None
    limit = 0
    for fieldname, tbytes, docnums, weights, values in postings.terms():
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            lastfield = fieldname
            column = lengths.column(fieldname) if lengths is not None else None
            postwriter = fieldwriter._postwriter
            limit = postwriter._blocklimit
        fieldwriter.start_term(tbytes)
        count = len(docnums)
        for start in range(0, count, limit):
            ids = docnums[start : start + limit]
            block_weights = weights[start : start + limit]
            postwriter._ids = array("I", ids)
            postwriter._weights = array("f", block_weights)
            postwriter._values = [v for v in values[start : start + limit] if v]
            top = max(block_weights)
            postwriter._maxweight = float(top) if top > 0 else 0  # Whoosh's weight * field boost
            if column is not None:
                block_lengths = [column[d] for d in ids]
                present = [n for n in block_lengths if n]
                postwriter._minlength = min(present) if present else None
                postwriter._maxlength = max(block_lengths)
            else:
                postwriter._minlength = None
                postwriter._maxlength = 0
            if start + limit < count:
                postwriter._write_block()
        fieldwriter.finish_term()
    if lastfield is not None:
        fieldwriter.finish_field()


class SegmentLengths:
    """Every document's field lengths as Whoosh stores them (a byte each, approximated),
    gathered while documents are added instead of read back from the new segment."""

    def __init__(self):
        self._columns: dict[str, list[int]] = {}

    def set(self, fieldname: str, docnum: int, length: int) -> None:
        column = self._columns.get(fieldname)
        if column is None:
            column = self._columns[fieldname] = []
        if len(column) <= docnum:
            column.extend([0] * (docnum + 1 - len(column)))
        column[docnum] = byte_to_length(length_to_byte(length))

    def column(self, fieldname: str) -> list[int] | None:
        return self._columns.get(fieldname)

