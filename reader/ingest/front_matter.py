"""Front matter of Markdown articles, read bounded (python-frontmatter and YAML).

YAML aliases are refused (eight levels of ``&b [*a, *a …]`` in 377 bytes expand to
billions of items), nesting is limited, and so is its size. No article's metadata needs
an alias or a hundred levels.
"""

from __future__ import annotations

import frontmatter
import yaml
from frontmatter.default_handlers import JSONHandler, YAMLHandler

from ..untrusted import loads_json

#: Front matter longer than this is not an article's metadata.
MAX_FRONT_MATTER = 64 * 1024
#: Nesting deeper than this is refused (a title, a date, a list of tags nest two levels).
MAX_FRONT_MATTER_DEPTH = 16


class _BoundedLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases and with a nesting limit."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not allowed in front matter")
        self._depth += 1
        try:
            if self._depth > MAX_FRONT_MATTER_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_FRONT_MATTER_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _BoundedYAML(YAMLHandler):
    def load(self, fm: str, **kwargs):
        if len(fm) > MAX_FRONT_MATTER:
            raise yaml.YAMLError(f"longer than {MAX_FRONT_MATTER // 1024} KB")
        return yaml.load(fm, Loader=_BoundedLoader)


class _BoundedJSON(JSONHandler):
    def load(self, fm: str, **kwargs):
        return loads_json(fm)


def _handler(text: str):
    """The front matter's handler (found as python-frontmatter finds it), made bounded."""
    handler = frontmatter.detect_format(text.strip(), frontmatter.handlers)
    if isinstance(handler, YAMLHandler):
        return _BoundedYAML()
    if isinstance(handler, JSONHandler):
        return _BoundedJSON()
    return handler


def load_post(text: str):
    """The python-frontmatter post of ``text`` (raises whatever its parser raises)."""
    return frontmatter.loads(text, handler=_handler(text))
