"""Quotes and speakers: who said what in an article, and the corpus-wide registry
that makes one identity of a person's spellings. Rules in pure Python (no trained model);
it takes an Article and imports neither the index nor the search.
"""

from .model import Attribution, Quote, Speaker
from .names import name_keys, speaker_key
from .registry import SpeakerRegistry
from .speakers import attribute

__all__ = ["Attribution", "Quote", "Speaker", "SpeakerRegistry", "attribute", "name_keys", "speaker_key"]
