"""Snippets: the best fragment of an article around a query's hits, and where hits are.

A page of 20 results needs 20 snippets, and the article bodies are not in the index, so
each one is re-read and searched for the query's words. Whoosh's highlighter ran every
word of every article through its analyzer and fragmenter (a chain of generators and a
Token copy per word): 10-15 ms for a page at 21k articles, as much as the search. This
module gives the same snippets from far less work:

- the hits: one regex pass lists the article's words (in C), each *distinct* word is
  analysed once (memoised, the index's own analysis: accent folding, stop words,
  stemming), and only the words that are query terms are then located with ``str.find``;
- the fragments: Whoosh's ``ContextFragmenter`` rules (its window sizes and where a
  fragment starts and stops), followed word by word only near the hits instead of over
  the whole text;
- the choice: Whoosh's ``BasicFragmentScorer`` (hits × distinct terms), ties going to
  the earliest fragment.

Three things differ from Whoosh, each for the better: hits after the first 32,768
characters are found (Whoosh stopped looking there); a hit word that ends a full fragment
is highlighted and counted (Whoosh showed it plain); a word whose stem is a stop word
("wills" -> "will") is never highlighted (Whoosh did in snippets but not in the article).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from itertools import accumulate, islice
from collections.abc import Iterable
from dataclasses import dataclass

from .article import Article
from .schema import word_term

#: About how long a snippet is, in characters (Whoosh's ``maxchars``).
SNIPPET_CHARS = 220

#: The words of :func:`reader.schema.text_analyzer`'s tokenizer (Whoosh's default
#: ``\w+(\.?\w+)*``), without its capturing group so that ``findall`` gives whole words.
_WORDS = re.compile(r"\w+(?:\.?\w+)*")
_WORD_CHAR = re.compile(r"\w")


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
        with self._lock:
            new = words.difference(self._known)
            if len(self._known) + len(new) > self._limit:
                self._known.clear()
                self._spellings.clear()
                new = words
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


def _is_word_start(text: str, i: int) -> bool:
    """Whether the tokenizer starts a word at ``i`` (given that ``text[i]`` is a word character).

    Not after a word character, nor after a dot that joins it to the word before
    ("U.S": one word).
    """
    if i == 0:
        return True
    before = text[i - 1]
    if before == ".":
        return i < 2 or not _WORD_CHAR.match(text, i - 2)
    return not _WORD_CHAR.match(before)


def _is_word_end(text: str, j: int) -> bool:
    """Whether a word the tokenizer is reading stops at ``j``."""
    if j >= len(text):
        return True
    after = text[j]
    if after == ".":
        return not _WORD_CHAR.match(text, j + 1)
    return not _WORD_CHAR.match(after)


def _hits(text: str, wanted: frozenset[str] | set[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of ``text`` whose analysed form is in ``wanted``, in order.

    Exactly the words the analyzer would mark, from one C-speed pass over the text and
    one analysis per distinct word.
    """
    found = _VOCABULARY.matching(set(_WORDS.findall(text)), wanted)
    hits = []
    for word, term in found.items():
        size = len(word)
        i = text.find(word)
        while i >= 0:
            j = i + size
            if _is_word_start(text, i) and _is_word_end(text, j):
                hits.append((i, j, term))
                i = text.find(word, j)
            else:  # inside a longer word ("oil" in "soil")
                i = text.find(word, i + 1)
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
    return [(start, end) for start, end, _term in _hits(text, wanted)]


def _after_space(text: str, low: int, high: int) -> int | None:
    """Just after the last space or newline in ``text[low:high]``, or None.

    No word spans a space, so reading words from there gives the same words as reading
    from the start of the text.
    """
    space = max(text.rfind(" ", low, high), text.rfind("\n", low, high))
    return space + 1 if space >= 0 else None


def _space_from(text: str, low: int, high: int) -> int | None:
    """The first space or newline in ``text[low:high]``, or None: a place no word spans."""
    spaces = [i for i in (text.find(" ", low, high), text.find("\n", low, high)) if i >= 0]
    return min(spaces) if spaces else None


def _has_front(text: str, reset: int, hit: int, surround: int) -> bool:
    """Whether a fragment starting at the hit at ``hit`` gets context before it.

    In Whoosh's rule it does when a word stands between the last fragment (``reset``)
    and the hit, and the last such word is not longer than ``surround``.
    """
    # the last word before the hit is nearly always within the last few dozen characters
    start = _after_space(text, max(reset, hit - 48), max(reset, hit - 24)) or reset
    words = _WORDS.findall(text, start, hit)
    if not words and start > reset:
        words = _WORDS.findall(text, reset, hit)
    return bool(words) and len(words[-1]) <= surround


def _front(text: str, reset: int, hit: int, surround: int) -> int:
    """Where the context before the hit at ``hit`` starts (given :func:`_has_front`).

    Whoosh's rule: the earliest word since the last fragment (``reset``) that starts at
    most ``surround`` characters before the end of the word just before the hit. The
    words are read from just after a space a little before that; when that cannot be
    shown to be far enough back (a long run of punctuation), from ``reset``.
    """
    start = reset
    target = hit - 2 * surround
    if target > reset:
        start = _after_space(text, max(reset, target - 64), target) or reset
    words = [m.span() for m in _WORDS.finditer(text, start, hit)]
    if start > reset and (not words or words[-1][1] - surround < start):
        words = [m.span() for m in _WORDS.finditer(text, reset, hit)]
    last_end = words[-1][1]
    return next(s for s, _e in words if last_end - s <= surround)


def _last_word_end(text: str, high: int) -> int:
    """The end of the last word of ``text[:high]`` (0 if none)."""
    i = high
    while i > 0 and not _WORD_CHAR.match(text, i - 1):
        i -= 1
    return i


def _fragments(text: str, hits: list[tuple[int, int, str]], maxchars: int,
               surround: int) -> list[tuple[int, int, int, int, bool]]:
    """The fragments Whoosh's ``ContextFragmenter`` cuts around ``hits``.

    As ``(reset, end, a, b, front)``: ``hits[a:b]`` are the fragment's hits, it ends at
    ``end``, and it starts at its first hit or, if ``front``, at ``_front(text, reset,
    ...)``. A fragment takes up to ``surround`` characters of context before its first
    hit; each hit keeps it open for ``surround`` more characters of words (twice that
    after a first hit with no context before it), and it closes on the word that would
    take its words past ``maxchars`` characters. Whoosh reads every word of the text for
    this; here the words after a hit are read a few at a time, only counted (their lengths
    summed, in C), and just the one that closes a fragment is looked at.
    """
    fragments = []
    count = len(hits)
    a = 0
    reset = 0  # words before this belong to the previous fragment
    zero = False
    while a < count:
        hit, hit_end, _term = hits[a]
        if hit < reset:
            a += 1
            continue
        if zero:
            # Whoosh's fragmenter ended the last fragment with nothing left to count down:
            # it takes the next word as inside it, and if that is no hit, it closes an
            # empty fragment (dropped) and leaves no context for the next hit.
            zero = False
            following = _WORDS.search(text, reset)
            if following.start() < hit:
                reset = following.end()
                continue
            front = False
        else:
            front = _has_front(text, reset, hit, surround)
        size = hit_end - hit
        if size > maxchars:  # a hit longer than a whole fragment: Whoosh drops it
            reset = hit_end
            a += 1
            continue
        countdown = (surround if front else 2 * surround) - size
        length = size
        b = a + 1
        pos = end = hit_end
        while countdown > 0:
            following = hits[b][0] if b < count else len(text)
            stop = following
            if following - pos > 2 * countdown + 64:  # the countdown will likely end before
                stop = _space_from(text, pos + 2 * countdown, following) or following
            words = _WORDS.findall(text, pos, stop)
            if words:
                sums = list(accumulate(map(len, words)))
                full = bisect_right(sums, maxchars - length)  # the first word past maxchars
                spent = bisect_left(sums, countdown)  # the first word that ends the countdown
                k = min(full, spent)
                if k < len(sums):
                    end = next(islice(_WORDS.finditer(text, pos, stop), k, None)).end()
                    countdown = -len(words[k]) if full <= spent else countdown - sums[k]
                    break
                length += sums[-1]
                countdown -= sums[-1]
            pos = stop
            if stop < following:
                continue
            if b == count:  # the text ends inside the fragment
                end = max(end, _last_word_end(text, len(text)))
                break
            hit, hit_end, _term = hits[b]
            size = hit_end - hit
            b += 1
            end = pos = hit_end
            if length + size > maxchars:  # full: this hit closes the fragment (and counts)
                countdown = -size
                break
            countdown = surround - size
            length += size
        fragments.append((reset, end, a, b, front))
        reset = end
        zero = countdown == 0
        a = b
    return fragments


def _format(text: str, start: int, end: int, hits: list[tuple[int, int, str]]) -> Snippet:
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
    for hit_start, hit_end, _term in hits:
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
    hits = _hits(text, wanted)
    if not hits:
        return None
    surround = chars // 3
    fragments = _fragments(text, hits, chars, surround)
    if not fragments:  # only hits longer than a whole fragment
        return None

    def score(fragment: tuple[int, int, int, int, bool]) -> int:
        _reset, _end, a, b, _front = fragment
        return (b - a) * len({term for _s, _e, term in hits[a:b]})

    # max() keeps the first of equals, and fragments come in the order of the text
    reset, end, a, b, front = max(fragments, key=score)
    start = _front(text, reset, hits[a][0], surround) if front else hits[a][0]
    return _format(text, start, end, hits[a:b])


def lead_snippet(text: str, chars: int = SNIPPET_CHARS) -> Snippet:
    """The opening of ``text`` on one line, cut at a space before ``chars`` with "…"."""
    flat = " ".join(text.split())
    return Snippet(flat if len(flat) <= chars else flat[: flat.rfind(" ", 0, chars) + 1].rstrip() + "…")


def article_snippet(article: Article, terms: Iterable[str]) -> Snippet:
    """An article's snippet: the best fragment of its body, else of its standfirst, else its lead."""
    terms = frozenset(terms)
    return (make_snippet(article.text, terms) or make_snippet(article.standfirst, terms)
            or lead_snippet(article.standfirst or article.text))
