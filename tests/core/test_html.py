"""HTML articles: the story of a saved news page, its title and date from the page's metadata,
and every kind of bad page skipped with one line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.index import update_index
from reader.ingest import load_bytes, load_file, walk
from reader.text import clean

from support import write

READER = shutil.which("reader")

STORY = [
    "Dock workers at the city's container port will return to work on Monday after union members voted "
    "to accept a new pay offer, ending a strike that lasted twelve days and left dozens of ships waiting offshore.",
    "The deal raises wages by 7 per cent this year and a further 4 per cent next year, and limits night "
    "shifts to three a week, according to the union.",
    "“This is a fair deal that recognises the work our members do in all weathers,” said Tom Harris, "
    "the union's regional secretary. “Nobody wanted this strike to go on.”",
    "The port authority said it expected the backlog of ships to clear within a fortnight. Exporters of "
    "fruit and machinery had warned that the stoppage was costing them millions of euros a day.",
    "Transport minister Anna Berg welcomed the agreement and said the government would review how future "
    "disputes at critical infrastructure are handled.",
]
BOILERPLATE = ["cookie", "Subscribe", "Related stories", "Ferry fares", "sailor77", "shameful",
               "All rights reserved", "Privacy policy", "dataLayer", "By Maria Lopez"]

HEAD = """<meta charset="utf-8">
<title>Port strike ends after 12 days | The Harbour Gazette</title>
<meta property="og:title" content="Port strike ends after 12 days">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="og:url" content="https://gazette.example/news/port-strike-ends">
<meta name="description" content="Dock workers return on Monday after a pay deal with the port authority.">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<meta property="article:modified_time" content="2024-03-06T11:00:00+01:00">
<meta name="author" content="Maria Lopez">
<link rel="stylesheet" href="/style.css">
<script>window.dataLayer = [];</script>"""


def news_page(head: str = HEAD, byline: str = '<p class="byline">By Maria Lopez</p>', story=STORY,
              headline: str = "Port strike ends after 12 days") -> str:
    """A saved news page as sites make them: banner, header, nav, article, aside, comments, footer."""
    paragraphs = "\n".join(f"  <p>{p}</p>" for p in story)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{head}
</head>
<body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience. By continuing
you accept our cookie policy.</p><button>Accept all cookies</button></div>
<header class="site-header">
  <a href="/" class="logo">The Harbour Gazette</a>
  <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/subscribe">Subscribe now</a></li></ul></nav>
</header>
<main>
<article>
  <h1>{headline}</h1>
  {byline}
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Ferry fares to rise in spring</a></li>
<li><a href="/b">New cranes for the north quay</a></li></ul></aside>
<section id="comments" class="comments">
  <h2>Comments</h2>
  <div class="comment"><p class="comment-author">sailor77</p><p>About time! My shipment has been stuck for
  two weeks, posted on 6 March 2021.</p><time datetime="2021-03-06">6 March</time></div>
  <div class="comment"><p class="comment-author">J. Smith</p><p>The union got everything it wanted, shameful.</p></div>
</section>
</main>
<footer><p>© 2022 The Harbour Gazette. All rights reserved. Updated 2022-06-07.</p><ul>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul></footer>
</body>
</html>
"""


def one(result):
    assert len(result.articles) == 1, [str(p) for p in result.problems]
    return result.articles[0]


def one_problem(result, name):
    assert result.articles == [] and len(result.problems) == 1 and result.skipped == 1
    line = str(result.problems[0])
    assert name in line and "\n" not in line
    return line


def everything(article) -> str:
    return "\n".join([article.title, article.standfirst, *article.body, *article.meta.values()])


def test_a_news_page_gives_its_story_and_nothing_else(tmp_path):
    article = one(load_file(str(write(tmp_path / "port.html", news_page()))))
    assert article.title == "Port strike ends after 12 days"
    assert article.date == datetime(2024, 3, 5)  # published, not modified
    assert article.standfirst == "Dock workers return on Monday after a pay deal with the port authority."
    assert article.body == tuple(STORY)  # one paragraph each, the headline not repeated
    text = everything(article)
    for junk in BOILERPLATE:
        assert junk not in text, junk
    assert dict(article.meta) == {"format": "html", "author": "Maria Lopez", "source": "The Harbour Gazette",
                                  "url": "https://gazette.example/news/port-strike-ends"}


def test_htm_and_upper_case_endings_are_articles_too(tmp_path):
    write(tmp_path / "c" / "a.htm", news_page())
    write(tmp_path / "c" / "B.HTML", news_page())
    write(tmp_path / "c" / "README.html", news_page())
    write(tmp_path / "c" / "style.css", "p {}")
    assert [f.key for f in walk(tmp_path / "c")] == ["B.HTML", "a.htm"]
    assert one(load_file(str(tmp_path / "c" / "B.HTML"))).body == tuple(STORY)


JSON_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
           '"headline": "Dockers back at work", "datePublished": "2021-09-10T08:00:00+02:00"}</script>')


@pytest.mark.parametrize(
    "head, byline, title, date",
    [
        ('<meta property="og:title" content="Dockers end strike"><title>Port | Gazette</title>'
         '<meta property="article:published_time" content="2023-05-04T10:00:00Z">',
         "", "Dockers end strike", datetime(2023, 5, 4)),
        ('<title>Port strike ends after 12 days - The Harbour Gazette</title><meta name="date" content="2022-01-02">',
         "", "Port strike ends after 12 days", datetime(2022, 1, 2)),
        (JSON_LD, "", "Dockers back at work", datetime(2021, 9, 10)),
        ("<title>Port strike ends after 12 days</title>",
         '<p class="byline">By Maria Lopez, <time datetime="2019-11-12T08:00">12 November</time></p>',
         "Port strike ends after 12 days", datetime(2019, 11, 12)),
        ("<title>Port strike ends after 12 days</title>",
         '<meta itemprop="datePublished" content="2018-03-04">', "Port strike ends after 12 days",
         datetime(2018, 3, 4)),
        # no date in the metadata: none, although the body, a comment and the footer have dates
        ("<title>Port strike ends after 12 days</title>", "", "Port strike ends after 12 days", None),
    ],
    ids=["og-and-published-time", "meta-date", "json-ld", "time-element", "itemprop", "none"],
)
def test_title_and_date_come_from_the_metadata(tmp_path, head, byline, title, date):
    story = [*STORY, "The last agreement, signed on 12 March 2015, had run out in January."]
    article = one(load_file(str(write(tmp_path / "p.html", news_page(head, byline, story)))))
    assert (article.title, article.date) == (title, date)
    assert article.body == tuple(story)
    assert article.standfirst == ""  # no description: no standfirst, as for text files


def test_a_description_that_repeats_the_lead_is_not_a_standfirst(tmp_path):
    head = f'<title>Port strike ends</title><meta name="description" content="{STORY[0][:120]}…">'
    article = one(load_file(str(write(tmp_path / "p.html", news_page(head)))))
    assert article.standfirst == "" and article.body == tuple(STORY)


LATIN_STORY = [
    "Le café de la place, à Montréal, fermera ses portes lundi après quarante ans, a annoncé sa propriétaire "
    "dans une lettre aux habitués du quartier.",
    "« Nous n’avons plus le choix », a déclaré Hélène Côté. “Les loyers ont doublé en cinq ans.”",
    "La municipalité a promis d’étudier un soutien aux commerces de proximité, sans préciser de calendrier.",
]


@pytest.mark.parametrize("declaration", [
    '<meta charset="iso-8859-1">',
    '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
])
def test_a_latin1_page_is_read_in_its_declared_charset(tmp_path, declaration):
    head = f"{declaration}<title>Le café de la place ferme ses portes</title>"
    # Windows-1252, as browsers read pages that say ISO-8859-1: curly quotes included
    data = news_page(head, story=LATIN_STORY, headline="Le café de la place ferme ses portes").encode("cp1252")
    result = load_file(str(write(tmp_path / "cafe.html", data)))
    article = one(result)
    assert result.problems == []  # declared, not guessed: no "not UTF-8" note
    assert article.title == "Le café de la place ferme ses portes"
    assert article.body == tuple(LATIN_STORY)


def test_an_xhtml_page_with_an_xml_declaration(tmp_path):
    page = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + news_page(
        "<title>Le café</title>", story=LATIN_STORY, headline="Le café")
    article = one(load_file(str(write(tmp_path / "x.html", page.encode("cp1252")))))
    assert article.body == tuple(LATIN_STORY)


def test_a_page_that_declares_latin1_but_is_utf8_is_read_as_utf8(tmp_path):
    head = '<meta charset="iso-8859-1"><title>Le café</title>'
    article = one(load_file(str(write(tmp_path / "u.html", news_page(head, story=LATIN_STORY)))))
    assert article.body == tuple(LATIN_STORY)


HOSTILE_STORY = [
    "Markup stays text: [bold red]alarm[/] [@click=app.quit]quit[/] and a lone [/ in the story.",
    "Escapes go: clipboard \x1b]52;c;aGk=\x07write and \x1b[2Jclear, and spelled as references "
    "&#27;]52;c;aGk=&#7;write and &#x1b;[2Jclear, bidi \u202eevil\u202c text.",
    "Scripts go: <script>document.write('injected')</script>the rest of the sentence stays.",
    *STORY[:3],
]


def test_hostile_text_in_a_page_is_shown_literally_and_escapes_are_removed(tmp_path):
    head = ('<meta property="og:title" content="Title \x1b]0;owned\x07[b]x[/b] &#27;[31m">'
            '<meta name="description" content="Desc &#x1b;[2J [/">')
    article = one(load_file(str(write(tmp_path / "h.html", news_page(head, story=HOSTILE_STORY)))))
    assert article.title == "Title [b]x[/b]"
    assert article.standfirst == "Desc [/"
    assert article.body[:3] == (
        "Markup stays text: [bold red]alarm[/] [@click=app.quit]quit[/] and a lone [/ in the story.",
        "Escapes go: clipboard write and clear, and spelled as references write and clear, bidi evil text.",
        "Scripts go: the rest of the sentence stays.",
    )
    for text in (article.title, article.standfirst, *article.body):
        assert text == clean(text) and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)


BAD_PAGES = {
    "empty.html": (b"", "empty file"),
    "blank.htm": (b" \n\t\n", "empty file"),
    "junk.html": (bytes(range(256)) * 20, "binary"),
    "high junk.html": (bytes(range(0x80, 0x100)) * 40, "not text"),
    "plain text.html": (b"Just some words, not a page at all, in a file whose name says HTML.", "not an HTML page"),
    "nav only.html": (b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
                      b"<a href='/news'>News</a></nav><footer>(c) 2024</footer></body></html>", "no article text"),
    "spa.html": (b"<!doctype html><html><head><title>App</title><script src=app.js></script></head>"
                 b"<body><div id=root></div><script>render()</script></body></html>", "no article text"),
}


@pytest.mark.parametrize("name", list(BAD_PAGES))
def test_a_page_without_an_article_is_one_problem(tmp_path, name):
    data, message = BAD_PAGES[name]
    line = one_problem(load_file(str(write(tmp_path / name, data))), name)
    assert message in line


@pytest.mark.parametrize("name, page", [
    ("deep.html", "<html><head><title>Deep</title></head><body>" + "<div>" * 100_000 + "".join(
        f"<p>{p}</p>" for p in STORY) + "</div>" * 100_000 + "</body></html>"),
    ("unclosed.html", "<html><head><title>Unclosed</title><body>" + "<span><b><i>" * 30_000 + "".join(
        f"<p>{p}" for p in STORY)),
    ("broken.html", "<html><head><title>Broken</ti<body><p>Unclosed <b>bold <i>text" + "".join(
        f"<p>{p}</b></table>" for p in STORY) + "</span></div></td>"),
    ("attributes.html", news_page().replace("<article>", "<article " + 'data-x="1" ' * 20_000 + ">")),
])
def test_malformed_pages_give_an_article_or_one_problem_never_a_crash(tmp_path, name, page):
    result = load_file(str(write(tmp_path / name, page)))
    if result.articles:
        for text in (result.articles[0].title, *result.articles[0].body):
            assert text == clean(text)
    else:
        one_problem(result, name)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=60))
def test_any_text_in_a_page_loads_or_is_one_problem(story, title):
    page = news_page(f"<title>{title}</title>", story=[story, *STORY[:2]]).encode("utf-8", "surrogatepass")
    result = load_bytes(page, "/x/fuzz.html", "fuzz.html")
    assert len(result.articles) + result.skipped == 1
    for article in result.articles:
        for text in (article.title, article.standfirst, *article.body):
            assert text == clean(text) and "\x1b" not in text


def test_without_the_html_extra_a_page_is_skipped_with_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` fail
    line = one_problem(load_file(str(write(tmp_path / "port.html", news_page()))), "port.html")
    assert "pip install trafilatura" in line


def test_without_the_html_extra_indexing_warns_once_per_page_and_goes_on(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setitem(sys.modules, "trafilatura", None)
    corpus = tmp_path / "corpus"
    write(corpus / "port.html", news_page())
    write(corpus / "note.txt", "A text article\n\nIt is indexed all the same.\n")
    warnings: list[str] = []
    summary = update_index(corpus, tmp_path / "idx", workers=1, warn=warnings.append)
    assert (summary.total, summary.skipped) == (1, 1)
    assert len(warnings) == 1 and "port.html" in warnings[0] and "pip install trafilatura" in warnings[0]
    # once the extra is there, the next update reads the page (a skipped file is not remembered)
    monkeypatch.setitem(sys.modules, "trafilatura", trafilatura)
    assert update_index(corpus, tmp_path / "idx", workers=1).added == 1


def run(*args):
    assert READER, "the reader script is not installed (pip install '.[test]')"
    return subprocess.run([READER, *args], capture_output=True, text=True, timeout=300)


def test_an_html_page_in_a_corpus_is_searchable_and_shown(tmp_path):
    corpus = tmp_path / "corpus"
    page = write(corpus / "news" / "port strike.html", news_page())
    write(corpus / "other.txt", "Unrelated\n\nNothing about harbours here.\n")
    index = str(tmp_path / "idx")
    built = run("index", str(corpus), "--index-dir", index, "--json")
    assert built.returncode == 0 and "warning" not in built.stderr, built.stderr
    assert json.loads(built.stdout.splitlines()[-1])["added"] == 2

    found = run("search", "night shifts", "--corpus", str(corpus), "--index-dir", index, "--json")
    assert found.returncode == 0, found.stderr
    [hit] = json.loads(found.stdout)
    assert (hit["path"], hit["title"], hit["date"]) == (str(page), "Port strike ends after 12 days",
                                                        "2024-03-05T00:00:00")
    assert "night shifts" in hit["snippet"] and "Tom Harris" in hit["speakers"]
    assert json.loads(run("search", "cookies OR sailor77 OR privacy", "--corpus", str(corpus),
                          "--index-dir", index, "--json").stdout) == []

    shown = run("show", str(page), "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["title"] == "Port strike ends after 12 days" and data["body"] == STORY
    assert data["standfirst"].startswith("Dock workers return")
    harris = next(s for s in data["speakers"] if s["name"] == "Tom Harris")
    assert harris["role"] == "regional secretary"
    assert [q["text"] for q in harris["quotes"]] == [
        "This is a fair deal that recognises the work our members do in all weathers",
        "Nobody wanted this strike to go on."]
