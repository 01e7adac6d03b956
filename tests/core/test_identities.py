"""One identity everywhere: the registry's count of a speaker, the results of
``speaker:"NAME"`` and the speaker facets agree, whichever spelling is asked for; a place
or an organisation never joins a person; descriptions are not ranked as people."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reader.attribution.registry import DESCRIPTION, ORGANISATION, PERSON, SpeakerRegistry, name_kind
from reader.index import open_index, update_index
from reader.index.speakers import SPEAKERS_FILE, registry_data
from reader.search import Identities, Searcher, speaker_term, with_speaker

from support import REPO, SHARED, write

BBC = SHARED / "datasets" / "bbc"


def _identities(*rows) -> Identities:
    """Identities of a small registry: rows of (name, article id, quotes)."""
    r = SpeakerRegistry()
    for name, article, quotes in rows:
        r.add(name, article, quotes)
    return Identities({"identities": [
        {"name": i.name, "kind": i.kind, "quotes": i.quotes, "articles": len(i.articles),
         "spellings": [[n, q, a] for n, (q, a) in i.spellings.items()]} for i in r.identities()]})


# -- the registry's kinds, on names of our own ---------------------------------------------


@pytest.mark.parametrize("name, kind", [
    ("Tony Blair", PERSON), ("Blair", PERSON), ("Guy Mansfield QC", PERSON), ("Mr Blair", PERSON),
    ("Washington", ORGANISATION), ("Moscow", ORGANISATION), ("IBM", ORGANISATION), ("Yukos US", ORGANISATION),
    ("Downing Street", ORGANISATION), ("Liberal Democrats", ORGANISATION), ("Human Rights Watch", ORGANISATION),
    ("Tories", ORGANISATION), ("the Kremlin", ORGANISATION),
    ("spokesman", DESCRIPTION), ("Analysts", DESCRIPTION), ("prime minister", DESCRIPTION),
    ("Mr Blair's official spokesman", DESCRIPTION), ("company", DESCRIPTION),
])
def test_name_kinds(name, kind):
    assert name_kind(name) == kind


def test_a_place_never_joins_the_one_person_of_that_surname():
    ids = _identities(("Denzel Washington", "a", 1), ("Washington", "b", 7), ("Washington", "c", 2))
    denzel, washington = ids.resolve("Denzel Washington"), ids.resolve("Washington")
    assert denzel.name == "Denzel Washington" and denzel.articles == 1 and denzel.kind == PERSON
    assert washington.name == "Washington" and washington.articles == 2 and washington.kind == ORGANISATION
    assert ids.resolve("washington") is washington


def test_spellings_of_one_person_resolve_to_one_identity():
    ids = _identities(("Tony Blair", "a1", 30), ("Blair", "a2", 20), ("Mr Blair", "a3", 5),
                      ("Cherie Blair", "a4", 2), ("Boris Johnson", "b1", 5), ("Lyndon Johnson", "b2", 4))
    tony = ids.resolve("Tony Blair")
    assert tony.articles == 3 and tony.quotes == 55
    assert {n for n, _q, _a in tony.spellings} == {"Tony Blair", "Blair", "Mr Blair"}
    for text in ("blair", "Blair", "Mr. Blair", "mr blair", "tony blair", "T. Blair", "Prime Minister Tony Blair"):
        assert ids.resolve(text) is tony, text
    assert ids.resolve("Cherie Blair").articles == 1
    assert ids.resolve("Johnson") is None  # two people of that name, neither stands out
    assert ids.resolve("L. Johnson").name == "Lyndon Johnson"
    assert ids.resolve("Nobody Known") is None


def test_the_text_decides_whether_a_bare_surname_is_the_full_name():
    def mentions(names, articles):  # "Tony Blair" is written in a2, not in a3; nobody writes "Rival Sony"
        return len(articles & {"a2"}) if names == ("Tony Blair",) else 0

    rows = [("Tony Blair", "a1", 5), ("Blair", "a2", 1), ("Rival Sony", "s1", 1), ("Sony", "s2", 3),
            ("Sony", "s3", 1)]
    plain, checked = SpeakerRegistry(), SpeakerRegistry(mentions=mentions)
    for name, article, quotes in rows:
        plain.add(name, article, quotes)
        checked.add(name, article, quotes)
    assert plain.resolve("Sony") == "Rival Sony"  # on the names alone
    assert checked.resolve("Sony") == "Sony" and checked.resolve("Blair") == "Tony Blair"
    checked.add("Blair", "a3", 1)
    checked.add("Blair", "a4", 1)
    checked.add("Blair", "a5", 1)  # now 1 of 4 articles names him: still a quarter
    assert checked.resolve("Blair") == "Tony Blair"
    checked.add("Blair", "a6", 1)  # 1 of 5: not clear any more
    assert checked.resolve("Blair") == "Blair"


def test_descriptions_are_kept_apart_from_the_ranking_of_people():
    ids = _identities(("spokesman", "a", 3), ("spokesman", "b", 3), ("Analysts", "c", 2), ("analysts", "d", 1),
                      ("Anna Berg", "e", 1))
    assert [i.name for i in ids.top(10)] == ["Anna Berg"]
    assert [(i.name, i.articles) for i in ids.top(10, (DESCRIPTION,))] == [("spokesman", 2), ("analysts", 2)]


# -- a small corpus: counts and results side by side -----------------------------------------


@pytest.fixture
def blair_corpus(tmp_path):
    root = tmp_path / "c"
    write(root / "a.txt", "One\n\n“We will go on,” Prime Minister Tony Blair said.\n\n“And on,” Tony Blair added.\n\n"
                          "“Never,” Tony Blair said.\n\n“Always,” Tony Blair said.\n")
    write(root / "b.txt", "Two\n\nTony Blair went to Leeds.\n\n“It is right,” Blair said on Monday.\n")
    write(root / "c.txt", "Three\n\nThe prime minister, Tony Blair, was asked.\n\n“No,” said Mr Blair.\n\n"
                          "“The budget is sound,” Gordon Brown said.\n")
    write(root / "d.txt", "Four\n\n“Read more,” Cherie Blair said.\n")
    write(root / "e.txt", "Five\n\n“We disagree,” Washington said.\n\n“Talks go on,” Washington added.\n")
    write(root / "f.txt", "Six\n\n“A fine film,” actor Denzel Washington said.\n")
    write(root / "g.txt", "Seven\n\n“Sales fell,” a spokesman said.\n")
    # the carmaker, twice, and a man of that name: no article of the carmaker names him
    write(root / "k1.txt", "Cars\n\n“Prices will rise,” Ford said.\n\nThe carmaker sold more trucks.\n")
    write(root / "k2.txt", "Trucks\n\n“Sales are up,” Ford said.\n\n“We hire,” Ford added.\n")
    write(root / "k3.txt", "Race\n\n“I agree,” Jeremy Ford said.\n")
    index_dir = tmp_path / "i"
    update_index(root, index_dir)
    return root, index_dir


def _searcher(corpus, index_dir) -> Searcher:
    ix, _ = open_index(corpus, index_dir)
    return Searcher(ix)


def test_every_spelling_finds_what_the_registry_counts(blair_corpus):
    with _searcher(*blair_corpus) as s:
        tony = s.identities().resolve("Tony Blair")
        assert tony.articles == 3
        for text in ('speaker:"Tony Blair"', "speaker:blair", 'speaker:"Mr Blair"', 'speaker:"mr. blair"',
                     speaker_term("Blair")):
            assert s.count(text) == 3, text
        assert s.count('speaker:"Cherie Blair"') == 1
        assert s.count("speaker:washington") == 1
        assert s.count('speaker:"Denzel Washington"') == 1
        facets = {name: (quotes, articles) for name, quotes, articles in s.speaker_facets("*", top=20)[0]}
        assert facets["Tony Blair"] == (tony.quotes, 3)
        assert facets["Washington"] == (2, 1) and facets["Denzel Washington"] == (1, 1)
        assert "spokesman" not in facets  # a description: nobody to filter by
        for name, _quotes, articles in s.speaker_facets("*", top=20)[0]:
            assert s.count(with_speaker("*", name)) == articles, name


def test_a_bare_surname_joins_a_full_name_only_where_the_text_names_that_person(blair_corpus):
    with _searcher(*blair_corpus) as s:
        ids = s.identities()
        assert ids.resolve("Ford").articles == 2 and ids.resolve("Jeremy Ford").articles == 1
        assert s.count("speaker:ford") == 2 and s.count('speaker:"Jeremy Ford"') == 1
        assert ids.resolve("Blair") is ids.resolve("Tony Blair")  # b and c say "Tony Blair"


def test_the_speakers_page_gathers_one_identity(blair_corpus):
    with _searcher(*blair_corpus) as s:
        page = s.speaker_page("mr blair")
        assert page.identity is s.identities().resolve("Tony Blair")
        assert {n for n, _q, _a in page.identity.spellings} == {"Tony Blair", "Blair"}
        assert ("Prime Minister", 1) in page.roles
        assert len(page.quotes) == page.identity.quotes == page.months.undated  # the test's files have no dates
        assert {q.title for q in page.quotes} == {"One", "Two", "Three"}
        assert "It is right" in {q.text for q in page.quotes}
        assert page.quoted_with == (("Gordon Brown", 1),)
        assert page.complete
        assert json.loads(json.dumps(page.to_json()))["identity"]["name"] == "Tony Blair"
        assert s.speaker_page("Nobody Known") is None


def test_a_query_that_names_no_known_speaker_still_matches_words(blair_corpus):
    with _searcher(*blair_corpus) as s:
        assert s.count("speaker:gordon") == 1  # a first name alone: the words of the names
        assert s.count("speaker:bl*") == 4  # a wildcard: every speaker with such a word


def test_a_broken_or_stale_registry_file_is_not_trusted(blair_corpus, tmp_path):
    corpus, index_dir = blair_corpus
    path = index_dir / SPEAKERS_FILE
    assert path.is_file()
    with _searcher(corpus, index_dir) as s:
        good = s.identities().resolve("Blair").articles
    for damage in ("{not json", json.dumps({"stamp": {}, "identities": []}), "[]"):
        path.write_text(damage, encoding="utf-8")
        with _searcher(corpus, index_dir) as s:
            assert s.identities().resolve("Blair").articles == good
            assert s.count("speaker:blair") == good
            # made again, and written back: the next search reads it
            assert json.loads(path.read_text(encoding="utf-8"))["stamp"] == registry_data(s._searcher)["stamp"]
    path.unlink()
    with _searcher(corpus, index_dir) as s:
        assert s.identities().resolve("Blair").articles == good
    # a new article: the update writes the registry again, for the new generation
    write(corpus / "h.txt", "Eight\n\n“Onwards,” Tony Blair said.\n")
    update_index(corpus, index_dir)
    assert path.is_file()
    with _searcher(corpus, index_dir) as s:
        assert s.identities().resolve("blair").articles == good + 1 == s.count("speaker:blair")
        stamp = json.loads(path.read_text(encoding="utf-8"))["stamp"]
        assert stamp == registry_data(s._searcher)["stamp"]


# -- BBC: side by side for the top of `reader speakers --corpus` -------------------------------


@pytest.fixture(scope="module")
def bbc(tmp_path_factory):
    if not BBC.is_dir():
        pytest.skip("the BBC data set is not in ../shared")
    index_dir = tmp_path_factory.mktemp("bbc-identities")
    update_index(BBC, index_dir)
    return index_dir


def _speakers_json(index_dir, *extra) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "reader", "speakers", "--corpus", str(BBC), "--index-dir",
                           str(index_dir), "--json", *extra], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_bbc_counts_and_results_agree_for_the_top_15(bbc):
    top = _speakers_json(bbc, "--top", "15")
    assert len(top) == 15
    with _searcher(BBC, bbc) as s:
        facets = {name: articles for name, _q, articles in s.speaker_facets("*", top=200)[0]}
        for row in top:
            found = s.count(speaker_term(row["name"]))
            assert (row["articles"], found, facets.get(row["name"])) == (row["articles"],) * 3, row["name"]
        # narrowed within a query too: the facet count is what the picked filter finds
        for name, _q, articles in s.speaker_facets("minister", top=15)[0]:
            assert s.count(with_speaker("minister", name)) == articles, name


def test_bbc_blair_under_every_spelling_is_one_person(bbc):
    with _searcher(BBC, bbc) as s:
        results = {q: [h.id for h in s.search(q, limit=500).hits]
                   for q in ("speaker:blair", 'speaker:"Blair"', 'speaker:"Tony Blair"', 'speaker:"Mr Blair"')}
        first = sorted(results["speaker:blair"])
        assert len(first) >= 60
        assert all(sorted(ids) == first for ids in results.values()), {q: len(v) for q, v in results.items()}
        assert s.identities().resolve("Mr Blair").articles == len(first)


def test_bbc_ranking_has_no_descriptions_or_organisations_among_people(bbc):
    people = [r["name"] for r in _speakers_json(bbc, "--top", "15") if r["kind"] == "person"]
    for word in ("Analysts", "analysts", "report", "company", "spokesman", "minister", "Tories", "government"):
        assert word not in people
    assert people[:3] == ["Tony Blair", "Michael Howard", "Gordon Brown"]
