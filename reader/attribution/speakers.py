"""Who said what: find the quotes in an article body and attribute them to speakers.

Pure standard-library heuristics (no model), built to be fast (a BBC-size article in well
under a millisecond) and never to fail on hostile text.

What is found
-------------
* **direct** quotes: words between double quote marks (curly “ ” or straight ") that stand
  as a sentence or clause of their own (``“…,” Pistorius said`` · ``He said: “…”``). A quote
  that runs over several paragraphs (opening mark repeated at each new paragraph, no closing
  mark until the end) is reported as one direct quote *per paragraph*, all under the same
  speaker, so that every quote is a single contiguous span of one paragraph.
* **partial** quotes: a few quoted words inside a sentence that reports speech
  (``Pistorius noted that it was “regrettable” that …``).
* **indirect** quotes: reported speech without quote marks (``Name said (that) …``,
  ``According to Name, …``); the span is the reported clause.

Scare quotes — quoted words with no speech act near them (``regarding “peace” talks``) — are
not speech: they are **left out entirely** (neither attributed nor listed as unattributed).
``Attribution.unattributed`` holds direct quotes that look like speech but whose speaker
could not be found.

Every ``Quote`` satisfies ``text == "\\n\\n".join(body)[start:end]`` and never includes the
quote marks themselves. Quotes never overlap and are reported in text order.

Attribution rules (in order of strength): a speech verb and its subject right after the
closing mark (``“…,” Name said`` / ``“…,” said Name`` / ``“…,” according to Name``); the
nearest speech verb before the quote in the same sentence and its subject (``Name said: “…”``,
``Name, the role, said …``, ``Role Name said …``); another attributed quote of the same
paragraph; the speaker of the previous paragraph (a quote paragraph without attribution
continues the previous speaker). Also: ``“…,” Kelly charged`` / ``“…,” Bennett shot back``
(verbs that count only right after a quote); ``Clinton: “…”`` and ``HEADLINE - Carl Bialik:
“…”`` (a name and a colon); ``Said Dorothy Poynter, …, “…”`` (inverted, verb first);
``“…” for the victory, Sanders said`` (the attribution after lower-case words that go on
with the quote); ``Harry Bond, 30, of Raleigh, N.C., who …, said`` (several appositives);
``Clause, Mr. Obama said in an interview.`` (indirect, attribution last). A quote in one kind
of mark nested in a quote in the other (``"… about “Equal Justice” anymore …``) stays inside.
A he/she subject goes to the person last named as the subject of a sentence since the latest
attribution (``Clinton leaned in. She then … “…,” she said``), else to the latest speaker who
can be he/she (organisations cannot, nor someone whose title, role or an earlier ``said
he``/``said she`` gives the other gender), else to the most recently mentioned person; other
pronouns go to the latest speaker.
Only subjects of speech verbs become speakers: objects (``he told CNN’s Natasha Bertrand``)
never do. Within an article, ``Pistorius``, ``Mr. Pistorius`` and ``Boris Pistorius`` are one
speaker shown under the fullest name, with the first role the text gives; a name spelt
with both apostrophes (O’Neill / O'Neill) is shown as most of its mentions spell it.

Robustness: all scanning is linear (no backtracking-prone regular expressions); work on a
single article is bounded (at most ``MAX_ITEMS`` quotes/reported-speech cues are analysed,
very long paragraphs are analysed in windows around each quote and get no indirect-speech
search), so a 10 MB line or 60,000 quote marks finish quickly. Nothing in here raises on
odd input; non-string paragraphs are converted with ``str``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter
from typing import NamedTuple

from .registry import fold, near_spelling, surname_form

__all__ = ["Quote", "Speaker", "Attribution", "attribute"]

PARAGRAPH_SEPARATOR = "\n\n"

#: Upper bound on quotes + reported-speech cues analysed per article (the rest of the quotes
#: are reported unattributed). Real articles have a few dozen at most.
MAX_ITEMS = 4000
#: Paragraphs longer than this are analysed in windows around each quote only.
LONG_PARAGRAPH = 20000
_WINDOW = 250
#: At most this many quotes of one very long paragraph are analysed.
_LONG_PARAGRAPH_QUOTES = 1000
#: Upper bound on quote marks looked at per article (a 10 MB line of quote marks).
MAX_QUOTE_MARKS = 200_000
#: A quote of at most this many words, inside a sentence with no speech act, is a scare
#: quote (or a title, a term): not speech.
_SCARE_WORDS = 6


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted (or reported) span: ``text == body_text[start:end]``, without quote marks."""

    text: str
    start: int
    end: int
    kind: str  # "direct" | "partial" | "indirect"

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person or organisation with the quotes credited to them, in text order."""

    name: str
    role: str
    quotes: tuple[Quote, ...]

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role, "quotes": [q.to_json() for q in self.quotes]}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Speakers in order of first appearance, and the speech nobody could be found for."""

    speakers: tuple[Speaker, ...]
    unattributed: tuple[Quote, ...]

    def to_json(self) -> dict:
        return {
            "speakers": [s.to_json() for s in self.speakers],
            "unattributed": [
                {"text": q.text, "start": q.start, "end": q.end} for q in self.unattributed
            ],
        }


# --------------------------------------------------------------------------- lexicons


def _forms(*groups: str) -> frozenset[str]:
    out: set[str] = set()
    for g in groups:
        out.update(g.split())
    return frozenset(out)


#: Speech verbs (all forms that we accept as a speech act next to a quote).
_SAY = _forms(
    "say says said saying",
    "tell tells told telling",
    "add adds added adding",
    "note notes noted noting",
    "warn warns warned warning",
    "write writes wrote writing",
    "tweet tweets tweeted tweeting",
    "ask asks asked asking",
    "explain explains explained explaining",
    "insist insists insisted insisting",
    "argue argues argued arguing",
    "stated",
    "declare declares declared declaring",
    "continue continues continued continuing",
    "posted",
    "claim claims claimed claiming",
    "announce announces announced announcing",
    "acknowledge acknowledges acknowledged acknowledging",
    "admit admits admitted admitting",
    "reply replies replied replying",
    "respond responds responded responding",
    "answer answers answered answering",
    "recall recalls recalled recalling",
    "remark remarks remarked remarking",
    "comment comments commented commenting",
    "observe observes observed observing",
    "predict predicts predicted predicting",
    "vow vows vowed vowing",
    "suggest suggests suggested suggesting",
    "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising",
    "stress stresses stressed stressing",
    "conclude concludes concluded concluding",
    "complain complains complained complaining",
    "joke jokes joked joking quip quips quipped quipping",
    "boast boasts boasted boasting",
    "concede concedes conceded conceding",
    "confirm confirms confirmed confirming",
    "contend contends contended contending",
    "assert asserts asserted asserting",
    "exclaim exclaims exclaimed exclaiming",
    "shout shouts shouted shouting yell yells yelled yelling",
    "whisper whispers whispered whispering mutter mutters muttered muttering",
    "promise promises promised promising",
    "reiterate reiterates reiterated reiterating",
    "testify testifies testified testifying",
    "reveal reveals revealed revealing",
    "announced",
    "urge urges urged urging",
    "maintain maintains maintained maintaining",
    "retort retorts retorted retorting",
    "counter counters countered countering",
    "pledge pledges pledged pledging",
    "opine opines opined opining",
    "chant chants chanted chanting",
    "begin begins began",  # “…,” he began.
    "agree agrees agreed agreeing",
    "cautioned cautions caution cautioning",
    "demand demands demanded demanding",
    "scoff scoffs scoffed scoffing",
    "lament laments lamented lamenting",
    "snap snapped snaps",
    "interject interjected interjects",
    "protest protested protests",
    "thought",  # “…,” he thought (rare, but a speech-like act)
    "stated states",
    "proclaim proclaims proclaimed echo echoes echoed fume fumes fumed bark barks barked",
)
#: Verbs that attribute a quote only right after it (``“…,” Kelly charged`` /
#: ``“…,” beamed Donald Hartley``): too ambiguous anywhere else.
_AFTER_ONLY = _forms(
    "charged beamed gushed mused laughed cracked teased pleaded sighed smiled grinned huffed "
    "groused griped sniffed scolded chided marveled marvelled boomed thundered roared wondered "
    "recounted reasoned elaborated started offered chuckled cried sneered taunted mocked "
    "fumed barked echoed proclaimed"
)
#: Two-word speech verbs: ``shot back``, ``chimed in``, ``went on``.
_PHRASAL = {"shot": "back", "fired": "back", "hit": "back", "pushed": "back", "chimed": "in",
            "went": "on", "summed": "up", "piped": "up", "cut": "in", "broke": "in"}
#: Verbs that only signal a *partial* quote when they come before it: ``called it “X”``.
_PARTIAL_ONLY = _forms(
    "called calling describes described describing dubbed dubbing labeled labelled labeling "
    "labelling branded branding termed characterized characterised characterizing "
    "characterising deemed"
)
#: Verbs that may come before their subject after a quote: ``“…,” said Name``.
_INVERTIBLE = _forms(
    "said says added adds asked asks wrote writes noted notes explained explains continued "
    "continues recalled recalls replied replies answered answers declared declares insisted "
    "insists argued argues warned warns remarked remarks observed observes tweeted stated "
    "concluded concludes countered counters retorted quipped quips joked jokes began "
    "acknowledged admitted responded cautioned predicted demanded demands scoffed lamented "
    "snapped interjected"
)
#: Verbs with an addressee before the reported clause: ``told reporters that …``.
_OBJECT_VERBS = _forms(
    "tell tells told telling ask asks asked asking warn warns warned warning assure assures "
    "assured remind reminds reminded inform informs informed urge urges urged promise "
    "promises promised"
)
#: Verbs that can introduce an indirect (reported) clause.
_CLAUSE_VERBS = _forms(
    "say says said tell tells told add adds added note notes noted warn warns warned "
    "write writes wrote tweeted explain explains explained insist insists insisted "
    "argue argues argued stated declare declares declared claim claims claimed "
    "announce announces announced acknowledge acknowledges acknowledged admit admits admitted "
    "predict predicts predicted suggest suggests suggested emphasized emphasised stressed "
    "conclude concludes concluded complained conceded confirmed contend contends contended "
    "assert asserts asserted reiterated revealed maintained maintains vowed pledged "
    "testified replied responded recalled observed cautioned"
)
_AUX = _forms(
    "has have had will would could should may might must can did does do also later then "
    "previously reportedly once again recently further simply repeatedly quickly publicly "
    "privately subsequently not never just even only still first often already yet "
    "finally earlier initially immediately flatly bluntly angrily sharply curtly "
    "this that week month year today yesterday tonight separately elsewhere too "
    "herself himself themselves itself"
)
#: Verbs that introduce a quoted text at the end of a paragraph (``The Times reports:``).
_REPORT_VERBS = _forms("reports reported report writes explains adds continues states notes")
_PASSIVE = _forms("was were been being is are be")
_PRONOUNS = _forms("he she they i we it")
_PRONOUN_CAPS = _forms("He She They I We It")
_DET = _forms("the a an this these those his her their its our my your one another some two three several many")
_CONNECTORS = _forms("of for at from to")
_PARTICLES = _forms("de da di del della van von der den dos du la le bin al ibn el ben y")
_TITLES = _forms("mr mr. mrs mrs. ms ms. miss dr dr. mx mx. prof prof. sir dame lord lady")
_MONTHS_DAYS = _forms(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan. feb. mar. apr. jun. jul. "
    "aug. sep. sept. oct. nov. dec."
)
#: Capitalised words that begin sentences or phrases but are not names.
_CAP_STOP = _forms(
    "the a an but and or so yet in on at for of to from by with as after before since when "
    "while if though although because however meanwhile also still then now earlier later "
    "last next this that these those there here what why how who whom whose where which "
    "it he she they we i you his her their its our my your me him them us one another "
    "yesterday today tomorrow tonight asked speaking writing according despite instead "
    "during under over into about against among between through without within upon "
    "mr mrs ms dr sir no yes not all both each every some many most more other such only "
    "just even indeed again already perhaps maybe well oh thus hence therefore "
    "in. said says told added ask like unlike"
) | _MONTHS_DAYS
#: Words that make up a role or a describing noun phrase (lower-case forms).
_ROLE_WORDS = _forms(
    "president minister secretary senator sen. sen rep. rep representative gov. gov governor "
    "chancellor mayor spokesman spokeswoman spokesperson spokespeople spokesmen chief executive "
    "director chairman chairwoman chair chairperson ceo cfo coo cto leader commissioner "
    "ambassador general gen. lt. col. sgt. capt. adm. admiral commander officer official "
    "judge justice attorney lawyer analyst professor prof. economist manager coach captain "
    "king queen prince princess pope bishop rev. reverend head candidate nominee speaker "
    "premier mp mep deputy vice founder co-founder strategist adviser advisor aide "
    "correspondent editor reporter author researcher scientist doctor nurse teacher member "
    "partner owner treasurer secretary-general councillor councilman councilwoman congressman "
    "congresswoman lawmaker legislator sheriff detective inspector superintendent constable "
    "prosecutor counsel solicitor barrister boss striker midfielder defender goalkeeper "
    "player champion star actor actress singer producer chairman president-elect "
    "vice-president vice-presidential presidential pastor rabbi imam cardinal dean provost "
    "principal envoy diplomat negotiator consultant pollster campaigner activist organizer "
    "organiser campaign manager administrator regulator auditor governor-elect senator-elect "
    "secretary-designate nominee candidate rapporteur monitor observer agent attorney-general "
    "whip chancellor-elect prime foreign defense defence finance interior justice health "
    "state home trade labor labour education energy economy commerce press former senior top "
    "assistant acting interim longtime veteran retired current federal local national "
    "majority minority ranking security policy affairs communications political legal "
    "intelligence panel del. businessman businesswoman billionaire host anchor columnist "
    "commentator pundit chief-of-staff staff spokeswoman fellow scholar historian expert "
    "co-chair co-director vice-chair executive-director nominee surrogate operative "
    "consultant pollster researcher attorney-at-law widow veteran mother father "
    "republican democratic democrat conservative liberal progressive libertarian"
)
#: Head nouns of describing noun phrases that can be speakers (``police said``).
_SPEAKER_NOUNS = _ROLE_WORDS | _forms(
    "police officials spokesmen company government ministry department agency campaign "
    "committee court report statement source sources witnesses witness residents experts "
    "analysts researchers authorities prosecutors investigators lawyers aides organizers "
    "organisers critics supporters group firm bank union administration military army "
    "navy council board team club party officers leaders members senators lawmakers "
    "legislators democrats republicans economists scientists doctors observers diplomats "
    "activists protesters demonstrators voters people citizens families relatives friends "
    "neighbours neighbors parents teachers students workers employees staff colleagues "
    "officers spokespeople executives managers fans players coaches owners advisers advisors "
    "study survey poll memo letter filing lawsuit complaint document documents newspaper "
    "paper magazine network broadcaster station website site blog post regulator regulators "
    "commission office embassy consulate cabinet parliament congress senate house "
    "legislature spokesperson representatives representative insiders insider person man "
    "woman men women officer survivor victim victims mother father son daughter wife husband "
    "brother sister aide aides groups companies firms banks unions agencies ministries"
)
_STOP_NP_LOWER = _forms(
    "and or but that which who whom whose when while because if as after before since so "
    "than then where whether although though unless until once"
)
_ABBREV = _forms(
    "mr. mrs. ms. dr. sen. rep. gov. st. jr. sr. gen. lt. col. sgt. capt. adm. prof. rev. "
    "inc. co. corp. ltd. no. vs. etc. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. "
    "nov. dec. mt. ft. ave. fig. approx. dept. univ. assn. bros. gov't. pres. sec. atty."
)
_SENT_END = frozenset(".?!")
#: Titles and role words that tell a person's gender (for he/she).
_FEMALE_WORDS = _forms(
    "mrs mrs. ms ms. miss dame lady madam spokeswoman chairwoman congresswoman businesswoman "
    "councilwoman assemblywoman actress queen princess duchess countess baroness mother wife widow "
    "sister daughter grandmother aunt niece woman girl"
)
_MALE_WORDS = _forms(
    "mr mr. sir lord spokesman congressman businessman councilman assemblyman king prince duke "
    "baron father husband widower brother son grandfather uncle nephew man boy"
)
#: Words that make a name an organisation or a publication, not a person (for he/she).
_ORG_WORDS = _forms(
    "commission committee department news post times press association council university "
    "institute foundation center centre party campaign agency ministry office court network inc "
    "inc. corp corp. co. ltd group club bank journal magazine service administration coalition "
    "union board organization organisation congress senate house government police reuters "
    "politico tribune herald gazette daily weekly channel radio television review company "
    "corporation fund trust alliance federation league society school college academy watch "
    "project research states nations pac poll survey report republicans democrats"
)
#: The words ``_indirect`` looks at: the start of "according to" and the clause verbs.
_INDIRECT_STARTS = _CLAUSE_VERBS | {"according"}
_LOW = attrgetter("low")
_INDIRECT_SKIP_PREP = _forms("in on at during after before with to about from by over via through into")

# --------------------------------------------------------------------------- tokens

#: A token (a word, or any other single non-space character) with the whitespace before it;
#: the groups are (space, word, mark), one of word and mark empty.
_SPACED_TOKEN_RE = re.compile(r"(\s*)(?:(\w[\w'’.\-]*)|([^\w\s]))")
_QMARK_RE = re.compile("[\"“”„«»]")
_SPEECH_CUE_RE = re.compile(
    r"\b(?:said|says|told|tells|added|adds|noted|warned|wrote|tweeted|explained|insisted|"
    r"argued|stated|declared|claimed|claims|announced|acknowledged|admitted|predicted|"
    r"suggested|stressed|emphasi[sz]ed|concluded|conceded|confirmed|contended|asserted|"
    r"reiterated|revealed|maintained|vowed|pledged|testified|replied|responded|recalled|"
    r"observed|cautioned|complained|[Aa]ccording)\b"
)
_INITIAL_RE = re.compile(r"^(?:[A-Za-z]\.)+$")
_SENTENCE_INSIDE_RE = re.compile(r"\w[.?!] +[A-Z“‘\"']")

# token kinds
_W, _P, _Q = 0, 1, 2


class _Tok(NamedTuple):
    """One token of a paragraph: a word (_W), a punctuation mark (_P) or a whole quote (_Q,
    ``qi`` is its index among the paragraph's quotes).

    A named tuple, not a class with ``__slots__``: ``_words`` makes one for each of about
    70 words in every paragraph that has a quote or a speech verb (1.5 million for the
    21,000-article scale corpus), and building a tuple is done in C where an ``__init__``
    runs Python code for every token. Reading a field costs the same either way.
    """

    kind: int
    text: str
    low: str
    start: int
    end: int
    qi: int = -1


def _tokenize(para: str, a: int, b: int, quotes: list, out: list) -> None:
    """Append tokens of ``para[a:b]`` to *out*; the given quotes (opening mark..closing
    mark) become single ``_Q`` tokens."""
    pos = a
    for qi, q in quotes:
        qa, qb = q.mark_start, q.mark_end
        if qb <= pos:
            continue
        if qa > pos:
            _words(para, pos, min(qa, b), out)
        if qa >= b:
            pos = b
            break
        text = para[q.s:q.e]
        out.append(_Tok(_Q, text, text.lower(), q.s, q.e, qi))
        pos = max(pos, qb)
    if pos < b:
        _words(para, pos, b, out)


def _words(para: str, a: int, b: int, out: list) -> None:
    """Append the word and punctuation tokens of ``para[a:b]`` to *out*.

    The hottest loop of the attributor, so it is written for speed: one ``findall`` gives
    each token with the whitespace before it (so offsets are sums, no match objects), the
    punctuation alternative is its own group (no per-token test of the first character),
    and tokens are built with ``tuple.__new__`` (no Python ``__init__``). A word ending in
    ``.``, ``'``, ``’`` or ``-`` is rare and goes through the careful path: an
    abbreviation or initial keeps its dot, otherwise the trailing marks are cut off and
    each dot becomes a full stop.
    """
    append = out.append
    new = tuple.__new__
    pos = a
    for space, t, mark in _SPACED_TOKEN_RE.findall(para, a, b):
        s = pos + len(space)
        if mark:
            pos = s + 1
            append(new(_Tok, (_P, mark, mark.lower(), s, pos, -1)))
            continue
        pos = e = s + len(t)
        if t[-1] not in ".'’-":  # a word starts with \w, so a one-letter word never ends so
            append(new(_Tok, (_W, t, t.lower(), s, e, -1)))
            continue
        low = t.lower()
        if t[-1] == ".":
            if low in _ABBREV or _INITIAL_RE.match(t) or (len(t) == 2 and t[0].isupper()) or (
                low in _ROLE_WORDS and t[0].isupper()
            ):
                append(new(_Tok, (_W, t, low, s, e, -1)))
                continue
            # "R-Ky., said" / "Del. Stacey" / "the U.S. economy": an abbreviation, not a full stop
            nx = para[e] if e < b else ""
            if nx == " " and e + 1 < b:
                nx2 = para[e + 1]
                if nx2.islower() or ("-" in t and nx2 in ",)"):
                    append(new(_Tok, (_W, t, low, s, e, -1)))
                    continue
            elif nx and nx in ",);":
                append(new(_Tok, (_W, t, low, s, e, -1)))
                continue
        t2 = t.rstrip(".'’-")
        if t2:
            append(new(_Tok, (_W, t2, t2.lower(), s, s + len(t2), -1)))
        for k in range(s + len(t2), e):
            if para[k] == ".":
                append(new(_Tok, (_P, ".", ".", k, k + 1, -1)))


def _is_cap(tok: _Tok) -> bool:
    return tok.kind == _W and tok.text[0].isupper()


def _is_name_tok(tok: _Tok) -> bool:
    """A capitalised word that may be part of a name (or an organisation/role)."""
    if tok.kind != _W or not tok.text[0].isupper():
        return False
    low = tok.low
    if low in _CAP_STOP:
        return False
    if low.endswith(("'s", "’s")) and low[:-2] in _CAP_STOP:
        return False
    return True


def _possessive(tok: _Tok) -> bool:
    return tok.kind == _W and tok.low.endswith(("'s", "’s", "s'", "s’")) and len(tok.text) > 2


# --------------------------------------------------------------------------- quotes


class _RawQuote:
    __slots__ = ("mark_start", "mark_end", "s", "e", "unclosed", "para")

    def __init__(self, mark_start, mark_end, s, e, unclosed, para):
        self.mark_start = mark_start  # index of the opening mark (or of s if none)
        self.mark_end = mark_end  # index just past the closing mark
        self.s = s
        self.e = e
        self.unclosed = unclosed
        self.para = para


_OPEN_BEFORE = set("([{—–-/:;,'‘\u00a0")
_CLOSE_AFTER = set(".,;:!?)]}—–-'’…")


def _find_quotes(para: str, pi: int, budget: list) -> list:
    """Double-quoted spans of one paragraph, in order, as ``_RawQuote``s (linear scan).
    At most ``budget[0]`` quote marks are looked at (shared by the whole article)."""
    out = []
    n = len(para)
    open_i = -1
    open_straight = False
    nested = False  # inside a quote nested in the open one
    for m in _QMARK_RE.finditer(para):
        budget[0] -= 1
        if budget[0] < 0:
            break
        i = m.start()
        c = para[i]
        prev = para[i - 1] if i else " "
        nxt = para[i + 1] if i + 1 < n else " "
        can_open = prev.isspace() or prev in _OPEN_BEFORE or prev in "“„\"«"
        can_close = nxt.isspace() or nxt in _CLOSE_AFTER or nxt in "”\"»"
        if nested:
            # inside a quote nested in the open one: its own kind of mark ends it; the other
            # kind closes the outer quote (the nested one was left open)
            nested = False
            if (c in "”“") if open_straight else (c == '"'):
                continue
        elif (open_i >= 0 and i > open_i + 1 and can_open and not can_close
              and ((c in "“„") if open_straight else (c == '"'))
              and not (i >= 2 and para[i - 2] in ",:")):
            # "… about “Equal Justice” anymore …" — a quote in the other kind of mark inside
            # the open one (curly inside straight, or straight inside curly). Not when the
            # inner mark opens the outer quote or follows a comma or colon: then the outer
            # mark wraps an excerpt ("“…,” Rubio said." / "He replied, “…”") and the inner
            # quotes are the speech.
            nested = True
            continue
        if c in "“„«":
            if can_close and not can_open and open_i >= 0:
                is_open = False  # a “ used as a closing mark
            else:
                is_open = True
        elif c in "”»":
            is_open = open_i < 0 and can_open and not can_close
            if open_i < 0 and not is_open:
                continue  # stray closing mark
        else:  # straight "
            if open_i < 0:
                if can_close and not can_open:
                    continue  # stray closing mark
                is_open = True
            else:
                is_open = can_open and not can_close
        if is_open:
            open_i = i
            open_straight = c == '"'
        else:
            _emit(para, pi, open_i, i, out, False)
            open_i = -1
    if open_i >= 0:
        _emit(para, pi, open_i, n, out, True)
    return out


def _emit(para, pi, o, c, out, unclosed):
    s, e = o + 1, c
    while s < e and para[s].isspace():
        s += 1
    while e > s and (para[e - 1].isspace() or para[e - 1] == ","):
        e -= 1
    if e <= s:
        return
    # something to quote: at least one letter or digit
    seg_ok = False
    for k in range(s, min(e, s + 200)):
        if para[k].isalnum():
            seg_ok = True
            break
    if not seg_ok:
        return
    out.append(_RawQuote(o, c + 1 if not unclosed else c, s, e, unclosed, pi))


# --------------------------------------------------------------------------- noun phrases


class _NP:
    """A speaker mention: ``kind`` is "name", "pronoun" or "desc"."""

    __slots__ = ("kind", "name", "role", "pos", "gender")

    def __init__(self, kind: str, name: str, role: str, pos: int, gender: str = ""):
        self.kind = kind
        self.name = name
        self.role = role
        self.pos = pos
        self.gender = gender  # "m", "f" or "" (unknown), from a title or a role word


def _np_ok_word(tok: _Tok) -> bool:
    if tok.kind != _W:
        return False
    if _is_name_tok(tok):
        return True
    low = tok.low
    if low in _SPEAKER_NOUNS or low in _PARTICLES or low in _TITLES:
        return True
    if _possessive(tok):
        return True
    if "-" in low and tok.text[0].isupper():
        return True
    return False


def _open_role_word(t: _Tok) -> bool:
    """A lower-case word that may describe the person named after it ("engineer")."""
    if t.kind != _W or not t.text.isalpha() or not t.text.islower():
        return False
    low = t.low
    return not (low in _STOP_NP_LOWER or low in _AUX or low in _SAY or low in _PASSIVE
                or low in _CONNECTORS or low in _PRONOUNS or low in _DET or low in _PARTIAL_ONLY
                or low in _INDIRECT_SKIP_PREP
                or low.endswith(("ed", "ing")))


def _np_backward(toks: list, j: int, lo: int) -> int:
    """Start index of the noun phrase that ends at toks[j] (or j+1 if none)."""
    k = j
    limit = max(lo, j - 9)
    while k >= limit:
        t = toks[k]
        if _np_ok_word(t):
            k -= 1
            continue
        if t.kind == _W and t.low in _DET:
            k -= 1
            break
        if t.kind == _W and t.low in _CONNECTORS and k > lo and k < j:
            # keep the connector only if a noun-phrase word precedes it
            if _np_ok_word(toks[k - 1]):
                k -= 1
                continue
        break
    start = k + 1
    # trim leading connectors
    while start <= j and toks[start].kind == _W and toks[start].low in _CONNECTORS:
        start += 1
    return start


def _np_forward(toks: list, i: int, hi: int) -> int:
    """End index (exclusive) of the noun phrase starting at toks[i] (i if none)."""
    k = i
    n = min(hi, i + 10)
    if k < n and toks[k].kind == _W and toks[k].low in _DET:
        k += 1
    while k < n:
        t = toks[k]
        if _np_ok_word(t):
            k += 1
            continue
        if _open_role_word(t) and k + 1 < n and (
            _is_name_tok(toks[k + 1]) or (k + 2 < n and _open_role_word(toks[k + 1]) and (
                _is_name_tok(toks[k + 2]) or (k + 3 < n and _open_role_word(toks[k + 2]) and _is_name_tok(toks[k + 3]))))
        ):
            k += 1  # "engineer Paul Okafor", "tax lawyer Jo Bloggs", "election law expert Rick Hasen"
            continue
        if (
            t.kind == _W
            and t.low in _CONNECTORS
            and k > i
            and toks[k - 1].low in _SPEAKER_NOUNS
            and k + 1 < n
            and (_np_ok_word(toks[k + 1]) or toks[k + 1].low in _DET)
        ):
            k += 1
            if toks[k].low in _DET:
                k += 1
            continue
        break
    # drop trailing connectors / determiners
    while k > i and toks[k - 1].kind == _W and (toks[k - 1].low in _CONNECTORS or toks[k - 1].low in _DET):
        k -= 1
    return k


def _make_np(toks: list, a: int, b: int) -> _NP | None:
    """Turn toks[a:b] into a speaker mention (name + role), or None."""
    if b <= a:
        return None
    words = toks[a:b]
    if len(words) == 1 and words[0].kind == _W:
        w = words[0]
        if w.low in _PRONOUNS:
            return _NP("pronoun", w.low, "", w.start)
    # strip leading determiners, and a verb that opens an inverted sentence ("Continued Stone:")
    while words and words[0].low in _DET:
        words = words[1:]
    while len(words) > 1 and (words[0].low in _INVERTIBLE or words[0].low in _AUX) and words[0].text[0].isupper():
        words = words[1:]
    if len(words) >= 3 and words[0].low in _ORG_WORDS and words[0].text[0].isupper() and any(
        w.low in _CONNECTORS or w.low == "on" for w in words[1:-1]
    ):
        # "Commission on Presidential Debates", "Department of Justice": one organisation
        return _NP("desc", _join(words), "", words[0].start)
    if not words:
        return None
    if any(w.low in _PRONOUNS and not w.text[0].isupper() for w in words):
        return None
    caps = [i for i, w in enumerate(words) if _is_name_tok(w) and w.low.rstrip(".") not in _ROLE_WORDS
            and w.low not in _ROLE_WORDS and w.low not in _TITLES and not _possessive(w)]
    pos = words[0].start
    if not caps:
        # describing phrase ("police", "a spokesman for the company", "the President")
        head = words[-1].low
        if head not in _SPEAKER_NOUNS and not any(w.low in _SPEAKER_NOUNS for w in words):
            return None
        return _NP("desc", _join(words), "", pos)
    # split role | name: the name is what follows the last role word / possessive
    last_role = -1
    for i, w in enumerate(words):
        low = w.low
        if low in _ROLE_WORDS or low.rstrip(".") in _ROLE_WORDS or _possessive(w) or (
            low in _TITLES and low not in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", "mx", "mx.")
        ):
            last_role = i
    name_words = words[last_role + 1:]
    role_words = words[: last_role + 1]
    while name_words and name_words[0].kind == _W and name_words[0].text.islower() and name_words[0].low not in _CONNECTORS:
        role_words = role_words + [name_words[0]]
        name_words = name_words[1:]
    # a connector right after the role word: "Secretary of State John Kerry"
    if name_words and name_words[0].low in _CONNECTORS:
        rest = name_words
        capn = [i for i, w in enumerate(rest) if _is_name_tok(w)]
        if len(capn) >= 3 and all(_is_name_tok(w) or w.low in _PARTICLES for w in rest[-2:]):
            role_words = role_words + rest[:-2]
            name_words = rest[-2:]
        else:
            return _NP("desc", _join(words), "", pos)
    # "Mr. Morgan of the Sierra Club": the affiliation is not part of the name
    for i in range(1, len(name_words)):
        if name_words[i].low in _CONNECTORS:
            name_words = name_words[:i]
            break
    # a lower-case word inside: what comes before it describes ("Conservative icon Phyllis
    # Schlafly", "Kingson faces Colleen Deacon")
    for i in range(len(name_words) - 2, 0, -1):
        w = name_words[i]
        if w.kind == _W and w.text.isalpha() and w.text.islower() and w.low not in _PARTICLES \
                and w.low not in _CONNECTORS and _is_name_tok(name_words[i + 1]):
            role_words = role_words + name_words[: i + 1]
            name_words = name_words[i + 1:]
            break
    # drop honorifics from the name
    while name_words and name_words[0].low in _TITLES:
        name_words = name_words[1:]
    # only particles / lower-case words left, or an organisation word ("Iowa Democratic Party")?
    if not any(_is_name_tok(w) for w in name_words) or (
        len(name_words) == 1 and name_words[0].low in _ORG_WORDS
    ):
        return _NP("desc", _join(words), "", pos)
    # trailing lower-case words after a name are not part of it
    while name_words and not name_words[-1].text[0].isupper():
        name_words = name_words[:-1]
    if not name_words:
        return None
    name = _join(name_words)
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    return _NP("name", name, _clean_role(role_words), pos, _gender_of(words))


def _gender_of(words: list) -> str:
    """"m"/"f" when a title or role word of the mention says so (Mr., Ms., spokeswoman)."""
    g = ""
    for w in words:
        low = w.low
        if low in _FEMALE_WORDS:
            g = "f" if g in ("", "f") else "?"
        elif low in _MALE_WORDS:
            g = "m" if g in ("", "m") else "?"
    return "" if g == "?" else g


def _clean_role(words: list) -> str:
    # drop a possessor ("Trump’s defense secretary") and determiners
    for i in range(len(words) - 1, -1, -1):
        if _possessive(words[i]):
            words = words[i + 1:]
            break
    while words and (words[0].low in _DET or words[0].low in _TITLES):
        words = words[1:]
    while words and words[-1].low in _TITLES:
        words = words[:-1]
    return _join(words)


def _join(words: list) -> str:
    return " ".join(w.text for w in words)


def _appositive_np(toks, a, b) -> tuple[_NP | None, str]:
    """Interpret toks[a:b] (between commas) as an appositive: returns (name NP or None, role text)."""
    if b <= a or b - a > 24:
        return None, ""
    first = toks[a]
    if first.kind == _P:
        return None, ""
    if first.low in ("who", "which", "whose", "whom", "where", "when", "speaking", "however",
                     "though", "too", "meanwhile", "also", "then", "in", "on", "at", "after",
                     "before", "during", "according", "like", "as", "for", "with", "without"):
        return None, ""
    if any(t.kind == _Q for t in toks[a:b]):
        return None, ""
    # a name?
    end = _np_forward(toks, a, b)
    if end == b:
        np = _make_np(toks, a, b)
        if np is not None and np.kind == "name" and not np.role and _is_name_tok(first):
            return np, ""
        if np is not None and np.kind == "name":
            return np, np.role
    # an age ("Smith, 45, said") carries no role
    if first.text.isdigit():
        return None, ""
    if first.low in _DET or first.kind == _W:
        words = toks[a:b]
        if any(w.low in _SPEAKER_NOUNS or _possessive(w) for w in words) or first.low in _DET:
            return None, _clean_role(words)
    return None, ""


def _subject_before(toks: list, v: int, lo: int) -> _NP | None:
    """The subject of the speech verb at toks[v] (looking left, not before lo)."""
    j = v - 1
    verb = toks[v].low
    # skip auxiliaries and adverbs
    while j >= lo and toks[j].kind == _W and (
        toks[j].low in _AUX
        or toks[j].low in _MONTHS_DAYS
        or (toks[j].low == "on" and j + 1 < v and toks[j + 1].low in _MONTHS_DAYS)
        or (toks[j].low.endswith("ly") and not toks[j].text[0].isupper() and toks[j].low not in _SPEAKER_NOUNS)
        or (verb == "saying" and toks[j].low in ("as", "quoted", "was", "is", "been", "being"))
    ):
        j -= 1
    if j < lo:
        return None
    t = toks[j]
    if t.kind == _W and t.low in _PASSIVE:
        return None
    if t.kind == _P and t.text == ")":
        k = j - 1
        while k >= lo and k > j - 8 and toks[k].text != "(":
            k -= 1
        if k >= lo and toks[k].text == "(":
            j = k - 1
            if j < lo:
                return None
            t = toks[j]
    if t.kind == _P and t.text == ",":
        # Name, the role, said  |  the role, Name, said  |  Name, 45, said
        k = j - 1
        while k >= lo and k > j - 26 and not (toks[k].kind == _P and toks[k].text in ",.;:") and toks[k].kind != _Q:
            k -= 1
        if k >= lo and toks[k].kind == _P and toks[k].text == ",":
            app_np, app_role = _appositive_np(toks, k + 1, j)
            st = _np_backward(toks, k - 1, lo)
            head = _make_np(toks, st, k) if st < k else None
            if head is not None and head.kind == "name":
                if app_np is not None and head.role == "" and app_np.role == "":
                    # "Smith, John Doe, said" — unusual; keep the head
                    return head
                if app_role and not head.role:
                    head.role = app_role
                return head
            if head is not None and head.kind == "desc" and app_np is not None:
                if not app_np.role:
                    app_np.role = _clean_role(toks[st:k])
                return app_np
            if head is not None and head.kind == "pronoun":
                return head
            if head is not None and app_np is None and not app_role:
                return head
            if app_np is not None and app_np.kind == "name" and (head is None or head.kind == "desc"):
                return app_np
        return None
    if t.kind == _W and t.low == "and":
        return None  # coordination: caller falls back to the sentence subject
    if t.kind == _W and t.low in _PRONOUNS and t.low != "it" and (j == lo or toks[j - 1].kind == _P):
        return _NP("pronoun", t.low, "", t.start)  # "He says, “…”" / "Later, she added: “…”"
    st = _np_backward(toks, j, lo)
    if st > j:
        return None
    if st - 1 >= lo and toks[st - 1].kind == _W and toks[st - 1].low in ("and", "or", "&") and (
        st - 2 < lo or _np_ok_word(toks[st - 2])
    ):
        return None  # a joint subject ("Trump and Putin announced"): nobody in particular
    return _make_np(toks, st, j + 1)


def _sentence_subject(toks: list, lo: int, hi: int) -> _NP | None:
    """The noun phrase that opens the sentence toks[lo:hi] (skipping one intro phrase)."""
    starts = [lo]
    for k in range(lo, min(hi, lo + 25)):
        if toks[k].kind == _P and toks[k].text == ",":
            starts.append(k + 1)
            break
    for s in starts:
        if s >= hi:
            continue
        t = toks[s]
        if t.kind == _W and t.low in _PRONOUNS:
            if s + 1 < hi and toks[s + 1].kind == _W and not toks[s + 1].text[0].isupper():
                return _NP("pronoun", t.low, "", t.start)
            continue
        e = _np_forward(toks, s, hi)
        if e > s and e < hi:
            nxt = toks[e]
            if nxt.kind == _P and nxt.text == ",":
                # appositive after the subject
                k = e + 1
                while k < hi and k < e + 15 and not (toks[k].kind == _P and toks[k].text in ",.;:"):
                    k += 1
                np = _make_np(toks, s, e)
                if np is not None and k < hi and toks[k].text == ",":
                    if np.kind == "name" and not np.role:
                        _, role = _appositive_np(toks, e + 1, k)
                        np.role = role
                    if np.kind in ("name", "desc"):
                        return np
                continue
            if nxt.kind == _W and not nxt.text[0].isupper():
                np = _make_np(toks, s, e)
                if np is not None and np.kind in ("name", "desc"):
                    return np
    return None


# --------------------------------------------------------------------------- per-quote analysis


def _is_speech_verb(tok: _Tok, partial: bool) -> bool:
    if tok.kind != _W:
        return False
    low = tok.low
    return low in _SAY or (partial and low in _PARTIAL_ONLY)


def _sentence_start(toks: list, i: int, lo: int) -> int:
    k = i - 1
    lo = max(lo, i - 120)
    while k >= lo:
        t = toks[k]
        if t.kind == _P and t.text in _SENT_END:
            return k + 1
        if t.kind == _Q and k != i and t.text[-1:] in _SENT_END and k + 1 < len(toks):
            nx = toks[k + 1]
            if nx.kind == _W and nx.text[0].isupper() and nx.low not in _PRONOUNS:
                # “…done.” Smith said / “…done.” The … — a boundary unless a verb follows
                if not (k + 2 < len(toks) and _is_speech_verb(toks[k + 2], False)):
                    return k + 1
        k -= 1
    return lo


def _sentence_end(toks: list, i: int, hi: int) -> int:
    k = i + 1
    hi = min(hi, i + 150)
    while k < hi:
        t = toks[k]
        if t.kind == _P and t.text in _SENT_END:
            return k
        k += 1
    return hi


def _after_speaker(toks: list, qi: int, hi: int) -> tuple[_NP | None, int]:
    """``“…,” Name said`` / ``“…,” said Name`` / ``“…,” according to Name``.
    Returns the mention and the index of the verb used (or -1)."""
    i = qi + 1
    dash = i < hi and toks[i].kind == _P and toks[i].text in "―—–-"
    while i < hi and toks[i].kind == _P and toks[i].text in ",—–-:;―":
        i += 1
    if i >= hi:
        return None, -1
    t = toks[i]
    if t.kind != _W:
        return None, -1
    if dash and _is_name_tok(t):
        # a sign-off: “…” ― Jane Doe  /  “…” — Jane Doe, the role.
        e = _np_forward(toks, i, hi)
        if e > i and (e >= hi or toks[e].kind == _Q or (toks[e].kind == _P and toks[e].text in ".,;(")):
            np = _make_np(toks, i, e)
            if np is not None and np.kind == "name":
                return _with_appositive_after(toks, np, e, hi), -1
    if t.low == "according" and i + 1 < hi and toks[i + 1].low == "to":
        e = _np_forward(toks, i + 2, hi)
        np = _make_np(toks, i + 2, e)
        if np is not None:
            np = _with_appositive_after(toks, np, e, hi)
        return np, i
    if t.low in _INVERTIBLE or t.low in _AFTER_ONLY or _phrasal(toks, i, hi):
        j = i + 2 if t.low in _PHRASAL else i + 1
        e = _np_forward(toks, j, hi)
        if e > j:
            np = _make_np(toks, j, e)
            if np is not None and np.kind != "pronoun":
                return _with_appositive_after(toks, np, e, hi), i
        return None, -1
    # Name [, role,] [aux] said
    if t.low in _PRONOUNS:
        j = i + 1
        np = _NP("pronoun", t.low, "", t.start)
    else:
        e = _np_forward(toks, i, hi)
        if e == i:
            return None, -1
        np = _make_np(toks, i, e)
        if np is None:
            return None, -1
        j = e
        if np.kind == "name" and j + 1 < hi and toks[j].low in ("of", "from", "at"):
            # Mr. Morgan of the Sierra Club said
            k = j + 1
            if toks[k].low in _DET:
                k += 1
            while k < hi and k < j + 7 and _is_name_tok(toks[k]):
                k += 1
            if k > j + 1 and _is_name_tok(toks[k - 1]):
                j = k
        if j < hi and toks[j].kind == _P and toks[j].text == "(":
            k = j + 1
            while k < hi and k < j + 8 and toks[k].text != ")":
                k += 1
            if k < hi and toks[k].text == ")":
                j = k + 1
        if j < hi and toks[j].kind == _P and toks[j].text == ",":
            k = j + 1
            while k < hi and k < j + 26 and not (toks[k].kind == _P and toks[k].text in ",.;:") and toks[k].kind != _Q:
                k += 1
            if k < hi and toks[k].text == ",":
                app_np, app_role = _appositive_np(toks, j + 1, k)
                if np.kind == "name":
                    if app_role and not np.role:
                        np.role = app_role
                elif app_np is not None:
                    if not app_np.role:
                        app_np.role = np.name
                    np = app_np
                j = k + 1
                # more appositives: ``Harry Bond, 30, of Raleigh, N.C., who was polled, said``
                for _ in range(3):
                    if j >= hi or toks[j].kind != _W or _is_speech_verb(toks[j], False) or toks[j].low in _AUX:
                        break
                    k = j
                    while k < hi and k < j + 26 and not (toks[k].kind == _P and toks[k].text in ",.;:") \
                            and toks[k].kind != _Q:
                        k += 1
                    if not (k < hi and toks[k].text == ","):
                        break
                    if np.kind == "name" and not np.role:
                        np.role = _appositive_np(toks, j, k)[1]
                    j = k + 1
    while j < hi and toks[j].kind == _W and (
        toks[j].low in _AUX or (toks[j].low.endswith("ly") and not toks[j].text[0].isupper())
    ):
        j += 1
    if j < hi and _is_speech_verb(toks[j], False) and not toks[j].low.endswith("ing"):
        return np, j
    if j < hi and (toks[j].low in _AFTER_ONLY or _phrasal(toks, j, hi)):
        return np, j
    return None, -1


def _phrasal(toks: list, j: int, hi: int) -> bool:
    """``shot back`` / ``chimed in`` at toks[j]."""
    t = toks[j]
    part = _PHRASAL.get(t.low) if t.kind == _W else None
    return part is not None and j + 1 < hi and toks[j + 1].low == part


def _with_appositive_after(toks, np: _NP, e: int, hi: int) -> _NP:
    """``said Smith, the role.`` / ``said the role, Smith.``"""
    if e < hi and toks[e].kind == _P and toks[e].text == ",":
        k = e + 1
        while k < hi and k < e + 26 and not (toks[k].kind == _P and toks[k].text in ",.;:!?") and toks[k].kind != _Q:
            k += 1
        app_np, app_role = _appositive_np(toks, e + 1, k)
        if np.kind == "name" and app_role and not np.role:
            np.role = app_role
        elif np.kind == "desc" and app_np is not None and app_np.kind == "name":
            if not app_np.role:
                app_np.role = _strip_det(np.name)
            return app_np
    return np


def _strip_det(s: str) -> str:
    parts = s.split(" ", 1)
    if len(parts) == 2 and parts[0].lower() in _DET:
        return parts[1]
    return s


def _before_speaker(toks: list, qi: int, lo: int, partial: bool, used: set) -> tuple[_NP | None, int, bool]:
    """The nearest speech act before toks[qi] in its sentence and its subject.
    Returns (mention, verb index, found_a_verb)."""
    s0 = _sentence_start(toks, qi, lo)
    k = qi - 1
    found = False
    colon = k >= s0 and toks[k].kind == _P and toks[k].text == ":"
    if colon and k - 1 >= s0 and _is_name_tok(toks[k - 1]):
        # a name and a colon: ``Clinton: “…”`` · ``HEADLINE - Carl Bialik: “…”`` ·
        # ``More from Jones: “…”`` (the name opens the sentence or follows a dash or "from")
        st = _np_backward(toks, k - 1, s0)
        if st <= k - 1 and (st == s0 or (toks[st - 1].kind == _P and toks[st - 1].text in "-–—―")
                             or toks[st - 1].low == "from"):
            np = _make_np(toks, st, k)
            if np is not None and np.kind == "name":
                return np, -1, True
    while k >= s0 and k > qi - 80:
        t = toks[k]
        if t.kind == _W:
            low = t.low
            if low == "according" and k + 1 < qi and toks[k + 1].low == "to":
                e = _np_forward(toks, k + 2, qi)
                np = _make_np(toks, k + 2, e)
                if np is not None:
                    return np, k, True
            if low in _SAY or (partial and low in _PARTIAL_ONLY):
                prev = toks[k - 1] if k - 1 >= s0 else None
                if prev is not None and prev.kind == _W and prev.low == "to":
                    k -= 1
                    continue  # "declined to say", "to tell"
                if prev is not None and prev.kind == _W and prev.low in _DET:
                    k -= 1
                    continue  # "the call", "a claim"
                found = True
                np = None
                if low.endswith("ing") and not (prev is not None and prev.low in ("as", "was", "is", "were", "been")):
                    np = _sentence_subject(toks, s0, k)
                if np is None:
                    np = _subject_before(toks, k, s0)
                if np is None and (low.endswith("ing") or (prev is not None and prev.low == "and")
                                   or (prev is not None and prev.kind == _P and prev.text == ",")):
                    np = _sentence_subject(toks, s0, k)
                    if np is None and low.endswith("ing"):
                        # “…,” Smith said, adding “…” — the subject of the previous clause
                        for m in range(k - 1, s0 - 1, -1):
                            if toks[m].kind == _W and toks[m].low in _SAY and toks[m].low not in ("saying", "adding"):
                                np = _subject_before(toks, m, s0)
                                if np is None and m - 1 >= s0:
                                    np2, _v = _after_speaker(toks, m - 2, qi) if m - 2 >= s0 else (None, -1)
                                    np = np2
                                break
                if np is None and k == s0 and low in _INVERTIBLE and t.text[0].isupper():
                    # the verb opens the sentence: ``Said Dorothy Poynter, …, “…”``
                    e = _np_forward(toks, k + 1, qi)
                    np = _make_np(toks, k + 1, e)
                    if np is not None and np.kind == "pronoun":
                        np = None
                if np is not None:
                    return np, k, True
                # a verb without a subject we can read: stop here
                return None, k, True
        elif t.kind == _Q:
            pass
        k -= 1
    if colon and qi - 1 > s0:
        # Name scolded him: “…”  — a colon introducing a quote makes the subject its speaker
        np = _sentence_subject(toks, s0, qi - 1)
        if np is not None:
            return np, -1, True
    return None, -1, found


# --------------------------------------------------------------------------- items


class _Item:
    __slots__ = ("s", "e", "kind", "np", "para", "group", "para_start", "order")

    def __init__(self, s, e, kind, np, para, group=-1, para_start=False):
        self.s = s
        self.e = e
        self.kind = kind
        self.np = np
        self.para = para
        self.group = group
        self.para_start = para_start


def _classify(toks: list, qi: int, lo: int) -> str:
    """'direct' when the quote opens a sentence or follows a colon or a speech verb, or is
    made of whole sentences; otherwise 'partial'."""
    qt = toks[qi].text
    if len(qt) > 40 and _SENTENCE_INSIDE_RE.search(qt):
        return "direct"
    k = qi - 1
    if k < lo:
        return "direct"
    t = toks[k]
    if t.kind == _P and t.text in ".?!:;—–-(":
        return "direct"
    if t.kind == _Q:
        return "direct"
    if t.kind == _W and (t.low in _SAY or t.low == "that" and False):
        return "direct"
    if t.kind == _P and t.text == "," and k - 1 >= lo:
        p = toks[k - 1]
        if p.kind == _W and p.low in _SAY:
            return "direct"
        if p.kind == _Q:
            return "direct"
        # "According to X, “…”" / "In a statement, “…”" — clause-initial quote
        s0 = _sentence_start(toks, qi, lo)
        if any(toks[m].low == "according" for m in range(s0, k)):
            return "direct"
    return "partial"


def _analyse_paragraph(para: str, pi: int, base: int, quotes: list, items: list, budget: list,
                       cue: bool) -> None:
    """Add the items (quotes and reported speech) of one paragraph to *items*; ``cue``:
    the paragraph has a speech verb (``_SPEECH_CUE_RE``), looked for once per paragraph."""
    indexed = list(enumerate(quotes))
    long_para = len(para) > LONG_PARAGRAPH
    if not long_para:
        toks: list = []
        _tokenize(para, 0, len(para), indexed, toks)
        qpos = {t.qi: n for n, t in enumerate(toks) if t.kind == _Q}
        used_verbs: set = set()
        spans = []
        for qi, q in indexed:
            if budget[0] <= 0:
                items.append(_Item(base + q.s, base + q.e, "direct", None, pi))
                continue
            budget[0] -= 1
            n = qpos.get(qi)
            if n is None:
                continue
            it = _analyse_quote(toks, n, 0, len(toks), q, pi, base, used_verbs)
            if it is not None:
                items.append(it)
                spans.append((q.mark_start, q.mark_end))
        if budget[0] > 0 and cue:
            _indirect(para, toks, pi, base, used_verbs, items, budget)
        if toks and toks[-1].kind == _P and toks[-1].text == ":":
            _introducer(toks, pi, base, items)
        return
    # very long paragraph: windows around each quote
    starts = [q.mark_start for q in quotes]
    for qi, q in indexed:
        if qi >= _LONG_PARAGRAPH_QUOTES:
            budget[0] = min(budget[0], 0)
        if budget[0] <= 0:
            items.append(_Item(base + q.s, base + q.e, "direct", None, pi))
            continue
        budget[0] -= 1
        a = max(0, q.mark_start - _WINDOW)
        b = min(len(para), q.mark_end + _WINDOW)
        lo_q = bisect_left(starts, a)
        near = []
        for j in range(max(0, lo_q - 1), len(quotes)):
            qq = quotes[j]
            if qq.mark_start >= b:
                break
            if qq.mark_end > a:
                near.append((j, qq))
        toks = []
        # start on a word boundary
        while a > 0 and a < q.mark_start and not para[a - 1].isspace():
            a += 1
        _tokenize(para, a, b, near, toks)
        n = next((m for m, t in enumerate(toks) if t.kind == _Q and t.qi == qi), None)
        if n is None:
            continue
        it = _analyse_quote(toks, n, 0, len(toks), q, pi, base, set())
        if it is not None:
            items.append(it)


def _analyse_quote(toks, n, lo, hi, q, pi, base, used_verbs) -> _Item | None:
    kind = "direct" if q.unclosed and n == lo else _classify(toks, n, lo)
    partial = kind == "partial"
    np, verb = _after_speaker(toks, n, hi)
    found_verb = np is not None
    if np is None:
        np, verb, found_verb = _before_speaker(toks, n, lo, True, used_verbs)
        if verb >= 0 and toks[verb].low in _PARTIAL_ONLY and (not partial or n - verb > 8):
            np, found_verb, verb = None, False, -1
    if np is None and not found_verb:
        np, verb = _later_speaker(toks, n, lo, hi)
        found_verb = np is not None
    if np is None and kind == "direct":
        np = _previous_sentence_speaker(toks, n, lo)
        if np is not None:
            found_verb = True
    if verb >= 0:
        used_verbs.add(verb)
    words = q_words(toks[n].text)
    if np is None:
        if partial and not found_verb and words <= _SCARE_WORDS:
            return None  # scare quote / title / mention: not speech
        if words <= 3 and toks[n].text[-1:] not in ".?!" and not found_verb:
            return None  # scare quote opening a sentence
    return _Item(base + q.s, base + q.e, kind, np, pi, -1, n == lo and q.mark_start == 0)


def _later_speaker(toks, n, lo, hi) -> tuple[_NP | None, int]:
    """``“…” for the victory, Sanders said.`` / ``“…” but to take the lead, says Evan Tracey``:
    a quote that opens its sentence, a few more words, then the attribution after a comma."""
    if _sentence_start(toks, n, lo) != n:
        return None, -1
    if not (n + 1 < hi and toks[n + 1].kind == _W and toks[n + 1].text.islower()):
        return None, -1  # the words after the quote go on with it in lower case
    end = min(_sentence_end(toks, n, hi), n + 30)
    for m in range(n + 1, end):
        t = toks[m]
        if t.kind == _Q or (t.kind == _W and (t.low in _SAY or t.low in _PRONOUNS)):
            return None, -1
        if t.kind == _P and t.text == "," and m > n + 1:
            np, v = _after_speaker(toks, m, end + 1 if end < hi else hi)
            if np is not None and v >= 0:
                return np, v
    return None, -1


_INTRO_VERBS = _SAY | _forms("agreed agrees disagreed disagrees concurred recalled explained elaborated")


def _previous_sentence_speaker(toks, n, lo) -> _NP | None:
    """``Dianne Bystrom agreed. “…”`` — a short sentence ending in a speech verb just before."""
    s0 = _sentence_start(toks, n, lo)
    if s0 != n or s0 - 2 < lo:
        return None
    end = toks[s0 - 1]
    v = s0 - 2
    if not (end.kind == _P and end.text in ".:"):
        return None
    if toks[v].kind != _W or toks[v].low not in _INTRO_VERBS or toks[v].low.endswith("ing"):
        return None
    s1 = _sentence_start(toks, s0 - 1, lo)
    return _subject_before(toks, v, s1)


def q_words(text: str) -> int:
    return len(text.split(None, 12))


def _indirect(para, toks, pi, base, used_verbs, items, budget) -> None:
    """Reported speech without quote marks: ``Name said (that) …``, ``According to Name, …``.

    Called only for a paragraph with a speech verb. Only the tokens that can start an
    attribution ("according" and the clause verbs) are visited, picked out in C: the
    other tokens, nine in ten, cost nothing here.
    """
    n = len(toks)
    for v in compress(count(), map(_INDIRECT_STARTS.__contains__, map(_LOW, toks))):
        t = toks[v]
        if t.kind != _W or v in used_verbs:
            continue
        low = t.low
        if low == "according":
            if v + 1 < n and toks[v + 1].low == "to":
                if budget[0] <= 0:
                    return
                budget[0] -= 1
                _according(toks, v, pi, base, items)
            continue
        if low not in _CLAUSE_VERBS:
            continue
        if budget[0] <= 0:
            return
        budget[0] -= 1
        prev = toks[v - 1] if v else None
        if prev is not None and prev.kind == _W and (prev.low == "to" or prev.low in _DET):
            continue
        s0 = _sentence_start(toks, v, 0)
        np = _subject_before(toks, v, s0)
        if np is None and prev is not None and prev.low == "and":
            np = _sentence_subject(toks, s0, v)
        if np is None:
            continue
        if _clause_before(toks, v, s0, np, pi, base, items):
            used_verbs.add(v)
            continue
        # where does the reported clause start?
        k = v + 1
        if k >= n or toks[k].kind != _W:
            continue
        e_sent = _sentence_end(toks, v, n)
        that = -1
        for m in range(k, min(e_sent, k + 9)):
            tm = toks[m]
            if tm.kind != _W:
                break
            if tm.low == "that":
                that = m
                break
        if that >= 0:
            c = that + 1
        elif low in _OBJECT_VERBS or toks[k].low in _INDIRECT_SKIP_PREP or toks[k].low == "that":
            continue
        else:
            c = k
            # "said Tuesday …" / "said on Tuesday …"
            while c < e_sent and toks[c].low in _MONTHS_DAYS:
                c += 1
        if c >= e_sent or e_sent - c < 3:
            continue
        if any(toks[m].kind == _Q for m in range(c, e_sent)):
            continue
        start = toks[c].start
        end = toks[e_sent - 1].end
        if np.kind == "name" and not np.gender and toks[c].low in ("he", "she"):
            np.gender = "m" if toks[c].low == "he" else "f"  # "Fowler said he expects …"
        items.append(_Item(base + start, base + end, "indirect", np, pi))
        used_verbs.add(v)


def _clause_before(toks, v, s0, np, pi, base, items) -> bool:
    """``Clause, Mr. Obama said in his interview.``: the reported clause comes first and the
    attribution closes the sentence. Adds the item and returns True when it is so."""
    st = v - 1
    while st > s0 and toks[st].start > np.pos:
        st -= 1
    if toks[st].start != np.pos or st - 1 - s0 < 4 or toks[st - 1].text != ",":
        return False
    e_sent = _sentence_end(toks, v, len(toks))
    if e_sent - v > 8 or any(toks[m].low == "that" or toks[m].kind == _Q for m in range(v + 1, e_sent)):
        return False
    if any(toks[m].kind == _Q or (toks[m].kind == _W and toks[m].low in _SAY) for m in range(s0, st - 1)):
        return False
    items.append(_Item(base + toks[s0].start, base + toks[st - 2].end, "indirect", np, -1 if pi is None else pi))
    return True


def _introducer(toks, pi, base, items) -> None:
    """A paragraph ending ``Name continued:`` introduces the quote of the next one."""
    end = len(toks) - 1
    s0 = _sentence_start(toks, end, 0)
    np = None
    for k in range(end - 1, s0 - 1, -1):
        t = toks[k]
        if t.kind == _Q:
            return
        if t.kind == _W and (t.low in _SAY or t.low in _REPORT_VERBS):
            np = _subject_before(toks, k, s0)
            break
    if np is None:
        np = _sentence_subject(toks, s0, end)
    if np is not None:
        pos = base + toks[end].end
        items.append(_Item(pos, pos, "intro", np, pi))


def _according(toks, v, pi, base, items) -> None:
    n = len(toks)
    e = _np_forward(toks, v + 2, n)
    np = _make_np(toks, v + 2, e)
    if np is None:
        return
    s0 = _sentence_start(toks, v, 0)
    e_sent = _sentence_end(toks, v, n)
    if v == s0:
        # According to Name, clause.
        if e < n and toks[e].kind == _P and toks[e].text == ",":
            c = e + 1
            # skip an appositive ("according to Smith, the role, …")
            if c < e_sent and e_sent - c >= 3 and not any(toks[m].kind == _Q for m in range(c, e_sent)):
                items.append(_Item(base + toks[c].start, base + toks[e_sent - 1].end, "indirect", np, pi))
        return
    # clause, according to Name.
    if v - 1 >= s0 and toks[v - 1].kind == _P and toks[v - 1].text == ",":
        if v - 1 - s0 >= 3 and not any(toks[m].kind == _Q for m in range(s0, v - 1)):
            items.append(_Item(base + toks[s0].start, base + toks[v - 2].end, "indirect", np, pi))


# --------------------------------------------------------------------------- identity


class _Cluster:
    __slots__ = ("name", "role", "kind", "quotes", "first", "parts", "apos", "gender", "person")

    def __init__(self, np: _NP, pos: int):
        self.name = np.name
        self.role = np.role
        self.kind = np.kind
        self.quotes: list = []
        self.first = pos
        self.parts = _name_parts(np.name)
        self.gender = np.gender
        self.person = np.kind == "name" and _person_like(np.name)
        self.apos = 0  # mentions spelt with ' minus mentions spelt with ’ (O'Neill / O’Neill)
        self.count_apostrophes(np.name)

    def count_apostrophes(self, name: str) -> None:
        if "'" in name:
            self.apos += 1
        elif "’" in name:
            self.apos -= 1

    def display_name(self) -> str:
        """The name, its apostrophes spelt as most mentions spell them."""
        if self.apos > 0:
            return self.name.replace("’", "'")
        if self.apos < 0:
            return self.name.replace("'", "’")
        return self.name


def _person_like(name: str) -> bool:
    """A name that can be "he" or "she": no organisation word, not an acronym (CNN)."""
    words = name.split()
    if any(fold(w) in _ORG_WORDS for w in words):
        return False
    if len(words) == 1 and (fold(name) in _SPEAKER_NOUNS or fold(name) in _CAP_STOP):
        return False  # "Analysts", "Police"
    return not (len(words) == 1 and len(name) > 1 and name.isupper())


def _gender_ok(c: _Cluster, g: str) -> bool:
    return c.person and (not c.gender or c.gender == "?" or c.gender == g)


@lru_cache(maxsize=1 << 14)
def _name_parts(name: str) -> tuple[str, ...]:
    """The folded words of a name, titles left out ("Sen. Claire McCaskill" → claire, mccaskill).

    Cached: every mention is compared with every speaker of the article so far, and each
    comparison asks for the mention's parts again.
    """
    return tuple(p for p in (fold(w).strip(".") for w in name.split()) if p and p not in _TITLES)


def _compatible(c: _Cluster, np: _NP) -> bool:
    if c.kind != np.kind:
        return False
    if np.kind == "desc":
        return fold(_strip_det(c.name)) == fold(_strip_det(np.name))
    a, b = c.parts, _name_parts(np.name)
    if not a or not b:
        return False
    if surname_form(a[-1]) != surname_form(b[-1]):
        return False
    fa, fb = a[:-1], b[:-1]
    if not fa or not fb:
        return True
    x, y = fa[0], fb[0]
    return x == y or x[0] == y[0] and (len(x) == 1 or len(y) == 1 or near_spelling(x, y))


# --------------------------------------------------------------------------- main entry


def attribute(body: Sequence[str]) -> Attribution:
    """Find the quotes of an article body (its paragraphs) and who said them.

    Offsets are indices into ``"\\n\\n".join(body)``. Never raises on odd text.
    """
    try:
        paras = [p if isinstance(p, str) else str(p) for p in (body or ())]
    except Exception:  # pragma: no cover - an iterable that fails
        return Attribution((), ())
    return _attribute(paras)


def _attribute(paras: list[str]) -> Attribution:
    items: list[_Item] = []
    budget = [MAX_ITEMS]
    mark_budget = [MAX_QUOTE_MARKS]
    base = 0
    sep = len(PARAGRAPH_SEPARATOR)
    prev_unclosed = False
    group_of_prev = -1
    group_id = 0
    for pi, para in enumerate(paras):
        has_q = _QMARK_RE.search(para) is not None
        quotes = _find_quotes(para, pi, mark_budget) if has_q and mark_budget[0] > 0 else []
        cue = _SPEECH_CUE_RE.search(para) is not None
        if quotes or cue or para.rstrip().endswith(":"):
            n0 = len(items)
            _analyse_paragraph(para, pi, base, quotes, items, budget, cue)
            new = items[n0:]
            new.sort(key=lambda it: it.s)
            items[n0:] = new
            # multi-paragraph quotes: unclosed at the end, reopened at the start of the next
            first_q = quotes[0] if quotes else None
            if prev_unclosed and first_q is not None and first_q.mark_start == 0:
                for it in new:
                    if it.s == base + first_q.s and it.kind != "indirect":
                        it.group = group_of_prev
                        it.kind = "direct"
                        break
            last_q = quotes[-1] if quotes else None
            prev_unclosed = bool(last_q is not None and last_q.unclosed)
            if prev_unclosed:
                tail = next((it for it in reversed(new) if it.s == base + last_q.s), None)
                if tail is not None:
                    if tail.group < 0:
                        group_id += 1
                        tail.group = group_id
                    group_of_prev = tail.group
                else:
                    prev_unclosed = False
        else:
            prev_unclosed = False
        base += len(para) + sep
    return _resolve(items, paras)


def _recent_person(paras: list[str], pos: int) -> _NP | None:
    """The last person-like name (two or more capitalised words) in the 1,500 characters
    before *pos*, outside quotes as far as a local scan can tell."""
    text = PARAGRAPH_SEPARATOR.join(paras) if len(paras) < 2 else None
    if text is None:
        # find the window without joining everything
        start_para, base = 0, 0
        for i, p in enumerate(paras):
            if base + len(p) >= pos:
                start_para = i
                break
            base += len(p) + len(PARAGRAPH_SEPARATOR)
        a = max(0, start_para - 3)
        off = base - sum(len(p) + len(PARAGRAPH_SEPARATOR) for p in paras[a:start_para])
        text = PARAGRAPH_SEPARATOR.join(paras[a:start_para + 1])
        pos -= off
    else:
        off = 0
    a = max(0, pos - 1500)
    toks: list = []
    _words(text, a, max(a, min(pos, len(text))), toks)
    k = len(toks) - 1
    while k >= 0:
        if _is_name_tok(toks[k]) and toks[k].low not in _ROLE_WORDS:
            e = k
            st = k
            while st - 1 >= 0 and (_is_name_tok(toks[st - 1]) or toks[st - 1].low in _PARTICLES):
                st -= 1
            if e - st >= 1 or (st - 1 >= 0 and toks[st - 1].low in _TITLES):
                if st - 1 >= 0 and toks[st - 1].low in _TITLES:
                    st -= 1
                np = _make_np(toks, st, e + 1)
                if np is not None and np.kind == "name":
                    return np
            k = st - 1
            continue
        k -= 1
    return None


_SUBJECT_SKIP = _forms("but and so yet still then now also meanwhile however")


def _salient_subject(text: str, a: int, b: int, g: str, clusters: list) -> _NP | None:
    """The person last named as the subject of a sentence in ``text[a:b]`` (at most the
    1,500 characters before *b*, outside quote marks) whose gender does not contradict *g*:
    ``Clinton leaned in heavy. She then peppered him. “…,” she said`` → Clinton."""
    a = max(a, b - 1500, 0)
    if b - a < 3:
        return None
    found = None
    cands: list = []
    for para in text[a:b].split(PARAGRAPH_SEPARATOR):
        toks: list = []
        _words(para, 0, len(para), toks)
        # sentences of narrative text: quoted words are left out
        sents: list = [[]]
        inq = False
        for t in toks:
            if t.kind == _P and t.text in "“”\"«»":
                inq = t.text in "“«" or (t.text == '"' and not inq)
                if sents[-1]:
                    sents.append([])
                continue
            if inq:
                continue
            if t.kind == _P and t.text in _SENT_END:
                if sents[-1]:
                    sents.append([])
                continue
            sents[-1].append(t)
        for st in sents:
            np = _sentence_person(st)
            if np is None:
                if found is not None and not found.gender and st and st[0].low in ("he", "she"):
                    found.gender = "m" if st[0].low == "he" else "f"  # "Clinton leaned in. She …"
                continue
            gender = np.gender
            known = False
            for c in clusters:
                if _compatible(c, np):
                    known = c.person
                    gender = gender or (c.gender if c.gender != "?" else "")
                    break
            if len(_name_parts(np.name)) < 2 and not (known or np.role or np.gender):
                continue  # a lone capitalised word may be a firm or a paper ("Politifact")
            np.gender = gender
            found = np
            cands.append(np)
    for np in reversed(cands):
        if not np.gender or np.gender == g:
            return np
    return None


def _sentence_person(st: list) -> _NP | None:
    """The person-like name that is the subject of the sentence *st* (tokens), or None."""
    n = len(st)
    starts = [0]
    for k in range(min(n, 12)):
        if st[k].kind == _P and st[k].text == ",":
            starts.append(k + 1)
            break
    for s in starts:
        if s < n and st[s].kind == _W and st[s].low in _SUBJECT_SKIP:
            s += 1
        if s >= n or not _is_name_tok(st[s]) and st[s].low not in _ROLE_WORDS:
            continue
        e = _np_forward(st, s, n)
        if e <= s or e >= n:
            continue
        np = _make_np(st, s, e)
        if np is None or np.kind != "name" or not _person_like(np.name) or _possessive(st[e - 1]):
            continue
        if any(t.low in _CONNECTORS for t in st[s:e]):
            continue  # "A reporter for Agence France-Presse": the name is not the subject
        nx = st[e]
        if nx.kind == _P and nx.text == "(":
            k = e + 1
            while k < n and k < e + 8 and st[k].text != ")":
                k += 1
            if k + 1 >= n:
                continue
            nx = st[k + 1]
        if (nx.kind == _P and nx.text == ",") or (
            nx.kind == _W and nx.text.islower() and nx.low not in _CONNECTORS and nx.low not in _STOP_NP_LOWER
        ):
            return np
    return None


def _resolve(items: list[_Item], paras: list[str]) -> Attribution:
    clusters: list[_Cluster] = []
    by_item: dict[int, _Cluster | None] = {}
    group_np: dict[int, _NP] = {}
    for it in items:
        if it.group >= 0 and it.np is not None and it.group not in group_np:
            group_np[it.group] = it.np

    last: _Cluster | None = None
    last_in_para: dict[int, _Cluster] = {}
    lookups = [50]
    recent: list[_Cluster] = []  # clusters in order of their latest attribution
    last_end = [0]  # where the latest attributed item ends
    text_all: list = []

    def cluster_for(np: _NP, pos: int) -> _Cluster | None:
        nonlocal last
        if np.kind == "pronoun":
            if np.name not in ("he", "she"):
                return last
            g = "m" if np.name == "he" else "f"
            # he/she: a person named as the subject of a sentence since the latest
            # attribution; else the latest speakers who can be he/she; else the most
            # recently mentioned person (looked up a bounded number of times per article)
            lookups[0] -= 1
            if lookups[0] < 0:
                return last
            if not text_all:
                text_all.append(PARAGRAPH_SEPARATOR.join(paras))
            sub = _salient_subject(text_all[0], last_end[0], pos, g, clusters)
            if sub is None:
                for c in reversed(recent[-4:]):
                    if _gender_ok(c, g):
                        return c
                sub = _recent_person(paras, pos)
                if sub is None or (sub.gender and sub.gender != g):
                    return last
            for c in clusters:
                if _compatible(c, sub):
                    return c  # a mention that resolves a pronoun does not rename anybody
            np = sub
        if np.kind == "desc":
            # "the minister said" → the speaker whose role names that office
            parts = np.name.split()
            head = fold(parts[-1])
            if head in _ROLE_WORDS and not np.role and len(parts) <= 3 and parts[0].lower() in ("the", head):
                for c in reversed(clusters):
                    if c.kind == "name" and c.role and head in fold(c.role).split():
                        return c
        for c in clusters:
            if _compatible(c, np):
                c.count_apostrophes(np.name)
                if np.gender and c.gender != np.gender:
                    c.gender = np.gender if not c.gender else "?"
                if len(np.name) > len(c.name) and np.kind == "name" and len(_name_parts(np.name)) >= len(c.parts):
                    c.name = np.name
                    c.parts = _name_parts(np.name)
                if not c.role and np.role:
                    c.role = np.role
                return c
        c = _Cluster(np, pos)
        clusters.append(c)
        return c

    # first pass: local attributions, in text order
    pending: list[_Item] = []
    for idx, it in enumerate(items):
        np = it.np
        if np is None and it.group >= 0:
            np = group_np.get(it.group)
        c = cluster_for(np, it.s) if np is not None else None
        if c is not None:
            last = c
            if recent and recent[-1] is not c:
                if c in recent[-6:]:
                    recent.remove(c)
                recent.append(c)
            elif not recent:
                recent.append(c)
            last_end[0] = max(last_end[0], it.e)
            last_in_para[it.para] = c
            by_item[idx] = c
        else:
            by_item[idx] = None
            pending.append(it)

    # fallbacks for direct quotes without their own attribution: the nearest attributed
    # item of the same paragraph (before, else after), else the previous paragraph's speaker
    n = len(items)
    next_in_para: list = [None] * n
    nxt = None
    for idx in range(n - 1, -1, -1):
        if idx + 1 < n and items[idx + 1].para != items[idx].para:
            nxt = None
        next_in_para[idx] = nxt
        if by_item[idx] is not None:
            nxt = by_item[idx]
    prev_c = None
    for idx, it in enumerate(items):
        if idx and items[idx - 1].para != it.para:
            prev_c = None
        c = by_item[idx]
        if c is None and it.kind not in ("indirect", "intro"):
            if prev_c is not None:
                c = prev_c
            elif next_in_para[idx] is not None:
                c = next_in_para[idx]
            elif it.kind == "direct" and it.para - 1 in last_in_para:
                c = last_in_para[it.para - 1]
            by_item[idx] = c
            if c is not None:
                last_in_para[it.para] = c
        if c is not None:
            prev_c = c

    text_quotes: dict[int, list[Quote]] = {}
    unattributed: list[Quote] = []
    text = None
    for idx, it in enumerate(items):
        if text is None:
            text = PARAGRAPH_SEPARATOR.join(paras)
        q = Quote(text[it.s:it.e], it.s, it.e, it.kind)
        c = by_item[idx]
        if it.kind == "intro":
            continue
        if c is None:
            if it.kind != "indirect":
                unattributed.append(q)
        else:
            text_quotes.setdefault(id(c), []).append(q)
    speakers = []
    order = sorted((c for c in clusters if id(c) in text_quotes),
                   key=lambda c: text_quotes[id(c)][0].start)
    for c in order:
        name = c.display_name()
        if c.kind == "desc":
            name = _strip_det(name)
        speakers.append(Speaker(name, c.role, tuple(text_quotes[id(c)])))
    return Attribution(tuple(speakers), tuple(unattributed))
