"""Whoosh's text analysis taken apart, for the bulk build and for word-by-word lookups.

Why: Whoosh runs every word through a chain of five generators. A bulk build does the
same steps in one loop (:class:`BulkAnalysis`), and the spelling suggestions and snippets
look words up one at a time (:func:`reader.index.schema.word_term`). Both need the parts
of the chain (its tokenizer's pattern, the accent map, the stop words, the stemmer), which
Whoosh keeps in its filters' attributes: reaching for them is this module's job, so that
the schema (:mod:`reader.index.schema`) builds its analyzers with Whoosh's public API only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from itertools import chain, count
from operator import sub
from pickle import dumps

from whoosh import fields
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.formats import Positions
from whoosh.lang import stemmer_for_language
from whoosh.system import pack_uint


def simple_chain(analyzer):
    """The parts of a :func:`reader.index.schema.text_analyzer` chain (tokenizer, lowercase,
    accent folding, stop words, stemmer), or None if ``analyzer`` is not one.

    Returns ``(finditer, charmap, stops, minsize, maxsize, stem, ignore, renumber)``, where
    ``stem`` is the stemming function, for the one-loop fast paths.
    """
    items = getattr(analyzer, "items", None)
    kinds = (RegexTokenizer, LowercaseFilter, CharsetFilter, StopFilter, StemFilter)
    if not items or len(items) != len(kinds) or any(type(i) is not k for i, k in zip(items, kinds)) or items[0].gaps:
        return None
    tokenizer, _lower, charset, stop, stemmer = items
    if stemmer.lang:
        stemfn = stemmer_for_language(stemmer.lang)
    else:
        stemfn = stemmer.stemfn
    return (tokenizer.expression.finditer, charset.charmap, stop.stops, stop.min, stop.max, stemfn,
            stemmer.ignore, stop.renumber)


def _steps(analyzer) -> tuple | None:
    """What a text analyzer does, comparable between two instances (None: not one)."""
    parts = simple_chain(analyzer)
    if parts is None:
        return None
    finditer, charmap, stops, minsize, maxsize, stemfn, ignore, renumber = parts
    stemmer = analyzer.items[-1]
    return (finditer.__self__, id(charmap), frozenset(stops), minsize, maxsize, stemmer.lang or id(stemfn),
            frozenset(ignore), renumber)


#: Whoosh's word pattern (``RegexTokenizer``'s default, without its group) and the same
#: pattern written so that the regex engine does less: after ``\w+`` has taken every
#: word character, ``\.?\w+`` can only go on with a dot. The same matches, 14% faster.
_WHOOSH_WORDS = r"\w+(?:\.?\w+)*"
_WORDS = r"\w+(?:\.\w+)*"


def _encode_positions(positions: list[int]) -> bytes:
    """``Positions.encode`` with the deltas taken in C: the same bytes (a test compares)."""
    return pack_uint(len(positions)) + dumps(list(map(sub, positions, chain((0,), positions))), 2)


class BulkAnalysis:
    """Faster analysis for a bulk build: the terms and positions Whoosh's analysis gives.

    Whoosh runs every word through a chain of five generators; this does the same steps
    (words, lowercase, accent folding, stop words with positions renumbered, stems) for
    every field with a ``text_analyzer``. Each word as written is analysed once per
    worker for all such fields (``title``, ``standfirst``, ``body`` and ``quotes`` share
    their words) and remembered; each field then remembers the word's term *number* in
    the segment's postings, so a document costs a dict lookup per word, done in C by
    ``map``, and its postings go to the arrays as numbers. Used by the pool workers'
    writer (:class:`reader.engine.writer.BulkWriter`); queries use the analyzer itself
    (snippets: :func:`reader.index.schema.word_term`).

    ``words``, if given, also receives every indexed word as written (lowercased, accents
    kept, not stemmed): the spelling suggestions' word list, gathered at almost no cost
    when a word is first analysed (see :func:`reader.index.schema.surface_words`).
    """

    def __init__(self, words: set[str] | None = None):
        self._words = words
        self._terms: dict[int, dict] = {}  # per analyzer: word as written -> term bytes (b"": none)
        #: (an analyzer's steps, its entry in _terms): the same steps share one memory (the
        #: articles' body and the quote records' text, in a pool worker's two writers)
        self._analyzers: list = []

    def indexer(self, field: fields.FieldType, number: Callable[[bytes], int]):
        """``index(text) -> (terms, freqs, weights, values)`` for ``field``, or None when
        the field is not a ``text_analyzer`` field with positions.

        ``terms`` are ``number(term bytes)`` (never 0), each once, with its frequency, its
        weight and its encoded positions, exactly as ``field.index`` gives them (a test
        compares them).
        """
        words_and_terms = self._chain(getattr(field, "analyzer", None))
        if type(field.format) is not Positions or words_and_terms is None:
            return None
        findall, terms = words_and_terms
        encode = _encode_positions
        boost = field.format.field_boost

        class Numbers(dict):
            """A word as written -> its term's number in this field (0: a stop word)."""

            def __missing__(self, raw: str) -> int:
                term = terms[raw]
                n = self[raw] = number(term) if term else 0
                return n

        class Weights(dict):
            """A frequency -> the weight Whoosh gives it (frequency times the field boost)."""

            def __missing__(self, freq: int) -> float:
                weight = self[freq] = float(freq) * boost
                return weight

        class Single(dict):
            """A position -> the encoding of a one-position list (most terms of a text)."""

            def __missing__(self, pos: int) -> bytes:
                value = self[pos] = encode([pos])
                return value

        lookup = Numbers().__getitem__
        weight_of = Weights().__getitem__
        single = Single()

        def index(value: str):
            found = list(map(lookup, findall(value)))
            kept = list(filter(None, found))
            if not kept:
                return None
            first = found.index(kept[0])  # positions count from the first word kept, then one by one
            poses: defaultdict[int, list[int]] = defaultdict(list)
            for term, pos in zip(kept, count(first)):
                poses[term].append(pos)
            plists = list(poses.values())
            freqs = list(map(len, plists))
            values = [single[p[0]] if len(p) == 1 else encode(p) for p in plists]
            return list(poses), freqs, list(map(weight_of, freqs)), values

        return index

    def _chain(self, analyzer):
        """``(findall, terms)`` for a text analyzer: its words, and the memory of their terms."""
        key = id(analyzer)
        if key in self._terms:
            return self._terms[key]
        same = _steps(analyzer)
        for known, found in self._analyzers:
            if same is not None and known == same:  # another schema's analyzer of the same steps
                self._terms[key] = found
                return found
        found = self._terms[key] = self._make_chain(analyzer)
        self._analyzers.append((same, found))
        return found

    def _make_chain(self, analyzer):
        parts = simple_chain(analyzer)
        if parts is None or not parts[-1]:
            return None
        finditer, charmap, stops, minsize, maxsize, stemfn, ignore, _renumber = parts
        pattern = finditer.__self__
        if pattern.groups:  # the same matches without groups, for findall
            pattern = re.compile(re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern.pattern), pattern.flags)
        if pattern.pattern == _WHOOSH_WORDS:
            pattern = re.compile(_WORDS, pattern.flags)
        if pattern.groups:
            return None
        stems: dict[str, str] = {}
        add = self._words.add if self._words is not None else None

        class Terms(dict):
            """A word as written -> its term's bytes (b"" for a stop word), worked out once."""

            def __missing__(self, raw: str) -> bytes:
                word = raw.lower()
                text = word.translate(charmap)
                size = len(text)
                if size < minsize or (maxsize is not None and size > maxsize) or text in stops:
                    self[raw] = b""
                    return b""
                if add is not None:
                    add(word)  # once per spelling met: "café" and "cafe", as surface_words does
                if text not in ignore:
                    stem = stems.get(text)
                    if stem is None:
                        stem = stems[text] = stemfn(text)
                    text = stem
                term = self[raw] = text.encode("utf-8")
                return term

        return pattern.findall, Terms()


def stem_cache_unbounded(schema) -> None:
    """Fields without a fast analysis keep Whoosh's, with an unbounded stem cache: the
    bounded one evicts by scanning all of its 50,000 entries."""
    for name in schema.names():
        analyzer = getattr(schema[name], "analyzer", None)
        for item in getattr(analyzer, "items", ()):
            if type(item).__name__ == "StemFilter" and getattr(item, "cachesize", None) != -1:
                item.cachesize = -1
                item.clear()
