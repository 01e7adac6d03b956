"""``is:read``, ``is:unread`` and ``tag:NAME``: query words answered from the user's marks.

The marks are user data (:mod:`reader.userdata.marks`), a room above search, so the
searcher never imports them: its caller passes any object with ``read_keys()`` and
``tag_keys(tag)`` (sets of article paths relative to the corpus), and each of these words becomes
the set of those articles (terms on the indexed ``file`` field), so it combines with
everything else (``blair is:unread``, ``NOT tag:done``).
"""

from __future__ import annotations

from typing import Protocol

from whoosh import query as wq

MARK_FIELDS = ("is", "tag")
IS_VALUES = ("read", "unread")


class MarkSource(Protocol):
    def read_keys(self) -> set[str]: ...

    def tag_keys(self, tag: str) -> set[str]: ...


def _articles(paths: set[str]) -> wq.Query:
    return wq.Or([wq.Term("file", p) for p in sorted(paths)]) if paths else wq.NullQuery


def rewriter(marks: MarkSource, error):
    """The ``accept`` function turning mark words into article sets; ``error(msg)`` raises."""

    def rewrite(node: wq.Query) -> wq.Query:
        name = getattr(node, "fieldname", None)
        if name not in MARK_FIELDS or not isinstance(node, wq.Term):
            return node
        value = str(node.text).lower()
        if name == "tag":
            return _articles(marks.tag_keys(value))
        if value not in IS_VALUES:
            error(f"unknown is:{value}; use is:read or is:unread")
        read = _articles(marks.read_keys())
        return read if value == "read" else wq.AndNot(wq.Every(), read)

    return rewrite
