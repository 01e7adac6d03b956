"""What the attributor hands out, and what its stages hand each other.

``Quote``, ``Speaker`` and ``Attribution`` are the public result (the app, the index and the
CLI read them); ``Item`` is one quote or reported-speech span with the mention credited with
it, made by the cue stages and turned into quotes by the resolution. A module of its own so
that every stage can name them without importing the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Paragraphs are joined with this to make the body text that quote offsets index into.
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted (or reported) span: ``text == body_text[start:end]``, without quote marks."""

    text: str
    start: int
    end: int
    kind: str  # "direct" | "partial" | "indirect"

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person or organisation with the quotes credited to them, in text order."""

    name: str
    role: str
    quotes: tuple[Quote, ...]

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role, "quotes": [q.to_json() for q in self.quotes]}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Speakers in order of first appearance, and the speech nobody could be found for."""

    speakers: tuple[Speaker, ...]
    unattributed: tuple[Quote, ...]

    def to_json(self) -> dict:
        return {
            "speakers": [s.to_json() for s in self.speakers],
            "unattributed": [
                {"text": q.text, "start": q.start, "end": q.end} for q in self.unattributed
            ],
        }


class Item:
    """A span of the body text (``s``..``e``) that is speech: a quote (``kind`` "direct" or
    "partial"), reported speech ("indirect"), or the empty span after ``Name continued:``
    ("intro"), with the mention its cue gives (``np``, or None), its paragraph's index and
    the group of a quote that runs over several paragraphs (-1 if none). ``weak``: reported
    speech from a verb of stance or belief ("X criticized …", "X thinks …"), which names a
    speaker only together with stronger evidence (see ``reported.keep_supported``)."""

    __slots__ = ("s", "e", "kind", "np", "para", "group", "weak")

    def __init__(self, s, e, kind, np, para, group=-1, weak=False):
        self.s = s
        self.e = e
        self.kind = kind
        self.np = np
        self.para = para
        self.group = group
        self.weak = weak
