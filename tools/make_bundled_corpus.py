#!/usr/bin/env python3
"""Rebuild ``corpus/`` (the bundled sample corpus) from the shared data sets.

    python tools/make_bundled_corpus.py [SHARED_DIR]     # default: ../shared beside the repo

Writes the seed article and the English Wikinews articles of 2019-2021 (CC BY 2.5) in the
seed format, one file per article named ``YYYY-MM-DD-slug.txt``: first line
``date YYYY-MM-DD Title``, second line the standfirst (Wikinews has none: its first
paragraph is used), then one paragraph per line. The Wikinews dateline paragraph is
dropped (the date is on the first line), and so are the test page and the interviews of
over 5,000 words. ``corpus/NOTICE`` (credit and licence) is kept as it is.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_WORDS = 5000
DATELINE = re.compile(r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday), \w+ \d{1,2}, \d{4}$", re.I)


def slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 60:
            break
        out = f"{out}-{word}" if out else word
    return out or "article"


def paragraphs(text: str) -> list[str]:
    paras = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    paras = [p for p in paras if p]
    if paras and DATELINE.match(paras[0]):
        paras = paras[1:]
    return paras


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared"
    out = REPO / "corpus"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for seed in (shared / "seed").glob("*.txt"):
        shutil.copyfile(seed, out / seed.name)
    csv.field_size_limit(1 << 30)
    written, left_out, names = 0, [], set()
    for csv_file in sorted((shared / "datasets" / "wikinews").glob("wikinews_*.csv")):
        with csv_file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                title = " ".join(row["title"].split())
                paras = paragraphs(row["text"])
                words = sum(len(p.split()) for p in paras)
                if title.upper().startswith("TEST PAGE") or words > MAX_WORDS or len(paras) < 2:
                    left_out.append(f"{title} ({words} words)")
                    continue
                date = row["date"][:10]
                name = f"{date}-{slug(title)}"
                while name in names:
                    name += "-2"
                names.add(name)
                lines = [f"date {date} {title}", *paras]
                (out / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
                written += 1
    print(f"wrote {written} Wikinews articles and the seed to {out}; left out {len(left_out)}:")
    for item in left_out:
        print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
