"""Scoring a query over whole posting lists at once, with numpy: Whoosh's scores, faster.

Why: Whoosh walks a tree of matcher objects one document at a time, in Python, with
several method calls per posting per tree level; a two-word query over three fields
spent ~14 ms of its 20 ms there at 21k articles. People type a few shapes of query
(words, ``OR``/``NOT``, phrases, ``field:`` terms, date ranges), and for those this
module reads each term's posting list once (ids, weights, and positions when a phrase
needs them) and does the same arithmetic on arrays: BM25F per term with the idf, field
lengths and parameters the Whoosh searcher uses, sums where Whoosh's union and
intersection matchers sum, boosts where it wraps. Every match is scored, so the first
page is exact, and counting the matches is free.

The scores are Whoosh's: the same bits, except where a sum of three or more terms is
added in another order (a difference in the 16th digit). ``tests/test_scoring.py``
compares documents, scores and pages with Whoosh's own on a changed, multi-segment
index. Date ranges read a whole-second column of the same dates (see
:meth:`_Segment._dates_between`), not the date field's trie terms.

Any other query shape (wildcards, fuzzy terms, sloppy phrases, ...) is not
:func:`supports`-ed and :mod:`reader.search` asks Whoosh's matchers as before.

It reads Whoosh 2.7.4's posting blocks itself (one read per posting list, where the
matcher makes a dozen small reads per block), and its term info's inlined postings:
Whoosh is pinned to that version, and the tests fail if the layout ever differs.
"""

from __future__ import annotations

import pickle
import struct
from contextlib import contextmanager
from datetime import datetime
from io import BytesIO
from itertools import accumulate

import numpy as np
from isal import isal_zlib  # the zlib format, decompressed about 1.6x as fast (blocks of 1M-article postings)
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long

_INT = struct.Struct("!i")  # a block's length, as Whoosh's StructFile writes it

#: Field length bytes -> lengths, as Whoosh decodes them for BM25.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
#: More leaves than this and a query is left to Whoosh (it can stop at a deadline).
MAX_LEAVES = 256
_US = 10**6
_EPOCH_LONG = datetime_to_long(datetime(1970, 1, 1))  # Whoosh dates: microseconds since year 1
_MIN_LONG, _MAX_LONG = -(2**63), 2**63 - 1
_EMPTY_IDS = np.empty(0, dtype=np.int64)
_EMPTY_SCORES = np.empty(0, dtype=np.float64)


class Unsupported(Exception):
    """A query shape this module does not score; Whoosh's matchers do instead."""


class _Matches:
    """Segment-local document numbers (sorted, distinct) and their scores."""

    __slots__ = ("ids", "scores")

    def __init__(self, ids: np.ndarray, scores: np.ndarray):
        self.ids = ids
        self.scores = scores


_NONE = _Matches(_EMPTY_IDS, _EMPTY_SCORES)


class _Postings:
    """One term's postings in one segment: ids, weights and (if read) encoded values."""

    __slots__ = ("ids", "weights", "values")

    def __init__(self, ids: np.ndarray, weights: np.ndarray, values: list | None):
        self.ids = ids
        self.weights = weights
        self.values = values


def _read_postings(terms, fieldname: str, tbytes: bytes, values: bool) -> _Postings | None:
    """Every posting of a term in one segment (deleted documents included), or None.

    Reads the whole posting list with one read and walks its blocks in memory: Whoosh's
    matcher reads each block's header with a dozen small reads through the compound file.
    """
    try:
        info = terms.term_info(fieldname, tbytes)
    except TermNotFound:
        return None
    if info.is_inlined():  # one document's posting, kept in the term info itself
        ids, weights, vals = info.inlined_postings()
        ids = list(ids)
        if weights is None:
            weights = [1.0] * len(ids)
        elif isinstance(weights, float):
            weights = [weights] * len(ids)
        return _Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64),
                         list(vals) if values and vals is not None else None)
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps the unpacked 1-tuple
        length = length[0]
    buf = terms._postfile.get(offset, length)
    if buf[:4] != WHOOSH3_HEADER_MAGIC:
        raise Unsupported(f"postings of {fieldname}:{tbytes!r} are not in the layout read here")
    f = BytesIO(buf)
    f.seek(4)
    ids: list[int] = []
    weights: list[float] = []
    vals: list | None = [] if values else None
    while True:
        start = f.tell()
        size = _INT.unpack(f.read(4))[0]
        last = size < 0
        end = start + 4 + abs(size)
        count, _maxid, _maxweight, compression, _minlen, _maxlen = pickle.load(f)
        data = buf[f.tell():end]
        block_ids, block_weights, block_values = pickle.loads(isal_zlib.decompress(data) if compression else data)
        ids.extend(accumulate(block_ids))  # deltas, from 0 in every block
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        if vals is not None:
            vals.extend(block_values)
        if last or end >= len(buf):
            break
        f.seek(end)
    return _Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), vals)


class _Segment:
    """Scores queries in one segment (one Whoosh leaf searcher)."""

    def __init__(self, top, sub, offset: int, date_columns: dict[str, tuple[str, int]]):
        self.top = top
        self.sub = sub
        self.reader = sub.reader()
        self.offset = offset
        self.doccount = self.reader.doc_count_all()
        self.schema = self.reader.schema
        self.terms = self.reader._terms
        deleted = list(self.reader._perdoc.deleted_docs()) if self.reader.has_deletions() else []
        self.deleted = np.zeros(self.doccount, dtype=bool)
        if deleted:
            self.deleted[np.array(deleted, dtype=np.int64)] = True
        self.has_deleted = bool(deleted)
        self._lengths: dict[str, np.ndarray] = {}
        self._columns: dict[str, np.ndarray | None] = {}
        self.date_columns = date_columns
        #: postings read during one :meth:`IndexScorer.reading`, by (field, term)
        self.memo: dict[tuple[str, bytes], _Postings | None] | None = None

    # -- reading --------------------------------------------------------------------

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in ``fieldname`` as Whoosh's BM25 sees it."""
        found = self._lengths.get(fieldname)
        if found is None:
            column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            codes = np.zeros(self.doccount, dtype=np.uint8)
            if column is not None:
                count = min(column._count, self.doccount)
                raw = column._dbfile.get(column._basepos, count)
                codes[:count] = np.frombuffer(raw, dtype=np.uint8, count=count)
            found = self._lengths[fieldname] = _LENGTHS[codes]
        return found

    def postings(self, fieldname: str, tbytes: bytes, values: bool = False) -> _Postings | None:
        """The live postings of a term, or None if the segment does not hold it."""
        memo = self.memo
        if memo is not None:
            key = (fieldname, tbytes)
            if key in memo:
                found = memo[key]
                if found is None or found.values is not None or not values:
                    return found
            # a block's values are unpickled with it anyway: keep them for a phrase to come
            values = values or self.schema[fieldname].format.supports("positions")
            found = memo[key] = self._read_live(fieldname, tbytes, values)
            return found
        return self._read_live(fieldname, tbytes, values)

    def _read_live(self, fieldname: str, tbytes: bytes, values: bool) -> _Postings | None:
        p = _read_postings(self.terms, fieldname, tbytes, values)
        if p is None:
            return None
        if self.has_deleted:
            live = ~self.deleted[p.ids]
            if not live.all():
                keep = np.flatnonzero(live)
                vals = [p.values[i] for i in keep] if p.values is not None else None
                p = _Postings(p.ids[keep], p.weights[keep], vals)
        return p

    def term_scores(self, fieldname: str, tbytes: bytes, p: _Postings) -> np.ndarray:
        """Each posting's score, as Whoosh's weighting scores a term matcher."""
        field = self.schema[fieldname]
        weighting = self.top.weighting
        if not field.scorable:
            return p.weights.copy()  # Whoosh's WeightScorer: the weight itself
        B = weighting._field_B.get(fieldname, weighting.B)
        K1 = weighting.K1
        idf = self.top.idf(fieldname, tbytes)
        avgfl = self.top.avg_field_length(fieldname) or 1
        tf = p.weights
        fl = self.lengths(fieldname)[p.ids]
        # whoosh.scoring.bm25, in the same order of operations
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))

    # -- evaluating -----------------------------------------------------------------

    def evaluate(self, q: wq.Query, within: np.ndarray | None = None) -> _Matches:
        """The documents ``q`` matches (only among ``within``, if given) and their scores."""
        handler = _HANDLERS.get(type(q))
        if handler is None:
            raise Unsupported(f"{type(q).__name__} queries")
        return handler(self, q, within)

    def _term(self, q: wq.Term, within) -> _Matches:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return _NONE
        try:
            tbytes = self.schema[fieldname].to_bytes(q.text)
        except ValueError:
            return _NONE
        p = self.postings(fieldname, tbytes)
        if p is None or not len(p.ids):
            return _NONE
        if within is not None:
            keep = _members(p.ids, within)
            p = _Postings(p.ids[keep], p.weights[keep], None)
        scores = self.term_scores(fieldname, tbytes, p)
        if q.boost != 1.0:
            scores = scores * q.boost
        return _Matches(p.ids, scores)

    def _or(self, q: wq.Or, within) -> _Matches:
        if q.minmatch or q.scale:
            raise Unsupported("Or with minmatch or scale")
        parts = [m for m in (self.evaluate(sub, within) for sub in q.subqueries) if len(m.ids)]
        if not parts:
            return _NONE
        if len(parts) == 1:
            found = parts[0]
        else:
            ids = np.concatenate([m.ids for m in parts])
            scores = np.concatenate([m.scores for m in parts])
            unique, inverse = np.unique(ids, return_inverse=True)
            found = _Matches(unique, np.bincount(inverse, weights=scores, minlength=len(unique)))
        return _boosted(found, q.boost, len(q.subqueries))

    def _and(self, q: wq.And, within) -> _Matches:
        subs = q.subqueries
        if not subs:
            return _NONE
        positive = [s for s in subs if type(s) is not wq.Not]
        negative = [s.query for s in subs if type(s) is wq.Not]
        if not positive:
            raise Unsupported("And of only NOT clauses")
        ids = within
        parts: list[_Matches] = []
        for sub in positive:
            m = self.evaluate(sub, ids)
            if not len(m.ids):
                return _NONE
            parts.append(m)
            ids = m.ids if ids is None else ids[_members(ids, m.ids)]
        for sub in negative:
            excluded = self.evaluate(sub, ids).ids
            if len(excluded):
                ids = ids[~_members(ids, excluded)]
        if not len(ids):
            return _NONE
        scores = np.zeros(len(ids), dtype=np.float64)
        for m in parts:
            scores += m.scores[np.searchsorted(m.ids, ids)]
        # Whoosh matches NOT x as an inverse matcher whose every document scores 1.0
        scores += float(len(negative))
        return _boosted(_Matches(ids, scores), q.boost, len(subs))

    def _and_not(self, q: wq.AndNot, within) -> _Matches:
        found = self.evaluate(q.a, within)
        if not len(found.ids):
            return _NONE
        excluded = self.evaluate(q.b, found.ids).ids
        if not len(excluded):
            return found
        keep = ~_members(found.ids, excluded)
        return _Matches(found.ids[keep], found.scores[keep])

    def _and_maybe(self, q: wq.AndMaybe, within) -> _Matches:
        found = self.evaluate(q.a, within)
        if not len(found.ids):
            return _NONE
        extra = self.evaluate(q.b, found.ids)
        if not len(extra.ids):
            return found
        scores = found.scores.copy()
        scores[np.searchsorted(found.ids, extra.ids)] += extra.scores
        return _Matches(found.ids, scores)

    def _not(self, q: wq.Not, within) -> _Matches:
        ids = within if within is not None else np.flatnonzero(~self.deleted).astype(np.int64)
        excluded = self.evaluate(q.query, ids).ids
        if len(excluded):
            ids = ids[~_members(ids, excluded)]
        return _Matches(ids, np.ones(len(ids), dtype=np.float64))

    def _phrase(self, q: wq.Phrase, within) -> _Matches:
        """Words next to each other, in order (slop 1); scored as the sum of their terms."""
        if q.slop != 1:
            raise Unsupported("phrases with slop")
        fieldname = q.fieldname
        if fieldname not in self.schema or not q.words:
            return _NONE
        field = self.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("a phrase in a field without positions")
        terms = []
        for word in q.words:
            try:
                terms.append(field.to_bytes(word))
            except ValueError:
                return _NONE
        postings = []
        ids = within
        for tbytes in terms:
            p = self.postings(fieldname, tbytes, values=True)
            if p is None or not len(p.ids):
                return _NONE
            postings.append(p)
            ids = p.ids if ids is None else ids[_members(ids, p.ids)]
            if not len(ids):
                return _NONE
        decode = field.format.decode_positions
        rows = [np.searchsorted(p.ids, ids) for p in postings]
        keep = []
        for n in range(len(ids)):
            ends = set(decode(postings[0].values[rows[0][n]]))
            for p, row in zip(postings[1:], rows[1:]):
                ends = {pos for pos in decode(p.values[row[n]]) if pos - 1 in ends}
                if not ends:
                    break
            if ends:
                keep.append(n)
        if not keep:
            return _NONE
        ids = ids[keep]
        scores = np.zeros(len(ids), dtype=np.float64)
        for tbytes, p in zip(terms, postings):
            at = np.searchsorted(p.ids, ids)
            scores += self.term_scores(fieldname, tbytes, _Postings(p.ids[at], p.weights[at], None))
        if q.boost != 1.0:
            scores = scores * q.boost
        return _Matches(ids, scores)

    def _range(self, q: wq.NumericRange, within) -> _Matches:
        if not q.constantscore:
            raise Unsupported("a scored range")
        ids = self._dates_between(q) if q.fieldname in self.date_columns else None
        if ids is None:
            compiled = q._compile_query(self.reader)
            hit = np.zeros(self.doccount, dtype=bool)
            for fieldname, tbytes in compiled.existing_terms(self.reader, expand=True):
                p = self.postings(fieldname, tbytes)
                if p is not None:
                    hit[p.ids] = True
            ids = np.flatnonzero(hit)
        if within is not None:
            ids = ids[_members(ids, within)]
        return _Matches(ids, np.full(len(ids), float(q.boost)))

    def seconds(self, column: str) -> np.ndarray | None:
        """A whole-second timestamp column (``NumericColumn("q")``) as an array, or None."""
        found = self._columns.get(column)
        if found is None and column not in self._columns:
            if not self.reader.has_column(column):
                self._columns[column] = None
                return None
            reader = self.reader.column_reader(column, translate=False)
            values = np.full(self.doccount, reader._default, dtype=np.int64)
            count = min(reader._count, self.doccount)
            raw = reader._dbfile.get(reader._basepos, count * 8)
            values[:count] = np.frombuffer(raw, dtype=">i8", count=count)
            found = self._columns[column] = values
        return found

    def _dates_between(self, q: wq.NumericRange) -> np.ndarray | None:
        """The live documents dated within ``q``, read from the whole-second date column.

        A Whoosh date range lists every trie term of the range (a dozen binary searches
        of the term index, 2 ms); the column is one array. It holds whole seconds and the
        date field microseconds, so a document in the second a bound falls inside is
        checked against its stored date.
        """
        column, undated = self.date_columns[q.fieldname]
        seconds = self.seconds(column)
        if seconds is None:
            return None
        low = _MIN_LONG if q.start is None else int(q.start) + (1 if q.startexcl else 0)
        high = _MAX_LONG if q.end is None else int(q.end) - (1 if q.endexcl else 0)
        low_s = -(-(low - _EPOCH_LONG) // _US)  # every microsecond of these seconds is in range
        high_s = (high - _EPOCH_LONG - (_US - 1)) // _US
        dated = (seconds != undated) & ~self.deleted
        certain = dated & (seconds >= low_s) & (seconds <= high_s)
        edges = []
        if (low - _EPOCH_LONG) % _US:
            edges.append(low_s - 1)
        if (high - _EPOCH_LONG + 1) % _US:
            edges.append(high_s + 1)
        for second in edges:
            for docnum in np.flatnonzero(dated & (seconds == second)):
                when = self.reader.stored_fields(int(docnum)).get(q.fieldname)
                if when is not None and low <= datetime_to_long(when) <= high:
                    certain[docnum] = True
        return np.flatnonzero(certain)

    def _null(self, q, within) -> _Matches:
        return _NONE

    def _every(self, q: wq.Every, within) -> _Matches:
        """Every live document (the unfielded ``Every`` only), each scored its boost, as
        Whoosh's list matcher of all document ids scores them."""
        ids = np.flatnonzero(~self.deleted) if within is None else within[~self.deleted[within]]
        return _Matches(ids, np.full(len(ids), float(q.boost)))


def _members(ids: np.ndarray, among: np.ndarray) -> np.ndarray:
    """A mask of the ``ids`` that are in ``among`` (both sorted, distinct)."""
    if not len(among):
        return np.zeros(len(ids), dtype=bool)
    at = np.searchsorted(among, ids)
    at[at == len(among)] = 0
    return among[at] == ids


def _boosted(found: _Matches, boost: float, subs: int) -> _Matches:
    # A compound of one clause is that clause's matcher, unwrapped: no boost (Whoosh)
    if boost == 1.0 or subs == 1:
        return found
    return _Matches(found.ids, found.scores * boost)


_HANDLERS = {
    wq.Term: _Segment._term,
    wq.Or: _Segment._or,
    wq.And: _Segment._and,
    wq.AndNot: _Segment._and_not,
    wq.Not: _Segment._not,
    wq.Phrase: _Segment._phrase,
    wq.NumericRange: _Segment._range,
    wq.DateRange: _Segment._range,
    type(wq.NullQuery): _Segment._null,
    wq.Every: _Segment._every,
}


_HANDLERS[wq.AndMaybe] = _Segment._and_maybe


def scores_like(kind: type, base: type) -> None:
    """Declare that queries of ``kind`` (a subclass) match and score exactly as ``base``.

    :mod:`reader.search` swaps some of Whoosh's query classes for subclasses with faster
    matchers and the same answers; only a subclass declared here is scored here.
    """
    _HANDLERS[kind] = _HANDLERS[base]


def supports(q: wq.Query) -> bool:
    """Whether :class:`IndexScorer` scores ``q`` (every node a known kind, not too many leaves)."""
    leaves = 0
    stack = [q]
    while stack:
        node = stack.pop()
        handler = _HANDLERS.get(type(node))
        if handler is None:
            return False
        if handler is _Segment._phrase and getattr(node, "slop", 1) != 1:
            return False
        if handler is _Segment._or and (node.minmatch or node.scale):
            return False
        if handler is _Segment._range and not node.constantscore:
            return False
        if handler is _Segment._every and node.fieldname is not None:
            return False  # a field's Every reads every term of the field: Whoosh's
        if node.is_leaf():
            leaves += 1
            if leaves > MAX_LEAVES:
                return False
        else:
            stack.extend(node.children())
    return True


class IndexScorer:
    """Scores queries against one Whoosh searcher's segments; make a new one after a refresh."""

    def __init__(self, searcher, date_columns: dict[str, tuple[str, int]] | None = None):
        """``date_columns`` maps a DATETIME field to ``(column, undated value)``: a column of
        the same dates in whole seconds since 1970, which date ranges read instead."""
        # an empty index's one reader has no terms to read (and no documents to find)
        self._segments = [_Segment(searcher, sub, offset, date_columns or {})
                          for sub, offset in searcher.leaf_searchers() if sub.doc_count_all()]

    @contextmanager
    def reading(self):
        """Within this, each term's postings are read once (a query scored in steps)."""
        for seg in self._segments:
            seg.memo = {}
        try:
            yield self
        finally:
            for seg in self._segments:
                seg.memo = None

    def matches(self, q: wq.Query, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Global document numbers (ascending) that ``q`` matches and their scores.

        ``within`` (global numbers, ascending) limits the answer to those documents.
        Raises :class:`Unsupported` for query shapes left to Whoosh.
        """
        if not supports(q):
            raise Unsupported(f"query {q!r}")
        ids_parts, score_parts = [], []
        for seg in self._segments:
            local = None
            if within is not None:
                lo, hi = np.searchsorted(within, [seg.offset, seg.offset + seg.doccount])
                if lo == hi:
                    continue
                local = within[lo:hi] - seg.offset
            found = seg.evaluate(q, local)
            if len(found.ids):
                ids_parts.append(found.ids + seg.offset)
                score_parts.append(found.scores)
        if not ids_parts:
            return _EMPTY_IDS, _EMPTY_SCORES
        if len(ids_parts) == 1:
            return ids_parts[0], score_parts[0]
        return np.concatenate(ids_parts), np.concatenate(score_parts)


    def column(self, column: str, ids: np.ndarray) -> np.ndarray:
        """The values of a whole-second timestamp column for global ``ids`` (ascending)."""
        values = np.empty(len(ids), dtype=np.int64)
        for seg in self._segments:
            lo, hi = np.searchsorted(ids, [seg.offset, seg.offset + seg.doccount])
            if lo < hi:
                found = seg.seconds(column)
                if found is None:
                    raise Unsupported(f"no {column!r} column")
                values[lo:hi] = found[ids[lo:hi] - seg.offset]
        return values


def best(ids: np.ndarray, scores: np.ndarray, n: int) -> list[tuple[float, int]]:
    """The ``n`` best as (score, docnum): highest score first, ties to the lower docnum."""
    if n <= 0 or not len(ids):
        return []
    if len(ids) > 4 * n:
        bar = np.partition(scores, len(scores) - n)[len(scores) - n]
        pick = np.flatnonzero(scores >= bar)
        ids, scores = ids[pick], scores[pick]
    order = np.lexsort((ids, -scores))[:n]
    return [(float(scores[i]), int(ids[i])) for i in order]
