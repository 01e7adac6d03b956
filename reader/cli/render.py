"""What the commands print: Rich text for people, JSON for machines, and the lines the
app reads.

Apart from the commands so that each command reads as what it does, and the look of
the output is in one place. Rich is imported inside the functions, so that a command
that prints JSON (or ``--help``) does not pay for it. The indexer's progress, summary
and warning lines are written through :mod:`reader.index.protocol`, which the app
reads them with.
"""

from __future__ import annotations

import json
import sys

from ..text import display_path, escape_unprintable

#: The longest bar of ``--timeline`` (characters); the others are scaled to it.
TIMELINE_BAR = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


def console(stderr: bool = False):
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich exits with status 1 here; a reader that went away (``| head``) is a
            # normal end, which :func:`reader.cli.main.main` turns into status 0
            raise BrokenPipeError

    # markup and highlighting off: titles, paths and snippets are shown exactly as written
    return _Console(stderr=stderr, markup=False, highlight=False, emoji=False, soft_wrap=not sys.stdout.isatty())


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def warn(message: str) -> None:
    from ..index.protocol import warning_line  # the index room owns the lines the app reads

    print(warning_line(escape_unprintable(message)), file=sys.stderr, flush=True)


def print_progress(p) -> None:
    """One JSON line of indexing progress on stdout (``reader index --progress``, for the app)."""
    from ..index.protocol import progress_line

    print(progress_line(p), flush=True)


def report_summary(summary, as_json: bool) -> None:
    """What an index update did: a line on stderr, and the JSON summary line with ``--json``."""
    print(f"reader: {summary}", file=sys.stderr, flush=True)
    if as_json:
        from ..index.protocol import summary_line

        print(summary_line(summary), flush=True)


def did_you_mean(suggestion: str | None) -> None:
    """The corrected query on stderr, for every output format: stdout keeps its shape."""
    if suggestion:
        # the user's own query, but it may hold control characters: escaped, never sent raw
        print(f"Did you mean: {escape_unprintable(suggestion)}?", file=sys.stderr, flush=True)


def print_results(result, *, query: str, offset: int, sort: str, facets, timeline) -> None:
    """``reader search`` as text: the count, the page of hits, then the facets and the timeline asked for."""
    out = console()
    shown = f"{offset + 1}–{offset + len(result.hits)} of " if result.hits else ""
    total = result.total if result.total is not None else "more" if result.more else len(result.hits)
    out.print(f"{shown}{total} results for {query!r} ({result.seconds * 1000:.0f} ms, by {sort})")
    print_hits(out, result.hits, start=offset + 1)
    if facets:
        from rich.table import Table

        table = Table("speaker", "quotes", "articles", title="Most quoted in all the results")
        for row in facets:
            table.add_row(row["name"], str(row["quotes"]), str(row["articles"]))
        out.print()
        out.print(table)
    if timeline:
        out.print()
        out.print(timeline_table(timeline))


def print_quotes(result, *, query: str, speaker: str | None, kind: str | None, offset: int) -> None:
    """``reader quotes`` as text: the count, then each quote with its hits marked, who said
    it (and as what), when, how, and the article it is in."""
    from rich.text import Text

    out = console()
    shown = f"{offset + 1}–{offset + len(result.hits)} of " if result.hits else ""
    total = result.total if result.total is not None else "more" if result.more else len(result.hits)
    narrowed = "".join(f", {label} {value!r}" for label, value in (("speaker", speaker), ("kind", kind)) if value)
    what = f"for {query!r}" if query.strip() else "(all quotes)"
    out.print(f"{shown}{total} quotes {what}{narrowed} ({result.seconds * 1000:.0f} ms, by {result.sort})")
    for number, hit in enumerate(result.hits, start=offset + 1):
        out.print()
        line = Text(f"{number}. ")
        line.append(f"{hit.date:%Y-%m-%d}" if hit.date else "undated", style="cyan")
        line.append("  ")
        line.append(hit.speaker or "(unattributed)", style="bold green" if hit.speaker else "dim")
        if hit.role:
            line.append(f" ({hit.role})", style="italic")
        line.append(f"  [{hit.kind}]", style="dim")
        out.print(line)
        quote = Text(hit.text)
        for start, end in hit.highlights:
            quote.stylize("bold reverse", start, end)
        out.print(Text("   “") + quote + Text("”"))
        out.print(Text(f"   {hit.title or '(untitled)'}", style="bold"))
        out.print(Text(f"   {display_path(hit.path)}", style="dim"))


def print_related(hits, title: str) -> None:
    out = console()
    out.print(f"{len(hits)} articles like {title!r}")
    print_hits(out, hits)


def print_hits(out, hits, *, start: int = 1) -> None:
    from rich.text import Text

    for number, hit in enumerate(hits, start=start):
        out.print()
        line = Text(f"{number}. ")
        line.append(hit.title or "(untitled)", style="bold")
        if hit.date:
            line.append(f"  {hit.date:%Y-%m-%d}", style="cyan")
        out.print(line)
        out.print(Text(f"   {display_path(hit.path)}", style="dim"))
        if hit.snippet and hit.snippet.text:
            out.print(Text("   ") + _styled_snippet(hit.snippet))
        if hit.speakers:
            out.print(Text(f"   speakers: {', '.join(hit.speakers)}", style="green"))


def _styled_snippet(snippet):
    from rich.text import Text

    text = Text(snippet.text)
    for start, end in snippet.highlights:
        text.stylize("bold reverse", start, end)
    return text


def _bar(count: int, most: int, width: int = TIMELINE_BAR) -> str:
    """A horizontal bar of ``count`` against ``most``, in eighths of a character; never empty for a count."""
    if not count or not most:
        return ""
    eighths = max(1, round(count * width * 8 / most))
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip()


def timeline_table(timeline):
    """Results by month (``--timeline``): every month from the first to the last, a bar each."""
    from rich.table import Table

    table = Table("month", title="All the results by month")
    table.add_column("results", justify="right")
    table.add_column("")
    most = max((count for _month, count in timeline.months), default=0)
    for month, count in timeline.months:
        table.add_row(month, str(count), _bar(count, most))
    if timeline.undated or not timeline.months:
        table.add_row("undated", str(timeline.undated), "")
    return table


def article_json(article, attribution=None) -> dict:
    """The JSON form of a parsed article (``reader show --json``), with its speakers."""
    from ..attribution import attribute

    attribution = attribution or attribute(article.body)
    return {
        "id": article.id,
        "path": display_path(article.path),
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "standfirst": article.standfirst,
        "body": list(article.body),
        "meta": dict(article.meta),
        **attribution.to_json(),
    }


def print_articles(results) -> None:
    """``reader show`` as text: each article's title, date, standfirst and paragraphs, then
    its speakers (as ``reader speakers FILE``)."""
    from rich.text import Text

    out = console()
    for number, (article, attribution) in enumerate(results):
        if number:
            out.print()
        out.print(Text(article.title or "(untitled)", style="bold"))
        if article.date:
            out.print(Text(f"{article.date:%Y-%m-%d}", style="cyan"))
        if article.standfirst:
            out.print(Text(article.standfirst, style="italic"))
        for para in article.body:
            out.print()
            out.print(Text(para))
        out.print()
        count = len(attribution.speakers)
        out.print(Text(f"Speakers ({count})" if count else "Speakers: none found", style="bold"))
        print_speakers(out, attribution)


def print_attributions(results) -> None:
    """``reader speakers FILE…`` as text: each article's speakers, roles and quotes."""
    from rich.text import Text

    out = console()
    for article, attribution in results:
        out.print(Text(article.title or "(untitled)", style="bold"))
        out.print(Text(display_path(article.path), style="dim"))
        print_speakers(out, attribution)
        out.print()


def print_speakers(out, attribution) -> None:
    """An article's speakers, each with their role and quotes, then the unattributed quotes."""
    from rich.text import Text

    for speaker in attribution.speakers:
        line = Text("  ")
        line.append(speaker.name, style="bold green")
        if speaker.role:
            line.append(f" ({speaker.role})", style="italic")
        out.print(line)
        for quote in speaker.quotes:
            out.print(Text(f"    [{quote.kind}] “{quote.text}”"))
    if attribution.unattributed:
        out.print(Text("  unattributed", style="bold"))
        for quote in attribution.unattributed:
            out.print(Text(f"    “{quote.text}”"))


def print_most_quoted(people, organisations, descriptions, corpus) -> None:
    """``reader speakers --corpus`` as text: a table of the people (name, quotes, articles),
    one of the organisations, and a line naming the descriptions ("spokesman") left out,
    which are whoever spoke rather than someone."""
    from rich.table import Table

    out = console()
    table = Table("speaker", "quotes", "articles", title=f"Most-quoted people in {corpus}")
    for name, quotes, articles in people:
        table.add_row(escape_unprintable(name), str(quotes), str(articles))
    out.print(table)
    if organisations:
        table = Table("organisation", "quotes", "articles", title="Most-quoted organisations and places")
        for name, quotes, articles in organisations:
            table.add_row(escape_unprintable(name), str(quotes), str(articles))
        out.print(table)
    if descriptions:
        listed = ", ".join(f"{escape_unprintable(name)} ({articles})" for name, articles in descriptions)
        out.print(f"Not counted as people (descriptions, with their articles): {listed}", markup=False,
                  highlight=False)


def print_settings(data: dict, exists: bool) -> None:
    """``reader config show`` as text, in the config file's own TOML form."""
    from ..config import quoted

    print(f"# {data['path']}" + ("" if exists else " (no such file: the defaults)"))
    for key in ("corpus", "index_dir", "theme", "sort"):
        value = data[key]
        print(f"{key} = {quoted(value)}" if value is not None else f"# {key}: Textual's default")
        if key == "index_dir":  # what it means for the corpus above, as a comment: pasted back, nothing nests
            print(f"# the index of this corpus: {escape_unprintable(data['corpus_index'])}")
    for table in ("keymap", "searches"):
        print(f"\n[{table}]")
        for name, value in data[table].items():
            print(f"{quoted(name)} = {quoted(value)}")


def print_bookmarks(marks, corpus) -> None:
    """``reader bookmarks`` as text: newest first, a gone file marked so."""
    from rich.text import Text

    out = console()
    out.print(f"{len(marks)} bookmark{'s' if len(marks) != 1 else ''} in {display_path(str(corpus))}")
    for number, mark in enumerate(marks, start=1):
        out.print()
        line = Text(f"{number}. ")
        line.append(escape_unprintable(mark.title) or "(untitled)", style="bold")  # escaped if hand-edited
        if mark.date:
            line.append(f"  {escape_unprintable(mark.date)}", style="cyan")
        if mark.gone:
            line.append("  (gone: the file is no longer there)", style="red")
        out.print(line)
        out.print(Text(f"   {display_path(mark.path)}", style="dim"))
        out.print(Text(f"   bookmarked {escape_unprintable(mark.added)}", style="dim"))
