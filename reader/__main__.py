"""``python -m reader``: the same as the ``reader`` command."""

import sys

from .cli import main

sys.exit(main())
