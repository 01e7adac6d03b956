"""The core never imports Textual: any script can use it without the UI."""

import subprocess
import sys

from conftest import REPO

CORE_MODULES = ["reader", "reader.article", "reader.text", "reader.loaders", "reader.corpus", "reader.schema",
                "reader.documents", "reader.index", "reader.search", "reader.locations", "reader.cli",
                "reader.config", "reader.bookmarks"]


def test_core_imports_with_textual_blocked():
    code = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual' or name.startswith('textual.'):\n"
        "            raise ImportError('textual is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "import pkgutil, reader\n"
        "for info in pkgutil.iter_modules(reader.__path__, 'reader.'):\n"
        "    if not info.name.startswith('reader.tui') and info.name != 'reader.__main__':\n"
        "        importlib.import_module(info.name)\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
