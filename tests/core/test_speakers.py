"""Tests for the speaker attributor (reader.speakers) and the registry (reader.speaker_registry)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from reader.attribution import Attribution, Quote, Speaker, SpeakerRegistry, attribute, speaker_key

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seed" / "trump-putin-call-2025-02-13.txt"
SEED_KEY = SHARED / "seed" / "trump-putin-call-2025-02-13.speakers.json"
POLNEAR_DEV = SHARED / "datasets" / "polnear" / "dev"
SCORER = SHARED / "tools" / "score_speakers.py"


# --------------------------------------------------------------------------- helpers


def text_of(body):
    return "\n\n".join(body)


def check_offsets(body, att: Attribution):
    text = text_of(body)
    quotes = [q for s in att.speakers for q in s.quotes] + list(att.unattributed)
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
    return quotes


def who(att: Attribution, fragment: str) -> str | None:
    """Name of the speaker credited with the quote containing *fragment* (None if nobody)."""
    for s in att.speakers:
        for q in s.quotes:
            if fragment in q.text:
                return s.name
    return None


def quote_of(att: Attribution, fragment: str) -> Quote | None:
    for s in att.speakers:
        for q in s.quotes:
            if fragment in q.text:
                return q
    for q in att.unattributed:
        if fragment in q.text:
            return q
    return None


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


# --------------------------------------------------------------------------- seed key


def load_seed():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return [line.strip() for line in lines[2:] if line.strip()]


@pytest.mark.skipif(not SEED_KEY.exists(), reason="shared seed not beside the repo")
def test_seed_key_every_quote_right_speaker_and_role():
    key = json.loads(SEED_KEY.read_text(encoding="utf-8"))
    body = load_seed()
    att = attribute(body)
    check_offsets(body, att)
    by_name = {s.name: s for s in att.speakers}
    for ks in key["speakers"]:
        assert ks["name"] in by_name, (ks["name"], list(by_name))
        sp = by_name[ks["name"]]
        assert sp.role == ks["role"]
        for kq in ks["quotes"]:
            assert any(q.text.startswith(kq["text"]) and q.kind == kq["kind"] for q in sp.quotes), kq
    not_speakers = {fold(n.split()[-1]) for n in key["not_speakers"]}
    for s in att.speakers:
        assert fold(s.name.split()[-1]) not in not_speakers, s.name
    # scare quotes are attributed to nobody (left out entirely)
    for scare in ("peace", "solution"):
        assert all(q.text != scare for s in att.speakers for q in s.quotes)
        assert all(q.text != scare for q in att.unattributed)


@pytest.mark.skipif(not SEED_KEY.exists(), reason="shared seed not beside the repo")
def test_seed_speakers_in_order_of_first_appearance():
    att = attribute(load_seed())
    names = [s.name for s in att.speakers]
    persons = [n for n in names if n in
               ("Pete Hegseth", "Boris Pistorius", "John Healey", "Dovilė Šakalienė", "Volodomyr Zelenskiy")]
    assert persons == ["Pete Hegseth", "Boris Pistorius", "John Healey", "Dovilė Šakalienė",
                       "Volodomyr Zelenskiy"]
    starts = [s.quotes[0].start for s in att.speakers]
    assert starts == sorted(starts)


# --------------------------------------------------------------------------- patterns


def test_quote_then_name_said():
    att = attribute(["“We will rebuild the bridge by spring,” Maria Lopez said."])
    assert who(att, "rebuild the bridge") == "Maria Lopez"
    assert quote_of(att, "rebuild").kind == "direct"


def test_quote_then_said_name():
    att = attribute(["“The figures speak for themselves,” said Tom Baker."])
    assert who(att, "figures speak") == "Tom Baker"


def test_name_said_colon_quote():
    att = attribute(["Anna Weber said: “Nobody expected the vote to be this close.”"])
    assert who(att, "Nobody expected") == "Anna Weber"


def test_indirect_said_that():
    body = ["Karl Jensen said that the factory would close next year."]
    att = attribute(body)
    q = quote_of(att, "factory would close")
    assert q is not None and q.kind == "indirect"
    assert who(att, "factory would close") == "Karl Jensen"
    att2 = attribute(["Karl Jensen said the factory would close next year."])
    assert who(att2, "factory would close") == "Karl Jensen"


def test_according_to():
    att = attribute(["“Prices will keep rising for months,” according to Priya Natarajan."])
    assert who(att, "Prices will keep rising") == "Priya Natarajan"
    att2 = attribute(["According to Priya Natarajan, prices will keep rising for months."])
    assert who(att2, "prices will keep rising") == "Priya Natarajan"


def test_name_comma_role_comma_said():
    att = attribute(["“This is the worst harvest in decades,” Jean Dupont, the head of the farmers’ union, said."])
    sp = next(s for s in att.speakers if s.name == "Jean Dupont")
    assert "head of the farmers" in sp.role
    assert who(att, "worst harvest") == "Jean Dupont"
    att2 = attribute(["Jean Dupont, the head of the farmers’ union, said the harvest was “the worst in decades.”"])
    assert who(att2, "worst in decades") == "Jean Dupont"


def test_role_name_said():
    att = attribute(["Finance Minister Olaf Berg said the budget was “fully funded.”"])
    sp = att.speakers[0]
    assert (sp.name, sp.role) == ("Olaf Berg", "Finance Minister")
    assert sp.quotes[0].kind == "partial"


@pytest.mark.parametrize("verb", ["told reporters", "added", "noted", "warned", "wrote", "tweeted",
                                  "asked", "explained", "insisted", "argued", "stated", "declared",
                                  "continued", "posted"])
def test_speech_verbs_beyond_said(verb):
    att = attribute([f"“The river has never been this low before,” Lena Fischer {verb}."])
    assert who(att, "river has never been") == "Lena Fischer"


def test_tenses_and_inversion():
    att = attribute(["“We are ready for anything,” says coach Ian Moore.",
                     "“We will be ready,” Moore will say on Monday."])
    assert who(att, "ready for anything") == "Ian Moore"
    assert who(att, "We will be ready") == "Ian Moore"


def test_pronoun_goes_to_most_recent_named_speaker():
    body = ["Mayor Rita Costa said the plan was “long overdue.”",
            "Sam Ng, a resident, said the trams were “a disgrace.”",
            "“We have waited twenty years for this,” she said."]
    att = attribute(body)
    # Sam is a man's forename in the forename list, Rita a woman's: "she" is Rita Costa
    assert who(att, "waited twenty years") == "Rita Costa"
    # a forename the list does not know has no gender: the most recent named speaker
    body[1] = "Zorblat Ng, a resident, said the trams were “a disgrace.”"
    assert who(attribute(body), "waited twenty years") == "Zorblat Ng"


def test_interviewer_is_not_a_speaker():
    body = ["Defence Minister Ola Nordmann said the deal was a “trap.”",
            "“We cannot accept this at all,” he told CNN’s Jane Reporter."]
    att = attribute(body)
    assert who(att, "cannot accept") == "Ola Nordmann"
    assert all("Reporter" not in s.name and "CNN" not in s.name for s in att.speakers)


def test_paragraph_without_attribution_continues_previous_speaker():
    body = ["“The bridge is safe,” engineer Paul Okafor said on Tuesday.",
            "“We inspected every bolt and every weld over three weeks.”"]
    att = attribute(body)
    assert who(att, "inspected every bolt") == "Paul Okafor"


def test_organisation_as_speaker():
    att = attribute(["“The talks were constructive,” the Kremlin said."])
    assert who(att, "talks were constructive") == "Kremlin"


def test_identity_within_article_fullest_name_and_role():
    body = ["German Defense Minister Boris Pistorius said the plan was “regrettable.”",
            "“We must talk first,” Pistorius said.",
            "“There is no alternative,” Mr. Pistorius added."]
    att = attribute(body)
    assert len(att.speakers) == 1
    sp = att.speakers[0]
    assert (sp.name, sp.role) == ("Boris Pistorius", "German Defense Minister")
    assert len(sp.quotes) == 3


def test_nested_single_quotes_stay_inside():
    att = attribute(["“He told me ‘never again’ and walked out,” said Ada Lim."])
    q = quote_of(att, "never again")
    assert q.text == "He told me ‘never again’ and walked out"
    assert who(att, "never again") == "Ada Lim"


def test_straight_quotes():
    att = attribute(['"Sales were up ten percent," chief executive Bob Stone said.'])
    assert who(att, "Sales were up") == "Bob Stone"


def test_multi_paragraph_quote():
    body = ["Dr. Helen Park described the rescue. “The water was rising fast and we had no boats.",
            "“By midnight the whole street was under water.",
            "“Nobody slept that night,” she said."]
    att = attribute(body)
    check_offsets(body, att)
    for frag in ("water was rising", "whole street", "Nobody slept"):
        assert who(att, frag) == "Helen Park", frag
        assert quote_of(att, frag).kind == "direct"


def test_multi_paragraph_quote_attributed_at_the_end():
    body = ["“The first paragraph of the statement is here.",
            "“And the second one ends it,” said Omar Haddad."]
    att = attribute(body)
    assert who(att, "first paragraph") == "Omar Haddad"
    assert who(att, "second one") == "Omar Haddad"


def test_scare_quotes_are_attributed_to_nobody():
    body = ["Leaders met on Tuesday to discuss “peace” talks and the “solution” to the crisis."]
    att = attribute(body)
    assert att.speakers == ()
    assert att.unattributed == ()


def test_partial_quote_kind():
    att = attribute(["Ukrainian President Ivan Petrenko called the discussion “meaningful.”"])
    q = quote_of(att, "meaningful")
    assert q.kind == "partial" and who(att, "meaningful") == "Ivan Petrenko"


def test_joint_subject_is_nobody():
    att = attribute(["Trump and Putin announced that they would begin talks."])
    assert all(s.name not in ("Putin", "Trump") for s in att.speakers)


def test_to_json_shape():
    att = attribute(["“Yes, we can,” Ann Lee said.", "A “scare” quote. “Who said this, then?”"])
    d = att.to_json()
    assert set(d) == {"speakers", "unattributed"}
    assert set(d["speakers"][0]) == {"name", "role", "quotes"}
    assert set(d["speakers"][0]["quotes"][0]) == {"text", "start", "end", "kind"}
    for q in d["unattributed"]:
        assert set(q) == {"text", "start", "end"}
    json.dumps(d)


def test_dataclasses_are_frozen():
    q = Quote("a", 0, 1, "direct")
    with pytest.raises(Exception):  # noqa: B017 (a frozen dataclass raises FrozenInstanceError)
        q.text = "b"  # type: ignore[misc]
    assert Speaker("X", "", (q,)).quotes == (q,)


def test_quote_of_the_other_mark_nested_inside():
    body = ["Dr. Kelli Ward said it plainly.",
            "Dr. Ward stated:",
            '"The department isn’t about “Equal Justice Under Law” anymore. It is about power.']
    att = attribute(body)
    check_offsets(body, att)
    q = quote_of(att, "Equal Justice")
    assert q is not None and q.text.startswith("The department") and q.text.endswith("power.")
    assert who(att, "Equal Justice") == "Kelli Ward"
    # a straight mark that only wraps an excerpt leaves the curly quotes inside as the speech
    att2 = attribute(['"“You don’t win the nomination by how many states you win,” Rubio responded."'])
    assert who(att2, "win the nomination") == "Rubio"


@pytest.mark.parametrize("tail", ["Kelly charged in her assault", "Trump barked",
                                  "Bennett shot back with a laugh", "beamed Kelly Bennett"])
def test_speech_verbs_only_right_after_a_quote(tail):
    att = attribute([f"“You called them names and never apologised,” {tail}."])
    assert who(att, "called them names") is not None
    assert who(att, "called them names").split()[-1] in ("Kelly", "Trump", "Bennett")
    # the same verbs elsewhere are no speech act
    att2 = attribute(["Kelly charged the battery and the “smart” phone."])
    assert att2.speakers == ()


def test_name_and_colon_before_a_quote():
    att = attribute(['Clinton: "Our goal is not to deter ISIS but to defeat it." '
                     'Bush: "The mission is to destroy ISIS, not contain it."'])
    assert who(att, "Our goal") == "Clinton"
    assert who(att, "The mission") == "Bush"
    att2 = attribute(["Pollsters agree - Carl Bialik: “Keep on contacting voters as late as possible.”",
                      "What it means - More from Jones: “The partisanship of a state is a starting point.”"])
    assert who(att2, "Keep on contacting") == "Carl Bialik"
    assert who(att2, "partisanship of a state") == "Jones"


def test_sentence_opening_with_the_speech_verb():
    att = attribute(["The house is a museum now. Said Dorothy Poynter, who grew up with him, "
                     "“We were all so proud of him and of what he did.”",
                     "Continued Roger Stone: “So I think it’s a very real problem for them.”"])
    assert who(att, "so proud of him") == "Dorothy Poynter"
    assert who(att, "very real problem") == "Roger Stone"


def test_attribution_after_words_that_continue_the_quote():
    att = attribute(['"Let me thank the thousands of volunteers who worked so hard" for the victory, '
                     "Sanders said.",
                     '"Super PACs have been setting the table for voters," in sharp contrast to '
                     "previous elections, says Dante Scala, a political scientist."])
    assert who(att, "thousands of volunteers") == "Sanders"
    assert who(att, "setting the table") == "Dante Scala"


def test_several_appositives_before_the_verb():
    att = attribute(["“Both of them scare me more than I can say,” Harry Bond, 30, of Raleigh, N.C., "
                     "who was among those polled, said in an interview."])
    assert who(att, "Both of them scare me") == "Harry Bond"


def test_coordinated_clause_is_not_a_joint_subject():
    att = attribute(['Ted Cruz accuses Obama of "leading from behind" and Donald Trump says he is '
                     '"losing the war on terrorism," part of a lashing.'])
    assert who(att, "losing the war") == "Donald Trump"


def test_role_of_several_lower_case_words():
    att = attribute(["“Marco Rubio will be the flavor of the week,” election law expert Rick Hasen "
                     "tweeted Monday."])
    assert who(att, "flavor of the week") == "Rick Hasen"
    att2 = attribute(["“It hits her where she is most vulnerable,” wrote Larry O’Connor on Hot Air."])
    assert who(att2, "most vulnerable") == "Larry O’Connor"


def test_description_inside_a_capitalised_run_is_not_the_name():
    att = attribute(["Conservative icon Phyllis Schlafly said the wall was “a neighborly fence.”"])
    assert who(att, "neighborly fence") == "Phyllis Schlafly"


def test_apostrophes_spelt_as_most_mentions_spell_them():
    body = ["The blast happened at 8:30 p.m., according to Commissioner James O’Neill.",
            "“The exact cause of the explosion has not been determined,” said O'Neill.",
            "O'Neill said officials had video of it. “Not going to go into that,” O'Neill said."]
    att = attribute(body)
    assert who(att, "exact cause") == "James O'Neill"
    assert who(att, "go into that") == "James O'Neill"


def test_clause_then_attribution_is_indirect_speech_and_sets_the_referent():
    body = ["“We acted early,” said Benjamin Rhodes, an adviser.",
            "Shifting monsoons could displace a billion people, Mr. Obama said in his interview.",
            "“That would mean refugee crises we have not seen in our lifetimes,” he said."]
    att = attribute(body)
    q = quote_of(att, "Shifting monsoons")
    assert q is not None and q.kind == "indirect" and who(att, "Shifting monsoons") == "Obama"
    assert who(att, "refugee crises") == "Obama"


def test_pronoun_goes_to_the_person_named_as_subject_since_the_last_quote():
    body = ["Brian Fallon, a spokesman, said it was “a good night for us.”",
            "On Monday night, Hillary Clinton leaned in heavy. She then peppered him with attacks.",
            "“Why won’t he release his tax returns?” she said."]
    att = attribute(body)
    assert who(att, "tax returns") == "Hillary Clinton"
    att2 = attribute(["Democratic Sen. Claire McCaskill (D-Mo.) scolded him: “The scientific community "
                      "is almost monolithic against you,” she said."])
    assert who(att2, "monolithic") == "Claire McCaskill"


def test_pronoun_skips_organisations_and_the_other_gender():
    body = ["Donald Trump is raising questions about his microphone.",
            "He notes that the Department of Justice announced that there was an issue.",
            "He says, “Working that microphone was a lot more difficult than the debate.”"]
    assert who(attribute(body), "Working that microphone") == "Donald Trump"
    body2 = ["Ms. Jane Roe said the plan was “long overdue.”",
             "Mr. Tom Poe said the trams were “a disgrace.”",
             "“We have waited twenty years for this,” she said."]
    assert who(attribute(body2), "waited twenty years") == "Jane Roe"


# --------------------------------------------------------------------------- hostile input


def test_sixty_thousand_quote_marks_complete_and_stay_in_range():
    for body in (['"' * 60000], ["“" * 60000], ["“”" * 30000], ["“a” " * 30000],
                 ["“a b c,” he said. " * 15000], ['x"' * 30000]):
        att = attribute(body)
        check_offsets(body, att)


def test_unbalanced_and_odd_text():
    bodies = [
        ["“never closed, said Bob"],
        ["closed only” said Bob."],
        ["\x00\x1b[31m“hi”\x7f said Bob\u200b", "<p>“x y z,” <b>Ann</b> said</p>"],
        ["", "", "“”"],
        ["\"", "\"\"\"", "“", "”"],
        ["said said said: “", "according to", "according to ,"],
        [],
    ]
    for body in bodies:
        check_offsets(body, attribute(body))


def test_long_line_completes():
    body = ["John Smith said that it is fine. " * 30000 + "“" + "word " * 50000]
    check_offsets(body, attribute(body))


def test_non_string_paragraphs_do_not_raise():
    att = attribute([123, None, "“Fine,” said Ann Lee."])  # type: ignore[list-item]
    assert who(att, "Fine") == "Ann Lee"


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("ab Zx .,:;—-–―()\n\t\"“”„«»'‘’…") +
                            ["said", " said ", "Mr. ", "John Smith", " he ", "told", "according to ",
                             "Minister ", ", the role,", "that ", "“", "”", "\x00", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=60).map("".join), max_size=6))
def test_property_offsets_in_range_and_text_matches(body):
    att = attribute(body)
    quotes = check_offsets(body, att)
    spans = sorted((q.start, q.end) for q in quotes)
    for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
        assert a1 <= b0 or a0 == a1 or b0 == b1  # quotes never overlap


# --------------------------------------------------------------------------- registry


def test_speaker_key_folds_spellings():
    assert len({speaker_key(n) for n in ("Zelenskiy", "Zelensky", "Zelenskyy", "Volodymyr Zelensky",
                                         "President Zelenskyy", "Mr. Zelensky")}) == 1
    assert speaker_key("Šakalienė").startswith("sakaliene")
    assert speaker_key("Dovilė Šakalienė") == speaker_key("SAKALIENE")
    assert speaker_key("Dr. Pistorius") == speaker_key("Boris Pistorius")


def test_registry_merges_spellings_and_titles():
    r = SpeakerRegistry()
    r.add("Volodymyr Zelensky", "a1", 2)
    r.add("Zelenskiy", "a2", 1)
    r.add("Volodymyr Zelenskyy", "a3", 1)
    r.add("Pistorius", "a1", 1)
    r.add("Mr. Pistorius", "a2", 2)
    r.add("Boris Pistorius", "a3", 1)
    r.add("Dovilė Šakalienė", "a1", 1)
    r.add("Dovile Sakaliene", "a2", 1)
    top = r.top(10)
    names = [t[0] for t in top]
    assert len(top) == 3
    assert ("Boris Pistorius", 4, 3) in top
    assert any(n.startswith("Volodymyr Zelensk") for n in names)
    z = next(t for t in top if t[0].startswith("Volodymyr"))
    assert z[1:] == (4, 3)
    assert r.resolve("Zelensky") == z[0]
    assert r.resolve("Mr. Pistorius") == "Boris Pistorius"
    assert r.resolve("Sakaliene") in ("Dovilė Šakalienė", "Dovile Sakaliene")


def test_registry_surname_alone_ambiguous_stays_apart():
    r = SpeakerRegistry()
    r.add("Boris Johnson", "a", 1)
    r.add("Lyndon Johnson", "b", 1)
    r.add("Johnson", "c", 5)
    r.add("B. Johnson", "d", 1)
    top = dict((n, (q, a)) for n, q, a in r.top())
    assert top["Johnson"] == (5, 1)
    assert top["Boris Johnson"] == (2, 2)  # the initial is unambiguous
    assert r.resolve("L. Johnson") == "Lyndon Johnson"


def test_registry_organisations():
    r = SpeakerRegistry()
    r.add("the Kremlin", "a", 2)
    r.add("Kremlin", "b", 1)
    assert r.top(1) == [("Kremlin", 3, 2)]


# --------------------------------------------------------------------------- PolNeAR slice


DRIVER = '''
import json, re, sys
sys.path.insert(0, {repo!r})
from reader.attribution import attribute
out = []
for f in [a for a in sys.argv[2:] if a != "--json"]:
    raw = open(f, encoding="utf-8", errors="replace").read()
    lines = raw.split("\\n")
    paras = [re.sub(r"\\s*\\n\\s*", " ", p).strip() for p in re.split(r"\\n\\s*\\n", "\\n".join(lines[1:]))]
    d = attribute([p for p in paras if p]).to_json()
    d.update(path=f, title=lines[0].strip())
    out.append(d)
json.dump(out, sys.stdout)
'''


@pytest.mark.skipif(not (POLNEAR_DEV.exists() and SCORER.exists()), reason="shared data not beside the repo")
def test_polnear_dev_slice_scores_above_floor(tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(repo=str(REPO)), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(SCORER), "polnear", str(POLNEAR_DEV), "--limit", "30",
         "--reader", f"{sys.executable} {driver}"],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    f1 = float(last.split()[-1])
    # Measured F1 0.927 (precision 0.950, recall 0.905) on these 30 files on 2026-12-03 with
    # the scorer that compares the surname of the Source's head. Earlier, with the scorer as
    # it is. The scorer takes the last capitalised word of the gold Source span, appositive
    # included ("Kenneth Baer, a former ... who runs Crosscut Strategies" -> "Strategies";
    # "Rep. Gwen Moore (D-Wis.)" -> "D-Wis"), so some right answers count as wrong (the two
    # quotes that moved from 0.800 to 0.786 are such: "Scott Pruitt, the Republican attorney
    # general of Oklahoma", "Charlie King, a prominent New York Democrat" are now found under
    # their names); with the Source cut at its first comma/parenthesis the same run gives
    # F1 0.922 (was 0.907).
    # Issue 15, part 1 (pronouns, listed speakers, direct quotes), 2026-12-03: F1 0.942
    # (precision 0.960, recall 0.924) on these 30 files.
    assert f1 >= 0.94, out.stdout
    lines = out.stdout.splitlines()
    prf = [line for line in lines if line.startswith("speaker attribution")][0]
    precision = float(prf.split("precision")[1].split()[0])
    assert precision >= 0.955, out.stdout
    # The other four lines, measured on these 30 files on 2026-12-03 (issue 15): pronoun-source
    # quotes given to the right person 0.941 (32 of 34), indirect attributions precision 0.743
    # recall 0.259, speakers listed that are a source 0.927. After part 1 of issue 15: pronoun
    # referents 0.971 (33 of 34), speakers listed 0.945 (154 of 163).
    # Indirect, after the reported-speech rules of issue 15 part 2: precision 0.841 recall
    # 0.448 (190 of 424), each branch alone; the merged figures are in the floors below.
    pron = [line for line in lines if line.startswith("gold direct quotes with a pronoun source")][0]
    assert float(pron.split("accuracy")[1].split()[0]) >= 0.97, out.stdout
    ind = [line for line in lines if line.startswith("indirect attributions: precision")][0]
    assert float(ind.split("precision")[1].split()[0]) >= 0.84, out.stdout
    assert float(ind.split("recall")[1].split()[0]) >= 0.44, out.stdout
    listed = [line for line in lines if line.startswith("speakers listed")][0]
    assert float(listed.split("precision")[1].split()[0]) >= 0.94, out.stdout


def test_registry_gives_a_bare_surname_to_the_person_the_corpus_quotes_far_more():
    r = SpeakerRegistry()
    r.add("Tony Blair", "a1", 30)
    r.add("Blair", "a2", 20)
    r.add("Cherie Blair", "a3", 2)
    r.add("Boris Johnson", "b1", 5)
    r.add("Lyndon Johnson", "b2", 4)
    r.add("Johnson", "b3", 3)
    rows = {name: (quotes, articles) for name, quotes, articles in r.top(10)}
    assert rows["Tony Blair"] == (50, 2) and rows["Cherie Blair"] == (2, 1)
    assert rows["Johnson"] == (3, 1)  # no one stands out: left alone
    assert r.resolve("Mr Blair") == "Tony Blair"


def test_registry_reads_a_capitalised_description_as_the_description():
    r = SpeakerRegistry()
    r.add("analysts", "a1", 2)
    r.add("Analysts", "a2", 3)  # "Analysts said" at the start of a sentence
    r.add("Pistorius", "a3", 1)  # a surname with no description of that name stays a person
    assert r.top(5) == [("analysts", 5, 2), ("Pistorius", 1, 1)]


def test_two_apostrophes_are_a_double_quote_mark():
    body = ["''There's a lot of new complexity,'' said Mr. Burman. ''It would be better,'' he added."]
    att = attribute(body)
    check_offsets(body, att)
    assert [(sp.name, [q.text for q in sp.quotes]) for sp in att.speakers] == [
        ("Burman", ["There's a lot of new complexity", "It would be better"])]


def test_reported_clause_before_a_partial_quote_is_indirect():
    body = ["Trump said during a rally in Michigan that Clinton once described the trade deal as "
            "“the gold standard” of deals."]
    att = attribute(body)
    check_offsets(body, att)
    ind = [(sp.name, q.text) for sp in att.speakers for q in sp.quotes if q.kind == "indirect"]
    assert ind == [("Trump", "Clinton once described the trade deal as")]


def test_that_clause_after_a_finding_verb_is_reported_speech():
    att = attribute(["The Committee for a Responsible Federal Budget reported that the plans would cost "
                     "150 billion dollars."])
    assert [(sp.name, [q.kind for q in sp.quotes]) for sp in att.speakers] == [
        ("Committee for a Responsible Federal Budget", ["indirect"])]
    # without "that" a finding verb reports nothing
    assert attribute(["The committee found a way to cut the costs of the plan."]).speakers == ()


def test_pronoun_after_a_conjunction_is_the_subject():
    body = ["Donald Trump spoke on Tuesday.",
            "He gave no estimate, though he said “budget reforms” would pay for it."]
    assert who(attribute(body), "budget reforms") == "Donald Trump"


def test_said_then_a_number_before_the_role():
    att = attribute(["“They are 100 percent wrong,” said 9/11 widow Terry Strada."])
    assert [sp.name for sp in att.speakers] == ["Terry Strada"]


def test_the_united_states_is_no_speaker_of_a_quote_after_it():
    # "States" is not the verb "states": the quote has no speaker, no "United" is listed
    for body in (["Tension grew between the United States, which increased its focus under the “pivot”, and China."],
                 ["Golf courses around the United States, many of them known as “rabbit patches,” closed."]):
        att = attribute(body)
        check_offsets(body, att)
        assert [sp.name for sp in att.speakers] == []


def test_a_place_before_the_speech_verb_is_not_the_speaker():
    body = ["Clinton, during a town hall meeting in Columbus, Ohio, said she was “going to put a lot of "
            "coal miners out of business.”"]
    att = attribute(body)
    check_offsets(body, att)
    assert who(att, "coal miners") == "Clinton"  # not Ohio
    body = ["Sen. Chuck Grassley, facing a spirited challenge in Iowa, a swing state, said he would "
            "welcome Cruz."]
    assert "Iowa" not in [sp.name for sp in attribute(body).speakers]
    # an opening phrase with a place, then the subject: the subject stays
    body = ["In a panel in Washington, Marc H. Morial, the chief executive of the League, told a woman "
            "that “not voting is not a viable strategy.”"]
    assert who(attribute(body), "viable strategy") == "Marc H. Morial"
    body = ["In Washington, Obama said the talks had failed because of the weather."]
    assert [sp.name for sp in attribute(body).speakers] == ["Obama"]


def test_a_closing_mark_that_opens_a_paragraph_opens_the_quote():
    body = ["Writing for a panel, Mark Z. Barabak said Pence won.",
            "” … he delivered a mix of orthodoxy and rejoinders with a coolness Reagan himself might have "
            "admired,” Barabak wrote."]
    att = attribute(body)
    check_offsets(body, att)
    q = quote_of(att, "mix of orthodoxy")
    assert q is not None and q.text.startswith("… he delivered") and q.kind == "direct"
    assert who(att, "mix of orthodoxy") == "Mark Z. Barabak"


def test_a_quote_in_the_same_marks_inside_an_open_quote_stays_inside():
    body = ["“Nobody talks about it.” ― Veronica Cruz\n“I’d rather live in what he calls “hell” than live "
            "in a world where he is president.” ― Adriana Rodarte"]
    att = attribute(body)
    check_offsets(body, att)
    q = quote_of(att, "rather live")
    assert q is not None and q.text.endswith("he is president.")
    assert who(att, "Nobody talks") == "Veronica Cruz"
    assert who(att, "rather live") == "Adriana Rodarte"


def test_many_opening_marks_stay_linear():
    body = ["“a " * 30000 + "”"]
    att = attribute(body)  # the closing marks are counted once, not searched for at each mark
    check_offsets(body, att)


def test_a_month_or_modal_after_a_forename_is_a_surname():
    body = ["British Prime Minister Theresa May said the country would formally declare its intention."]
    att = attribute(body)
    check_offsets(body, att)
    assert [(sp.name, sp.role) for sp in att.speakers] == [("Theresa May", "British Prime Minister")]
    body = ["“We will go,” Theresa May said."]
    assert who(attribute(body), "We will go") == "Theresa May"
    body = ["Obama said in May that the talks had failed because of the weather."]
    assert [sp.name for sp in attribute(body).speakers] == ["Obama"]


def test_a_subject_with_a_bracket_after_it_opens_the_sentence():
    body = ["In a statement released Thursday, Rep. Hakeem Jeffries (D-N.Y.) reacted to the news, saying: "
            "“The killer should be in prison.”"]
    att = attribute(body)
    check_offsets(body, att)
    assert who(att, "should be in prison") == "Hakeem Jeffries"


def test_the_state_of_an_opening_place_is_not_the_subject():
    body = ["At a campaign event in St. Clairsville, Ohio, 62-year-old Brenda Johnson also railed against "
            "immigrants, and explained that it upset her to hear them speak Spanish."]
    att = attribute(body)
    check_offsets(body, att)
    assert "Ohio" not in [sp.name for sp in att.speakers]
    body = ["In Columbus, Ohio, Clinton said the talks had failed because of the weather."]
    assert [sp.name for sp in attribute(body).speakers] == ["Clinton"]


def test_a_name_with_a_bracket_then_a_comma_before_the_verb():
    body = ["After winning Ohio in the primary, Gov. John Kasich (R-OH), said, “I’m getting ready to rent a "
            "covered wagon.”"]
    att = attribute(body)
    check_offsets(body, att)
    assert who(att, "covered wagon") == "John Kasich"
