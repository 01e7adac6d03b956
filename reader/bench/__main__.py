"""``python -m reader.bench``: the benchmark alone, and the app child it starts to time the app."""

import argparse
import sys

from .app import tui_child
from .options import add_arguments
from .run import run_from_args

if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--tui-child":
        tui_child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6]))
    else:
        parser = argparse.ArgumentParser(prog="python -m reader.bench")
        add_arguments(parser)
        sys.exit(run_from_args(parser.parse_args()))
