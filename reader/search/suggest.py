"""Did you mean: spelling suggestions made of the corpus's own words.

The index holds stems ("ukrain"), which no one types, so Whoosh's corrector on the
text fields would suggest stems. Instead the build keeps the words as written
(lowercased, accents kept: "šakalienė", "ukraine") in a plain word list beside the
index, ``reader-words.txt``; the pool workers gather it in the loop that analyses the
text anyway, so it costs the build next to nothing (a separate Whoosh spelling field
would write a posting per word per article). A misspelt word is compared with the list
by edit distance (rapidfuzz, in C), and each candidate is weighed by how many articles
its stem is found in, read from the index itself: so the weights are always those of
the current index, and a word whose articles were all deleted (the list only grows
until a rebuild) weighs nothing and is never suggested.

The rules, like a web search's "did you mean":

- only words of the text fields are corrected (``title:``, plain words, words inside a
  phrase); names after ``speaker:``, dates, wildcards, fuzzy or boosted words and the
  rest of the query's syntax are left exactly as typed;
- a word found in more than :data:`RARE_ARTICLES` articles is never corrected; one
  found in fewer may be, to a word one edit away found in at least
  :data:`RARE_FACTOR` times as many articles ("goverment" in one article →
  "government" in hundreds); a word found nowhere goes to the nearest word (one edit
  for words of 3-4 letters, two from 5), the most common among equally near ones;
- the whole corrected query is suggested only when the query found fewer than
  :data:`SUGGEST_BELOW` results and the corrected one finds more.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..index import MAX_WORD, WORDS_FILE, word_analysis

#: Suggest only when a query found fewer results than this.
SUGGEST_BELOW = 3
#: A word found in at most this many articles may still be a misspelling...
RARE_ARTICLES = 2
#: ...of a word one edit away found in at least this many times as many articles.
RARE_FACTOR = 20
#: At most this many words of a query are looked at, in a query of at most so many
#: characters: a 500-word query gets no suggestion.
MAX_QUERY_WORDS = 12
MAX_QUERY_CHARS = 300
#: Candidates weighed per word and distance (the index is asked for each one's frequency).
MAX_CANDIDATES = 300
#: A suggestion is given up (None) past this many seconds.
DEFAULT_TIME_LIMIT = 0.3

_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_FOLD, _STEM, _STOPS = word_analysis()



class Lexicon:
    """The corpus's words, folded for comparing, each with the spelling to show."""

    def __init__(self, words: Iterable[str]):
        shown: dict[str, str] = {}
        for word in words:
            folded = _FOLD(word)
            if not folded.isalpha() or folded in _STOPS:
                continue
            # One spelling per folded word; the accented one if there is one ("šakalienė").
            if folded not in shown or shown[folded] == folded:
                shown[folded] = word
        self.shown = shown
        self.words = list(shown)

    @classmethod
    def load(cls, index_dir: str | os.PathLike[str]) -> Lexicon | None:
        try:
            text = (Path(index_dir) / WORDS_FILE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return cls(text.split())


class _Timeout(Exception):
    pass


class Speller:
    """Corrects single words against a :class:`Lexicon`, weighing words by article counts.

    ``articles(stem)`` says in how many articles the index finds a stemmed word.
    """

    def __init__(self, lexicon: Lexicon, articles: Callable[[str], int], deadline: float = float("inf")):
        self.lexicon = lexicon
        self.articles = articles
        self.deadline = deadline
        self._counts: dict[str, int] = {}

    def _count(self, folded: str) -> int:
        stem = _STEM(folded)
        count = self._counts.get(stem)
        if count is None:
            count = self._counts[stem] = self.articles(stem)
        return count

    def correct(self, word: str) -> str | None:
        """The word the user most likely meant, spelt as in the corpus, or None to keep it."""
        folded = _FOLD(word)
        if len(folded) < 3 or len(folded) > MAX_WORD or not folded.isalpha() or folded in _STOPS:
            return None
        own = self._count(folded)
        if own > RARE_ARTICLES:
            return None
        most = 1 if own or len(folded) < 5 else 2
        from rapidfuzz import process  # here: most searches suggest nothing, and start faster
        from rapidfuzz.distance import OSA

        found = process.extract(folded, self.lexicon.words, scorer=OSA.distance, score_cutoff=most, limit=None)
        own_stem = _STEM(folded)
        for distance in range(1, most + 1):
            near = sorted(c for c, d, _i in found if d == distance)[:MAX_CANDIDATES]
            best: tuple[int, str] | None = None
            for candidate in near:
                if time.monotonic() > self.deadline:
                    raise _Timeout
                if _STEM(candidate) == own_stem:
                    continue  # finds the same articles
                count = self._count(candidate)
                if count > 0 and count >= own * RARE_FACTOR and (best is None or count > best[0]):
                    best = (count, candidate)
            if best is not None:
                return _same_case(word, self.lexicon.shown[best[1]])
        return None


def _same_case(typed: str, word: str) -> str:
    """``word`` in the case the user typed: "Ukrane" → "Ukraine", "NATOO" → "NATO"."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def correct_query(text: str, spans: Iterable[tuple[int, int]], speller: Speller) -> str | None:
    """``text`` with the misspelt words at ``spans`` (start, end) corrected, or None.

    Everything outside the spans, and any span that is not a plain word of letters, is
    kept exactly as typed. None when no word needed correcting or time ran out.
    """
    corrected = []
    looked = 0
    try:
        for start, end in sorted(set(spans)):
            word = text[start:end]
            if not _PLAIN_WORD.fullmatch(word):
                continue
            looked += 1
            if looked > MAX_QUERY_WORDS:
                return None
            better = speller.correct(word)
            if better is not None and better != word:
                corrected.append((start, end, better))
    except _Timeout:
        return None
    if not corrected:
        return None
    out, last = [], 0
    for start, end, better in corrected:
        if start < last:
            return None  # overlapping spans: the parser's positions are not to be trusted here
        out += [text[last:start], better]
        last = end
    out.append(text[last:])
    return "".join(out)
