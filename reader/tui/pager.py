"""Reading the open article in the user's $PAGER (``o``), the app suspended meanwhile.

The pager gets the file itself when the article is the whole file, else the article's
text on stdin (one record of a JSON Lines file). $PAGER is split into arguments, never
handed to a shell.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from textual.app import App

from ..article import Article


def pager_command(path: str | None = None) -> list[str]:
    """$PAGER split into an argument list (no shell), ``less`` when unset; the path last."""
    words = shlex.split(os.environ.get("PAGER") or "") or ["less"]
    return words + ([path] if path else [])


def show_in_pager(app: App, article: Article) -> str | None:
    """Show ``article`` in the pager until the user quits it; the reason if it could not be."""
    whole_file = "line" not in article.meta
    command = pager_command(article.path if whole_file else None)
    text = None if whole_file else f"{article.title}\n\n{article.standfirst}\n\n{article.text}\n"
    try:
        with app.suspend():
            subprocess.run(command, input=text, text=True, check=False)
    except FileNotFoundError:
        return f"Pager not found: {command[0]}"
    except Exception as exc:  # e.g. suspending is not supported by this terminal driver
        return f"Cannot open the pager here: {exc}"
    return None
