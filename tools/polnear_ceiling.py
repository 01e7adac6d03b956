#!/usr/bin/env python3
"""The best F1 any speaker attributor can get from ../shared/tools/score_speakers.py on PolNeAR.

The scorer compares "last capitalised word" of the reader's speaker name with the same of the
gold Source span. Gold Source spans often carry a description after the name ("Rep. Gwen Moore
(D-Wis.)", "Kenneth Baer, a former Obama administration official who runs Crosscut Strategies"),
so for those quotes even the right person's name cannot match. This counts them, using the
scorer's own functions: the name is taken as the span's head (cut at the first comma, bracket or
" who "), and a quote is unmatchable when the head's surname differs from the whole span's.

    python3 tools/polnear_ceiling.py [../shared/datasets/polnear/dev ...]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
sys.path.insert(0, str(SHARED / "tools"))
import score_speakers as scorer  # noqa: E402


def head(source: str) -> str:
    return re.split(r",|\(| who ", source)[0]


def ceiling(folder: Path) -> tuple[int, int]:
    """(gold direct quotes with a named source, how many of them a correct name can match)."""
    anns: dict[str, Path] = {}
    for f in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(f.name.rsplit("_", 1)[0], f)
    named = matchable = 0
    for text in sorted((folder / "text").glob("*.txt")):
        if text.stem not in anns:
            continue
        for _content, source in scorer.gold_polnear(text, anns[text.stem]):
            if not scorer.surname(source) or scorer.fold(source).strip() in scorer.PRONOUNS:
                continue
            named += 1
            matchable += scorer.surname(head(source)) == scorer.surname(source)
    return named, matchable


def main() -> None:
    folders = sys.argv[1:] or [str(SHARED / "datasets/polnear" / split) for split in ("dev", "train")]
    for folder in folders:
        named, matchable = ceiling(Path(folder))
        recall = matchable / named
        print(f"{folder}: {named} named-source quotes, {named - matchable} unmatchable by a correct name; "
              f"best recall {recall:.3f}, best F1 {2 * recall / (1 + recall):.3f} (at precision 1.0)")


if __name__ == "__main__":
    main()
