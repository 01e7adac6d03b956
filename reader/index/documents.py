"""Turning an Article into the fields of an index document, and back.

Kept apart from the index writer so that pool workers can build documents (the costly
part: parsing and attributing speakers) and send finished dicts to the one writer.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING

from ..article import Article
from ..attribution.names import name_keys
from ..ingest import load_file, load_jsonl_record
from .quote_records import quote_documents
from .schema import NAME_SEPARATOR, NO_DATE
from .speakers import spelling_token

if TYPE_CHECKING:
    from ..ingest import CorpusFile


def article_documents(article: Article, *, file: CorpusFile, sha: str, quotes: bool = True) -> tuple[dict, list[dict]]:
    """The Whoosh fields for one article of ``file`` (whose content hash is ``sha``), and
    its quote records (:mod:`.quote_records`; none with ``quotes=False``).

    Attributing speakers happens here, once, in the pool worker that parsed the file:
    the article's document and its quote records are made from the same attribution.
    """
    from ..attribution.speakers import attribute  # indexing only: a search reads no attribution rules

    attribution = attribute(article.body)
    doc = _article_fields(article, attribution, file=file, sha=sha)
    return doc, quote_documents(article, attribution, file_key=file.key) if quotes else []


def _article_fields(article: Article, attribution, *, file: CorpusFile, sha: str) -> dict:
    names = [s.name for s in attribution.speakers]
    quotes = [q.text for s in attribution.speakers for q in s.quotes] + [q.text for q in attribution.unattributed]
    doc = {
        "id": article.id,
        "file": file.key,
        "path": article.path,
        "title": article.title,
        "standfirst": article.standfirst,
        "body": article.text,
        "speakers": [[s.name, len(s.quotes)] for s in attribution.speakers],
        "speaker": NAME_SEPARATOR.join(names),
        "speakerkey": " ".join(k for name in names for k in name_keys(name)),
        "speakername": " ".join(spelling_token(name) for name in names),
        "quotes": "\n\n".join(quotes),
        "meta": dict(article.meta),
        "size": file.size,
        "mtime_ns": file.mtime_ns,
        "sha": sha,
    }
    if "offset" in article.meta:
        doc["loc"] = (int(article.meta["offset"]), int(article.meta["line"]))
    if article.date is not None:
        doc["date"] = article.date
        doc["datesort"] = calendar.timegm(article.date.timetuple())
    else:
        doc["datesort"] = NO_DATE
    return doc


def load_indexed_article(fields: dict) -> Article | None:
    """Re-read the article behind a stored index document, or None if it is gone."""
    path = fields.get("path")
    if not path:
        return None
    loc = fields.get("loc")
    if loc:
        offset, line = loc
        return load_jsonl_record(path, offset, line, fields["id"])
    result = load_file(path, fields["id"], follow_symlinks=False)  # the walk resolved every link
    return result.articles[0] if result.articles else None
