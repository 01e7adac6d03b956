"""Quotes and speakers: who said what in an article, and the corpus-wide registry
that makes one identity of a person's spellings. Rules in pure Python (no trained model);
it takes an Article and imports neither the index nor the search.
"""

from .registry import SpeakerRegistry, name_keys, speaker_key
from .speakers import Attribution, Speaker, attribute

__all__ = ["Attribution", "Speaker", "SpeakerRegistry", "attribute", "name_keys", "speaker_key"]
