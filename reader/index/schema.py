"""The Whoosh schema, its analyzers and its version.

Changing anything here changes what is in an index: bump :data:`SCHEMA_VERSION` and every
existing index is rebuilt (with a message) the next time it is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from operator import sub
from pickle import dumps

from whoosh import columns, fields
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

#: 4: the index folder also holds the corpus's word list (``reader/suggest.py``).
SCHEMA_VERSION = 4

#: Written between speaker names in the ``speaker`` field; the analyzer turns it into a
#: gap in positions so that a phrase never spans two people ("pistorius john").
NAME_SEPARATOR = " \u2016 "

#: ``datesort`` of an undated article: below every real date.
NO_DATE = -(2**62)

#: The fields a query may name, and the ones a bare word searches.
QUERY_FIELDS = ("title", "standfirst", "body", "quotes", "speaker", "date")
#: Where plain words are looked for. Not ``quotes``: quoted words are in ``body`` too, so
#: it found nothing more and made every word a fourth matcher (p95 42 -> 30 ms at 21k).
DEFAULT_FIELDS = ("title", "standfirst", "body")


def text_analyzer():
    """Words, lowercased, accents folded *before* stemming, stop words out, English stems.

    Folding before the stemmer matters: the stemmer does not know "Šakalienė", so
    stemming first would leave a form that "Sakaliene" never reaches.
    """
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter(lang="en")


class _NameGapFilter(Filter):
    """Drops the name separator and leaves a wide gap in positions where it stood."""

    def __call__(self, tokens):
        gap = 0
        for token in tokens:
            if token.text == "\u2016":
                gap += 100
                continue
            if token.positions:
                token.pos += gap
            yield token


def name_analyzer():
    """Speaker names: words, lowercased, accents folded; no stemming, no stop words."""
    return RegexTokenizer(r"\w+(?:[.'’-]\w+)*|\u2016") | LowercaseFilter() | CharsetFilter(accent_map) | _NameGapFilter()


def build_schema() -> fields.Schema:
    """The schema of a reader index.

    The body is indexed but not stored: snippets re-read it from the article file, which
    keeps the index small. ``datesort`` (a column, not searchable) orders by date with
    undated articles last (seconds since 1970, :data:`NO_DATE` when undated). ``speaker`` holds the names the
    attributor found, ``speakerkey`` their spelling-independent keys (``zelensk`` and
    ``v.zelensk`` for every spelling of Volodymyr Zelensky), ``quotes`` the quoted words,
    ``speakers`` (stored) the ``[name, quote count]`` pairs. ``file``/``size``/``mtime_ns``/``sha`` are what incremental
    indexing compares; ``loc`` is the byte offset of a JSON Lines record.
    """
    text = text_analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        file=fields.ID(stored=True),
        path=fields.STORED(),
        loc=fields.STORED(),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=2.0),
        date=fields.DATETIME(stored=True, sortable=True),
        # A column only: it orders results and is never searched (indexing it cost 16
        # postings per article, an eighth of all postings).
        datesort=fields.COLUMN(columns.NumericColumn("q", default=NO_DATE)),
        standfirst=fields.TEXT(analyzer=text, stored=True),
        body=fields.TEXT(analyzer=text),
        quotes=fields.TEXT(analyzer=text),
        speaker=fields.TEXT(analyzer=name_analyzer()),
        speakerkey=fields.KEYWORD(lowercase=True),
        speakers=fields.STORED(),
        meta=fields.STORED(),
        size=fields.STORED(),
        mtime_ns=fields.STORED(),
        sha=fields.STORED(),
    )


def _simple_chain(analyzer):
    """The parts of a :func:`text_analyzer` chain, or None if ``analyzer`` is not one.

    Returns ``(finditer, charmap, stops, minsize, maxsize, stem, ignore, renumber)``, where
    ``stem`` is the stemming function, for the one-loop fast paths below.
    """
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

    items = getattr(analyzer, "items", None)
    kinds = (RegexTokenizer, LowercaseFilter, CharsetFilter, StopFilter, StemFilter)
    if not items or len(items) != len(kinds) or any(type(i) is not k for i, k in zip(items, kinds)) or items[0].gaps:
        return None
    tokenizer, _lower, charset, stop, stemmer = items
    if stemmer.lang:
        from whoosh.lang import stemmer_for_language

        stemfn = stemmer_for_language(stemmer.lang)
    else:
        stemfn = stemmer.stemfn
    return (tokenizer.expression.finditer, charset.charmap, stop.stops, stop.min, stop.max, stemfn,
            stemmer.ignore, stop.renumber)


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
    every field with a :func:`text_analyzer`. Each word as written is analysed once per
    worker for all such fields (``title``, ``standfirst``, ``body`` and ``quotes`` share
    their words) and remembered; each field then remembers the word's term *number* in
    the segment's postings, so a document costs a dict lookup per word, done in C by
    ``map``, and its postings go to the arrays as numbers. Used by the pool workers'
    writer (:class:`reader.index._BulkWriter`); queries use the analyzer itself
    (snippets: :func:`word_term`).

    ``words``, if given, also receives every indexed word as written (lowercased, accents
    kept, not stemmed): the spelling suggestions' word list, gathered at almost no cost
    when a word is first analysed (see :func:`surface_words`).
    """

    def __init__(self, words: set[str] | None = None):
        self._words = words
        self._terms: dict[int, dict] = {}  # per analyzer: word as written -> term bytes (b"": none)

    def indexer(self, field: fields.FieldType, number: Callable[[bytes], int]):
        """``index(text) -> (terms, freqs, weights, values)`` for ``field``, or None when
        the field is not a :func:`text_analyzer` field with positions.

        ``terms`` are ``number(term bytes)`` (never 0), each once, with its frequency, its
        weight and its encoded positions, exactly as ``field.index`` gives them (a test
        compares them).
        """
        from collections import defaultdict
        from itertools import count

        from whoosh.formats import Positions

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
        import re

        key = id(analyzer)
        if key in self._terms:
            return self._terms[key]
        parts = _simple_chain(analyzer)
        if parts is None or not parts[-1]:
            self._terms[key] = None
            return None
        finditer, charmap, stops, minsize, maxsize, stemfn, ignore, _renumber = parts
        pattern = finditer.__self__
        if pattern.groups:  # the same matches without groups, for findall
            pattern = re.compile(re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern.pattern), pattern.flags)
        if pattern.pattern == _WHOOSH_WORDS:
            pattern = re.compile(_WORDS, pattern.flags)
        if pattern.groups:
            self._terms[key] = None
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

        words_and_terms = self._terms[key] = (pattern.findall, Terms())
        return words_and_terms


def surface_words(texts, into: set[str]) -> set[str]:
    """Add to ``into`` the words of ``texts`` as :class:`BulkAnalysis` collects them.

    Lowercased, accents kept, not stemmed, stop words left out: the same set the bulk
    build gathers, for documents the parent process writes itself.
    """
    finditer, charmap, stops, minsize, maxsize, _stem, _ignore, _renumber = _simple_chain(text_analyzer())
    for value in texts:
        for match in finditer(value or ""):
            word = match.group(0).lower()
            text = word.translate(charmap)
            if minsize <= len(text) and (maxsize is None or len(text) <= maxsize) and text not in stops:
                into.add(word)
    return into


def word_analysis():
    """``(fold, stem, stops)`` of :func:`text_analyzer`, word by word.

    ``fold`` lowercases and folds accents; ``stem`` takes a folded word to the term the
    index holds. The spelling suggestions compare words the way the index sees them.
    """
    _finditer, charmap, stops, _min, _max, stemfn, ignore, _renumber = _simple_chain(text_analyzer())

    def fold(word: str) -> str:
        return word.lower().translate(charmap)

    def stem(folded: str) -> str:
        return folded if folded in ignore else stemfn(folded)

    return fold, stem, stops


def word_term():
    """A function from one word, as :func:`text_analyzer`'s tokenizer cuts it, to its term.

    The term is what the index holds for the word (lowercased, accents folded, stemmed);
    None for a word the analyzer drops (a stop word, a one-letter word). Snippets use it
    to analyse each distinct word of an article once instead of running every word
    through the analyzer's chain of generators.
    """
    _finditer, charmap, stops, minsize, maxsize, stemfn, ignore, _renumber = _simple_chain(text_analyzer())

    def term(word: str) -> str | None:
        text = word.lower().translate(charmap)
        size = len(text)
        if size < minsize or (maxsize is not None and size > maxsize) or text in stops:
            return None
        return text if text in ignore else stemfn(text)

    return term
