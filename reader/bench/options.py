"""The options of ``reader bench``, apart from the bench itself: the command line's
parser is built for every command, and importing the bench (its baselines, the app's
measure) cost each ``reader search`` 10 ms of its start.
"""

from __future__ import annotations

import argparse

#: Above this many articles the naive Whoosh baseline (and the two extra builds that price
#: the quote records) are left out unless asked for.
NAIVE_UP_TO = 100_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="?", help="a corpus folder to measure (default: assemble one from the data sets)")
    parser.add_argument("--articles", type=int, default=None,
                        help="size of the assembled corpus (default: all of BBC + Reuters, about 21,000)")
    parser.add_argument("--datasets", help="the data sets folder (default: ../shared/datasets beside the repository)")
    parser.add_argument("--no-app", action="store_true", help="leave out the app measures")
    parser.add_argument("--naive-whoosh", action=argparse.BooleanOptionalAction, default=None,
                        help=f"build the plain Whoosh baseline too (default: only up to {NAIVE_UP_TO:,} articles)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
