"""``python -m reader``: the same as the ``reader`` command."""

import sys

from .cli import main

if __name__ == "__main__":  # not when a process pool's worker imports this as __mp_main__
    sys.exit(main())
