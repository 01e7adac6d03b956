"""The commands: what each of ``reader index``, ``search``, ``quotes``, ``related``, ``show``,
``speakers``, ``bench``, ``config``, ``bookmarks`` and ``reader [CORPUS]`` (the app) does.

Apart from the parser and the output so that each command reads as its steps: find
the corpus and index (:mod:`.sources`), do the work in the room that owns it, print
(:mod:`.render`). Every room is imported inside the command that needs it, and
Textual only when the app opens (or ``reader config check`` checks what only the app
uses), so the commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..text import display_path
from . import render, sources
from .errors import EXIT_USAGE, CommandError, damaged


def cmd_index(args: argparse.Namespace) -> int:
    corpus = sources.corpus_path(args.corpus, args.config)
    index_dir = sources.index_dir(corpus, args.index_dir, args.config)
    summary = sources.update(corpus, index_dir, rebuild=args.rebuild, json_progress=args.progress, lock_timeout=args.wait)
    render.report_summary(summary, args.json)
    if not args.watch:
        return 0
    from ..ingest import corpus_changes

    def ready() -> None:
        # files changed while the watcher started are caught by one more look now
        summary = sources.update(corpus, index_dir, lock_timeout=args.wait)
        if summary.added or summary.updated or summary.removed:
            render.report_summary(summary, args.json)
        print(f"reader: watching {display_path(str(corpus))} for changes (Ctrl+C stops)", file=sys.stderr,
              flush=True)

    try:
        for _ in corpus_changes(corpus, on_ready=ready):
            render.report_summary(sources.update(corpus, index_dir, lock_timeout=args.wait), args.json)
    except KeyboardInterrupt:
        pass  # the way to stop watching: not an error
    return 0


def saved_query(args: argparse.Namespace) -> str:
    """The query of ``--saved NAME`` (or the QUERY argument), saving it with ``--save NAME``."""
    from ..config import ConfigError, quoted, save_search, tidy_search_name

    if (args.query is None) == (args.saved is None):
        raise CommandError("give a QUERY or --saved NAME (not both)", EXIT_USAGE)
    query = args.query
    if args.saved is not None:
        searches = args.config.searches
        if args.saved not in searches:
            known = ", ".join(quoted(name) for name in searches) or "none yet (save one with --save NAME)"
            raise CommandError(f"no saved search named {quoted(args.saved)} in "
                               f"{display_path(str(args.config.path))} (saved: {known})", EXIT_USAGE)
        query = searches[args.saved]
    if args.save is not None:
        try:
            args.config = save_search(args.save, query, args.config.path)
        except ConfigError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        print(f"reader: saved the search {quoted(tidy_search_name(args.save))} in "
              f"{display_path(str(args.config.path))}", file=sys.stderr, flush=True)
    return query


def cmd_search(args: argparse.Namespace) -> int:
    from ..search import SUGGEST_BELOW, QueryError

    fmt = "json" if args.json else args.format
    for flag, wanted in (("--facets", args.facets), ("--timeline", args.timeline)):
        if wanted and fmt not in ("text", "json"):
            raise CommandError(f"{flag} goes with text or JSON output", EXIT_USAGE)
    args.query = saved_query(args)
    args.sort = args.sort or args.config.sort
    corpus = sources.corpus_path(args.corpus, args.config)
    index_dir = sources.index_dir(corpus, args.index_dir, args.config)
    sources.update_unless_busy(corpus, index_dir)
    facets = suggestion = timeline = None
    with sources.open_searcher(corpus, index_dir) as searcher:
        try:
            result = searcher.search(args.query, sort=args.sort, limit=args.limit, offset=args.offset)
            if result.total is not None and result.total < SUGGEST_BELOW and not result.timed_out:
                suggestion = searcher.suggest_query(args.query, found=result.total)
            if args.facets:
                rows, complete = searcher.speaker_facets(args.query, top=args.facets)
                facets = [{"name": n, "quotes": q, "articles": a} for n, q, a in rows]
                if not complete:
                    render.warn("counting speakers ran out of time; the counts cover part of the results")
            if args.timeline:
                timeline = searcher.month_counts(args.query)
                if not timeline.complete:
                    render.warn("counting results by month ran out of time; the counts cover part of the results")
        except QueryError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        except RecursionError:  # the query's tree, never the index's files
            raise CommandError("the query is nested too deeply", EXIT_USAGE) from None
        except Exception as exc:  # Whoosh raises many types on a damaged index
            raise CommandError(damaged(index_dir, exc)) from None
    if result.timed_out:
        render.warn(f"the search ran out of time; showing what it found in {result.seconds:.1f} s")
    elif result.snippets_cut:
        render.warn("making snippets ran out of time; the last results show their standfirst")
    if fmt != "text":
        from ..search import write_hits

        write_hits(sys.stdout, result.hits, fmt, facets, timeline.to_json() if timeline else None)
        render.did_you_mean(suggestion)
        return 0

    render.print_results(result, query=args.query, offset=args.offset, sort=args.sort, facets=facets,
                         timeline=timeline)
    render.did_you_mean(suggestion)
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    """``reader quotes``: the quote records, searched as ``reader search`` searches articles."""
    from ..search import QueryError

    query = args.query or ""
    sort = args.sort or args.config.sort
    corpus = sources.corpus_path(args.corpus, args.config)
    index_dir = sources.index_dir(corpus, args.index_dir, args.config)
    sources.update_unless_busy(corpus, index_dir)
    with sources.open_quote_searcher(corpus, index_dir) as searcher:
        try:
            result = searcher.search(query, speaker=args.speaker, kind=args.kind, sort=sort, limit=args.limit,
                                     offset=args.offset)
        except QueryError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        except RecursionError:  # the query's tree, never the index's files
            raise CommandError("the query is nested too deeply", EXIT_USAGE) from None
        except Exception as exc:  # Whoosh raises many types on a damaged index
            raise CommandError(damaged(index_dir, exc)) from None
    if result.timed_out:
        render.warn(f"the search ran out of time; showing what it found in {result.seconds:.1f} s")
    if args.format != "text":
        from ..search.export import write_quotes

        write_quotes(sys.stdout, result.hits, args.format)
        return 0
    render.print_quotes(result, query=query, speaker=args.speaker, kind=args.kind, offset=args.offset)
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    [article] = sources.load_files([args.file])[:1]
    corpus = sources.corpus_path(args.corpus, args.config)
    index_dir = sources.index_dir(corpus, args.index_dir, args.config)
    sources.update_unless_busy(corpus, index_dir)
    with sources.open_searcher(corpus, index_dir) as searcher:
        try:
            hits = searcher.related(article, limit=args.limit)
        except (RecursionError, MemoryError) as exc:  # not the index's files: no rebuild would help
            raise CommandError(f"cannot find the articles like {display_path(args.file)} "
                               f"({type(exc).__name__})") from None
        except Exception as exc:  # a damaged index
            raise CommandError(damaged(index_dir, exc)) from None
    if args.json:
        from ..search import write_hits

        write_hits(sys.stdout, hits, "json")
        return 0
    render.print_related(hits, article.title)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..attribution import attribute

    results = [(a, attribute(a.body)) for a in sources.load_files([args.file])]
    if args.json:
        data = [render.article_json(a, attr) for a, attr in results]
        render.print_json(data[0] if len(data) == 1 else data)
        return 0
    render.print_articles(results)
    return 0


def _speakers_of_files(args: argparse.Namespace) -> int:
    from ..attribution import attribute

    articles = sources.load_files(args.files)
    results = [(a, attribute(a.body)) for a in articles]
    if args.json:
        data = [{"path": display_path(a.path), "title": a.title, **attr.to_json()} for a, attr in results]
        render.print_json(data)
        return 0
    render.print_attributions(results)
    return 0


def _speakers_of_corpus(args: argparse.Namespace) -> int:
    from ..search import DESCRIPTION, ORGANISATION, PERSON

    corpus = sources.corpus_path(args.corpus, args.config)
    index_dir = sources.index_dir(corpus, args.index_dir, args.config)
    sources.update_unless_busy(corpus, index_dir)
    with sources.open_searcher(corpus, index_dir) as searcher:
        try:
            identities = searcher.identities()
        except Exception as exc:  # a damaged index
            raise CommandError(damaged(index_dir, exc)) from None
    if args.json:
        # people and organisations, ranked together; descriptions ("spokesman") are nobody in particular
        rows = identities.top(args.top, (PERSON, ORGANISATION))
        render.print_json([{"name": i.name, "kind": i.kind, "quotes": i.quotes, "articles": i.articles,
                            "spellings": [n for n, _q, _a in i.spellings]} for i in rows])
        return 0
    render.print_most_quoted([(i.name, i.quotes, i.articles) for i in identities.top(args.top, (PERSON,))],
                             [(i.name, i.quotes, i.articles) for i in identities.top(args.top, (ORGANISATION,))],
                             [(i.name, i.articles) for i in identities.top(10, (DESCRIPTION,))], corpus)
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    if bool(args.files) == bool(args.corpus):
        raise CommandError("give article FILEs or --corpus DIR (not both)", EXIT_USAGE)
    return _speakers_of_files(args) if args.files else _speakers_of_corpus(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from ..bench import run_from_args

    if args.corpus and not Path(args.corpus).expanduser().is_dir():
        raise CommandError(f"corpus {display_path(args.corpus)} is not a folder", EXIT_USAGE)
    if args.articles is not None and args.articles < 1:
        raise CommandError("--articles must be at least 1", EXIT_USAGE)
    if args.corpus and args.articles is not None:
        raise CommandError("--articles applies to the assembled corpus only (no CORPUS)", EXIT_USAGE)
    try:
        return run_from_args(args)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None


def cmd_app(args: argparse.Namespace) -> int:
    corpus = sources.corpus_path(args.corpus, args.config)
    index_dir = sources.index_dir(corpus, args.index_dir, args.config)
    from ..config import ConfigError
    from ..index import IndexUnavailable, check_index_dir

    try:
        check_index_dir(corpus, index_dir)
    except IndexUnavailable as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    from ..tui import ReaderApp  # Textual is imported only here

    try:
        app = ReaderApp(corpus, index_dir, config=args.config)  # checks the keymap and theme
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError("the app needs a terminal; use 'reader search' or 'reader show' in scripts", EXIT_USAGE)
    app.run()
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from ..config import ConfigError, config_path

    if args.action == "path":
        print(display_path(str(config_path())))
        return 0
    config = args.config
    if args.action == "check":
        from ..tui.app import check_config_for_app  # the keymap and theme are the app's

        try:
            check_config_for_app(config)
        except ConfigError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        where = display_path(str(config.path))
        print(f"ok: {where}" if config.exists else f"ok: there is no {where}; reader uses its defaults")
        return 0
    # show: the settings in effect for a command run without flags, each as the file means it:
    # index_dir is the folder the per-corpus index folders go in (pasted back, it must not nest);
    # corpus_index is that corpus's own index folder (READER_INDEX_DIR's, when it is set)
    from ..locations import default_index_dir

    corpus = sources.corpus_path(None, config)
    data = config.to_json() | {"corpus": display_path(str(corpus)),
                               "index_dir": display_path(str(default_index_dir(corpus, config.index_dir).parent)),
                               "corpus_index": display_path(str(sources.index_dir(corpus, None, config)))}
    if args.json:
        render.print_json(data)
        return 0
    render.print_settings(data, config.exists)
    return 0


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from ..userdata import Bookmarks

    corpus = sources.corpus_path(args.corpus, args.config)
    marks = Bookmarks(warn=render.warn).for_corpus(corpus)
    if args.json:
        rows = [m.to_json() | {"path": display_path(m.path), "gone": m.gone} for m in marks]
        render.print_json(rows)
        return 0
    render.print_bookmarks(marks, corpus)
    return 0


def cmd_help(args: argparse.Namespace) -> int:
    from .topics import TOPICS, topic_list

    if args.shell is not None:
        if args.topic != "completion":
            raise CommandError("--shell goes with reader help completion", EXIT_USAGE)
        from .topics import shell_code

        sys.stdout.write(shell_code(args.shell))
    elif args.topic is None:
        sys.stdout.write(topic_list())
    elif args.topic in TOPICS:
        sys.stdout.write(TOPICS[args.topic][1])
    else:  # a command: its --help
        args.command_parsers[args.topic].print_help()
    return 0
