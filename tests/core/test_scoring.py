"""reader.scoring gives Whoosh's answers: the same documents, the same scores, the same pages."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields
from whoosh import query as wq
from whoosh.collectors import UnlimitedCollector
from whoosh.filedb.filestore import RamStorage

from reader.engine import scoring
from reader.index import NO_DATE, open_index, update_index
from reader.search import Searcher, ranking

from support import BUNDLED, SHARED, needs_shared

QUERIES = [
    "government", "police", "fire", "said", "new york", "prime minister", "world cup", "the president said",
    '"prime minister"', '"new york"', 'title:"new york"', "police NOT fire", "police OR fire OR flood",
    "(police OR fire) AND NOT killed", "police ANDNOT fire", "title:fire^3 body:police", "(fire police)^2",
    "NOT police", "date:2019-01", "date:[2019-01-01 to 2019-03-31] fire", "date:[to 2019-02-01]",
    "date:{2019-01-04 to 2019-01-07}", "speaker:trump", 'speaker:"nancy pelosi"', "quotes:people",
    "zzzznothing", "police zzzznothing", "standfirst:killed",
]


def whoosh_scores(s: Searcher, q) -> dict[int, float]:
    collector = UnlimitedCollector()
    s._searcher.search_with_collector(q, collector)
    return {docnum: score for score, docnum in collector.items}


def array_scores(s: Searcher, q) -> dict[int, float]:
    ids, scores = scoring.IndexScorer(s._searcher, {"date": ("datesort", NO_DATE)}).matches(q)
    assert list(ids) == sorted(set(ids.tolist()))
    return dict(zip(ids.tolist(), scores.tolist()))


def assert_same(s: Searcher, text: str) -> None:
    q = s.parse(text)
    assert scoring.supports(q), text
    expected, got = whoosh_scores(s, q), array_scores(s, q)
    assert got.keys() == expected.keys(), text
    for docnum, score in expected.items():  # equal but for the order of a sum's terms
        assert got[docnum] == pytest.approx(score, rel=1e-12, abs=1e-12), (text, docnum)


@pytest.fixture(scope="module")
def changed_index(tmp_path_factory):
    """The bundled corpus in three segments, with deleted and replaced articles."""
    root = tmp_path_factory.mktemp("scoring")
    corpus = root / "corpus"
    shutil.copytree(BUNDLED, corpus)
    update_index(corpus, root / "idx")
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    for path in files[:12]:
        path.unlink()
    text = files[20].read_text(encoding="utf-8")
    files[20].write_text(text + "\nPolice said the fire in New York was out.\n", encoding="utf-8")
    update_index(corpus, root / "idx")
    (corpus / "extra.txt").write_text("date 2019-01-05 Fire in New York\nPolice said so.\n"
                                      "The prime minister said the fire police were in New York.\n", encoding="utf-8")
    update_index(corpus, root / "idx")
    ix, _ = open_index(corpus, root / "idx")
    with Searcher(ix) as s:
        yield s


@pytest.mark.parametrize("text", QUERIES)
def test_every_match_and_score_is_whooshs(changed_index, text):
    reader = changed_index._searcher.reader()
    assert len(reader.leaf_readers()) >= 2 and reader.has_deletions()
    assert_same(changed_index, text)


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("text", QUERIES)
def test_pages_are_the_ones_whoosh_ranks(changed_index, text, sort):
    s = changed_index
    q = s.parse(text)
    for n in (1, 11, 60):
        ranked, total = ranking.rank_arrays(s._index_scorer(q), q, sort, n)
        expected, _total, _timed_out = ranking.rank_whoosh(s._searcher, q, sort, n, 60.0)
        assert [d for _score, d in ranked] == [d for _score, d in expected], (text, sort, n)
        assert total == len(set(q.docs(s._searcher)))


def test_phrase_first_falls_back_to_ranking_all_when_its_bound_fails(changed_index):
    """A phrase part boosted past the bound the phrase-first ranking relies on."""
    from reader.engine import matchers

    s = changed_index
    q = s.parse("police said")
    over = matchers.PhraseFirst(q.a, q.b.with_boost(50.0))
    ranked, total = ranking.phrase_first_arrays(s._index_scorer(over), over, 40)
    expected = sorted(whoosh_scores(s, over).items(), key=lambda item: (-item[1], item[0]))[:40]
    assert [d for _s, d in ranked] == [d for d, _s in expected] and total == len(whoosh_scores(s, q.a))


def test_shapes_it_does_not_score_are_left_to_whoosh(changed_index):
    s = changed_index
    for text in ("pol*", "title:[a TO c]", '"police said"~3', "fire^2 OR pol*"):
        assert not scoring.supports(s.parse(text)), text
        assert s.search(text, limit=5).hits  # answered all the same, by Whoosh's matchers
    many = " OR ".join(f"word{n}" for n in range(scoring.MAX_LEAVES + 1))
    assert not scoring.supports(s.parse(many))


@needs_shared
def test_bbc_two_segments_every_score(tmp_path):
    corpus = SHARED / "datasets" / "bbc"
    update_index(corpus, tmp_path / "idx")
    ix, _ = open_index(corpus, tmp_path / "idx")
    with Searcher(ix) as s:
        for text in ("oil prices", "interest rates", '"prime minister"', "speaker:blair", "tony blair said",
                     "music NOT film", "chelsea OR arsenal"):
            assert_same(s, text)


# -- date ranges read from the whole-second column ---------------------------------------

_START = datetime(2019, 1, 1)
_moments = st.integers(min_value=0, max_value=4 * 86400 * 10**6).map(lambda us: _START + timedelta(microseconds=us))


@settings(max_examples=60, deadline=None)
@given(dates=st.lists(st.one_of(_moments, _moments.map(lambda d: d.replace(microsecond=0)),
                                _moments.map(lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0)),
                                st.none()), min_size=1, max_size=12),
       low=st.one_of(st.none(), _moments), high=st.one_of(st.none(), _moments),
       low_excl=st.booleans(), high_excl=st.booleans())
def test_date_ranges_match_the_date_field_to_the_microsecond(dates, low, high, low_excl, high_excl):
    """The column holds whole seconds; a bound inside a second is settled by the stored date."""
    import calendar

    schema = fields.Schema(date=fields.DATETIME(stored=True),
                           datesort=fields.COLUMN(fields.columns.NumericColumn("q", default=NO_DATE)))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for when in dates:
            if when is None:
                w.add_document(datesort=NO_DATE)
            else:
                w.add_document(date=when, datesort=calendar.timegm(when.timetuple()))
    q = wq.DateRange("date", low, high, startexcl=low_excl, endexcl=high_excl)
    with ix.searcher() as searcher:
        expected = sorted(q.docs(searcher))
        ids, scores = scoring.IndexScorer(searcher, {"date": ("datesort", NO_DATE)}).matches(q)
    assert ids.tolist() == expected


def test_date_sorted_hits_carry_their_relevance_score(changed_index):
    s = changed_index
    for text in ("police", "pol*"):  # scored on arrays; by Whoosh's matchers
        by_date = {h.id: h.score for h in s.search(text, sort="date", limit=500, snippets=False).hits}
        by_score = {h.id: h.score for h in s.search(text, limit=500, snippets=False).hits}
        assert by_date.keys() == by_score.keys()
        assert all(by_date[key] == pytest.approx(by_score[key]) for key in by_date), text


def test_a_repeated_word_does_not_lose_the_phrase_articles(tmp_path):
    """The words part scores "bye" once, the phrase part twice: a bound of 4x its words'
    score would leave the phrase articles, ranked low on the words alone, unchecked."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    def filler(k):
        return " ".join(f"w{i}" for i in range(k))

    for i in range(100):
        (corpus / f"o{i:03}.txt").write_text(f"date 2019-01-01 Other bye {i}\nplain bye\nbye {filler(i)}.\n")
    (corpus / "phrase.txt").write_text(f"date 2019-01-01 Phrase\nplain\nbye bye {filler(250)}\n")
    update_index(corpus, tmp_path / "idx")
    ix, _ = open_index(corpus, tmp_path / "idx")
    with Searcher(ix) as s:
        q = s.parse("bye bye")
        whole = sorted(whoosh_scores(s, q).items(), key=lambda item: (-item[1], item[0]))
        names = {docnum: s._searcher.stored_fields(docnum)["id"] for docnum, _score in whole}
        assert names[whole[0][0]] == "phrase.txt"
        for n in (1, 5, 20):
            assert [h.id for h in s.search("bye bye", limit=n, snippets=False).hits] == \
                [names[d] for d, _score in whole[:n]]
            ranked, _matched, _timed_out = ranking.phrase_first(s._searcher, q, n, 5.0)  # Whoosh's matchers, same bound
            assert [d for _score, d in ranked] == [d for d, _score in whole[:n]]


def test_an_empty_index_finds_nothing(tmp_path):
    (tmp_path / "corpus").mkdir()
    update_index(tmp_path / "corpus", tmp_path / "idx")
    ix, _ = open_index(tmp_path / "corpus", tmp_path / "idx")
    with Searcher(ix) as s:
        for sort in ("relevance", "date"):
            result = s.search("fire police", sort=sort)
            assert result.hits == () and result.total == 0
        assert s.count("fire") == 0 and s.month_counts("fire").months == ()
