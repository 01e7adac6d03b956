"""BBC regression: the junk speakers that issue 15 saw on the BBC corpus do not come back."""

import re
from pathlib import Path

import pytest

from reader.attribution import attribute

BBC = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "bbc"

#: Names the sidebar showed on BBC (and PolNeAR) before: capitalised common words, places,
#: shows, fragments of roles and organisations, possessives.
JUNK = {"Lots", "Having", "Once", "Following", "Partial", "Bureau", "Springfield", "Mt. Everest",
        "Md.", "Notice Trump", "Moscow-based", "Weakest Link", "Newsnight", "Rights Watch",
        "Woodhill Prison", "health", "Scottish Parliament", "Omsk", "Jack McConnell's"}


def _body(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", "replace").split("\n")
    paras = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", "\n".join(lines[1:]))]
    return [p for p in paras if p]


@pytest.mark.skipif(not BBC.exists(), reason="shared data not beside the repo")
def test_no_junk_speaker_on_bbc():
    bad = []
    for f in sorted(BBC.glob("*/*.txt")):
        for sp in attribute(_body(f)).speakers:
            if sp.name in JUNK or sp.name.endswith(("'s", "’s")):
                bad.append((f"{f.parent.name}/{f.name}", sp.name))
    assert bad == []


@pytest.mark.skipif(not BBC.exists(), reason="shared data not beside the repo")
def test_bbc_cases_of_the_issue():
    names = {sp.name for sp in attribute(_body(BBC / "business" / "290.txt")).speakers}
    assert "British Retail Consortium" in names and "report" not in names
    names = {sp.name for sp in attribute(_body(BBC / "politics" / "014.txt")).speakers}
    assert "Rights Watch" not in names
