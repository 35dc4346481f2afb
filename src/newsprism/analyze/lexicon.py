"""Word lists the attribution rules read: reporting verbs and the nouns that tell what kind of
source a speaker phrase names. Lemmas, lower case. Kept here so rules stay short and the lists
can be reviewed (and grown) in one place.

The reporting verbs follow the classes attribution corpora annotate as cues (PARC 3.0,
Pareti 2016: assertion, belief, finding, and manner-of-speaking verbs); every verb still needs a
clause or a quotation as its complement before it counts, which is what keeps "police found
the car" or "she added salt" out.
"""

from __future__ import annotations

# Verbs that report speech, writing, belief or findings when they take a clause or a quote.
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    say tell add insist note warn deny accuse claim stress argue suggest believe state
    announce explain confirm report write declare assert maintain acknowledge admit reply
    respond answer ask urge predict estimate find show reveal indicate conclude comment
    remark observe caution emphasise emphasize underline underscore contend allege complain
    concede recall testify tweet post quip joke vow promise pledge threaten reiterate repeat
    disclose signal hint imply speculate forecast fear expect think doubt reckon agree
    recommend propose demand boast brag counter retort object protest lament acknowledge
    guarantee assure inform notify advise shout yell whisper mutter scream exclaim
    rule calculate hold charge blame clarify swear order instruct implore
    """.split()
)

# Phrasal reporting verbs: (verb lemma, particle).
PHRASAL_REPORTING_VERBS: frozenset[tuple[str, str]] = frozenset(
    {("point", "out"), ("make", "clear"), ("go", "on"), ("spell", "out"), ("write", "in")}
)

# Verbs whose object is the person addressed ("told a judge that ..."), not the content.
ADDRESSEE_VERBS: frozenset[str] = frozenset(
    "tell inform assure warn remind notify advise convince persuade ask promise".split()
)

# Verbs that count only with a direct quotation next to them ("'Never,' she laughed"), not
# with a plain clause, where they mean something else.
QUOTE_ONLY_VERBS: frozenset[str] = frozenset(
    "laugh smile sigh shrug begin continue go describe".split()
)

# Verbs whose complement is a thought rather than a statement; they count, but only with an
# explicit subject that is not the writer (an "I think" outside quotes is the outlet's voice).
BELIEF_VERBS: frozenset[str] = frozenset("believe think fear expect doubt reckon".split())

# Verbs whose noun-phrase object states a proposition ("denied the allegations", "confirmed
# the death of ..."): these count without a clause.
NOMINAL_CONTENT_VERBS: frozenset[str] = frozenset(
    "confirm deny acknowledge admit dispute".split()
)

# "accuse X of Y", "charge X with Y": the content is the object plus its prepositional phrase.
ACCUSATION_VERBS: dict[str, str] = {"accuse": "of", "charge": "with", "blame": "for"}

# Promises and threats (the speaker commits to the infinitive: "vowed to resign") and
# requests (someone is asked: "urged voters to stay home"): with no clause, they report their
# infinitive.
COMMISSIVE_VERBS: frozenset[str] = frozenset("promise vow pledge threaten swear".split())
INFINITIVE_REPORT_VERBS: frozenset[str] = COMMISSIVE_VERBS | frozenset(
    "urge ask tell warn advise order instruct implore".split()
)

# Forecasts: with a quantity as object they state a prediction ("expects earnings of $3").
FORECAST_VERBS: frozenset[str] = frozenset("expect forecast predict estimate project".split())

# Heads of a raising passive: "X is said/believed/reported to have ...".
RAISING_PASSIVES: frozenset[str] = frozenset(
    "say believe report think understand allege rumour rumor know claim".split()
)

# Reporting verbs with a bare subject word that make an idiom, not a report: "All told, ...",
# "Truth be told, ...". (verb lemma, subject word)
IDIOMATIC_SUBJECTS: frozenset[tuple[str, str]] = frozenset({("tell", "all"), ("tell", "truth")})

# Verbs that, governing a reporting verb, undo it ("declined to say", "refused to comment").
NEGATING_GOVERNORS: frozenset[str] = frozenset(
    "decline refuse fail want wish hope plan intend expect need try".split()
)

# Speaker head nouns -------------------------------------------------------------------------

DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    readout statement report release communique communiqué document study survey poll letter
    memo memorandum filing indictment complaint lawsuit ruling decision judgment judgement verdict
    transcript assessment analysis review audit dossier affidavit brief briefing
    note notice bulletin announcement decree resolution declaration directive order
    guidance guideline data datum figures estimate forecast projection census record records
    minutes post tweet website article editorial column leaflet manifesto charter treaty
    agreement draft proposal plan budget text summary finding findings research investigation
    inquiry probe evaluation chart table map video footage image photo photograph recording
    regulation regulations law act bill constitution contract rule rules indictment warrant
    charges site webpage page result results
    """.split()
)

ORGANIZATION_NOUNS: frozenset[str] = frozenset(
    """
    government ministry department office service agency administration kremlin
    police army military navy force forces company firm bank court council committee
    commission party union alliance embassy team club league newspaper paper network channel
    broadcaster station campaign authority authorities parliament congress senate cabinet
    presidency secretariat organization organisation group association federation board
    regulator watchdog prosecution institute university school hospital
    coalition bloc movement junta regime state province region city county municipality
    consulate mission delegation command headquarters outlet
    corporation conglomerate manufacturer maker carrier airline retailer operator utility
    lab laboratory center centre foundation charity ngo television tv radio magazine tabloid
    studio publisher
    opposition home
    """.split()
)

# Roles that name a single identifiable person when definite ("the Russian president").
TITLE_NOUNS: frozenset[str] = frozenset(
    """
    president minister chancellor premier secretary governor mayor chief head director
    chairman chairwoman chairperson chair ceo executive king queen prince princess pope
    ambassador general commander prosecutor judge senator congressman congresswoman
    representative speaker leader counterpart coach manager owner founder captain
    sheriff superintendent commissioner attorney envoy emperor monarch dictator premier pm
    """.split()
)

# Unnamed individuals (and groups) speaking in an official or insider capacity.
OFFICIAL_NOUNS: frozenset[str] = frozenset(
    """
    official source diplomat aide insider spokesman spokeswoman spokesperson officer
    adviser advisor negotiator staffer employee investigator lawmaker legislator
    functionary bureaucrat administrator operative agent intermediary member figure
    individual
    """.split()
)

# Unnamed crowds and hedged collectives ("analysts say", "many believe").
VAGUE_NOUNS: frozenset[str] = frozenset(
    """
    analyst expert observer commentator critic scholar economist pundit sceptic skeptic
    supporter opponent activist resident witness voice rumor rumour researcher scientist
    academic historian specialist strategist watcher campaigner advocate
    proponent detractor onlooker bystander commentariat many some others most few several
    everyone everybody someone somebody anyone nobody public media press family relative
    """.split()
)

# Nouns for people in ordinary capacities (family, trade, circumstance). They tell a person
# apart from a thing when the parser or the entity recogniser does not: "Natalia, a teacher",
# "the candidate, regional bureaucrat X".
PERSON_NOUNS: frozenset[str] = frozenset(
    """
    man woman boy girl child teenager mother father parent son daughter wife husband brother
    sister grandmother grandfather uncle aunt nephew niece cousin widow widower friend
    neighbour neighbor colleague teacher nurse student pupil farmer worker employee engineer
    physician surgeon doctor dentist pharmacist scientist researcher professor lecturer
    investor trader banker accountant lawyer judge pilot soldier veteran survivor victim
    witness resident pensioner retiree shopkeeper owner driver mechanic cook chef waiter
    fisherman miner builder electrician plumber cleaner guard firefighter paramedic priest
    imam rabbi pastor monk nun candidate voter protester demonstrator refugee migrant
    tourist passenger fan supporter mayor councillor councilor volunteer organiser organizer
    person people mobster gunman suspect defendant prisoner inmate
    """.split()
)

# Last words of proper names that make the name an organisation or a seat of one, not a
# person: "Downing Street", "Vellum Therapeutics", "Harbor Securities".
ORGANIZATION_NAME_ENDINGS: frozenset[str] = frozenset(
    """
    street house hall palace inc inc. corp corp. co co. ltd ltd. plc llc ag sa nv group
    holdings partners capital securities systems therapeutics technologies pharmaceuticals
    airlines airways motors industries bank ministry agency office council committee
    commission court party union university college institute foundation association
    federation league club fc times post journal news press tribune herald guardian
    telegraph network media
    """.split()
)

# Singular nouns for a group of people that speak as a crowd ("the victim's family said").
COLLECTIVE_NOUNS: frozenset[str] = frozenset("family public media press crowd community audience".split())

# Organisation nouns that, plural and unnamed ("aid groups say"), stand for a crowd rather
# than one organisation.
COLLECTIVE_ORGANIZATION_NOUNS: frozenset[str] = frozenset(
    "group organization organisation agency company firm bank union charity ngo outlet newspaper".split()
)

# Quantifiers used as speakers on their own ("many believe", "some say").
VAGUE_QUANTIFIERS: frozenset[str] = frozenset(
    "many some others most few several all everyone everybody someone somebody".split()
)

# Words that mark an unnamed speaker as deliberately anonymous.
ANONYMITY_MARKERS: frozenset[str] = frozenset(
    "anonymous anonymity unnamed named identified".split()
)

# Honorifics that make the following proper noun a person, with the gender they imply.
HONORIFICS: dict[str, str | None] = {
    "mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
    "sir": "m", "dame": "f", "lord": "m", "lady": "f", "dr": None, "dr.": None,
    "prof": None, "prof.": None, "professor": None, "president": None, "senator": None,
    "sen.": None, "rep.": None, "gov.": None, "gen.": None, "col.": None, "lt.": None,
    "capt.": None, "judge": None, "justice": None, "rev.": None, "father": "m",
    "sister": "f", "brother": "m", "king": "m", "queen": "f", "prince": "m",
    "princess": "f", "chancellor": None, "minister": None, "premier": None,
    "mayor": None, "governor": None, "secretary": None, "pope": "m",
    "sgt.": None, "det.": None, "insp.": None, "supt.": None, "cpl.": None, "pvt.": None,
    "maj.": None, "cmdr.": None, "atty.": None, "amb.": None, "brig.": None, "fr.": "m",
    "sr.": None, "const.": None, "hon.": None,
}

# Title abbreviations the tokenizer would split at the stop ("Sgt." -> "Sgt" "."), ending the
# sentence before the name: they are kept whole.
TITLE_ABBREVIATIONS: tuple[str, ...] = (
    "Sgt.", "Lt.", "Col.", "Capt.", "Det.", "Insp.", "Supt.", "Cpl.", "Pvt.", "Maj.", "Hon.",
    "Atty.", "Cmdr.", "Pres.", "Amb.", "Brig.", "Const.", "Sr.", "Fr.",
)

PERSONAL_PRONOUNS: dict[str, str] = {
    "he": "m", "him": "m", "she": "f", "her": "f",
}
PLURAL_PRONOUNS: frozenset[str] = frozenset({"they", "them", "both"})
NEUTER_PRONOUNS: frozenset[str] = frozenset({"it"})
# The writer's own pronouns: outside quotes these are the outlet's voice, not a source.
WRITER_PRONOUNS: frozenset[str] = frozenset({"i", "we", "me", "us", "you"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "that", "which", "whom"})

# Demonyms whose country name does not share a prefix with them (the rest match by prefix:
# Russia/Russian, Germany/German, Ukraine/Ukrainian).
IRREGULAR_DEMONYMS: dict[str, str] = {
    "french": "france", "british": "britain", "english": "england", "dutch": "netherlands",
    "swiss": "switzerland", "welsh": "wales", "american": "us", "u.s.": "us", "us": "us",
    "uk": "britain", "u.k.": "britain", "danish": "denmark", "swedish": "sweden",
    "finnish": "finland", "norwegian": "norway", "irish": "ireland", "polish": "poland",
    "turkish": "turkey", "spanish": "spain", "portuguese": "portugal", "greek": "greece",
    "chinese": "china", "japanese": "japan", "vietnamese": "vietnam", "thai": "thailand",
    "filipino": "philippines", "saudi": "saudi arabia", "emirati": "uae", "israeli": "israel",
    "peruvian": "peru", "argentine": "argentina", "argentinian": "argentina",
}

# Words that stand before a name as a role ("Defender Jonas Berg", "striker Ali Musa"); they
# are not part of the person's name.
ROLE_WORDS: frozenset[str] = frozenset(
    """
    defender striker goalkeeper midfielder forward winger coach manager captain pitcher
    quarterback actor actress singer rapper author novelist writer artist director producer
    designer economist analyst lawyer attorney doctor professor officer detective sergeant
    constable inspector agent spokesman spokeswoman spokesperson founder presenter host star
    veteran rookie champion candidate nominee activist campaigner businessman businesswoman
    billionaire entrepreneur player teammate striker boxer cyclist driver rider
    """.split()
)
