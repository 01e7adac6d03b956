"""The attributor's word lists: speech verbs, pronouns, determiners, titles, role words,
words that are not names, gender and organisation words. One copy of each, for every stage.

Data, kept as a Python module rather than files under ``data/``: each list is a frozenset
built once at import and tested with ``in`` in the hottest loops; a module needs no reading,
parsing or packaging step, and a misspelt list name is an ImportError that ruff catches,
not an empty set at run time.
"""

from __future__ import annotations


def _forms(*groups: str) -> frozenset[str]:
    """The space-separated words of *groups*, as one frozenset."""
    out: set[str] = set()
    for g in groups:
        out.update(g.split())
    return frozenset(out)


#: Speech verbs (all forms that we accept as a speech act next to a quote).
SAY = _forms(
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
AFTER_ONLY = _forms(
    "charged beamed gushed mused laughed cracked teased pleaded sighed smiled grinned huffed "
    "groused griped sniffed scolded chided marveled marvelled boomed thundered roared wondered "
    "recounted reasoned elaborated started offered chuckled cried sneered taunted mocked "
    "fumed barked echoed proclaimed"
)

#: Two-word speech verbs: ``shot back``, ``chimed in``, ``went on``.
PHRASAL = {"shot": "back", "fired": "back", "hit": "back", "pushed": "back", "chimed": "in",
            "went": "on", "summed": "up", "piped": "up", "cut": "in", "broke": "in"}

#: Verbs that only signal a *partial* quote when they come before it: ``called it “X”``.
PARTIAL_ONLY = _forms(
    "called calling describes described describing dubbed dubbing labeled labelled labeling "
    "labelling branded branding termed characterized characterised characterizing "
    "characterising deemed"
)

#: Verbs that may come before their subject after a quote: ``“…,” said Name``.
INVERTIBLE = _forms(
    "said says added adds asked asks wrote writes noted notes explained explains continued "
    "continues recalled recalls replied replies answered answers declared declares insisted "
    "insists argued argues warned warns remarked remarks observed observes tweeted stated "
    "concluded concludes countered counters retorted quipped quips joked jokes began "
    "acknowledged admitted responded cautioned predicted demanded demands scoffed lamented "
    "snapped interjected"
)

#: Verbs with an addressee before the reported clause: ``told reporters that …``.
OBJECT_VERBS = _forms(
    "tell tells told telling ask asks asked asking warn warns warned warning assure assures "
    "assured remind reminds reminded inform informs informed urge urges urged promise "
    "promises promised"
)

#: Verbs of belief and expectation: ``Anderson thinks the outreach was phony``. A view the
#: text gives as the person's, reported like speech (a clause must follow: "hopes to win",
#: "expects a vote" are not reported).
BELIEF_VERBS = _forms(
    "believe believes believed think thinks feel feels felt expect expects expected "
    "fear fears feared doubt doubts doubted suspect suspects suspected hope hopes hoped"
)

#: Verbs whose content is their object, a noun phrase (``Clinton cited the figure``, ``Cruz is
#: endorsing Trump's campaign``): speech acts and public stances, not actions.
NP_VERBS = _forms(
    "cite cites cited criticize criticizes criticized criticise criticises criticised "
    "condemn condemns condemned denounce denounces denounced praise praises praised "
    "defend defends defended accuse accuses accused blame blames blamed attack attacks "
    "attacked slam slams slammed blast blasts blasted mock mocks mocked ridicule ridicules "
    "ridiculed dismiss dismisses dismissed dispute disputes disputed reject rejects rejected "
    "question questions questioned challenge challenges challenged tout touts touted hail "
    "hails hailed laud lauds lauded applaud applauds applauded "
    "endorse endorses endorsed endorsing propose proposes proposed recommend recommends "
    "recommended demand demands demanded decry decries decried lament laments lamented "
    "downplay downplays downplayed deny denies denied highlight highlights highlighted "
    "mention mentions mentioned discuss discusses discussed describe describes described "
    "oppose opposes opposed urge urges urged threaten threatens threatened "
    "promise promises promised pledge pledges pledged vow vows vowed "
    "defending criticizing attacking praising citing touting questioning accusing blaming "
    "describing rejecting denouncing condemning dismissing proposing demanding mentioning "
    "highlighting disputing challenging"
)

#: Verbs of commitment, whose content may be an infinitive: ``Trump vowed to bring back the
#: jobs``, ``…, promising to lift the rules``.
COMMISSIVE_VERBS = _forms(
    "promise promises promised promising pledge pledges pledged pledging vow vows vowed vowing "
    "threaten threatens threatened threatening"
)

#: Verbs whose content follows a particle: ``called for an inquiry``, ``pointed to the
#: figures``, ``warned of a recession``.
PARTICLE_VERBS = {
    "call": ("for", "on"), "calls": ("for", "on"), "called": ("for", "on"), "calling": ("for", "on"),
    "point": ("to", "out"), "points": ("to", "out"), "pointed": ("to", "out"), "pointing": ("to", "out"),
    "refer": ("to",), "refers": ("to",), "referred": ("to",), "referring": ("to",),
    "warn": ("of", "against", "about"), "warns": ("of", "against", "about"),
    "warned": ("of", "against", "about"), "warning": ("of", "against", "about"),
    "speak": ("about", "of", "out"), "speaks": ("about", "of", "out"), "spoke": ("about", "of", "out"),
    "talk": ("about",), "talks": ("about",), "talked": ("about",),
    "complain": ("about", "of"), "complains": ("about", "of"), "complained": ("about", "of"),
    "argue": ("for", "against"), "argues": ("for", "against"), "argued": ("for", "against"),
    "push": ("for",), "pushes": ("for",), "pushed": ("for",),
    "plead": ("for",), "pleads": ("for",), "pleaded": ("for",),
}

#: Participles that report what the subject of the sentence said: ``Trump defended the tweets,
#: saying they showed …`` / ``Claiming the criticism is unfair, Trump told Fox …``.
PARTICIPLES = _forms(
    "saying adding noting arguing claiming warning insisting explaining suggesting stressing "
    "asserting acknowledging admitting predicting emphasizing emphasising contending declaring "
    "announcing telling writing urging promising vowing pledging"
)

#: Verbs that can introduce an indirect (reported) clause.
CLAUSE_VERBS = _forms(
    "say says said tell tells told ask asks asked add adds added note notes noted warn warns warned "
    "write writes wrote tweeted explain explains explained insist insists insisted "
    "argue argues argued stated declare declares declared claim claims claimed "
    "announce announces announced acknowledge acknowledges acknowledged admit admits admitted "
    "predict predicts predicted suggest suggests suggested emphasized emphasised stressed "
    "conclude concludes concluded complained conceded confirmed contend contends contended "
    "assert asserts asserted reiterated revealed maintained maintains vowed pledged "
    "testified replied responded recalled observed cautioned"
) | _forms(
    # only with "that" (THAT_VERBS): "a poll shows that …", "Smith denied that …"
    "show shows showed found finds estimates estimated indicated indicates reported reports "
    "agreed agrees denied denies argued warned insisted"
)

#: Clause verbs that report speech only before "that" ("the study found that …"; not "found
#: a way", "agreed to run").
THAT_VERBS = _forms(
    "show shows showed found finds estimates estimated indicated indicates reported reports "
    "agreed agrees denied denies"
)

AUX = _forms(
    "has have had will would could should may might must can did does do also later then "
    "previously reportedly once again recently further simply repeatedly quickly publicly "
    "privately subsequently not never just even only still first often already yet "
    "finally earlier initially immediately flatly bluntly angrily sharply curtly "
    "this that week month year today yesterday tonight separately elsewhere too "
    "herself himself themselves itself"
)

#: Verbs that introduce a quoted text at the end of a paragraph (``The Times reports:``).
REPORT_VERBS = _forms("reports reported report writes explains adds continues states notes")

INTRO_VERBS = SAY | _forms("agreed agrees disagreed disagrees concurred recalled explained elaborated")

PASSIVE = _forms("was were been being is are be")

PRONOUNS = _forms("he she they i we it")

DET = _forms("the a an this these those his her their its our my your one another some two three several many")

CONNECTORS = _forms("of for at from to")

PARTICLES = _forms("de da di del della van von der den dos du la le bin al ibn el ben y")

HONORIFICS = _forms("mr mr. mrs mrs. ms ms. miss dr dr. mx mx. prof prof. sir dame lord lady")

MONTHS_DAYS = _forms(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan. feb. mar. apr. jun. jul. "
    "aug. sep. sept. oct. nov. dec."
)

#: Capitalised words that begin sentences or phrases but are not names.
CAP_STOP = _forms(
    "the a an but and or so yet in on at for of to from by with as after before since when "
    "while if though although because however meanwhile also still then now earlier later "
    "last next this that these those there here what why how who whom whose where which "
    "it he she they we i you his her their its our my your me him them us one another "
    "yesterday today tomorrow tonight asked speaking writing according despite instead "
    "during under over into about against among between through without within upon "
    "mr mrs ms dr sir no yes not all both each every some many most more other such only "
    "just even indeed again already perhaps maybe well oh thus hence therefore "
    "in. said says told added ask like unlike"
) | MONTHS_DAYS

#: Groups that speak, as the plurals a news story gives them ("Democratic strategists say"):
#: the plural of each role word that names a person, and groups of people.
_PERSON_ROLES = _forms(
    "strategist adviser advisor aide analyst economist expert official lawyer attorney "
    "candidate nominee delegate operative organizer organiser activist campaigner pollster "
    "consultant researcher scientist lawmaker legislator senator congressman "
    "diplomat negotiator prosecutor investigator regulator commentator historian scholar "
    "professor teacher doctor nurse judge leader executive director manager insider "
    "observer critic supporter opponent backer ally donor volunteer worker employee "
    "resident voter respondent participant member spokesman spokeswoman spokesperson "
    "reporter journalist correspondent editor poll survey study report"
)
GROUP_NOUNS = frozenset(w + "s" for w in _PERSON_ROLES if not w.endswith(("man", "woman"))) | _forms(
    "spokesmen spokeswomen congressmen allies"
)

#: Words that make up a role or a describing noun phrase (lower-case forms).
ROLE_WORDS = _forms(
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
SPEAKER_NOUNS = ROLE_WORDS | _forms(
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
) | GROUP_NOUNS

STOP_NP_LOWER = _forms(
    "and or but that which who whom whose when while because if as after before since so "
    "than then where whether although though unless until once"
)

SUBJECT_SKIP = _forms("but and so yet still then now also meanwhile however")

ABBREVIATIONS = _forms(
    "mr. mrs. ms. dr. sen. rep. gov. st. jr. sr. gen. lt. col. sgt. capt. adm. prof. rev. "
    "inc. co. corp. ltd. no. vs. etc. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. "
    "nov. dec. mt. ft. ave. fig. approx. dept. univ. assn. bros. gov't. pres. sec. atty."
)

SENTENCE_END = frozenset(".?!")

#: Titles and role words that tell a person's gender (for he/she).
FEMALE_WORDS = _forms(
    "mrs mrs. ms ms. miss dame lady madam spokeswoman chairwoman congresswoman businesswoman "
    "councilwoman assemblywoman actress queen princess duchess countess baroness mother wife widow "
    "sister daughter grandmother aunt niece woman girl"
)

MALE_WORDS = _forms(
    "mr mr. sir lord spokesman congressman businessman councilman assemblyman king prince duke "
    "baron father husband widower brother son grandfather uncle nephew man boy"
)

#: Words that make a name an organisation or a publication, not a person (for he/she).
ORG_WORDS = _forms(
    "commission committee department news post times press association council university bureau "
    "institute foundation center centre party campaign agency ministry office court network inc "
    "inc. corp corp. co. ltd group club bank journal magazine service administration coalition "
    "union board organization organisation congress senate house government police reuters "
    "politico tribune herald gazette daily weekly channel radio television review company "
    "corporation fund trust alliance federation league society school college academy watch "
    "project research states nations pac poll survey report republicans democrats"
)

#: The words ``reported_speech`` looks at: the start of "according to", the clause verbs, the
#: verbs with a noun-phrase or particle content and the participles.
INDIRECT_STARTS = (CLAUSE_VERBS | BELIEF_VERBS | NP_VERBS | COMMISSIVE_VERBS | frozenset(PARTICLE_VERBS)
                   | PARTICIPLES | {"according"})

INDIRECT_SKIP_PREP = _forms("in on at during after before with to about from by over via through into")

#: Words dropped from the front of a name for its key (lower case, without the full stop):
#: honorifics, offices and "the".
NAME_TITLES = _forms(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr sen senator rep representative gov "
    "governor president vice prime minister chancellor secretary general gen lt col sgt capt "
    "adm admiral judge justice mayor king queen prince princess pope sheikh chairman "
    "chairwoman chief ceo deputy the"
)
#: Words dropped from the end of a name for its key.
SUFFIXES = _forms("jr sr ii iii iv")
