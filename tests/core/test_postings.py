"""The bulk build's own postings writer (reader/postings.py) must write what Whoosh writes:
every term's postings, weights, positions and statistics, and every document's lengths."""

import zlib
from datetime import datetime

import pytest
from whoosh.filedb.filestore import FileStorage

from reader.engine.postings import TermPostings
from reader.engine.writer import BulkWriter, CommitWriter
from reader.index import build_schema
from reader.index.store import create_index

from support import BUNDLED


def _documents(copies: int = 1, empty: str = ""):
    """43 documents (``copies`` times: then the common words' postings take several blocks);
    the field ``empty`` is empty in all of them."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.txt"))[:40]]
    texts += ["Šakalienė said it was a “deadly trap” — U.S. 3.141", "the of a", "x"]
    for doc in _first_documents(texts * copies):
        yield doc | ({empty: ""} if empty else {})


def _first_documents(texts):
    for n, text in enumerate(texts):
        title, _, body = text.partition("\n")
        yield {"id": f"doc{n}", "file": f"f{n % 7}.txt", "path": f"/c/f{n}.txt", "title": title,
               "standfirst": body[:80], "body": body, "quotes": body[40:400],
               "speaker": "Jane Doe \u2016 John Roe" if n % 3 else "", "speakerkey": f"doe{n % 5} roe",
               "speakers": [["Jane Doe", n]], "size": n, "mtime_ns": n, "sha": str(n), "meta": {},
               "date": datetime(2020, 1, 1 + n % 3, n % 24), "datesort": n}


def _build(path, bulk: bool, limitmb: float = 64, copies: int = 1, empty: str = ""):
    ix = create_index(path, "/c")
    if bulk:
        writer = BulkWriter(ix, limitmb=limitmb)
    else:
        writer = ix.writer()
    for doc in _documents(copies, empty):
        writer.add_document(**doc)
    if bulk:  # as a pool worker does: the segment is committed by the parent's writer
        segment = writer._finalize_segment()
        CommitWriter(FileStorage(str(path)).open_index(schema=build_schema()), [(0, segment)]).commit()
    else:
        writer.commit()
    return FileStorage(str(path)).open_index(schema=build_schema())


def _everything(ix):
    out = []
    with ix.reader() as r:
        out.append(("docs", r.doc_count_all(), list(r.iter_docs())))
        out.append(("fields", sorted(r.indexed_field_names())))
        for field in sorted(r.indexed_field_names()):
            out.append((field, r.field_length(field), [r.doc_field_length(d, field) for d in range(r.doc_count_all())]))
            for term in r.lexicon(field):
                info = r.term_info(field, term)
                postings = []
                m = r.postings(field, term)
                while m.is_active():
                    postings.append((m.id(), m.weight(), m.value(), m.block_min_length(), m.block_max_length(),
                                     m.block_max_weight()))
                    m.next()
                out.append((field, term, info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                            info.max_weight(), info.min_id(), info.max_id(), postings))
    return out


@pytest.mark.parametrize("limitmb", [64, 0.002])  # all in memory; spilled to many runs on disk, merged
@pytest.mark.parametrize("copies, empty", [(1, ""), (4, "speaker")])  # terms in several blocks; a field with no terms
def test_bulk_writer_writes_what_whoosh_writes(tmp_path, limitmb, copies, empty, monkeypatch):
    monkeypatch.setattr("reader.engine.postings.MAX_RUNS", 4)  # and runs merged on the way
    monkeypatch.setattr("reader.engine.postings.CHUNK_POSTINGS", 500)  # and merged runs cut into many chunks
    whoosh = _everything(_build(tmp_path / "whoosh", bulk=False, copies=copies, empty=empty))
    bulk = _everything(_build(tmp_path / "bulk", bulk=True, limitmb=limitmb, copies=copies, empty=empty))
    assert len(whoosh) > 1000
    if copies > 1:
        assert any(len(item[-1]) > 128 for item in whoosh if item[0] == "body")  # a term over several blocks
    assert bulk == whoosh


def test_spilled_runs_are_removed(tmp_path):
    ix = create_index(tmp_path / "ix", "/c")
    storage = ix.storage.temp_storage("tmp")
    pool = TermPostings(storage, limitmb=0)
    for docnum in range(5):
        pool.add(("body", b"word", docnum, 1.0, b"v"))
    assert len(pool.runs) == 5
    assert [(f, c.terms, c.docnums.tolist()) for f, c in pool.chunks()] == [("body", [b"word"], [0, 1, 2, 3, 4])]
    pool.cleanup()
    assert pool.runs == [] and list(storage.list()) == []


def _whoosh_blocks(fieldwriter, schema, postings, lengths):
    """The reference: each term's postings given to Whoosh's own W3PostingsWriter one by one."""
    lastfield = None
    for fieldname, chunk in postings.chunks():
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            lastfield = fieldname
            column = lengths.column(fieldname) if lengths is not None else None
        for tbytes, docnums, weights, values in chunk.per_term():
            fieldwriter.start_term(tbytes)
            for docnum, weight, value in zip(docnums, weights, values):
                fieldwriter.add(docnum, weight, value, column[docnum] if column is not None else None)
            fieldwriter.finish_term()
    if lastfield is not None:
        fieldwriter.finish_field()


def _segment_bytes(path, monkeypatch, reference: bool, limitmb: float) -> dict[str, bytes]:
    if reference:
        monkeypatch.setattr("reader.engine.writer.write_postings", _whoosh_blocks)
    else:  # the same blocks, compressed as Whoosh compresses them
        monkeypatch.undo()
        monkeypatch.setattr("reader.engine.postings.MAX_RUNS", 4)
        monkeypatch.setattr("reader.engine.postings.CHUNK_POSTINGS", 300)
        monkeypatch.setattr("reader.engine.postings.BLOCK_PICKLE_PROTOCOL", 2)
        monkeypatch.setattr("reader.engine.postings.COMPRESS_FROM", 0)
        monkeypatch.setattr("reader.engine.postings.COMPRESSION_LEVEL", 3)
        monkeypatch.setattr("reader.engine.postings._compress", lambda data: zlib.compress(data, 3))
    ix = create_index(path, "/c")
    writer = BulkWriter(ix, limitmb=limitmb)
    writer.compound = False  # the segment's files one by one (a compound file holds its name and dates)
    for doc in _documents(copies=4):  # 172 documents: the common words' postings take two blocks
        writer.add_document(**doc)
    segment = writer._finalize_segment()
    prefix = segment.make_filename("")
    return {name[len(prefix):]: ix.storage.open_file(name).read()
            for name in ix.storage.list() if name.startswith(prefix)}


@pytest.mark.parametrize("limitmb", [64, 0.01])
def test_bulk_postings_are_the_bytes_whoosh_writes(tmp_path, limitmb, monkeypatch):
    """Not only the same postings: the same bytes, block by block and term info by term info
    (but for the pickle protocol and the compression, which are ours: see the next test)."""
    whoosh = _segment_bytes(tmp_path / "whoosh", monkeypatch, True, limitmb)
    bulk = _segment_bytes(tmp_path / "bulk", monkeypatch, False, limitmb)
    assert {".trm", ".pst"} <= set(whoosh)
    assert len(whoosh[".pst"]) > 100_000
    assert bulk == whoosh


def test_small_blocks_are_stored_and_large_ones_compressed_as_whoosh_reads_them(tmp_path):
    ix = _build(tmp_path / "bulk", bulk=True)
    marks = set()
    with ix.reader() as r:
        for term in r.lexicon("body"):
            m = r.postings("body", term)
            while not m._atend:  # every block as Whoosh's matcher reads it
                marks.add(m._compression)
                m._next_block()
    assert marks == {0, 1}  # stored as they are, and compressed (the postings: the test above)
