"""How much of one article is read: the work an article can cost is bounded here, at ingest.

Every later stage (the index, snippets, attribution, the app's pane, ``show`` and
``related``) costs time and memory in proportion to an article's text. A news article is
rarely over 100 KB and a long interview is perhaps 300 KB; a file far longer than that is
not one article a person reads but a dump, a log or an attack, and before this bound a
45 MB file cost 70 s to index, 57 s to ``show`` and 38 s for ``related``.

Past :data:`MAX_ARTICLE_CHARS` characters of text (the body's paragraphs joined, as
:attr:`Article.text`) or :data:`MAX_PARAGRAPHS` paragraphs, the rest of the article is
not read into the Article, and the file gets one warning that says so. The file on disk is
untouched. The limits are well above any real article, so no real article is cut.
"""

from __future__ import annotations

from dataclasses import replace

from ..article import PARAGRAPH_SEPARATOR, Article
from .problems import Problem

#: The characters of body text read of one article: 1.7 times a long interview (300 KB),
#: five times a long news story; 45 MB became 500,000 characters (1 %).
MAX_ARTICLE_CHARS = 500_000
#: The paragraphs read of one article: a 300 KB interview has some 2,000; ten thousand
#: one-word lines are a list, not prose (each paragraph costs work of its own).
MAX_PARAGRAPHS = 10_000
#: A title or standfirst longer than this is not one (a file of one long line gives its
#: line as the title).
MAX_TITLE_CHARS = 1_000
#: A plain-text or Markdown file is parsed no further than this many characters: four
#: times the text read leaves room for any whitespace and markup, and the rest would
#: only be parsed to be thrown away (45 MB: 1.6 s of splitting paragraphs).
MAX_SOURCE_CHARS = 4 * MAX_ARTICLE_CHARS
MAX_STANDFIRST_CHARS = 5_000
#: A web page larger than this is not read: trafilatura parses a page whole (lxml), in
#: time and memory that grow with it (about 0.45 s a MB here, 4.3 s for 10 MB); a saved
#: news page, scripts and styles inline, is a few MB.
MAX_HTML_BYTES = 10 * 1024 * 1024

# a paragraph cut at the limit ends at a space if there is one this near
_WORD_BREAK_WINDOW = 200


def _cut(text: str, limit: int) -> str:
    """``text`` to ``limit`` characters, ending at a word break if one is near."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", max(0, limit - _WORD_BREAK_WINDOW))
    return cut[:space].rstrip() if space > 0 else cut


def bound_body(body: tuple[str, ...], max_chars: int = MAX_ARTICLE_CHARS,
               max_paragraphs: int = MAX_PARAGRAPHS) -> tuple[str, ...]:
    """The paragraphs that fit in ``max_chars`` characters of text and ``max_paragraphs``;
    the last one cut at a word break when only part of it fits."""
    kept: list[str] = []
    used = 0
    for para in body[:max_paragraphs]:
        room = max_chars - used - (len(PARAGRAPH_SEPARATOR) if kept else 0)
        if len(para) <= room:
            kept.append(para)
            used += len(para) + (len(PARAGRAPH_SEPARATOR) if len(kept) > 1 else 0)
            continue
        if room > 0 and (piece := _cut(para, room)):
            kept.append(piece)
        break
    return tuple(kept)


def _text_length(body: tuple[str, ...]) -> int:
    return sum(map(len, body)) + len(PARAGRAPH_SEPARATOR) * max(0, len(body) - 1)


def bound_article(article: Article, line: int | None = None, *,
                  source_cut: bool = False) -> tuple[Article, Problem | None]:
    """The article with no more than the limits of text, and the one warning that says
    what was left unread (None: the whole article is read). ``line``: of a JSON Lines file;
    ``source_cut``: the file was parsed only to :data:`MAX_SOURCE_CHARS`."""
    body, what = article.body, None
    too_long = f"longer than {MAX_ARTICLE_CHARS:,} characters: only the first {MAX_ARTICLE_CHARS:,} are read"
    if len(body) > MAX_PARAGRAPHS and _text_length(body[:MAX_PARAGRAPHS]) <= MAX_ARTICLE_CHARS:
        what = f"more than {MAX_PARAGRAPHS:,} paragraphs: only the first {MAX_PARAGRAPHS:,} are read"
    elif source_cut or _text_length(body) > MAX_ARTICLE_CHARS:
        what = too_long
    if what is not None:
        body = bound_body(body)
    title = _cut(article.title, MAX_TITLE_CHARS)
    standfirst = _cut(article.standfirst, MAX_STANDFIRST_CHARS)
    if what is None and title is not article.title:
        what = f"title longer than {MAX_TITLE_CHARS:,} characters: only the first {MAX_TITLE_CHARS:,} are read"
    elif what is None and standfirst is not article.standfirst:
        what = (f"standfirst longer than {MAX_STANDFIRST_CHARS:,} characters: "
                f"only the first {MAX_STANDFIRST_CHARS:,} are read")
    if what is None:
        return article, None
    bounded = replace(article, title=title, standfirst=standfirst, body=body)
    return bounded, Problem(article.path, what, line=line, skipped=False)
