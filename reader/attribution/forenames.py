"""Forenames and their gender, for "he"/"she": ``Melanie … she`` is Melanie.

The list is gender-guesser's (Jörg Michael's ``nam_dict``, about 45,000 forenames of many
countries, each marked male, female, mostly male, mostly female or both). It is loaded the
first time a pronoun needs it (a third of a second, once per process) and asked through a
cache. Without the package every forename is unknown and the resolver works from titles and
role words alone ("Mr.", "spokeswoman").
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["forename_gender"]

_detector: list = []

#: gender-guesser's answers as this module gives them: "m", "f", "" (a forename of either
#: gender), None (not a forename it knows).
_ANSWERS = {"male": "m", "female": "f", "mostly_male": "m", "mostly_female": "f", "andy": ""}


def _get():
    if not _detector:
        try:
            from gender_guesser.detector import Detector

            _detector.append(Detector(case_sensitive=False))
        except Exception:  # pragma: no cover - the package missing or its data unreadable
            _detector.append(None)
    return _detector[0]


@lru_cache(maxsize=1 << 14)
def forename_gender(word: str) -> str | None:
    """"m" or "f" for a forename of that gender, "" for one of either, None for a word that
    is not a known forename (or an initial, or a word of fewer than three letters)."""
    w = word.strip(".")
    if len(w) < 3 or not w[:1].isupper() or not w.replace("-", "").isalpha():
        return None
    d = _get()
    if d is None:
        return None
    try:
        g = d.get_gender(w)
    except Exception:  # pragma: no cover
        return None
    return _ANSWERS.get(g)
