"""Searching an index: the searcher (parse, rank, count), snippets, suggestions,
query editing and export of results, shared by the CLI and the app.
"""

from .export import Export, ExportError, all_results, check_destination, default_destination, write_file, write_hits
from .facets import MonthCounts
from .identities import DESCRIPTION, ORGANISATION, PERSON, Identities, Identity, speaker_query
from .query_edit import speaker_term, with_month, with_speaker
from .results import Hit, SearchResult
from .searcher import QueryError, Searcher
from .snippets import Snippet, make_snippet, match_spans
from .speaker_page import PageQuote, SpeakerPage
from .suggest import SUGGEST_BELOW

__all__ = [
    "DESCRIPTION", "Export", "ExportError", "Hit", "Identities", "Identity", "MonthCounts", "ORGANISATION",
    "PERSON", "PageQuote", "SpeakerPage", "QueryError", "SUGGEST_BELOW", "SearchResult",
    "Searcher", "Snippet", "all_results", "check_destination", "default_destination",
    "make_snippet", "match_spans", "speaker_query", "speaker_term", "with_month", "with_speaker", "write_file",
    "write_hits",
]
