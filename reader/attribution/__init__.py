"""Quotes and speakers: who said what in an article, and the corpus-wide registry
that makes one identity of a person's spellings. Rules in pure Python (no trained model);
it takes an Article and imports neither the index nor the search.
"""

from .model import Attribution, Quote, Speaker
from .names import name_keys, speaker_key
from .registry import SpeakerRegistry

__all__ = ["Attribution", "Quote", "Speaker", "SpeakerRegistry", "attribute", "name_keys", "speaker_key"]

#: Imported when first asked for: the rules (cues, quotes, reported speech, coreference)
#: are for attributing; a search uses only the names and the registry (9 ms of its start).
_LAZY = {"attribute": ".speakers"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(module, __name__), name)
    return value
