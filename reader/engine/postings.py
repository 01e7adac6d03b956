"""Postings of a bulk-built segment, kept in flat arrays and written many terms at a time.

Whoosh's writer makes one ``(field, term, docnum, weight, value)`` tuple per posting,
sorts them all (spilling sorted runs to disk past its memory limit and merging them back
one tuple at a time) and then hands them to the codec one by one, each checked and
appended by a Python call. That was 40% of a pool worker's time. Here a document's
postings are appended to a field's flat arrays (term number, document, weight, value)
in C loops, and one stable sort (numpy) groups them per term at the end, each term's
documents still in order. The blocks and term infos are then written for many terms at
once (:func:`write_postings`): the segment holds exactly the bytes Whoosh would write.

Past ``limitmb`` the postings are spilled to a run on disk, sorted and grouped per
term, and the runs merged per term (not per posting) at the end: memory stays bounded.
"""

from __future__ import annotations

import heapq
import marshal
import struct
from array import array
from collections.abc import Iterator
from itertools import repeat
from operator import itemgetter
from pickle import dumps

import numpy as np
from isal import isal_zlib
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC as _HEADER
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb import filetables
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

_TERMINFO = W3TermInfo._struct
_RECORD_LENGTHS = filetables._lengths  # a terms file record's key and value lengths

#: What one posting costs in memory, roughly: term number, document and weight in
#: arrays, the value in a list (its bytes object is counted by its length on top).
_POSTING_BYTES = 4 + 4 + 8 + 8 + 33
#: Runs on disk are merged into one when there are this many (each is open while merging).
MAX_RUNS = 32
#: The length before each item of a run on disk.
_RUN_LENGTH = struct.Struct("<I")


class TermNumbers(dict):
    """Term bytes -> number, numbering a new term as it is first looked up.

    Numbers start at 1: 0 is free to mean "no term" (a stop word) to the analysis,
    which keeps its own word -> number memory (see
    :class:`reader.engine.analysis.BulkAnalysis`). They last as long as the segment,
    spills to disk included.
    """

    __slots__ = ("terms",)

    def __init__(self):
        super().__init__()
        self.terms: list[bytes | None] = [None]

    def __missing__(self, tbytes: bytes) -> int:
        number = self[tbytes] = len(self.terms)
        self.terms.append(tbytes)
        return number


class _FieldPostings:
    """One field's postings in the order they were added."""

    __slots__ = ("numbers", "termnums", "docnums", "weights", "values")

    def __init__(self, numbers: TermNumbers):
        self.numbers = numbers
        self.termnums = array("I")
        self.docnums = array("I")
        self.weights = array("d")  # Python floats, exactly
        self.values: list[bytes] = []

    def sorted_arrays(self) -> FieldChunk:
        """Every posting of the field as one :class:`FieldChunk`, terms in byte order.

        One stable sort (numpy) by each term's rank keeps a term's documents in order.
        """
        terms = self.numbers.terms
        termnums = np.frombuffer(self.termnums, dtype=np.uint32)
        all_counts = np.bincount(termnums, minlength=len(terms))
        by_bytes = sorted(np.flatnonzero(all_counts).tolist(), key=terms.__getitem__)
        rank = np.zeros(len(terms), dtype=np.int64)
        rank[by_bytes] = np.arange(len(by_bytes))
        order = np.argsort(rank[termnums], kind="stable")
        counts = all_counts[by_bytes]
        values = self.values
        return FieldChunk([terms[n] for n in by_bytes], counts,
                          np.frombuffer(self.docnums, dtype=np.uint32)[order].astype(np.int64),
                          np.frombuffer(self.weights, dtype=np.float64)[order],
                          [values[i] for i in order.tolist()])


class FieldChunk:
    """Consecutive terms of one field with all their postings, in flat arrays.

    ``terms`` in byte order; ``counts[i]`` postings of ``terms[i]`` follow those of the
    term before it in ``docnums``, ``weights`` and ``values``, each term's in document
    order.
    """

    __slots__ = ("terms", "counts", "docnums", "weights", "values")

    def __init__(self, terms: list[bytes], counts, docnums, weights, values: list[bytes]):
        self.terms = terms
        self.counts = np.asarray(counts, dtype=np.int64)
        self.docnums = np.asarray(docnums, dtype=np.int64)
        self.weights = np.asarray(weights, dtype=np.float64)
        self.values = values

    def per_term(self) -> Iterator[tuple[bytes, list, list, list]]:
        """``(term, docnums, weights, values)`` per term (for spilling to a run)."""
        docnums = self.docnums.tolist()
        weights = self.weights.tolist()
        start = 0
        for term, count in zip(self.terms, self.counts.tolist()):
            end = start + count
            yield term, docnums[start:end], weights[start:end], self.values[start:end]
            start = end


#: Postings gathered into one chunk when runs from disk are merged (bounds memory).
CHUNK_POSTINGS = 1 << 18


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
        self._numbers: dict[str, TermNumbers] = {}
        self.runs: list[str] = []
        self._created = 0

    def field(self, fieldname: str) -> _FieldPostings:
        """The postings of one field, for a writer that adds a field's postings itself."""
        postings = self._fields.get(fieldname)
        if postings is None:
            postings = self._fields[fieldname] = _FieldPostings(self.numbers(fieldname))
        return postings

    def numbers(self, fieldname: str) -> TermNumbers:
        """The field's term numbers, kept across spills (an analysis may remember them)."""
        numbers = self._numbers.get(fieldname)
        if numbers is None:
            numbers = self._numbers[fieldname] = TermNumbers()
        return numbers

    def add_numbered(self, postings: _FieldPostings, docnum: int, terms: list[int], freqs: list[int],
                     weights: list[float], values: list[bytes]) -> int:
        """Add one field of one document as numbered terms with their frequencies, weights
        and encoded values (a fast analysis's output). Returns the field's length."""
        postings.termnums.extend(terms)
        postings.docnums.extend(repeat(docnum, len(terms)))
        postings.weights.extend(weights)
        postings.values.extend(values)
        self._size += _POSTING_BYTES * len(terms) + sum(map(len, values))
        if self._size > self._limit:
            self.save()
        return sum(freqs)

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
        return self.add_numbered(postings, docnum, list(map(postings.numbers.__getitem__, tbytes)), freqs,
                                 weights, values)

    def add(self, item) -> None:
        """Whoosh's pool interface: one ``(field, term, docnum, weight, value)`` posting."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field_postings(self.field(fieldname), docnum, ((tbytes, 1, weight, vbytes or b""),))

    def save(self) -> None:
        """Spill the postings in memory to a run on disk, sorted by field and term."""
        if not self._fields:
            return
        self.runs.append(self._write_run(self._in_memory()))
        self._fields = {}
        self._size = 0
        if len(self.runs) >= MAX_RUNS:
            self._merge_runs()

    def _merge_runs(self) -> None:
        """Merge every run into one, so that never more than MAX_RUNS files are open at once."""
        path = self._write_run(self._merged())
        for old in self.runs:
            self._tempstorage.delete_file(old)
        self.runs = [path]

    def _write_run(self, items: Iterator[tuple]) -> str:
        """Write ``(field, term, docnums, weights, values)`` items to a new run; its name.

        Each item is its marshal bytes behind their length: read back with one
        ``marshal.loads`` of a slice. ``marshal.load`` straight from the file reads a
        value at a time (a read call per number of a term's lists) and was 7.2 of the 17 s
        a worker spent finishing a 50,000-article segment; a run is now read 30 times
        faster.
        """
        self._created += 1
        path = f"{id(self):x}-{self._created}.termrun"
        handle = self._tempstorage.create_file(path).raw_file()
        try:
            dumps_, pack = marshal.dumps, _RUN_LENGTH.pack
            write = handle.write
            for item in items:
                data = dumps_(item)
                write(pack(len(data)))
                write(data)
        finally:
            handle.close()
        return path

    def _read_run(self, path: str) -> Iterator[tuple]:
        handle = self._tempstorage.open_file(path).raw_file()
        try:
            read, loads, unpack, size = handle.read, marshal.loads, _RUN_LENGTH.unpack, _RUN_LENGTH.size
            while True:
                head = read(size)
                if len(head) < size:
                    return
                yield loads(read(unpack(head)[0]))
        finally:
            handle.close()

    def _in_memory(self) -> Iterator[tuple]:
        for fieldname, chunk in self._chunks_in_memory():
            for tbytes, docnums, weights, values in chunk.per_term():
                yield fieldname, tbytes, docnums, weights, values

    def _chunks_in_memory(self) -> Iterator[tuple[str, FieldChunk]]:
        for fieldname, postings in sorted(self._fields.items()):
            yield fieldname, postings.sorted_arrays()

    def chunks(self) -> Iterator[tuple[str, FieldChunk]]:
        """``(field, chunk)`` for every term, fields and terms in Whoosh's order.

        In memory, one chunk per field; merged from runs on disk, chunks of about
        ``CHUNK_POSTINGS`` postings (a term is never split).
        """
        if not self.runs:
            yield from self._chunks_in_memory()
            return
        fieldname = None
        terms: list[bytes] = []
        counts: list[int] = []
        docnums: list[int] = []
        weights: list[float] = []
        values: list[bytes] = []
        for name, tbytes, term_docs, term_weights, term_values in self._merged():
            if terms and (name != fieldname or len(docnums) >= CHUNK_POSTINGS):
                yield fieldname, FieldChunk(terms, counts, docnums, weights, values)
                terms, counts, docnums, weights, values = [], [], [], [], []
            fieldname = name
            terms.append(tbytes)
            counts.append(len(term_docs))
            docnums.extend(term_docs)
            weights.extend(term_weights)
            values.extend(term_values)
        if terms:
            yield fieldname, FieldChunk(terms, counts, docnums, weights, values)

    def _merged(self) -> Iterator[tuple[str, bytes, list, list, list]]:
        # Runs are in document order and heapq.merge keeps the order of the runs for
        # equal keys: a term's lists from successive runs just follow each other. The
        # postings still in memory are the latest documents: they come last, merged
        # as they are (spilling them first cost a write and a read of a run: 2 of the
        # 11 s of finishing a 50,000-article segment).
        sources = [self._read_run(path) for path in self.runs]
        if self._fields:
            sources.append(self._in_memory())
        merged = heapq.merge(*sources, key=itemgetter(0, 1))
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
    """Write every term of ``postings`` as Whoosh 3's field writer would: the same bytes.

    Whoosh sets up a block object per term and fills it a posting at a time, then pickles
    and compresses it (``W3PostingsWriter._write_block``) and sums it up in a
    ``W3TermInfo``. That was a third of a pool worker's time, though nearly every term
    is one small block. Here everything that can be is worked out for a whole chunk of
    terms at once with numpy (block bounds, the ids' deltas, each block's highest weight
    and lowest and highest field length, the same per term), and the loop left per block
    only pickles, compresses and appends to a buffer. ``lengths.column(field)`` gives
    every document's field length as Whoosh stores it (``None``: the field has none).
    """
    postfile = fieldwriter._postfile
    tindex = fieldwriter._tindex
    probe = fieldwriter._codec.postings_writer(postfile)
    if probe._inlinelimit > 1 or probe._byteids:
        raise ValueError("bulk writer: inlined postings and byte ids are not supported")
    writer = _BlockWriter(postfile, probe._blocklimit)
    lastfield = None
    for fieldname, chunk in postings.chunks():
        if not chunk.terms:  # a field whose values gave no terms: Whoosh does not name it either
            continue
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldobj = schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            lastfield = fieldname
            prefix = pack_ushort(fieldwriter._fieldid)
            column = lengths.column(fieldname) if lengths is not None else None
            fixedsize = fieldobj.format.fixed_value_size()
        _add_terms(tindex, [(prefix + tbytes, info) for tbytes, info in writer.write(chunk, column, fixedsize)])
    writer.flush()
    if lastfield is not None:
        fieldwriter.finish_field()


def _add_terms(tindex, items: list[tuple[bytes, bytes]]) -> None:
    """``OrderedHashWriter.add`` for many keys: the same records, buckets and index.

    Whoosh asks the terms file for its position twice per term, and a buffered file's
    ``tell`` is a system call (about 0.1 s of a worker's 10); here the position is counted.
    """
    dbfile = tindex.dbfile
    pos = dbfile.tell()
    out = bytearray()
    index = tindex.index
    buckets = tindex.buckets
    hashfn = tindex.hashfn
    lastkey = tindex.lastkey
    pack = _RECORD_LENGTHS.pack
    for key, value in items:
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        index.append(pos)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        out += pack(len(key), len(value))
        out += key
        out += value
        pos += 8 + len(key) + len(value)
        lastkey = key
    dbfile.write(bytes(out))
    tindex.lastkey = lastkey


#: How a block's postings are pickled. Whoosh pickles with protocol 2, which has no code
#: for bytes: each posting's positions (bytes) become a call to ``_codecs.encode`` of a
#: latin-1 string, about 40 bytes around 15. Whoosh unpickles with ``pickle.loads``, which
#: reads any protocol: protocol 4 writes bytes as bytes. Measured on the 63,509 blocks of
#: 4,000 scale articles: pickling 0.27 -> 0.08 s, 28.6 -> 18.2 MB before compression.
BLOCK_PICKLE_PROTOCOL = 4

#: How blocks are compressed. Whoosh compresses every block with zlib at level 3 and
#: marks it with the level; its reader decompresses any block whose mark is not 0, with
#: zlib. Here a block is compressed with ISA-L's deflate (python-isal) at level 1: the
#: zlib format, three times as fast as zlib's level 3. A pickle under ``COMPRESS_FROM``
#: bytes (a term in one or two documents: most terms) is kept as it is, as Whoosh means
#: to for tiny ones: compressed, it hardly shrinks. The same 63,509 blocks: 0.63 s and
#: 12.6 MB as Whoosh writes them, 0.14 s and 6.9 MB with the protocol above and these.
COMPRESSION_LEVEL = 1
COMPRESS_FROM = 64


def _compress(data: bytes) -> bytes:
    return isal_zlib.compress(data, COMPRESSION_LEVEL)


def compress_stored(data: bytes, _level: int) -> bytes:
    """Whoosh's stored-fields column calls ``zlib.compress(data, 3)`` per document; this
    writes the same format (read back with zlib) with ISA-L at level 1, as for the blocks."""
    return isal_zlib.compress(data, 1)


#: ``length_to_byte`` for numpy arrays: Whoosh's byte for a length is the index of the
#: first table entry not below it, 255 from 106374 on.
_LENGTH_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)


def _length_bytes(lengths):
    return np.where(lengths >= 106374, 255, np.searchsorted(_LENGTH_TABLE, lengths, side="left"))


def _length_range(lengths, starts) -> tuple[list[int], list[int]]:
    """For the postings from each of ``starts`` to the next: the lowest field length
    present (0: none is) and the highest, as Whoosh's length bytes."""
    none = np.iinfo(np.int64).max
    lowest = np.minimum.reduceat(np.where(lengths > 0, lengths, none), starts)
    return (np.where(lowest == none, 0, _length_bytes(lowest)).tolist(),
            _length_bytes(np.maximum.reduceat(lengths, starts)).tolist())


class _BlockWriter:
    """Writes posting blocks and makes term infos exactly as ``W3PostingsWriter`` and
    ``W3TermInfo`` do, into a buffer flushed to the postings file now and then."""

    FLUSH_BYTES = 1 << 22

    def __init__(self, postfile, blocklimit: int):
        self._postfile = postfile
        self._limit = blocklimit
        self._base = postfile.tell()
        self._out = bytearray()

    def flush(self) -> None:
        if self._out:
            self._postfile.write(bytes(self._out))
            self._base += len(self._out)
            self._out = bytearray()

    def write(self, chunk: FieldChunk, column, fixedsize) -> Iterator[tuple[bytes, bytes]]:
        """Write the chunk's blocks; yield ``(term, term info bytes)`` per term."""
        counts = chunk.counts
        if not len(counts):
            return
        limit = self._limit
        docs = chunk.docnums
        weights = chunk.weights
        term_starts = np.cumsum(counts) - counts
        # Blocks: each term's postings cut every `limit`.
        nblocks = (counts + limit - 1) // limit
        first_block = np.cumsum(nblocks) - nblocks
        block_term = np.repeat(np.arange(len(counts)), nblocks)
        starts = term_starts[block_term] + (np.arange(len(block_term)) - first_block[block_term]) * limit
        ends = np.minimum(starts + limit, (term_starts + counts)[block_term])
        # Each block's ids as deltas from the previous one, the first from 0.
        deltas = np.diff(docs, prepend=0)
        deltas[starts] = docs[starts]
        last_ids = docs[ends - 1].tolist()
        block_maxweight = np.maximum.reduceat(weights, starts)
        term_maxweight = np.maximum(np.maximum.reduceat(weights, term_starts), 0)
        if column is not None:
            table = np.zeros(int(docs.max()) + 1, dtype=np.int64)
            known = min(len(column), len(table))
            table[:known] = column[:known]
            lens = table[docs]
            block_minb, block_maxb = _length_range(lens, starts)
            term_minb, term_maxb = _length_range(lens, term_starts)
        else:
            block_minb = block_maxb = [0] * len(starts)
            term_minb = term_maxb = [0] * len(counts)
        # Whoosh keeps a block's weights as float32 and its highest weight as given (0 if none is above).
        w32 = weights.astype(np.float32).astype(np.float64).tolist()
        block_maxweight = [w if w > 0 else 0 for w in block_maxweight.tolist()]
        deltas = deltas.tolist()
        starts = starts.tolist()
        ends = ends.tolist()
        values = chunk.values
        compress_from = COMPRESS_FROM
        protocol = BLOCK_PICKLE_PROTOCOL
        compress = _compress
        level = COMPRESSION_LEVEL
        out = self._out
        block = 0
        for term, count, nb, first_id, last_id, maxw, minb, maxb in zip(
                chunk.terms, counts.tolist(), nblocks.tolist(), docs[term_starts].tolist(),
                docs[term_starts + counts - 1].tolist(), term_maxweight.tolist(), term_minb, term_maxb):
            offset = self._base + len(out)
            out += _HEADER
            total = 0
            for b in range(block, block + nb):
                start = starts[b]
                end = ends[b]
                n = end - start
                bw = w32[start:end]
                total += sum(bw)
                if bw.count(1.0) == n:
                    mini_weights = None
                elif bw.count(bw[0]) == n:
                    mini_weights = bw[0]
                else:
                    mini_weights = tuple(bw)
                if fixedsize is None or fixedsize < 0:
                    mini_values = tuple(filter(None, values[start:end]))
                elif fixedsize == 0:
                    mini_values = None
                else:
                    mini_values = b"".join(values[start:end])
                data = dumps((tuple(deltas[start:end]), mini_weights, mini_values), protocol)
                if len(data) >= compress_from:
                    data = compress(data)
                    comp = level
                else:
                    comp = 0
                info = dumps((n, last_ids[b], block_maxweight[b], comp, block_minb[b], block_maxb[b]), 2)
                size = len(info) + len(data)
                out += pack_int(-size if b == block + nb - 1 else size)
                out += info
                out += data
            block += nb
            length = self._base + len(out) - offset
            yield term, _TERMINFO.pack(0, total, count, minb, maxb, maxw, first_id, last_id) \
                + pack_long(offset) + pack_int(length)
            if len(out) >= self.FLUSH_BYTES:
                self._out = out
                self.flush()
                out = self._out


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

