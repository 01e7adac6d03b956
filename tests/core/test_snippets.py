"""Snippets: the fragment a result shows, and the words marked in it and in the article."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.article import Article
from reader.index import open_index, update_index
from reader.index.schema import text_analyzer
from reader.search import Searcher, make_snippet, match_spans
from reader.search.snippets import SNIPPET_CHARS, _Vocabulary, article_snippet, lead_snippet

from support import BUNDLED, SHARED, write

_ANALYZER = text_analyzer()


def analyzer_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """The words Whoosh's own analyzer gives one of ``terms`` (stop words left out)."""
    return [(t.startchar, t.endchar) for t in _ANALYZER(text, chars=True, removestops=False)
            if not t.stopped and t.text in terms]


def marked(snippet) -> list[str]:
    return [snippet.text[s:e] for s, e in snippet.highlights]


HOSTILE = ["[@click=app.quit]", "[/", "[bold]x[/]", "\\[", "\x1c", "\x00", "\t", "\n", "\n\n", "e\u0301", "q\u0307",
           "Šakalienė", "Sakaliene", "U.S.", "3.5", "a..b", "_oil", "oil_", "oil.price", "—", "…", "x" * 90,
           "y" * 230, "oil", "Oil", "oils", "soil", "prices", "price", "the", "will", "wills", " ", " ", ", ", ". "]
texts = st.lists(st.sampled_from(HOSTILE), max_size=120).map("".join)
TERMS = [{"oil"}, {"oil", "price"}, {"sakalien"}, {"will"}, {"x" * 90}, {"y" * 230}, {"3.5"}, {"u.s"}]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(TERMS))
def test_the_marked_words_are_the_analyzers(text, terms):
    assert match_spans(text, terms) == analyzer_spans(text, terms)


def test_the_marked_words_are_the_analyzers_in_real_articles():
    texts = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.txt"))[:30]]
    texts.append("The U.S. and the E.U.: a “deadly trap”, Šakalienė said.")
    for text in texts:
        terms = {t.text for t in _ANALYZER(text)}  # every word is a hit
        assert match_spans(text, terms) == analyzer_spans(text, terms)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(TERMS))
def test_a_snippet_marks_every_hit_it_shows_and_nothing_else(text, terms):
    snippet = make_snippet(text, terms)
    if snippet is None:  # no hit, or only hits longer than a whole snippet
        assert all(e - s > SNIPPET_CHARS for s, e in analyzer_spans(text, terms))
        return
    assert list(snippet.highlights) == match_spans(snippet.text, terms) != []
    assert "\n" not in snippet.text
    flat = text.replace("\n\n", " ").replace("\n", " ")
    core = snippet.text.removeprefix("…").removesuffix("…")
    assert core in flat
    if not snippet.text.startswith("…"):  # no "…": the article's opening
        assert flat.startswith(core)


def test_accents_and_stems_are_found_and_stop_words_never_marked():
    snippet = make_snippet("Officials said Šakalienė was running; the runners ran.", {"sakalien", "run"})
    assert marked(snippet) == ["Šakalienė", "running"]
    # "wills" stems to "will", itself a stop word: only "wills" is a hit
    assert marked(make_snippet("He wills it, and the will is there.", {"will"})) == ["wills"]


def test_the_fragment_with_the_most_distinct_terms_wins():
    filler = "and so on " * 40
    text = "Oil rose. " + filler + "Oil again. " + filler + "Oil prices fell. " + filler
    assert marked(make_snippet(text, {"oil", "price"})) == ["Oil", "prices"]


def test_a_hit_late_in_a_long_article_is_found():
    snippet = make_snippet("filler " * 6000 + "the needle is here", {"needl"})  # past 32,768 characters
    assert snippet.text.startswith("…") and marked(snippet) == ["needle"]


def test_the_hit_that_fills_a_fragment_is_marked_too():
    # each hit keeps the fragment open; the fourth takes its words past the size and closes it
    block = "needle " + "aaaa " * 16 + "aa "
    snippet = make_snippet(block * 6, {"needl"})
    assert marked(snippet) == ["needle"] * 4 and snippet.text.endswith("needle…")


def test_very_long_words():
    long_hit = "z" * 100
    assert marked(make_snippet(f"a {long_hit} b", {long_hit})) == [long_hit]
    # a hit longer than a whole snippet is not shown: the article's lead is
    article = Article("a", "/a", "T", None, "", ("y" * 300 + " and more",))
    assert article_snippet(article, {"y" * 300}).highlights == ()


def test_the_lead_when_no_term_occurs_and_empty_articles():
    article = Article("a", "/a", "T", None, "The standfirst.", ("Body " * 100,))
    assert article_snippet(article, {"absent"}).text == "The standfirst."
    assert marked(article_snippet(article, {"standfirst"})) == ["standfirst"]
    lead = article_snippet(Article("a", "/a", "T", None, "", ("word " * 100,)), {"absent"})
    assert lead.text.endswith("…") and len(lead.text) <= SNIPPET_CHARS + 1 and lead == lead_snippet("word " * 100)
    assert article_snippet(Article("a", "/a", "T", None, "", ()), {"absent"}).text == ""
    assert make_snippet("", {"x"}) is None and make_snippet("x", set()) is None and match_spans("", {"x"}) == []


def test_the_word_memory_stays_bounded_and_right():
    vocabulary = _Vocabulary(limit=5)
    for _ in range(3):
        assert vocabulary.matching({"Oil", "oils", "prices", "the", "a"}, frozenset({"oil"})) == {"Oil": "oil", "oils": "oil"}
        assert vocabulary.matching({"Running", "runner", "ran", "new", "words", "here"}, frozenset({"run"})) == {"Running": "run"}
        assert len(vocabulary._known) <= 6


def test_threads_get_the_same_snippets():
    texts = [f"story {i} " + "filler words here " * (i % 30) + "oil prices rose " * (1 + i % 3) + "end" for i in range(60)]
    expected = [make_snippet(t, {"oil", "price"}) for t in texts]
    results: dict[int, list] = {}

    def work(n):
        results[n] = [make_snippet(t, {"oil", "price"}) for t in texts]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results.values())


def test_hostile_articles_get_literal_snippets(tmp_path):
    root = tmp_path / "c"
    write(root / "markup.txt", "Markup\n\nPress [@click=app.quit] to leave the needle [/ and \x1b[2J more [bold]x[/].\n")
    write(root / "accents.txt", "Accents\n\nThe minister Šakalienė (written Šakalienė) spoke about the needle.\n")
    write(root / "empty.txt", "Only a title\n")
    update_index(root, tmp_path / "i")
    ix, _ = open_index(root, tmp_path / "i")
    with Searcher(ix) as s:
        hits = {h.path.rsplit("/", 1)[-1]: h.snippet for h in s.search("needle OR sakaliene OR title").hits}
    # the escape sequence went at ingest; a fragment ends on a word, so "…" stands for "[/]."
    assert hits["markup.txt"].text == "Press [@click=app.quit] to leave the needle [/ and more [bold]x…"
    assert marked(hits["markup.txt"]) == ["needle"]
    assert marked(hits["accents.txt"]) == ["Šakalienė", "Šakalienė", "needle"]  # NFC and NFD alike
    assert hits["empty.txt"].text == ""


def test_a_huge_article_is_searched_for_hits_only_in_its_opening():
    from reader.search.snippets import SCAN_CHARS

    early = make_snippet("needle here. " + "filler " * (SCAN_CHARS // 3), {"needl"})
    assert marked(early) == ["needle"]
    assert make_snippet("filler " * (SCAN_CHARS // 6) + "the needle", {"needl"}) is None  # past the opening


def test_one_text_of_many_new_words_does_not_wipe_what_others_taught():
    from reader.search import snippets

    vocabulary = snippets._Vocabulary(limit=400)
    assert vocabulary.matching({"prices", "oil"}, frozenset({"price"})) == {"prices": "price"}
    known = set(vocabulary._known)
    many = {f"word{n}x" for n in range(300)} | {"prices"}
    assert vocabulary.matching(many, frozenset({"price", "word7x"})) == {"prices": "price", "word7x": "word7x"}
    assert vocabulary._known == known  # neither filled by the big one nor emptied


def test_a_words_term_starts_with_its_folded_first_letter():
    """Snippets analyse only the words that start as a wanted term does: that rests on the
    stemmer changing only a word's end, held here on BBC's words and hard cases."""
    import re

    from reader.index import word_term

    term = word_term()
    words = {"dying", "lying", "skis", "early", "only", "yelling", "Ætna", "Şakalienė", "ÉCOLE", "İstanbul",
             "generously", "relational", "ugly", "news", "ß-bahn"}
    bbc = SHARED / "datasets" / "bbc"
    for path in sorted(bbc.glob("*/*.txt"))[::3]:
        words.update(re.findall(r"\w+(?:\.\w+)*", path.read_text(encoding="utf-8", errors="replace")))
    wrong = [(w, t) for w in words if (t := term(w)) is not None and t[:1] != term.initial(w)]
    assert not wrong
