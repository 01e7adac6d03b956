"""What a ``speaker:`` clause of a query means: the one place a person's name becomes
index terms.

Article search and quote search both pass their parsed query through
:func:`widen_speaker`, so a name finds the same person in both. Given the corpus's
:class:`~.identities.Identities`, a name the corpus knows means that identity: every
spelling the registry merged into it and nothing else (``speaker:blair``,
``speaker:"Mr Blair"`` and ``speaker:"Tony Blair"`` find the same articles, as many as
the registry counts, and never Cherie Blair's). A name it does not know keeps the word
and key matching below.
"""

from __future__ import annotations

from whoosh import query as wq

from ..attribution import speaker_key
from .identities import Identities, speaker_query

__all__ = ["widen_speaker"]


def widen_speaker(node: wq.Query, identities: Identities | None = None) -> wq.Query:
    """``speaker:`` queries match the identity the name resolves to, else other spellings
    of the person through their keys.

    Without ``identities`` (or for a name they do not know): ``speaker:zelensky`` finds
    "Zelenskiy" (key ``zelensk``); ``speaker:"volodymyr zelensky"`` finds "Volodomyr
    Zelenskiy" (key ``v.zelensk``). Wildcards and ranges stay word matches
    (``speaker:john*``: every speaker with a word starting "john").
    """
    if getattr(node, "fieldname", None) != "speaker":
        return node
    if identities is not None and isinstance(node, (wq.Term, wq.Phrase)):
        text = node.text if isinstance(node, wq.Term) else " ".join(node.words)
        identity = identities.resolve(text) if isinstance(text, str) else None
        if identity is not None:
            return speaker_query(identity).with_boost(node.boost)
    if isinstance(node, wq.Term) and isinstance(node.text, str):
        key = speaker_key(node.text.capitalize())
        return wq.Or([node, wq.Term("speakerkey", key)]) if key and " " not in key else node
    if isinstance(node, wq.Phrase) and len(node.words) >= 2:
        key = speaker_key(" ".join(w.capitalize() for w in node.words))
        if key and " " not in key:
            return wq.Or([node, wq.Term("speakerkey", f"{node.words[0][:1]}.{key}")])
    return node
