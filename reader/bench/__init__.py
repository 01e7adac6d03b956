"""``reader bench``: speed and memory measured side by side with naive Whoosh, SQLite
FTS5 and grep, in one run (ratios, since these machines are noisy).
"""

from .run import QUERIES, ROWS, add_arguments, run_from_args

__all__ = ["QUERIES", "ROWS", "add_arguments", "run_from_args"]
