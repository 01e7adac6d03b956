"""Parsing queries and searching an index: results with snippets, bounded in time.

One :class:`Searcher` is kept for many queries (opening a Whoosh searcher costs more
than most queries) and replaced only when the index has changed. Query mistakes come
back as :class:`QueryError` with a one-line message, never a traceback.

This module parses, searches and counts; the two ranking paths are in
:mod:`.ranking`, the counts over all results (speakers, months) in :mod:`.facets`,
related articles in :mod:`.related` and the hits themselves in :mod:`.results`.
The Whoosh queries, matchers and collectors reader replaces are in
:mod:`reader.engine.matchers`.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterable
from functools import partial

from whoosh import query as wq
from whoosh.collectors import TimeLimit
from whoosh.fields import Schema
from whoosh.index import Index
from whoosh.qparser import MultifieldParser, plugins

from ..article import Article
from ..engine import matchers, scoring
from ..index import DEFAULT_FIELDS, NO_DATE, QUERY_FIELDS, load_indexed_article
from ..index.speakers import read_registry
from . import facets, ranking, suggest
from .dates import DATE_FORMS, DateField
from .facets import MonthCounts
from .identities import Identities, Identity
from .related import related_articles
from .results import Hit, SearchResult, hit_from_fields, with_article_snippet, with_lead_snippet
from .speaker_page import SpeakerPage, speaker_page
from .speaker_query import widen_speaker

SORTS = ("relevance", "date")
DEFAULT_TIME_LIMIT = 5.0
#: The longest query parsed (characters): Whoosh's parser is not bounded in time, and
#: takes about 0.3 s for this many.
MAX_QUERY_CHARS = 5000
#: The deepest query parsed: brackets within brackets, NOT over NOT.
MAX_QUERY_DEPTH = 100
# Two NOTs in a row cancel out (Whoosh's parser fails on them): the pair is blanked out,
# keeping every other character where it was typed.
_DOUBLE_NOT = re.compile(r"(?<![^\s(])NOT\s+NOT(?=[\s(])")
_TEXT_FIELDS = frozenset(("title", "standfirst", "body", "quotes"))
_PLAIN_WORDS = re.compile(r"^\s*(?!(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b)[^\W_]+(?:[’'-][^\W_]+)*"
                          r"(?:\s+(?!(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b)[^\W_]+(?:[’'-][^\W_]+)*){1,7}\s*$")


class QueryError(ValueError):
    """A query that cannot be run; ``str()`` is a one-line message for the user."""


def _everything(node: wq.Query) -> wq.Query:
    """``*`` (parsed as "anything in title, standfirst or body") means every article.

    Every article has one of those fields, so this is the same set, found without
    reading every term of three fields: alone it is the browse list (newest first, see
    :func:`.ranking.rank_everything`); with other clauses it is what a user means by
    ``*`` there: ``* date:2024`` is every article of 2024, ``* NOT sport`` all but sport.
    """
    if (isinstance(node, wq.Or) and len(node.subqueries) == len(DEFAULT_FIELDS)
            and all(type(sub) is wq.Every for sub in node.subqueries)
            and {sub.fieldname for sub in node.subqueries} == set(DEFAULT_FIELDS)):
        return wq.Every(boost=node.boost)
    return node


class Searcher:
    """Queries one index; reuse it, and call :meth:`refresh` to see later commits.

    Safe to share between threads: calls run one at a time.
    """

    def __init__(self, ix: Index):
        self._ix = ix
        self._searcher = ix.searcher()
        # Whoosh searchers are not thread-safe; the app calls this from worker threads.
        self._lock = threading.RLock()
        self._parser = MultifieldParser(list(DEFAULT_FIELDS), _query_schema(ix.schema))
        self._parser.replace_plugin(plugins.FieldsPlugin(remove_unknown=False))
        folder = getattr(ix.storage, "folder", None)
        self._folder = folder
        self._identities: Identities | None = None  # of self._searcher's generation, made on first use
        self._words_path = os.path.join(folder, suggest.WORDS_FILE) if folder else None
        self._lexicon: tuple[tuple[int, int], suggest.Lexicon | None] | None = None
        self._scorer = None  # a scoring.IndexScorer for self._searcher, made on first use
        self._undated: list[int] | None = None  # the undated docnums by path, for this searcher

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        with self._lock:
            return self._searcher.doc_count()

    def refresh(self) -> bool:
        """Pick up changes committed since this searcher opened; True if there were any."""
        with self._lock:
            if self._searcher.up_to_date():
                return False
            self._searcher = self._searcher.refresh()
            self._scorer = self._undated = self._identities = None
            return True

    def parse(self, text: str) -> wq.Query:
        """Parse a query, or raise :class:`QueryError` naming what is wrong with it."""
        return self._widen(self._parse_checked(text), text)

    def _parse_checked(self, text: str) -> wq.Query:
        """The parser's query for ``text``, with positions in it, after checking it can run."""
        return parse_checked(self._parser, text, QUERY_FIELDS)

    def _widen(self, q: wq.Query, text: str) -> wq.Query:
        """Other spellings of speakers; several plain words also ranked as a phrase."""
        if any(getattr(leaf, "fieldname", None) == "speaker" for leaf in [q, *q.leaves()]):
            q = q.accept(partial(widen_speaker, identities=self.identities()))
        q = q.accept(_everything).accept(matchers.flat_range)
        if _PLAIN_WORDS.match(text):
            # Several plain words: articles where they stand together as a phrase rank first.
            q = matchers.PhraseFirst(q, self._parser.parse(f'"{text.strip()}"').with_boost(ranking.PHRASE_BOOST))
        return q.accept(matchers.fast_phrase)

    def query_terms(self, q: wq.Query, deadline: float | None = None) -> frozenset[str]:
        """The analysed words a query looks for in the text fields (wildcards expanded).

        Past ``deadline`` (a ``time.monotonic()`` value) no more wildcards are expanded:
        the words are for highlighting, and a search out of time shows what it has.
        """
        terms = {text for name, text in q.iter_all_terms() if name in _TEXT_FIELDS and isinstance(text, str)}
        reader = self._searcher.reader()
        expanded: set = set()
        for leaf in q.leaves():
            if deadline is not None and time.monotonic() > deadline:
                break
            if isinstance(leaf, wq.MultiTerm) and leaf.field() in _TEXT_FIELDS:
                try:
                    expanded |= leaf.existing_terms(reader, expand=True)
                except Exception:
                    pass
        terms.update(t.decode("utf-8", "replace") if isinstance(t, bytes) else t
                     for name, t in expanded if name in _TEXT_FIELDS)
        return frozenset(terms)

    def search(self, text: str, *, sort: str = "relevance", limit: int = 20, offset: int = 0,
               snippets: bool = True, time_limit: float = DEFAULT_TIME_LIMIT, count: bool = True) -> SearchResult:
        """Run a query; hits ``offset`` to ``offset + limit`` in ``sort`` order.

        ``date`` order is newest first, undated articles last. A search that runs out of
        ``time_limit`` returns what it found so far with ``timed_out`` set.

        ``count=False`` skips counting all matches — a second pass over every posting,
        4-12 ms of a 10-20 ms query at 21k articles — so ``total`` is None unless this page
        is the last; ``more`` still says whether hits follow. The app shows the page first
        and counts after (:meth:`count`).
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
        started = time.monotonic()
        with self._lock:
            return self._search(text, sort, limit, offset, snippets, started + time_limit, count)

    def count(self, text: str, *, time_limit: float = DEFAULT_TIME_LIMIT) -> int | None:
        """How many articles match; None if counting ran out of ``time_limit``."""
        with self._lock:
            return self._count(self.parse(text), time.monotonic() + time_limit)

    def _count(self, q: wq.Query, deadline: float, upto: int | None = None) -> int | None:
        try:
            return self._count_until(q, deadline, upto)
        except TimeLimit:  # making the matchers took the time
            return None

    def _count_until(self, q: wq.Query, deadline: float, upto: int | None) -> int | None:
        """How many articles ``q`` finds (no further than ``upto + 1``); None past ``deadline``.

        Not len(results): Whoosh's top-N collector decides whether its own tally is
        complete from the matcher of the *last* segment it searched, after swapping
        matchers mid-search; at 21k articles "oil date:[1987-03-01 to 1987-03-31]" said
        285 for 780 matches. Listing the query's documents is always right.
        """
        if isinstance(q, wq.AndMaybe):
            q = q.a  # the phrase part of plain words only ranks
        scorer = self._index_scorer(q)
        if scorer is not None:
            try:
                return len(scorer.matches(q)[0])
            except scoring.Unsupported:
                pass
        total = 0
        for total, _docnum in enumerate(matchers.timed(q, deadline).docs(self._searcher), 1):
            if upto is not None and total > upto:
                break
            if not total & 255 and time.monotonic() > deadline:
                return None
        return total

    def _search(self, text: str, sort: str, limit: int, offset: int, snippets: bool, deadline: float,
                count: bool) -> SearchResult:
        """:meth:`search`, every phase of it (parsing, expanding wildcards, matching,
        counting) stopping at one ``deadline`` (a ``time.monotonic()`` value)."""
        started = time.perf_counter()
        q = self.parse(text)
        wanted = offset + limit + 1  # one hit past the page tells whether more follow
        try:
            scorer = self._index_scorer(q)
            if scorer is None:
                raise scoring.Unsupported(str(q))
            if ranking.is_everything(q):
                ranked, matched = ranking.rank_everything(scorer, wanted, self._undated_order)
            else:
                ranked, matched = ranking.rank_arrays(scorer, q, sort, wanted)
            timed_out = False
        except scoring.Unsupported:
            ranked, matched, timed_out = ranking.rank_whoosh(self._searcher, q, sort, wanted, 0.0,
                                                             deadline=deadline)
        terms = self.query_terms(q, deadline)
        hits = []
        leads = False  # whether snippets ran out of time
        for score, docnum in ranked[offset : offset + limit]:
            fields = self._searcher.stored_fields(docnum)
            found = hit_from_fields(fields, score)
            if snippets and not leads and time.monotonic() > deadline:
                leads = True  # a snippet reads the article's file: the rest show their standfirst
            if snippets:
                found = with_lead_snippet(found) if leads else self.with_snippet(found, terms, fields)
            hits.append(found)
        more = len(ranked) > offset + limit
        if matched is not None:
            total = matched
        elif timed_out or not more:
            total = len(ranked)  # what was found in time; or everything, found in one pass
        elif count:
            total = self._count(q, deadline)
            timed_out = total is None
        else:
            total = None
        return SearchResult(text, sort, tuple(hits), total, time.perf_counter() - started, timed_out, terms, more,
                            leads)

    def _index_scorer(self, q: wq.Query) -> scoring.IndexScorer | None:
        """The array scorer for ``q`` (see :mod:`reader.engine.scoring`), or None to ask Whoosh."""
        if not scoring.supports(q):
            return None
        if self._scorer is None:
            self._scorer = scoring.IndexScorer(self._searcher, {"date": ("datesort", NO_DATE)})
        return self._scorer

    def _undated_order(self, docnums) -> list[int]:
        """``docnums`` (undated articles) in the order of their paths (ids), for the
        browse list; read from their stored fields once per version of the index."""
        if self._undated is None:
            reader = self._searcher.reader()
            named = sorted((reader.stored_fields(int(d)).get("id") or "", int(d)) for d in docnums)
            self._undated = [d for _name, d in named]
        return self._undated

    def with_snippet(self, hit: Hit, terms: Iterable[str], fields: dict | None = None) -> Hit:
        """``hit`` with its snippet: the best fragment around the hits, else the lead."""
        return with_article_snippet(hit, terms, fields or self.stored_fields(hit.id) or {})

    def suggest_query(self, text: str, *, found: int | None = None,
                      time_limit: float = suggest.DEFAULT_TIME_LIMIT) -> str | None:
        """"Did you mean": ``text`` with its misspelt words corrected, or None.

        Only when the query finds fewer than :data:`.suggest.SUGGEST_BELOW` results
        (``found``, if the caller has just counted them) and the corrected query finds
        more. Only plain words of the text fields change; the rest of the query (fields,
        phrases' quotes, operators, wildcards, dates) stays as typed. See
        :mod:`.suggest` for the rules. Bounded by ``time_limit`` (None past it); a
        query that does not parse gets None.
        """
        deadline = time.monotonic() + time_limit
        if len(text) > suggest.MAX_QUERY_CHARS:
            return None
        with self._lock:
            try:
                parsed = self._parse_checked(text)
                if found is None:
                    found = self._count(self._widen(parsed, text), deadline, upto=suggest.SUGGEST_BELOW)
                if found is None or found >= suggest.SUGGEST_BELOW:
                    return None
                lexicon = self._load_lexicon()
                if lexicon is None:
                    return None
                reader = self._searcher.reader()

                def articles(stem: str) -> int:
                    return max(reader.doc_frequency(name, stem) for name in ("body", "title", "standfirst"))

                spans = [span for leaf in parsed.leaves() for span in _word_spans(leaf)]
                better = suggest.correct_query(text, spans, suggest.Speller(lexicon, articles, deadline))
                if better is None:
                    return None
                more = self._count(self.parse(better), deadline, upto=found)
            except QueryError:
                return None
            return better if more is not None and more > found else None

    def _load_lexicon(self) -> suggest.Lexicon | None:
        """The index's word list, read again when another commit has rewritten it."""
        if self._words_path is None:
            return None
        try:
            info = os.stat(self._words_path)
            stamp = (info.st_size, info.st_mtime_ns)
        except OSError:
            return None
        if self._lexicon is None or self._lexicon[0] != stamp:
            self._lexicon = (stamp, suggest.Lexicon.load(os.path.dirname(self._words_path)))
        return self._lexicon[1]

    def stored_fields(self, doc_id: str) -> dict | None:
        """The stored fields of an article, by id."""
        with self._lock:
            return self._searcher.document(id=doc_id)

    def related(self, article: Article, *, limit: int = 10) -> list[Hit]:
        """The articles most like ``article`` (not itself), best first.

        Its most telling words (Whoosh's Bo1 model, over title, standfirst and body) are
        searched in the body, each weighted by how telling it is.
        """
        with self._lock:
            return related_articles(self._searcher, article, limit)

    def speaker_facets(self, text: str, *, top: int = 10,
                       time_limit: float = DEFAULT_TIME_LIMIT) -> tuple[list[tuple[str, int, int]], bool]:
        """The most-quoted people across *all* of a query's results (not just one page).

        Returns ``(name, quotes, articles)`` rows, one per identity of the corpus's
        registry (people and organisations; descriptions such as "spokesman" are left
        out), and whether every result was counted in time. ``articles`` is the number of
        results the query narrowed to ``speaker:"name"`` finds.
        """
        q = self.parse(text)
        deadline = time.monotonic() + time_limit
        with self._lock:
            return facets.speaker_facets(self._searcher, q, top, deadline, self.identities())

    def identities(self) -> Identities:
        """The corpus's speakers, one :class:`~.identities.Identity` per person (or
        organisation, or description), as the registry kept with the index gives them."""
        with self._lock:
            if self._identities is None:
                self._identities = Identities(read_registry(self._folder, self._searcher, self._ix))
            return self._identities

    def speaker_page(self, who: str | Identity, *, time_limit: float = DEFAULT_TIME_LIMIT) -> SpeakerPage | None:
        """The speaker's page of ``who`` (a name as typed or picked, or an identity), or
        None when the corpus has no speaker of that name (see :mod:`.speaker_page`)."""
        deadline = time.monotonic() + time_limit
        with self._lock:
            identities = self.identities()
            identity = identities.resolve(who) if isinstance(who, str) else who
            if identity is None:
                return None
            return speaker_page(self._searcher, identities, identity, deadline)

    def month_counts(self, text: str, *, time_limit: float = DEFAULT_TIME_LIMIT) -> MonthCounts:
        """How many of *all* a query's results fall in each month (see :class:`MonthCounts`).

        A broad query over thousands of articles costs little more than finding them
        (see :func:`.facets.month_counts`).
        """
        q = self.parse(text)
        if isinstance(q, wq.AndMaybe):
            q = q.a  # the phrase boost of plain words orders results; it never adds one
        deadline = time.monotonic() + time_limit
        with self._lock:
            return facets.month_counts(self._searcher, self._index_scorer(q), q, deadline)

    def all_speakers(self) -> list[tuple[str, list]]:
        """(article id, [[name, quote count], …]) for every article in the index."""
        with self._lock:
            return [(f["id"], f.get("speakers") or []) for f in self._searcher.all_stored_fields()]

    def article(self, doc_id: str) -> Article | None:
        """The full article behind a result, read again from its file (None if it is gone)."""
        fields = self.stored_fields(doc_id)
        return load_indexed_article(fields) if fields else None


def parse_checked(parser: MultifieldParser, text: str, fields: Iterable[str]) -> wq.Query:
    """``parser``'s query for ``text``, with positions in it, after checking it can run
    (not too long, too deep, unparsable, or naming a field not in ``fields``), else
    :class:`QueryError` naming the query. Article and quote search both parse so."""
    if not text.strip():
        return wq.Every()  # an empty query: everything (see _everything)
    typed = text
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    if _bracket_depth(text) > MAX_QUERY_DEPTH:
        raise QueryError(_too_deep())
    while _DOUBLE_NOT.search(text):
        text = _DOUBLE_NOT.sub(lambda m: " " * len(m.group()), text)
    try:
        q = parser.parse(text)
    except RecursionError:
        raise QueryError(_too_deep()) from None
    except Exception:  # whoosh's parser raises assorted types (IndexError...) on odd input
        raise QueryError(f"cannot parse query {_quoted(typed)} (check its brackets, quotes and AND, OR, NOT)"
                         ) from None
    if _depth(q) > MAX_QUERY_DEPTH:
        raise QueryError(_too_deep())
    for leaf in [q, *q.leaves()]:
        error = getattr(leaf, "error", None)
        if error is not None:
            raise QueryError(f"cannot parse query {_quoted(typed)}: {' '.join(str(error).split())[:120]}"
                             + (f" ({DATE_FORMS})" if "date:" in typed else ""))
        name = getattr(leaf, "fieldname", None)
        if name is not None and name not in fields:
            raise QueryError(f"unknown field {name!r} in query {_quoted(typed)}; "
                             f"fields are: {', '.join(fields)}")
    return q


def _query_schema(schema) -> Schema:
    """The fields a query may name, as the parser reads them: ``date:`` by :mod:`.dates`.

    The other fields of the index (stored ones such as ``path``, the keys) are unknown
    to the parser, so that naming one is "unknown field", not a Whoosh error.
    """
    return Schema(**{name: DateField() if name == "date" else schema[name]
                     for name in QUERY_FIELDS if name in schema})


def _quoted(text: str, most: int = 80) -> str:
    """The query as an error message quotes it: on one line, escaped, long ones cut short."""
    text = " ".join(text.split())
    return repr(text if len(text) <= most else text[:most] + "…")


def _too_deep() -> str:
    return f"the query is nested too deeply (at most {MAX_QUERY_DEPTH} brackets or NOTs within each other)"


def _bracket_depth(text: str) -> int:
    """The deepest ``(`` of ``text`` (a cheap look before parsing)."""
    if "(" not in text:
        return 0
    depth = deepest = 0
    for char in text:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")" and depth:
            depth -= 1
    return deepest


def _depth(q: wq.Query) -> int:
    """How deep the parsed query's tree is (walked without recursion)."""
    deepest = 0
    stack = [(q, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_QUERY_DEPTH:
            break
        if not node.is_leaf():
            stack.extend((child, depth + 1) for child in node.children())
    return deepest


def _word_spans(leaf: wq.Query) -> list[tuple[int, int]]:
    """Where the query's words for the text fields stand in the query string.

    Terms and phrases only (the parser records their positions); wildcards, prefixes,
    ranges and other fields are never corrected.
    """
    if getattr(leaf, "fieldname", None) not in _TEXT_FIELDS:
        return []
    if type(leaf) is wq.Term and isinstance(getattr(leaf, "startchar", None), int):
        return [(leaf.startchar, leaf.endchar)]
    if type(leaf) is wq.Phrase and leaf.char_ranges:
        return [tuple(span) for span in leaf.char_ranges if span and span[0] is not None]
    return []

