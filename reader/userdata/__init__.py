"""What reader keeps for the user, outside the corpus and the index: bookmarks and
the query history, in the user data dir.
"""

from .bookmarks import Bookmark, BookmarkError, Bookmarks
from .history import QueryHistory

__all__ = ["Bookmark", "BookmarkError", "Bookmarks", "QueryHistory"]
