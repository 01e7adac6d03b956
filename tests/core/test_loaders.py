"""Every article format, and every kind of bad input: one problem, the rest goes on."""

from datetime import datetime

import pytest

from reader.ingest import load_file

from support import SEED_ARTICLE, needs_shared, write


def one(result):
    assert len(result.articles) == 1, result.problems
    return result.articles[0]


@needs_shared
def test_seed_format():
    article = one(load_file(str(SEED_ARTICLE)))
    assert article.title == "Trump’s Phone Call With Putin Leaves Europe Reeling"
    assert article.date == datetime(2025, 2, 13)
    assert article.standfirst == "U.S. allies across Europe are stunned by Trump’s early concessions to Russia."
    assert len(article.body) == 10
    assert article.body[0].startswith("European leaders are reeling")
    assert article.text.count("\n\n") == 9


def test_seed_format_with_leading_spaces_and_blank_lines(tmp_path):
    f = write(tmp_path / "a.txt", "\n   date 2024-01-02 A title\nThe standfirst.\n\nPara one.\nPara two.\n")
    article = one(load_file(str(f)))
    assert (article.title, article.date, article.standfirst, article.body) == (
        "A title", datetime(2024, 1, 2), "The standfirst.", ("Para one.", "Para two."))


def test_plain_text_with_blank_line_paragraphs(tmp_path):
    f = write(tmp_path / "b.txt", "Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n\nThe firm,\nwhich is big, said so.\n")
    article = one(load_file(str(f)))
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.date is None and article.standfirst == ""
    assert article.body == ("Quarterly profits rose.", "The firm, which is big, said so.")


def test_plain_text_wikinews_dateline(tmp_path):
    f = write(tmp_path / "c.txt", "Building collapses\n\nFriday, January 4, 2019\u00a0\n\n\nAn apartment building collapsed.\n")
    article = one(load_file(str(f)))
    assert article.date == datetime(2019, 1, 4)
    assert article.body == ("An apartment building collapsed.",)


@pytest.mark.parametrize("line", [
    "Friday, January 4, 2019", "MONDAY, february 29, 2016", "Sunday March 1 1987", "Friday, February 29, 2015",
    "Tuesday, April 31, 2020", "Friday, January 4, 0099", "Friday, December 31, 0100", "Friday, May 7, 9999",
])
def test_a_dateline_reads_as_dateutil_reads_it(tmp_path, line):
    """Datelines are read without dateutil (a third of re-reading an article); the dates are its dates."""
    from reader.ingest import parse_date

    f = write(tmp_path / "c.txt", f"Title\n\n{line}\n\nThe story.\n")
    article = one(load_file(str(f)))
    assert article.date == parse_date(line)
    assert article.body == (("The story.",) if article.date else (line, "The story."))


def test_the_size_limit_is_exact(tmp_path):
    text = "Title\n\n" + "w" * 93
    f = write(tmp_path / "exact.txt", text)
    assert one(load_file(str(f), max_bytes=len(text))).body == ("w" * 93,)
    assert "size limit" in str(load_file(str(f), max_bytes=len(text) - 1).problems[0])


def test_markdown_with_front_matter(tmp_path):
    f = write(tmp_path / "d.md", "---\ntitle: Markets rally\ndate: 2024-11-05\nauthor: A. Writer\n"
                                 "source: Wire\nurl: https://example.com/x\ndescription: Shares up.\n---\n\n"
                                 "# Ignored heading\n\nFirst paragraph.\n\nSecond.\n")
    article = one(load_file(str(f)))
    assert article.title == "Markets rally"
    assert article.date == datetime(2024, 11, 5)
    assert article.standfirst == "Shares up."
    assert article.meta["author"] == "A. Writer" and article.meta["url"] == "https://example.com/x"
    assert article.body[1:] == ("First paragraph.", "Second.")


def test_markdown_without_front_matter_uses_first_heading(tmp_path):
    f = write(tmp_path / "e.md", "# The real title\n\nBody text.\n")
    article = one(load_file(str(f)))
    assert article.title == "The real title" and article.body == ("Body text.",)


def test_markdown_front_matter_that_does_not_parse(tmp_path):
    f = write(tmp_path / "bad.md", "---\ntitle: [unclosed\n  - : :\n---\n\nBody.\n")
    result = load_file(str(f))
    assert result.articles == [] and result.skipped == 1
    assert "front matter does not parse" in str(result.problems[0]) and "bad.md" in str(result.problems[0])


def test_jsonl_good_and_bad_lines(tmp_path):
    f = write(tmp_path / "w.jsonl",
              '{"title": "BAHIA COCOA REVIEW", "text": "Showers continued\\nthroughout the week.\\n    The dry period.", '
              '"date": "26-FEB-1987 15:01:01.79", "url": "u", "author": "a", "source": "Reuters"}\n'
              "not json\n"
              '{"title": "no text"}\n'
              "[1, 2]\n"
              "\n"
              '{"title": "Body key", "body": "Text.", "date": "2020-05-01T10:00:00+02:00"}\n'
              '{"title": "Content key", "content": "Text.", "date": "someday"}\n')
    result = load_file(str(f), "w.jsonl")
    assert [a.title for a in result.articles] == ["BAHIA COCOA REVIEW", "Body key", "Content key"]
    first = result.articles[0]
    assert first.id == "w.jsonl:1"
    assert first.date == datetime(1987, 2, 26, 15, 1, 1, 790000)
    assert first.body == ("Showers continued throughout the week.", "The dry period.")
    assert first.meta["source"] == "Reuters"
    assert result.articles[1].date == datetime(2020, 5, 1, 8, 0)  # converted to UTC
    assert result.articles[2].date is None
    assert [p.line for p in result.problems] == [2, 3, 4]
    assert result.skipped == 3
    assert all("w.jsonl:" in str(p) for p in result.problems)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        ("nul.txt", b"Title\n\n\x00\x00\x00binary", "binary"),
        ("bad16.txt", b"\xff\xfe\x00\xd8", "invalid utf-16"),
        ("empty.jsonl", b"\n\n", "empty file"),
    ],
)
def test_bad_files_are_one_problem_each(tmp_path, name, content, message):
    f = write(tmp_path / name, content)
    result = load_file(str(f))
    assert result.articles == []
    assert len(result.problems) == 1 and result.skipped == 1
    assert message in str(result.problems[0]).lower() and name in str(result.problems[0])


def test_size_limit(tmp_path):
    f = write(tmp_path / "big.txt", "Title\n\n" + "word " * 1000)
    result = load_file(str(f), max_bytes=1000)
    assert result.articles == [] and "size limit" in str(result.problems[0])


def test_encodings_and_hygiene(tmp_path):
    utf16 = write(tmp_path / "u16.txt", "Título\n\nSegundo párrafo.\n".encode("utf-16"))
    crlf = write(tmp_path / "crlf.txt", b"Title\r\n\r\nLine one\r\ncontinues.\r\n\r\nTwo.\r\n")
    latin = write(tmp_path / "latin.txt", "Caf\u00e9 prices\n\nThe caf\u00e9 owner said prices would rise by \u00a35 next year, "
                                          "according to the report published on Monday.\n".encode("latin-1"))
    hostile = write(tmp_path / "hostile.txt", "Title \x1b]0;owned\x07[bold]x[/]\n\nBody \x1b[2J\u202eevil [@click=app.quit] [/\n")
    assert one(load_file(str(utf16))).title == "Título"
    assert one(load_file(str(crlf))).body == ("Line one continues.", "Two.")
    result = load_file(str(latin))
    assert one(result).title == "Café prices"
    assert "not UTF-8" in str(result.problems[0]) and result.skipped == 0
    article = one(load_file(str(hostile)))
    assert article.title == "Title [bold]x[/]"
    assert article.body == ("Body evil [@click=app.quit] [/",)


def test_nfc_normalisation(tmp_path):
    f = write(tmp_path / "nfc.txt", "S\u030cakaliene\u0307 and Dovile\u0307\n\nx\n")
    assert one(load_file(str(f))).title == "\u0160akalien\u0117 and Dovil\u0117"


@needs_shared
def test_bbc_file_in_another_encoding():
    from support import SHARED

    result = load_file(str(SHARED / "datasets/bbc/sport/199.txt"))
    assert "£15.8m" in one(result).text


@pytest.mark.parametrize("actual, limit", [(0, 10), (100, 1000), (100, 100), (100, 99), (3_000_000, 2_500_000)])
def test_a_file_is_read_whole_up_to_the_limit(tmp_path, actual, limit):
    from reader.ingest import read_bytes

    path = tmp_path / "a.txt"
    content = bytes(range(256)) * (actual // 256) + b"x" * (actual % 256)
    path.write_bytes(content)
    got = read_bytes(str(path), limit)
    if actual <= limit:
        assert got == content
    else:
        assert str(got) == f"{path}: larger than the size limit of {limit:,} bytes"
