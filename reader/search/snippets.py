"""Snippets: the best fragment of an article around a query's hits, and where hits are.

A page of 20 results needs 20 snippets, and the article bodies are not in the index, so
each one is re-read and searched for the query's words. Whoosh's highlighter ran every
word of every article through its analyzer and fragmenter (a chain of generators and a
Token copy per word): 10-15 ms for a page at 21k articles, as much as the search. This
module gives the same snippets from far less work:

- the words: one ``re.split`` (in C) gives the article's words and the gaps between
  them, hence every word's offsets, with no Python loop over the words;
- the hits: each *distinct* word is analysed once and remembered (the index's own
  analysis: accent folding, stop words, stemming), so matching an article's words
  against the query's terms is a few set operations;
- the fragments: Whoosh's ``ContextFragmenter`` rules (where a fragment starts, how long
  each hit keeps it open, when it is full), with the words between hits skipped by a
  binary search over their running lengths instead of read one by one;
- the choice: Whoosh's ``BasicFragmentScorer`` (hits × distinct terms), ties going to
  the earliest fragment.

Three things differ from Whoosh, each for the better: hits are looked for in the first
:data:`SCAN_CHARS` characters (Whoosh stopped at 32,768); a hit word that ends a full
fragment is highlighted and counted (Whoosh showed it plain); a word whose stem is a stop
word ("wills" -> "will") is never highlighted (Whoosh did in snippets but not in the
article).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from ..article import Article
from ..index import word_term

#: About how long a snippet is, in characters (Whoosh's ``maxchars``).
SNIPPET_CHARS = 220

#: How far into a text a snippet looks for hits (Whoosh's highlighter: 32,768). An
#: article can be tens of megabytes; its snippet comes from its opening 100,000
#: characters, in a few milliseconds, rather than seconds and hundreds of MB.
SCAN_CHARS = 100_000

#: The words of :func:`reader.schema.text_analyzer`'s tokenizer, captured whole so that
#: ``split`` gives the words and the gaps. Whoosh's ``\w+(\.?\w+)*`` matches the same
#: words (its undotted repeat can never match after a greedy ``\w+``) a fifth slower.
_SPLIT = re.compile(r"(\w+(?:\.\w+)*)")


class _Vocabulary:
    """Every word met so far with its term, and for each term the words that have it.

    An article's words are then matched against a query with set operations (in C):
    only words never met before are analysed. Bounded like Whoosh's own stem cache.
    Shared by the app's threads, hence the lock.
    """

    def __init__(self, limit: int = 200_000):
        self._limit = limit
        self._term = word_term()
        self._known: set[str] = set()
        self._spellings: dict[str, set[str]] = {}  # term -> the words that have it
        self._lock = threading.Lock()

    def matching(self, words: set[str], wanted: frozenset[str]) -> dict[str, str]:
        """The ``words`` whose term is in ``wanted``, each with its term."""
        # A word can only have a wanted term if it starts as one does: only those are
        # analysed (stemming every distinct word of 20 articles was a fifth of a one-shot
        # ``reader search``); the others stay unknown until a query wants their letter.
        initial = self._term.initial
        firsts = {t[:1] for t in wanted}
        with self._lock:
            new = words.difference(self._known)
            if new:
                new = {word for word in new if initial(word) in firsts}
            if len(new) > self._limit // 4:
                # one text of many unknown words (a word list, a dump): analysed, not kept,
                # so that it neither fills the memory nor wipes what the other texts taught
                term = self._term
                found = {word: t for word in new if (t := term(word)) in wanted}
                found.update((word, t) for t in wanted for word in self._spellings.get(t, _NONE) & words)
                return found
            if len(self._known) + len(new) > self._limit:
                self._known.clear()
                self._spellings.clear()
                new = {word for word in words if initial(word) in firsts}
            term = self._term
            spellings = self._spellings
            for word in new:
                found = term(word)
                if found is not None:
                    spellings.setdefault(found, set()).add(word)
            self._known |= new
            return {word: found for found in wanted for word in spellings.get(found, _NONE) & words}


_NONE: frozenset[str] = frozenset()
_VOCABULARY = _Vocabulary()


@dataclass(frozen=True, slots=True)
class Snippet:
    """A fragment of an article's text and the (start, end) spans of the hits in it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


class _Words:
    """The words of a text as the analyzer's tokenizer cuts them, with their offsets.

    From one ``re.split`` (in C), which gives the words and the gaps between them; the
    offsets are running sums of their lengths, also in C. Reading every word with a
    Python loop, as Whoosh does, cost more than all the rest of a snippet.
    """

    __slots__ = ("words", "starts", "ends", "lengths")

    def __init__(self, text: str):
        parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
        self.words: list[str] = parts[1::2]
        bounds = list(accumulate(map(len, parts)))
        self.starts: list[int] = bounds[0:-1:2]
        self.ends: list[int] = bounds[1::2]
        #: the characters of the words up to and including each word (gaps not counted)
        self.lengths: list[int] = list(accumulate(map(len, self.words)))

    def hits(self, wanted: frozenset[str]) -> list[tuple[int, str]]:
        """(index, term) of every word whose analysed form is in ``wanted``, in order."""
        words = self.words
        found = _VOCABULARY.matching(set(words), wanted)
        if len(found) > 8:  # many spellings (a wildcard's): one pass beats a search for each
            return [(i, found[word]) for i, word in enumerate(words) if word in found]
        hits = []
        for word, term in found.items():
            i = -1
            try:
                while True:
                    i = words.index(word, i + 1)
                    hits.append((i, term))
            except ValueError:
                pass
        hits.sort()
        return hits


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text`` whose analysed form is one of ``terms``.

    The app uses it to highlight a query's hits in a title or a whole article, with the
    same analysis (accent folding, stemming) that found them. Stop words never match.
    """
    wanted = frozenset(terms)
    if not wanted or not text:
        return []
    words = _Words(text)
    return [(words.starts[i], words.ends[i]) for i, _term in words.hits(wanted)]


def _fragments(words: _Words, hits: list[tuple[int, str]], maxchars: int,
               surround: int) -> list[tuple[int, int, int, int]]:
    """The fragments Whoosh's ``ContextFragmenter`` cuts around ``hits``, as (start, end, a, b).

    ``hits[a:b]`` are the hits in ``text[start:end]``. A fragment takes the words that
    start at most ``surround`` characters before the end of the word before its first
    hit (none from an earlier fragment); each hit keeps it open for ``surround`` more
    characters of words (twice that after a first hit with no words before it), and
    it closes on the word that would take its words past ``maxchars`` characters (gaps
    between words are not counted). The words between hits are skipped with a binary
    search over the running lengths instead of being read one by one.
    """
    starts, ends, lengths = words.starts, words.ends, words.lengths
    last = len(starts) - 1
    fragments = []
    count = len(hits)
    a = 0
    reset = 0  # the first word after the last fragment
    zero = False
    while a < count:
        hit = hits[a][0]
        if hit < reset:
            a += 1
            continue
        if zero:
            # Whoosh's fragmenter ended the last fragment with nothing left to count down:
            # it takes the next word as inside it, and if that is no hit, it closes an
            # empty fragment (dropped), leaving no words before the next hit.
            zero = False
            if reset < hit:
                reset += 1
                continue
        before = hit - 1
        if before >= reset and ends[before] - starts[before] <= surround:
            first = starts[bisect_left(starts, ends[before] - surround, reset, hit)]
            countdown = surround
        else:  # no words before it: the unused share of context goes after
            first = starts[hit]
            countdown = 2 * surround
        size = ends[hit] - starts[hit]
        if size > maxchars:  # a hit longer than a whole fragment: Whoosh drops it
            reset = hit + 1
            a += 1
            continue
        countdown -= size
        length = size
        b = a + 1
        word = hit  # the last word counted
        while countdown > 0:
            following = hits[b][0] if b < count else last + 1
            base = lengths[word]
            # the first word past maxchars, and the first that ends the countdown
            full = bisect_right(lengths, base + maxchars - length, word + 1, following)
            spent = bisect_left(lengths, base + countdown, word + 1, following)
            if min(full, spent) < following:
                if full <= spent:
                    word = full
                    countdown = -(ends[word] - starts[word])
                else:
                    word = spent
                    countdown -= lengths[word] - base
                break
            length += lengths[following - 1] - base
            countdown -= lengths[following - 1] - base
            word = following - 1
            if b == count:  # the text ends inside the fragment
                break
            word = following
            size = ends[word] - starts[word]
            b += 1
            if length + size > maxchars:  # full: this hit closes the fragment (and counts)
                countdown = -size
                break
            countdown = surround - size
            length += size
        fragments.append((first, ends[word], a, b))
        reset = word + 1
        zero = countdown == 0
        a = b
    return fragments


def _format(text: str, start: int, end: int, hits: list[tuple[int, int]]) -> Snippet:
    """``text[start:end]`` on one line, "…" where it is cut, with the spans of ``hits`` in it."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0

    def put(piece: str, hit: bool = False) -> None:
        nonlocal length
        piece = piece.replace("\n\n", " ").replace("\n", " ")
        if hit:
            spans.append((length, length + len(piece)))
        pieces.append(piece)
        length += len(piece)

    if start > 0:
        put("…")
    index = start
    for hit_start, hit_end in hits:
        put(text[index:hit_start])
        put(text[hit_start:hit_end], hit=True)
        index = hit_end
    put(text[index:end])
    if end < len(text):
        put("…")
    return Snippet("".join(pieces).rstrip(" "), tuple(spans))


def make_snippet(text: str, terms: Iterable[str], *, chars: int = SNIPPET_CHARS) -> Snippet | None:
    """The best fragment of ``text`` around the query's ``terms``, or None if none occur.

    Best: the most hits times the most distinct terms (Whoosh's score), the earliest of
    equals.
    """
    wanted = frozenset(terms)
    if not wanted or not text:
        return None
    words = _Words(text[:SCAN_CHARS])
    hits = words.hits(wanted)
    if not hits:
        return None
    fragments = _fragments(words, hits, chars, chars // 3)
    if not fragments:  # only hits longer than a whole fragment
        return None

    def score(fragment: tuple[int, int, int, int]) -> int:
        _start, _end, a, b = fragment
        return (b - a) * len({term for _i, term in hits[a:b]})

    # max() keeps the first of equals, and fragments come in the order of the text
    start, end, a, b = max(fragments, key=score)
    return _format(text, start, end, [(words.starts[i], words.ends[i]) for i, _term in hits[a:b]])


def lead_snippet(text: str, chars: int = SNIPPET_CHARS) -> Snippet:
    """The opening of ``text`` on one line, cut at a space before ``chars`` with "…"."""
    flat = " ".join(text.split())
    return Snippet(flat if len(flat) <= chars else flat[: flat.rfind(" ", 0, chars) + 1].rstrip() + "…")


def article_snippet(article: Article, terms: Iterable[str]) -> Snippet:
    """An article's snippet: the best fragment of its body, else of its standfirst, else its lead."""
    terms = frozenset(terms)
    return (make_snippet(article.text, terms) or make_snippet(article.standfirst, terms)
            or lead_snippet(article.standfirst or article.text))
