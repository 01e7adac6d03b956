"""The corpus walk: recursive, sorted, safe with symlinks, never outside the root."""

import os

from reader.ingest import Problem
from reader.ingest.corpus import CorpusFile, bundled_corpus, load_corpus, walk

from support import write


def keys(root, **kw):
    return [item.key for item in walk(root, **kw) if isinstance(item, CorpusFile)]


def test_walk_is_recursive_sorted_and_skips_hidden_and_non_articles(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.jsonl", "sub/deeper/d.TXT", ".hidden/x.txt", ".y.txt",
                 "notes.pdf", "README.txt", "data.json"]:
        write(tmp_path / name, "Title\n\nBody.\n")
    assert keys(tmp_path) == ["a.md", "b.txt", "sub/c.jsonl", "sub/deeper/d.TXT"]


def test_symlinks_inside_followed_once_outside_never_and_loops_survived(tmp_path):
    outside = write(tmp_path / "outside" / "secret.txt", "Secret\n\nDo not read.\n")
    root = tmp_path / "corpus"
    write(root / "real" / "a.txt", "A\n\nBody.\n")
    os.symlink(root / "real", root / "alias")          # a second way to the same folder
    os.symlink(root / "real" / "a.txt", root / "b.txt")  # a second way to the same file
    os.symlink(outside, root / "leak.txt")
    os.symlink(outside.parent, root / "leakdir")
    os.symlink(root, root / "real" / "loop")            # a loop back to the root
    os.symlink(root / "self", root / "self")            # a link to itself
    items = list(walk(root))
    files = [i for i in items if isinstance(i, CorpusFile)]
    assert [f.path for f in files] == [str((root / "real" / "a.txt").resolve())]
    problems = [str(i) for i in items if isinstance(i, Problem)]
    assert any("leak.txt" in p and "outside the corpus" in p for p in problems)
    assert any("leakdir" in p and "outside the corpus" in p for p in problems)
    assert any("self" in p and "symlink" in p for p in problems)
    assert all("secret" not in f.path for f in files)


def test_index_folder_inside_corpus_is_excluded(tmp_path):
    write(tmp_path / "a.txt", "A\n\nB.\n")
    write(tmp_path / "idx" / "x.txt", "Not\n\nan article.\n")
    assert keys(tmp_path, exclude=[tmp_path / "idx"]) == ["a.txt"]


def test_odd_file_names(tmp_path):
    for name in ["with space.txt", "[brackets].txt", "new\nline.txt"]:
        write(tmp_path / name, "T\n\nB.\n")
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(b"Title\n\nBody.\n")
    found = keys(tmp_path)
    assert len(found) == 4
    assert "new\\nline.txt" in found and "caf\\xe9.txt" in found
    assert all(k.isprintable() for k in found)


def test_load_corpus_yields_articles_and_problems(small_corpus):
    write(small_corpus / "empty.txt", "")
    items = list(load_corpus(small_corpus))
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(items) - len(problems) == 4 and len(problems) == 1


def test_bundled_corpus_is_there_with_its_notice():
    root = bundled_corpus()
    assert (root / "NOTICE").is_file()
    assert "CC BY 2.5" in (root / "NOTICE").read_text(encoding="utf-8")
    assert len(keys(root)) >= 251
