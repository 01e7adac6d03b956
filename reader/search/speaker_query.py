"""What a ``speaker:`` clause of a query means: the one place a person's name becomes
index terms.

Article search and quote search both pass their parsed query through
:func:`widen_speaker`, so a name finds the same person in both.
"""

from __future__ import annotations

from whoosh import query as wq

from ..attribution import speaker_key

__all__ = ["widen_speaker"]


def widen_speaker(node: wq.Query) -> wq.Query:
    """``speaker:`` queries also match other spellings of the person, through their keys.

    ``speaker:zelensky`` finds "Zelenskiy" (key ``zelensk``); ``speaker:"volodymyr zelensky"``
    finds "Volodomyr Zelenskiy" (key ``v.zelensk``).
    """
    if getattr(node, "fieldname", None) != "speaker":
        return node
    if isinstance(node, wq.Term) and isinstance(node.text, str):
        key = speaker_key(node.text.capitalize())
        return wq.Or([node, wq.Term("speakerkey", key)]) if key and " " not in key else node
    if isinstance(node, wq.Phrase) and len(node.words) >= 2:
        key = speaker_key(" ".join(w.capitalize() for w in node.words))
        if key and " " not in key:
            return wq.Or([node, wq.Term("speakerkey", f"{node.words[0][:1]}.{key}")])
    return node
