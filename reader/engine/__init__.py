"""The one room that touches Whoosh's private internals: written for Whoosh 2.7.4 only.

Why a room of its own: reader is fast because it does some of Whoosh's work itself (a
pool worker writes its segment's postings in bulk, queries are scored over whole
posting lists with numpy), and that means reading and writing Whoosh's on-disk layout
and its objects' private attributes. Whoosh is pinned (``Whoosh==2.7.4`` in
pyproject.toml) and a new version may change any of it, so all of it is fenced here,
each use listed below with the tests that fail if it ever differs. Only this room may
import ``whoosh.codec``, ``whoosh.matching`` or ``whoosh.filedb`` (but
``whoosh.filedb.filestore.FileStorage``, public) or subclass Whoosh's writers, matchers,
collectors and filters in ways that reach inside them. It sits below :mod:`reader.index`
and :mod:`reader.search` and imports neither: they pass in what it needs. Its modules
are imported by name (``from ..engine.scoring import IndexScorer``); nothing is
re-exported here.

What it relies on, module by module:

:mod:`.analysis` -- the parts of an analyzer chain, for a one-loop analysis
  - ``whoosh.analysis``: ``CompositeAnalyzer.items``; ``RegexTokenizer.expression`` and
    ``.gaps``; ``CharsetFilter.charmap``; ``StopFilter.stops``, ``.min``, ``.max``,
    ``.renumber``; ``StemFilter.lang``, ``.stemfn``, ``.ignore`` (the terms and words
    :class:`~.analysis.BulkAnalysis`, ``word_term``, ``word_analysis`` and
    ``surface_words`` give), and ``StemFilter.cachesize`` / ``.clear()`` (the stem cache
    made unbounded); ``whoosh.lang.stemmer_for_language``.
  - ``whoosh.formats.Positions``: its value encoding (``pack_uint(count)`` and the
    position deltas pickled with protocol 2) and ``Format.field_boost``, which
    ``_encode_positions`` and the weights repeat.
  - Guarded by tests/core/test_bench.py::test_bulk_analysis_gives_the_terms_whoosh_gives,
    ::test_the_faster_word_pattern_finds_the_words_whoosh_finds,
    ::test_positions_are_encoded_as_whoosh_encodes_them;
    tests/core/test_snippets.py::test_the_marked_words_are_the_analyzers,
    ::test_the_marked_words_are_the_analyzers_in_real_articles;
    tests/core/test_postings.py::test_bulk_writer_writes_what_whoosh_writes.

:mod:`.writer` -- the two ``whoosh.writing.SegmentWriter`` subclasses
  - ``SegmentWriter.__init__(_lk=False)`` (the parent holds the lock), ``pool`` (replaced by
    :class:`~.postings.TermPostings`; ``pool.cleanup()``), ``_tempstorage``, ``docnum``,
    ``_added``, ``_check_state()``, ``_check_fields()``, ``codec.length_stats``,
    ``compound``; ``perdocwriter`` (``start_doc``, ``add_field``, ``add_column_value``,
    ``finish_doc``, ``close``) and ``fieldwriter``; the segment steps
    ``_flush_segment``, ``_finalize_segment``, ``_close_segment``, ``_merge_segments``,
    ``_commit_toc``, ``_finish`` (a worker finalizes a segment without committing; the
    parent commits the workers' segments with its own).
  - ``perdocwriter._colwriters["_stored"]._child._compress``: the stored fields'
    compression (``whoosh.codec.whoosh3.STORED_COLUMN``, a ``PickleColumn`` over a
    ``CompressedBytesColumn``: zlib per document), swapped for
    :func:`~.postings.compress_stored`, which writes the same format.
  - Guarded by tests/core/test_postings.py::test_bulk_writer_writes_what_whoosh_writes,
    ::test_bulk_postings_are_the_bytes_whoosh_writes; tests/core/test_bench.py::
    test_pool_build_equals_in_process_build, ::test_dead_worker_falls_back_to_this_process,
    ::test_manifest_tracks_the_index_and_a_stale_one_is_ignored;
    tests/core/test_index.py::test_pool_build_equals_serial_build.
  - :func:`~.writer.remove_uncommitted`: ``Index._read_toc`` (the committed segments and
    generation), ``whoosh.index.clean_files``, ``TOC._pattern``/``_segment_pattern`` and
    the name of a TOC being written (``_MAIN_<gen>.toc.<time>``) and of the writers'
    temporary folder (``MAIN.tmp``). Guarded by tests/core/test_hardening_index.py::
    test_a_first_build_on_a_full_disk_is_one_line_and_leaves_no_segments,
    ::test_an_update_on_a_full_disk_leaves_the_index_as_it_was_and_search_goes_on,
    ::test_kill_9_during_a_rebuild_keeps_the_old_index.

:mod:`.postings` -- a segment's postings written as Whoosh 3's codec writes them
  - ``whoosh.codec.whoosh3``: ``WHOOSH3_HEADER_MAGIC``, ``W3TermInfo._struct`` (the term
    info's bytes), the field writer's ``_postfile``, ``_tindex``, ``_codec``, ``_fieldid``,
    ``start_field``/``finish_field``, and the postings writer's ``_inlinelimit``,
    ``_byteids``, ``_blocklimit`` and block layout (``W3PostingsWriter._write_block``: a
    length, a pickled header, the pickled ids, weights and values, zlib-compressed
    with the compression level as its mark).
  - ``whoosh.filedb.filetables``: ``_lengths`` and ``OrderedHashWriter``'s ``dbfile``,
    ``index``, ``buckets``, ``hashfn``, ``lastkey`` (the terms file, many keys at once).
  - ``whoosh.util.numeric.byte_to_length`` / ``length_to_byte`` (field lengths as bytes).
  - Guarded by tests/core/test_postings.py::test_bulk_postings_are_the_bytes_whoosh_writes
    (byte identity, block by block), ::test_bulk_writer_writes_what_whoosh_writes,
    ::test_small_blocks_are_stored_and_large_ones_compressed_as_whoosh_reads_them,
    ::test_spilled_runs_are_removed.

:mod:`.scoring` -- Whoosh's BM25F over whole posting lists
  - A segment reader's ``_terms`` (``term_info``; ``_postfile.get``: a posting list in one
    read) and the block layout above, read back; ``W3TermInfo.is_inlined``,
    ``inlined_postings``, ``extent``.
  - ``_perdoc.deleted_docs()``; ``_perdoc._cached_reader(_lenfield(field),
    LENGTHS_COLUMN)`` (``whoosh.codec.whoosh3``) and a column reader's ``_count``,
    ``_dbfile``, ``_basepos``, ``_default`` (field lengths and the date column as arrays).
  - ``whoosh.scoring.BM25F``'s ``B``, ``K1``, ``_field_B``, and ``whoosh.scoring.bm25``'s
    order of operations; the searcher's ``idf`` and ``avg_field_length``;
    ``NumericRange._compile_query`` (a range's terms).
  - Guarded by tests/core/test_scoring.py (Whoosh's matchers against the arrays)::
    test_every_match_and_score_is_whooshs, ::test_pages_are_the_ones_whoosh_ranks,
    ::test_bbc_two_segments_every_score,
    ::test_date_ranges_match_the_date_field_to_the_microsecond,
    ::test_a_repeated_word_does_not_lose_the_phrase_articles,
    ::test_an_empty_index_finds_nothing,
    ::test_shapes_it_does_not_score_are_left_to_whoosh.

:mod:`.matchers` -- the Whoosh queries, matchers and collectors reader replaces
  - ``NumericRange._compile_query``, ``whoosh.matching.ListMatcher`` / ``NullMatcher``
    (``FlatRange``: a date range as one flat list of documents).
  - ``SpanNear2.SpanNear2Matcher``'s ``ms`` and ``_get_spans``, ``WrappingMatcher``
    (``Phrase`` / ``PhraseMatcher``: phrases checked on sets of positions); ``PhraseFirst``.
  - ``WrappingCollector``'s ``child``, ``prepare``, ``matches``, ``collect``, ``finish`` and
    ``TimeLimit`` (``Deadline``); ``TopCollector(usequality=False, replace=0)``
    (``top_collector``: no top-N shortcut, which dropped the best documents).
  - The matcher protocol (``is_active``, ``id``, ``skip_to``, ``score``) over each leaf
    searcher (``scores_of``).
  - Guarded by tests/core/test_search.py::test_phrases_match_as_whooshs_own_phrase_matcher_does,
    ::test_the_first_page_is_the_top_of_the_whole_ranking,
    ::test_phrase_first_ranking_falls_back_to_scoring_all_when_its_bound_fails,
    and tests/core/test_scoring.py::test_pages_are_the_ones_whoosh_ranks,
    ::test_a_repeated_word_does_not_lose_the_phrase_articles (the module's own docstring
    names each one's part).
"""
