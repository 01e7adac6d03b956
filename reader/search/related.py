"""Related articles: the articles most like a given one, by its most telling words.

Apart from the searcher because it does not parse a query: it builds one from an
article (the app's related screen, ``reader related``).
"""

from __future__ import annotations

import os

from whoosh import query as wq

from ..article import Article
from ..engine import matchers
from .results import Hit, hit_from_fields


def related_articles(searcher, article: Article, limit: int) -> list[Hit]:
    """The ``limit`` articles of the Whoosh ``searcher`` most like ``article`` (not itself), best first.

    Its most telling words (Whoosh's Bo1 model, over title, standfirst and body) are
    searched in the body, each weighted by how telling it is.
    """
    text = "\n".join((article.title, article.standfirst, article.text))
    own = os.path.realpath(article.path) if article.path else None
    keys = searcher.key_terms_from_text("body", text, numterms=15)
    if not keys:
        return []
    q = wq.Or([wq.Term("body", word, boost=weight) for word, weight in keys])
    hits = []
    collector = matchers.top_collector(limit + 5)
    searcher.search_with_collector(q, collector)
    for hit in collector.results():
        fields = hit.fields()
        same_file = own and os.path.realpath(fields.get("path", "")) == own and "loc" not in fields
        if fields["id"] != article.id and not same_file:
            hits.append(hit_from_fields(fields, hit.score))
    return hits[:limit]
