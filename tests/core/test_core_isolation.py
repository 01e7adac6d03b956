"""The core never imports Textual: any script can use it without the UI.

The core is every module in reader/ outside reader/tui/, found by walking the folder and its
rooms (ingest/, attribution/, index/, ...), so a new module is covered the day it is added,
without editing this test.
"""

import ast
import subprocess
import sys

from support import REPO

PACKAGE = REPO / "reader"
#: Where the core may start the app: the one command that opens it, ``reader config check``
#: (which checks the keymap against the app's bindings) and the benchmark's app child.
#: Each imports reader.tui inside a function, never when the module loads.
OPENS_THE_APP = {"reader.cli.commands", "reader.bench.app"}


def _module_name(path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_files() -> list:
    """Every reader/**/*.py outside reader/tui/ (not ``__main__``, which runs a command)."""
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if "tui" not in path.relative_to(PACKAGE).parts and path.stem != "__main__")


def core_modules() -> list[str]:
    """``reader`` and every module of the core, rooms included."""
    return sorted(_module_name(path) for path in core_files())


def test_the_walk_finds_every_core_module():
    modules = core_modules()
    for name in ("text", "ingest.loaders", "search", "search.export", "search.suggest", "search.query_edit",
                 "ingest.html", "config", "userdata.bookmarks", "attribution", "engine", "index", "cli"):
        assert f"reader.{name}" in modules
    assert not any(m.startswith("reader.tui") for m in modules)


def test_core_imports_with_textual_blocked():
    code = (
        "import importlib, sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual' or name.startswith('textual.'):\n"
        "            raise ImportError('textual is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    loaded = [m for m in sys.modules if m.split('.')[0] == 'textual' or m.startswith('reader.tui')]\n"
        "    assert not loaded, f'importing {name} loaded {loaded}'\n"
        "print(len(sys.argv) - 1)\n"
    )
    modules = core_modules()
    out = subprocess.run([sys.executable, "-c", code, *modules], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(len(modules))


def _imports(tree: ast.AST):
    """(module imported, whether at module level) for each import statement."""
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in top
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:  # ``from . import tui`` imports ".tui"
                yield base if node.module else base + alias.name, id(node) in top


def test_no_core_module_imports_textual_even_inside_a_function():
    """An import inside a function escapes the import test above: read the source too."""
    for path in core_files():
        for module, at_top in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            assert module.split(".")[0] != "textual", f"{path.name} imports {module}"
            if module.lstrip(".") == "tui" or module.lstrip(".").startswith("tui.") or module.startswith("reader.tui"):
                assert _module_name(path) in OPENS_THE_APP and not at_top, f"{path.name} imports {module}"
