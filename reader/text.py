"""Text hygiene at ingest: bytes in, clean Unicode out.

Everything reader shows or indexes passes through here once, when a file is read, so no
later stage has to worry about encodings, line endings or text that could take over a
terminal. Encodings other than UTF-8/UTF-16 are left to charset-normalizer; the rest is
a few compiled patterns.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass


class UndecodableError(ValueError):
    """The bytes are binary or in no encoding we can identify with confidence."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and, when it had to be guessed, the encoding that was detected."""

    text: str
    guessed_encoding: str | None = None


# Terminal escape sequences, whole: CSI (ESC [ ... final byte), OSC / DCS / APC / PM / SOS
# strings (ESC ] ... BEL or ST), and two-byte ESC sequences. The 8-bit forms (C1 CSI/OSC)
# are covered by removing the C1 range below. Bounded repetitions keep this linear.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]?"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[ -/]{0,4}[0-~]?"  # nF / Fp / Fe / Fs escapes, or a lone ESC
)
# C0 controls except TAB and LF, DEL, C1 controls, and the bidirectional embedding,
# override and isolate characters that can make text display in an order it isn't in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def clean(text: str) -> str:
    """Normalise decoded text: newlines to LF, NFC, no control or escape sequences.

    Tabs and newlines stay; everything else that a terminal would act on is removed.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """:func:`clean`, and the result on one line (for titles, names, metadata)."""
    return " ".join(clean(text).split())


def escape_unprintable(text: str) -> str:
    """``text`` with every character a terminal would not print shown escaped (``\\x1b``, ``\\n``).

    The display-time counterpart of :func:`clean`, for text that did not go through it
    (a file name, a query, a config file's names, a hand-edited bookmarks file): nothing
    is dropped, so the user sees what is really there, on one line, and no escape sequence
    or bidi override reaches the screen.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode file contents: BOM first, then UTF-8, then charset-normalizer's best guess.

    ``declared`` is an encoding the file names itself (an HTML page's ``<meta
    charset>``): tried before guessing, since a guess on a short text can pick a
    neighbouring code page, and not reported as a guess.

    Raises :class:`UndecodableError` for binary data (NUL bytes outside UTF-16/32) and
    for bytes no encoding explains.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"invalid {encoding} after its byte order mark: {exc.reason}") from exc
    if b"\x00" in data:
        raise UndecodableError("binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return Decoded(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    # Imported here: only a file that is not UTF-8 needs it, and it costs every command
    # that imports this module (``reader search`` among them) 12 ms to load.
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableError("not text in any encoding charset-normalizer recognises")
    # charset-normalizer's own first choice for a mostly-ASCII file with one odd byte is
    # often a multibyte Asian code page (a "£" in Latin-1 read as one Japanese character):
    # prefer the candidates in which it recognised a language, then the least chaotic.
    best = min(matches, key=lambda m: (m.coherence == 0, m.chaos, -m.coherence))
    return Decoded(str(best), guessed_encoding=best.encoding)

def display_path(path: str) -> str:
    """A path as one printable line: undecodable bytes and control characters escaped."""
    if path.isascii() and path.isprintable():  # nearly every name: nothing to escape
        return path
    return escape_unprintable(os.fsencode(path).decode("utf-8", "backslashreplace"))
