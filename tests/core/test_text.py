"""Text hygiene: what reaches the index and the screen is clean Unicode."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.text import UndecodableError, clean, clean_line, decode, escape_unprintable


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("title\x1b]0;pwned\x07 here", "title here"),
        ("copy\x1b]52;c;aGVsbG8=\x07 me", "copy me"),
        ("clear\x1b[2J\x1b[1;31mred\x1b[0m", "clearred"),
        ("bell\x07 nul\x00 del\x7f c1\x9b", "bell nul del c1"),
        ("bidi \u202eevil\u202c and \u2066iso\u2069", "bidi evil and iso"),
        ("keep\ttabs\nand newlines", "keep\ttabs\nand newlines"),
        ("Sakalien\u0117 vs Sakalie\u0301ne", "Sakalienė vs Sakaliéne"),
        ("[bold]markup[/] stays literal [@click=app.quit]", "[bold]markup[/] stays literal [@click=app.quit]"),
    ],
)
def test_clean(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Zoë [@click=app.quit] ‖ 東京", "Zoë [@click=app.quit] ‖ 東京"),  # printable: untouched
    ("nato\x1b[2J", "nato\\x1b[2J"),
    ("two\nlines\ttab", "two\\nlines\\ttab"),
    ("bidi \u202eevil", "bidi \\u202eevil"),
    ("c1\x9b and a lone surrogate \ud800", "c1\\x9b and a lone surrogate \\ud800"),
])
def test_escape_unprintable_shows_what_is_there_on_one_line(raw, expected):
    assert escape_unprintable(raw) == expected


def test_clean_line_joins_whitespace():
    assert clean_line("  a\n b\t c ") == "a b c"


@given(st.text())
def test_clean_leaves_no_control_characters(text):
    out = clean(text)
    assert all(c in "\n\t" or (ord(c) >= 0x20 and not 0x7F <= ord(c) <= 0x9F) for c in out)
    assert not any(c in out for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert clean(out) == out


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_decode_with_bom(encoding):
    data = "Šakalienė said “no”".encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode(data).text == "Šakalienė said “no”"
    assert decode(data).guessed_encoding is None


def test_decode_latin1_is_detected_with_a_note():
    data = "A £15.8m signing from Parma, said the club's chairman today.\n".encode("cp1252") * 3
    decoded = decode(data)
    assert "£15.8m" in decoded.text
    assert decoded.guessed_encoding is not None


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00", bytes(range(256)) * 4])
def test_decode_binary_is_refused(data):
    with pytest.raises(UndecodableError):
        decode(data)
