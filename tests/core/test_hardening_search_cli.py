"""Hardening II (search and command line): what a user types or a folder holds never
loses output, hangs a search past its bound, or passes for a damaged index.

Each test is a fault of issue 14 found on the code as it was; the ones about signals,
pipes and time run ``reader`` in a child process with a time limit, so a regression
fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest

from reader.ingest import bundled_corpus

from support import SHARED

READER = shutil.which("reader")
LIMIT = 60  # seconds: every case here answers in well under that


def reader(*args, env_extra=None, timeout=LIMIT):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([READER, *args], capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory):
    """The bundled corpus's index, built once for the module."""
    index_dir = tmp_path_factory.mktemp("bundled-index")
    done = reader("index", str(bundled_corpus()), "--index-dir", str(index_dir))
    assert done.returncode == 0, done.stderr
    return index_dir


def _a_bundled_article() -> str:
    return str(sorted(bundled_corpus().glob("*.txt"))[0])


# 14. A closed pipe is a normal end -------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["search", "said", "--limit", "200"],
    ["search", "said", "--limit", "200", "--json"],
    ["search", "said", "--limit", "200", "--format", "csv"],
    ["related", "ARTICLE"],
    ["show", "ARTICLE"],
    ["show", "ARTICLE", "--json"],
])
def test_output_into_a_closed_pipe_ends_quietly_with_status_0(bundled_index, command):
    """``reader search said --limit 200 | head -1`` exited 1 (Rich's own broken-pipe exit)."""
    args = [_a_bundled_article() if a == "ARTICLE" else a for a in command]
    if args[0] in ("search", "related"):
        args += ["--corpus", str(bundled_corpus()), "--index-dir", str(bundled_index)]
    child = subprocess.Popen([READER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # the reader of the output is gone before anything is written
    try:
        err = child.stderr.read()
        status = child.wait(timeout=LIMIT)
    finally:
        child.kill()
    assert status == 0, err
    assert err == b""


# 15. Error lines show file and folder names escaped ----------------------------------------

HOSTILE = "\x1b]0;pwned\x07dir\x1b[2J"


@pytest.mark.parametrize("command", [
    ["show", "MISSING"],
    ["show", "EMPTY"],
    ["related", "EMPTY"],
    ["speakers", "EMPTY"],
    ["search", "oil", "--corpus", "MISSING"],
    ["MISSING"],
    ["bench", "MISSING"],
])
def test_error_lines_never_carry_a_names_escape_sequences(tmp_path, command):
    """``reader show $'\\e]0;pwned\\adir'`` printed the name raw: it retitled the terminal."""
    empty = tmp_path / f"{HOSTILE}.txt"
    empty.write_bytes(b"")
    names = {"MISSING": str(tmp_path / HOSTILE), "EMPTY": str(empty)}
    done = reader(*[names.get(a, a) for a in command])
    assert done.returncode in (1, 2)
    assert done.stderr.strip(), "the failure is reported"
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "\\x1b]0;pwned\\x07dir" in done.stderr  # the name is shown, escaped


# 16. --wait takes seconds, and only seconds ---------------------------------------------


@pytest.mark.parametrize("wait", ["nan", "inf", "-inf", "-1", "soon"])
def test_a_wait_that_is_no_length_of_time_is_a_usage_error(tmp_path, wait):
    """``--wait nan`` while another process held the lock was a ValueError traceback."""
    from filelock import FileLock

    from reader.index.store import LOCK_FILE, claim_index_dir

    index_dir = tmp_path / "index"
    claim_index_dir(index_dir)  # reader's folder, as another reader writing it has made it
    with FileLock(index_dir / LOCK_FILE):  # another process is writing the index
        done = reader("index", str(bundled_corpus()), "--index-dir", str(index_dir), "--wait", wait,
                      timeout=20)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "--wait" in done.stderr.splitlines()[-1]


def test_a_wait_of_seconds_still_waits_for_the_lock(tmp_path):
    from filelock import FileLock

    from reader.index.store import LOCK_FILE, claim_index_dir

    index_dir = tmp_path / "index"
    claim_index_dir(index_dir)  # reader's folder, as another reader writing it has made it
    with FileLock(index_dir / LOCK_FILE):
        done = reader("index", str(bundled_corpus()), "--index-dir", str(index_dir), "--wait", "0.3")
    assert done.returncode == 1
    assert "still locked by another process after 0.3 s" in done.stderr


# 13. A query too deep is a query error; SIGTERM is 143 ------------------------------------


@pytest.fixture(scope="module")
def bundled_searcher(bundled_index):
    from reader.index import open_index
    from reader.search import Searcher

    ix, _ = open_index(bundled_corpus(), bundled_index)
    with Searcher(ix) as searcher:
        yield searcher


DEEP = [
    "NOT " * 9000 + "oil",
    "NOT (" * 9000 + "oil" + ")" * 9000,
    "(" * 900 + "oil" + ")" * 900,
    "(" * 400 + "oil" + ")" * 400,
    "oil " + "AND (oil " * 600 + ")" * 600,
    "title:(" + " ".join(f"w{n}" for n in range(10_000)) + ")",
]


@pytest.mark.parametrize("query", DEEP, ids=lambda q: f"{q[:12]!r}x{len(q)}")
def test_a_query_too_deep_or_long_is_a_query_error_never_a_damaged_index(bundled_index, query):
    """9,000 NOTs said "the index … cannot be read (RecursionError…); run: reader index --rebuild"."""
    started = time.monotonic()
    done = reader("search", query, "--corpus", str(bundled_corpus()), "--index-dir", str(bundled_index))
    assert time.monotonic() - started < 15
    if done.returncode == 0:  # an even number of NOTs cancels out
        assert query.startswith("NOT NOT")
        return
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("reader: error:")
    assert "rebuild" not in done.stderr and "cannot be read" not in done.stderr
    assert "too deeply" in done.stderr or "too long" in done.stderr


def test_the_parse_is_bounded_in_time(bundled_searcher):
    from reader.search import QueryError

    for query in ("title:(" + " ".join(f"w{n}" for n in range(10_000)) + ")",
                  " ".join(f"w{n}" for n in range(10_000)), "(" * 3000 + "oil" + ")" * 3000):
        started = time.monotonic()
        with pytest.raises(QueryError, match="too long|too deeply"):
            bundled_searcher.search(query)
        assert time.monotonic() - started < 0.5


BBC = SHARED / "datasets" / "bbc"


@pytest.fixture(scope="module")
def bbc_index(tmp_path_factory):
    """The BBC set's index (2,225 articles), built once for the module."""
    if not BBC.is_dir():
        pytest.skip("the BBC data set is not in ../shared")
    index_dir = tmp_path_factory.mktemp("bbc-index")
    done = reader("index", str(BBC), "--index-dir", str(index_dir), timeout=300)
    assert done.returncode == 0, done.stderr
    return index_dir


def test_a_search_interrupted_by_sigterm_exits_143(bbc_index):
    """SIGTERM during a search said the index was damaged and exited 1."""
    # 200 prefixes, thousands of words expanded, and no match: seconds of searching (up to the bound)
    # 676 prefixes, no match: past the 5 s bound here (200 took 2.2 s in all, and CI's machine
    # finished them before the signal came)
    child = subprocess.Popen([READER, "search", PREFIXES_676, "--corpus", str(BBC), "--index-dir", str(bbc_index)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)  # past the look for changed files (about 1 s), into the search
    assert child.poll() is None, "the search was over before the signal: make it longer"
    child.send_signal(signal.SIGTERM)
    try:
        _out, err = child.communicate(timeout=LIMIT)
    finally:
        child.kill()
    assert child.returncode == 128 + signal.SIGTERM, err
    assert err.strip().splitlines()[-1] == "reader: terminated"


@pytest.mark.parametrize("command", ["search", "related"])
def test_sigterm_during_the_work_is_never_taken_for_a_damaged_index(bundled_index, monkeypatch, capsys, command):
    import importlib

    cli_main = importlib.import_module("reader.cli.main")
    from reader.search import Searcher

    def terminated(*_args, **_kwargs):
        raise cli_main.Terminated

    monkeypatch.setattr(Searcher, command, terminated)
    what = ["oil"] if command == "search" else [_a_bundled_article()]
    status = cli_main.main([command, *what, "--corpus", str(bundled_corpus()), "--index-dir", str(bundled_index)])
    assert status == 143
    assert capsys.readouterr().err.strip().splitlines()[-1] == "reader: terminated"


def test_a_recursion_error_in_a_search_is_not_a_damaged_index(bundled_index, monkeypatch, capsys):
    import importlib

    cli_main = importlib.import_module("reader.cli.main")
    from reader.search import Searcher

    def too_deep(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(Searcher, "search", too_deep)
    status = cli_main.main(["search", "oil", "--corpus", str(bundled_corpus()), "--index-dir", str(bundled_index)])
    err = capsys.readouterr().err
    assert status == 2
    assert "rebuild" not in err and "too deeply" in err


# 17. date:, stored fields and NOT NOT: one rule, the user's words ---------------------------


@pytest.mark.parametrize("query, count_like", [
    ("NOT NOT NOT oil", "NOT oil"),
    ("NOT NOT oil", "oil"),
    ("oil NOT NOT said", "oil said"),
    ("date:2019", "date:[2019 to 2019]"),
    ("date:2019-01", "date:[2019-01-01 to 2019-01-31]"),
    ("date:20190104", "date:2019-01-04"),
    ("date:[to 2019]", "date:[0001 to 2019-12-31]"),
])
def test_queries_that_mean_the_same_find_the_same(bundled_searcher, query, count_like):
    assert bundled_searcher.search(query).total == bundled_searcher.search(count_like).total


@pytest.mark.parametrize("query, message", [
    ("date:[1 to 99999]", "'1' is not a date"),
    ("date:99999", "'99999' is not a date"),
    ("date:[-99999 to 99999]", "'-99999' is not a date"),
    ("date:[2019 to 99999]", "'99999' is not a date"),
    ("date:2019-02-30", "'2019-02-30' is not a date"),
    ("date:0000", "'0000' is not a date"),
    ("date:[2020 to 2019]", "ends before it starts"),
    ("path:oil", "unknown field 'path'"),
    ("sha:oil", "unknown field 'sha'"),
    ("NOT (NOT oil", "check its brackets"),
])
def test_bad_dates_and_fields_are_errors_in_the_users_words(bundled_searcher, query, message):
    """``date:99999`` searched the year 9999 and ``date:[1 to 99999]`` failed; ``path:oil``
    said "STORED(format=None…) field has no format"; ``NOT NOT NOT oil`` "list index out of range"."""
    from reader.search import QueryError

    with pytest.raises(QueryError, match=message) as caught:
        bundled_searcher.search(query)
    text = str(caught.value)
    assert "\n" not in text and "STORED" not in text and "list index" not in text
    if "date" in query:
        assert "dates look like 2025" in text


# 8. The search's time bound holds when nothing matches ------------------------------------

PREFIXES_20 = "gov* min* sta* pri* eco* mar* com* pro* con* rep* dev* int* pre* man* cha* res* inv* tra* ser* ind*"
PREFIXES_200 = " ".join(f"{a}{b}*" for a in "abcdefghij" for b in "abcdefghijklmnopqrst")  # 200 prefixes
PREFIXES_676 = " ".join(f"{a}{b}*" for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz")
#: The bound these tests give: the quickest of these queries takes 0.25 s unbounded here (the
#: CI machine finished one in 0.31 s, inside the 0.3 s bound the tests had), so a fifth of that
#: runs out on any machine, and the test still proves the bound holds and is reported.
BOUND = 0.05
NOTHING = [PREFIXES_20, PREFIXES_200, "s* NOT t*", f"({PREFIXES_20}) date:[2004 to 2005]"]


@pytest.fixture(scope="module")
def bbc_searcher(bbc_index):
    from reader.index import open_index
    from reader.search import Searcher

    ix, _ = open_index(BBC, bbc_index)
    with Searcher(ix) as searcher:
        yield searcher


@pytest.mark.parametrize("query", NOTHING, ids=lambda q: f"{q[:12]!r}x{len(q)}")
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_search_that_matches_nothing_stops_at_its_deadline(bbc_searcher, query, sort):
    """Twenty prefixes that match nothing took 28 s at 22k articles against a 5 s bound, and
    said nothing of running out of time: the matchers were made outside any clock."""
    started = time.monotonic()
    result = bbc_searcher.search(query, sort=sort, time_limit=BOUND)
    seconds = time.monotonic() - started
    assert seconds < BOUND + 1.0, f"{seconds:.1f} s for a {BOUND} s bound"
    assert result.timed_out, "a search that ran out of time says so"
    assert result.total == len(result.hits) == 0


@pytest.mark.parametrize("query", NOTHING[:3], ids=lambda q: f"{q[:12]!r}x{len(q)}")
def test_counts_and_facets_of_such_a_query_stop_at_theirs(bbc_searcher, query):
    for count in (lambda: bbc_searcher.count(query, time_limit=BOUND),
                  lambda: bbc_searcher.speaker_facets(query, time_limit=BOUND)[1],
                  lambda: bbc_searcher.month_counts(query, time_limit=BOUND).complete):
        started = time.monotonic()
        value = count()
        assert time.monotonic() - started < BOUND + 1.0
        assert value is None or value is False, value  # (0 == False: 0 is a finished count of nothing)


def test_the_command_says_when_the_search_ran_out_of_time(bbc_index, monkeypatch, capsys):
    import functools
    import importlib

    from reader.search import Searcher

    cli_main = importlib.import_module("reader.cli.main")
    monkeypatch.setattr(Searcher, "search", functools.partialmethod(Searcher.search, time_limit=0.3))
    started = time.monotonic()
    status = cli_main.main(["search", "s* NOT t*", "--corpus", str(BBC), "--index-dir", str(bbc_index)])
    assert status == 0
    assert "the search ran out of time" in capsys.readouterr().err
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("query", ["gov* oil", "econ* OR market*", "title:gov*", "oil~", "pr?ce NOT price",
                                   '"oil prices"~3', "*ing NOT the", "speaker:bl* OR quotes:econom*",
                                   "gov* date:[2004 to 2005]", "(oil OR gas) AND NOT pri*"])
def test_timed_queries_find_and_score_as_whooshs_own(bbc_searcher, query):
    from reader.engine.matchers import timed

    whoosh = bbc_searcher._searcher
    q = bbc_searcher.parse(query)
    own = [(hit.docnum, hit.score) for hit in whoosh.search(q, limit=None)]
    ours = [(hit.docnum, hit.score) for hit in whoosh.search(timed(q, time.monotonic() + 60), limit=None)]
    assert ours == own


@pytest.mark.parametrize("query", ["gov* oil", "econ* OR market*", "oil prices", "gov* oil prices", "pri* NOT oil"])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_search_in_time_finds_what_it_did(bbc_searcher, query, sort):
    """The total of a Whoosh-ranked search that found fewer than a page+1 is its hits
    (no second pass to count): the same as counting them."""
    result = bbc_searcher.search(query, sort=sort, limit=1000)
    assert not result.timed_out
    assert result.total == bbc_searcher.count(query) == len(result.hits)


def test_snippets_stop_at_the_deadline_too(bbc_searcher):
    """Each snippet reads its article's file (about 1 ms): 2,000 of them took 2.3 s past any bound."""
    started = time.monotonic()
    result = bbc_searcher.search("said", limit=2000, time_limit=0.3)
    assert time.monotonic() - started < 1.3
    assert result.snippets_cut and not result.timed_out
    assert len(result.hits) == result.total == bbc_searcher.count("said")
    assert all(hit.snippet is not None for hit in result.hits)
    assert not bbc_searcher.search("said", limit=20).snippets_cut
