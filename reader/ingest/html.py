"""HTML articles: a saved news page's main text, with its title and date from the page's metadata.

A web page is mostly not the article: navigation, cookie banners, related links,
comments, footers. Telling the story from the rest is a research problem of its own,
so it is left to trafilatura (main-text extraction by tree heuristics with jusText and
readability-style fallbacks; htmldate for dates). trafilatura and its lxml stack are
heavy, so they are imported only when an HTML file is loaded; they come with the plain
install, and should they be missing an HTML file is skipped with a warning that says how
to get them.

What reader takes from the page, and from where:

- the text: decoded by :mod:`reader.text` like every other file (its ``<meta
  charset>`` is the encoding to try when the bytes are not UTF-8), then trafilatura's
  main text without comments, one paragraph per line, cleaned again (the page's
  character references, ``&#27;``, can spell what the raw bytes did not);
- title, description (the standfirst), author, site name and URL: trafilatura's
  metadata (Open Graph, ``<meta>``, JSON-LD, ``<title>``, a lone ``<h1>``);
- the date: htmldate, but run on a copy of the page that holds only its metadata
  (``<head>``, ``<meta>`` and JSON-LD anywhere, the ``<time>`` elements of the
  ``<article>``): given the whole page it would guess from any date in the body (a
  court ruling "on 12 March 2019", a comment's "posted 6 March", a copyright year),
  and a wrong date is worse than none.
"""

from __future__ import annotations

import codecs
import re
from copy import deepcopy
from datetime import date

from ..article import Article
from ..text import clean, clean_line
from .dates import parse_date
from .problems import Problem

#: The one warning line for an HTML file when the extra is not installed.
MISSING_EXTRA = "skipped: reading HTML needs trafilatura; install it with pip install trafilatura"

# The encoding a page declares in its first 1024 bytes (the HTML standard's prescan
# window): <meta charset=...>, <meta http-equiv=Content-Type content="...; charset=...">,
# or an XML declaration.
_DECLARED_CHARSET = re.compile(
    rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})"
    rb"|<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})",
    re.IGNORECASE,
)
# What browsers do with some labels (the WHATWG Encoding Standard): Latin-1 and ASCII
# pages are read as Windows-1252, whose curly quotes they nearly always contain; a page
# cannot really be UTF-16 if its declaration could be read as ASCII.
_WHATWG_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "tis-620": "cp874"}
_IGNORED_DECLARATIONS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}

# Where a page's own comment threads usually live: their <time>s are not the article's.
_COMMENTS = "contains(translate(concat(@class, ' ', @id), 'COMENT', 'coment'), 'comment')"
_DATE_MARKUP = (
    "//body//meta"
    " | //script[@type='application/ld+json']"
    " | //article//time[not(ancestor::*[" + _COMMENTS + "])]"
    " | //h1"
)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")
_WORD = re.compile(r"\w+")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def declared_charset(data: bytes) -> str | None:
    """The Python codec for the encoding a page declares, or None if it declares none we can use."""
    match = _DECLARED_CHARSET.search(data[:1024])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").strip("\"'")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _IGNORED_DECLARATIONS:
        return None
    return _WHATWG_ALIASES.get(name, name)


def _control_reference(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return chr(code) if code < 0x20 or code == 0x7F else match.group(0)


def spell_out_controls(text: str) -> str:
    """The page with its references to control characters (``&#27;``) made the characters.

    Then :func:`reader.text.clean` removes them as it does from any file, with the whole
    escape sequence they start, instead of the parser making them text (which also makes
    lxml give up on the page).
    """
    if "&#" not in text:
        return text
    return _CHARACTER_REFERENCE.sub(_control_reference, text)


def extra_installed() -> bool:
    """Whether trafilatura can be imported (it is imported here, once, on the first HTML file)."""
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def _metadata_page(tree):
    """A copy of the page with only its metadata (see the module docstring), and its ``<h1>``s
    for the title."""
    from lxml import html as lxml_html

    page = lxml_html.Element("html")
    head = tree.find("head")
    page.append(deepcopy(head) if head is not None else lxml_html.Element("head"))
    body = lxml_html.Element("body")
    page.append(body)
    for element in tree.xpath(_DATE_MARKUP):
        if head is not None and element.getparent() is head:
            continue
        copied = deepcopy(element)
        copied.tail = None
        body.append(copied)
    return page


def _paragraphs(text: str, headlines: set[str]) -> list[str]:
    """One paragraph per line of the extracted text, without a leading headline."""
    paragraphs = [" ".join(line.split()) for line in clean(text).split("\n")]
    paragraphs = [p for p in paragraphs if p]
    # the headline (the title, or the <h1> when og:title words it differently) is
    # usually the first block of the article element too
    if paragraphs and paragraphs[0].casefold() in headlines:
        paragraphs = paragraphs[1:]
    return paragraphs


def _standfirst(description: str, title: str, paragraphs: list[str]) -> str:
    """The page's description, unless it only repeats the title or the first paragraph."""
    if not description or description.casefold() == title.casefold():
        return ""
    lead = _ELLIPSIS.sub("", description)
    if paragraphs and paragraphs[0].startswith(lead):
        return ""
    return description


def parse_html(text: str, path: str, article_id: str) -> Article | Problem:
    """An HTML page's article, or why there is none.

    ``text`` is the page already decoded and cleaned. Raises ImportError when the
    ``html`` extra is not installed (callers check :func:`extra_installed` first).
    """
    import trafilatura
    from trafilatura.metadata import extract_metadata

    try:
        tree = trafilatura.load_html(text)
        if tree is None:
            return Problem(path, "not an HTML page")
        extracted = trafilatura.bare_extraction(
            tree, include_comments=False, include_tables=True, with_metadata=False, fast=False
        )
        metadata = extract_metadata(
            _metadata_page(tree),
            date_config={"extensive_search": False, "original_date": True,
                         "max_date": date.today().isoformat()},
        )
    except RecursionError:
        return Problem(path, "HTML nested too deeply to read")
    except Exception as exc:  # lxml and the extractors raise many types; all mean the same here
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        return Problem(path, f"HTML could not be read ({reason})")
    title = clean_line(metadata.title or "")
    headlines = {title.casefold()} | {" ".join(h1.text_content().split()).casefold() for h1 in tree.iter("h1")}
    paragraphs = _paragraphs(extracted.text if extracted is not None else "", headlines)
    if not paragraphs:
        return Problem(path, "no article text found in the page")
    # what is left of a page of navigation when the extractor falls back to "all the text"
    link_words = {word for link in tree.iter("a") for word in _WORD.findall(link.text_content().casefold())}
    if all(word in link_words for paragraph in paragraphs for word in _WORD.findall(paragraph.casefold())):
        return Problem(path, "no article text found in the page (only links)")
    meta = {"format": "html"}
    for key, value in (("author", metadata.author), ("source", metadata.sitename), ("url", metadata.url)):
        if value and (value := clean_line(value)):
            meta[key] = value
    return Article(
        id=article_id, path=path, title=title, date=parse_date(metadata.date),
        standfirst=_standfirst(clean_line(metadata.description or ""), title, paragraphs),
        body=tuple(paragraphs), meta=meta,
    )
