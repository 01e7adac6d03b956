"""``reader bench``: speed and memory measured side by side with naive Whoosh, SQLite
FTS5 and grep, in one run (ratios, since these machines are noisy).
"""

from .options import add_arguments

#: Imported when first asked for (see :mod:`.options`).
_LAZY = {"QUERIES": ".run", "ROWS": ".run", "run_from_args": ".run"}

__all__ = ["QUERIES", "ROWS", "add_arguments", "run_from_args"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(module, __name__), name)
    return value
