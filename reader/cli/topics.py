"""``reader help TOPIC``: the texts a command's ``--help`` has no room for.

The query syntax is written here and nowhere else in the code (the README's table and
``reader search --help`` point here), so the app's users and the scripts' read one text.
"""

from __future__ import annotations

QUERY = """\
The query syntax (reader search QUERY, reader quotes QUERY, and the app's search box)

  nato defence          both words, in the title, standfirst or body (quoted words are part of
                        the body), any form: defence finds defences; words are ANDed
  reader search nato defence
                        several words on the command line are one query, as if quoted together
  Sakaliene             finds Šakalienė too: accents are folded
  "deadly trap"         the phrase, word for word

Boolean
  nato OR eu            either word
  nato NOT russia       nato, but not with russia
  nato AND (eu OR un)   AND is what words do anyway; parentheses group

Wildcards
  sanction*             any ending: sanction, sanctions, sanctioned
  te?t                  one character: test, text

Fields (field:word or field:"a phrase")
  title:putin           in the title        standfirst:...   in the standfirst
  body:...              in the body         quotes:"deadly trap"   inside quotations only
  speaker:healey        articles quoting that person; other spellings too
  speaker:"john healey" (speaker:zelensky finds "Zelenskiy")

Dates
  date:2025             a year              date:2025-02      a month
  date:2025-02-13       a day
  date:[2025-02-01 to 2025-02-28]           a range; the end day counts whole
  date:[2020 to 2024]   whole years
  date:[to 2019]        open at one end, as date:[2020 to] is

Quotes (reader quotes QUERY): the same syntax, over the quotes, each quote a record of its own
  ukraine --speaker healey   what Healey said about Ukraine: the words and the person in one quote
  plain words match the quote's text; speaker:NAME (or --speaker NAME) the person who said it;
  kind:direct, kind:partial, kind:indirect (or --kind); date: as above. No query: every quote,
  newest first.

Order: by relevance (BM25F; title matches weigh double), or newest first with --sort date
(s in the app). An unknown field, a date that is not a year with an optional month and day,
a range ending before it starts, a query over 5,000 characters or nested over 100 deep is an
error (exit 2). A query that finds fewer than 3 results may get "Did you mean: ...?".
"""

COMPLETION = """\
Shell completion (commands, flags, saved-search names, folders)

Once, in ~/.bashrc (bash) or ~/.zshrc (zsh):

  eval "$(reader help completion --shell bash)"      (zsh: --shell zsh)

fish, in ~/.config/fish/config.fish:

  reader help completion --shell fish | source

Then reader <TAB> completes the commands, flags and folders, and reader search --saved <TAB>
the saved searches of the config file. (register-python-argcomplete reader, from
argcomplete, prints the same code.)
"""

#: topic -> (one line for the list, the text)
TOPICS = {
    "query": ("the query syntax: words, phrases, AND/OR/NOT, wildcards, fields, dates", QUERY),
    "completion": ("shell completion for bash, zsh and fish", COMPLETION),
}


def topic_list() -> str:
    width = max(map(len, TOPICS))
    lines = ["reader help TOPIC, the topics:", ""]
    lines += [f"  {name:<{width}}  {summary}" for name, (summary, _text) in TOPICS.items()]
    lines += ["", "Every command has --help too: reader COMMAND --help (reader help COMMAND prints it)."]
    return "\n".join(lines) + "\n"


def shell_code(shell: str) -> str:
    """What ``reader help completion --shell SHELL`` prints: argcomplete's completion code
    for ``reader`` (the same as ``register-python-argcomplete``'s, which a pipx install does
    not put on the PATH; see :mod:`.completion`)."""
    import argcomplete

    return argcomplete.shellcode(["reader"], shell=shell)
