"""The scale corpus the bench measures: BBC and Reuters, one file per article.

Apart from the run because assembling it is its own job (and tested on its own): the
first N articles of an interleaved list, or more than the data sets hold by copies with
new ids and shifted dates.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path


def default_datasets() -> Path:
    """``../shared/datasets`` beside the repository (when running from a checkout)."""
    import reader

    return Path(reader.__file__).resolve().parents[2] / "shared" / "datasets"


def _dateline(when: datetime) -> str:
    return f"{when:%A}, {when:%B} {when.day}, {when.year}"


def _base_articles(datasets: Path) -> list[tuple[str, str, datetime | None, list[str]]]:
    """(relative name, title, date, paragraphs) of every BBC and Reuters article.

    BBC files are kept byte for byte (they are written as they are, see ``_bbc_files``);
    Reuters stories become plain text: title, blank line, dateline, paragraphs.
    The two are interleaved so that the first N of the list is a fair sample of both.
    """
    from ..ingest import parse_date, split_paragraphs

    bbc = sorted((datasets / "bbc").glob("*/*.txt"))
    reuters: list[tuple[str, str, datetime | None, list[str]]] = []
    jsonl = datasets / "reuters21578" / "reuters21578.jsonl"
    if jsonl.is_file():
        with open(jsonl, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                reuters.append((f"reuters/{int(record['id']):05d}.txt", " ".join(str(record.get("title") or "").split()),
                                parse_date(record.get("date")), split_paragraphs(str(record.get("text") or ""))))
    items: list[tuple[float, int, tuple]] = []
    for i, path in enumerate(bbc):
        items.append(((i + 0.5) / len(bbc), 0, (f"bbc/{path.parent.name}/{path.name}", str(path), None, None)))
    for i, story in enumerate(reuters):
        items.append(((i + 0.5) / len(reuters), 1, story))
    items.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in items]


def assemble_corpus(datasets: Path, dest: Path, articles: int | None = None) -> int:
    """Write the scale corpus into ``dest``: one file per article; returns how many.

    All of BBC and Reuters is about 21,000 articles; a smaller N takes the first N, a
    larger one adds copies (``copyK/``) with new ids and dates shifted by K years.
    """
    base = _base_articles(datasets)
    if not base:
        raise FileNotFoundError(f"no BBC or Reuters articles under {datasets}")
    wanted = len(base) if articles is None else articles
    written = 0
    copy = 0
    while written < wanted:
        prefix = f"copy{copy}/" if copy else ""
        for index, (name, title, date, paragraphs) in enumerate(base):
            if written >= wanted:
                break
            target = dest / (prefix + name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if paragraphs is None:  # a BBC file: as it is, with a dateline in a copy
                data = Path(title).read_bytes()
                if copy:
                    first, _, rest = data.partition(b"\n")
                    when = datetime(2004, 1, 1) + timedelta(days=index % 700) + timedelta(days=365 * copy)
                    data = first + b"\n\n" + _dateline(when).encode() + b"\n" + rest
                target.write_bytes(data)
            else:
                when = date + timedelta(days=365 * copy) if date else None
                head = [title, ""] + ([_dateline(when), ""] if when else [])
                target.write_text("\n".join(head + ["\n\n".join(paragraphs)]) + "\n", encoding="utf-8")
            written += 1
        copy += 1
    return written


def corpus_files(corpus: Path) -> list[str]:
    from ..ingest import CorpusFile, walk

    return [item.path for item in walk(corpus) if isinstance(item, CorpusFile)]
