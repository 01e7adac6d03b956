"""The work one article can cost is bounded at ingest: past the limits the rest of it is
not read, with one warning naming the file; the file itself is untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from reader.article import Article
from reader.ingest import load_file, load_jsonl_record
from reader.ingest.limits import (
    MAX_ARTICLE_CHARS,
    MAX_PARAGRAPHS,
    MAX_SOURCE_CHARS,
    MAX_TITLE_CHARS,
    bound_article,
    bound_body,
)

from support import REPO, write

TOO_LONG = f"longer than {MAX_ARTICLE_CHARS:,} characters: only the first {MAX_ARTICLE_CHARS:,} are read"
TOO_MANY = f"more than {MAX_PARAGRAPHS:,} paragraphs: only the first {MAX_PARAGRAPHS:,} are read"


def _prose(n: int) -> list[str]:
    return [f"Paragraph {i} says what the council decided about the housing plans on Tuesday." for i in range(n)]


def test_a_body_is_cut_at_the_limit_and_at_a_word_break():
    body = ("aaaa bbbb", "cccc dddd eeee")
    assert bound_body(body, max_chars=100) == body
    assert bound_body(body, max_chars=9 + 2 + 9) == ("aaaa bbbb", "cccc")  # separators count; cut at a space
    assert bound_body(body, max_chars=9) == ("aaaa bbbb",)
    assert bound_body(body, max_chars=100, max_paragraphs=1) == ("aaaa bbbb",)
    assert bound_body(("x" * 50,), max_chars=10) == ("x" * 10,)  # no space: cut where the limit is


def test_an_article_within_the_limits_is_read_whole():
    article = Article("a.txt", "/c/a.txt", "Title", None, "Standfirst", tuple(_prose(2000)))
    assert bound_article(article) == (article, None)


def test_a_long_text_file_is_read_to_the_limit_with_one_warning(tmp_path):
    paragraphs = _prose(20_000)  # 1.6 MB
    paragraphs[5] = "“We are ready,” NATO Secretary General Jens Stoltenberg said on Monday."
    f = write(tmp_path / "long.txt", "A long report\n\n" + "\n\n".join(paragraphs) + "\n")
    before = f.read_bytes()
    result = load_file(str(f), "long.txt")
    [article] = result.articles
    assert [str(p) for p in result.problems] == [f"{f}: {TOO_LONG}"]
    assert result.skipped == 0  # read, with a caveat
    assert article.title == "A long report"
    assert MAX_ARTICLE_CHARS - 200 < len(article.text) <= MAX_ARTICLE_CHARS
    assert article.body[:-1] == tuple(paragraphs[: len(article.body) - 1])
    assert paragraphs[len(article.body) - 1].startswith(article.body[-1])
    assert f.read_bytes() == before  # the file is only read


def test_a_file_longer_than_is_parsed_is_cut_and_says_so(tmp_path):
    # mostly blank lines: what is parsed gives fewer characters than the limit, but the file was cut
    f = write(tmp_path / "airy.md", "# Airy\n\n" + "word\n\n\n\n\n\n\n\n" * (MAX_SOURCE_CHARS // 8 + 10))
    result = load_file(str(f))
    [article] = result.articles
    assert [p.message for p in result.problems] == [TOO_MANY]
    assert len(article.body) == MAX_PARAGRAPHS and article.title == "Airy"


def test_too_many_paragraphs_are_cut_with_one_warning(tmp_path):
    f = write(tmp_path / "list.txt", "Big\n\n" + "\n\n".join(f"word{i}" for i in range(200_000)) + "\n")
    result = load_file(str(f))
    [article] = result.articles
    assert [p.message for p in result.problems] == [TOO_MANY]
    assert article.body == tuple(f"word{i}" for i in range(MAX_PARAGRAPHS))


def test_a_file_of_one_long_line_has_a_bounded_title(tmp_path):
    f = write(tmp_path / "line.txt", "word " * 100_000 + "\n\nA body.\n")
    result = load_file(str(f))
    [article] = result.articles
    assert len(article.title) <= MAX_TITLE_CHARS and article.body == ("A body.",)
    assert [p.message for p in result.problems] == [
        f"title longer than {MAX_TITLE_CHARS:,} characters: only the first {MAX_TITLE_CHARS:,} are read"]


def test_a_long_json_lines_record_is_cut_and_read_again_the_same(tmp_path):
    long_text = "\n\n".join(_prose(10_000))
    f = write(tmp_path / "wire.jsonl", json.dumps({"title": "Short", "text": "Fine."}) + "\n"
              + json.dumps({"title": "Long", "text": long_text}) + "\n")
    result = load_file(str(f), "wire.jsonl")
    assert [str(p) for p in result.problems] == [f"{f}:2: {TOO_LONG}"]
    short, long = result.articles
    assert short.body == ("Fine.",) and len(long.text) <= MAX_ARTICLE_CHARS
    again = load_jsonl_record(str(f), int(long.meta["offset"]), 2, long.id)
    assert again == long  # shown or snippeted later: the same article the index read


def test_the_indexer_warns_once_and_indexes_the_first_part(tmp_path):
    corpus = tmp_path / "corpus"
    paragraphs = _prose(20_000)
    paragraphs[10] = "An early zebra."
    paragraphs[-1] = "A late okapi."
    write(corpus / "long.txt", "A long report\n\n" + "\n\n".join(paragraphs) + "\n")
    write(corpus / "short.txt", "Short\n\nA short one.\n")
    env = dict(os.environ, PYTHONPATH=str(REPO), READER_CONFIG=str(tmp_path / "none.toml"))

    def reader(*args):
        return subprocess.run([sys.executable, "-m", "reader", *args, "--index-dir", str(tmp_path / "idx")],
                              capture_output=True, text=True, env=env, timeout=300)

    built = reader("index", str(corpus), "--json")
    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "long.txt" in warnings[0] and TOO_LONG in warnings[0]
    assert json.loads(built.stdout.splitlines()[-1])["added"] == 2
    found = reader("search", "zebra", "--corpus", str(corpus), "--json")
    assert [h["id"] for h in json.loads(found.stdout)] == ["long.txt"], found.stdout
    unread = reader("search", "okapi", "--corpus", str(corpus), "--json")
    assert json.loads(unread.stdout) == []
