"""Named actors in one article: people, organisations and places, with short forms resolved.

Input is a spaCy Doc (only its named entities are used); output is plain data. The steps:

1. clean each entity: drop possessives, titles and role words ("Attorney General Jeff Sessions’" →
   "Jeff Sessions"), drop junk (pronouns, lowercase words, dates and credits tagged as people;
   common nouns, place-pair adjectives and "our …" phrases tagged as organisations), re-type
   people whose names are not person-like (an acronym or organisation word: "ABN Amro", "Border
   Patrol"; an article: "The Da Vinci Code"), and organisations that carry an honorific ("Ms
   Diemont"); give a name one kind throughout the article (`one_kind_per_name`);
2. add what the small model misses: "Mr. X" / "Ms X" forms, names next to a cue verb ("Theresa May,
   said": "May" is tagged as a date), pull-quote attributions, a first name for a bare surname
   ("Phillips Idowu"), and bare surnames and full names of people already found;
3. resolve short forms within the article: a person name whose words all occur, in order, in
   exactly one longer person name is that person ("Sessions", "Yaneth", "Eric Alberto"); an
   organisation or nationality tag on a word of a known person's name ("Ramos" as ORG) is that person;
4. read a role from an appositive, else from a title in front of the name.

`is_doubtful_person` is applied by the caller, once quotes are known (a speaker is always kept).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from archive.names import HONORIFICS, ROLE_TITLES, TITLE_WORDS
from archive.records import RawActor

PERSON, ORGANISATION, PLACE = "person", "organisation", "place"
LOWERCASE_NAME_WORDS = {"of", "the", "and", "for", "on", "in", "at", "to", "de", "du", "la", "le", "&"}
PARTICLES = {"van", "von", "de", "den", "der", "da", "di", "du", "la", "le", "bin", "al", "el", "dos", "del"}
NOT_NAME_LABELS = {"WORK_OF_ART", "PRODUCT", "LAW", "EVENT", "LANGUAGE", "NORP"}
KIND_BY_LABEL = {"PERSON": PERSON, "ORG": ORGANISATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}

# A PERSON-tagged name containing one of these words is an organisation ("Border Patrol").
# fmt: off
ORGANISATION_WORDS = {
    "Patrol", "Lib", "Dem", "Border", "Office", "Department", "Agency", "Court", "Party", "Ministry",
    "Council", "Committee", "Commission", "Union", "Bank", "Group", "Inc", "Ltd", "Corp",
    "Association", "University", "Police", "Army", "Navy", "Institute", "Foundation", "Fund",
    "Service", "Services", "Authority", "Board", "Club", "United", "City", "Trust", "Network", "News",
    "Times", "Post", "Labour", "Conservatives", "Tories", "Democrats", "Republicans", "Congress",
    "Parliament", "Senate", "Government", "Administration", "Records", "Studios", "Pictures", "Games",
    "FC", "Air", "Airlines", "Airways", "Airport", "Motors", "Concern", "Championships", "Championship",
    "Cup", "Awards", "Festival", "Olympics", "League", "Media", "Music", "Telecom", "Society", "Museum",
    "Theatre", "Orchestra", "Hospital", "School", "College", "Centre", "Center", "Magazine",
    "Journal", "Herald", "Tribune", "Company", "Coalition", "Holdings", "Industries", "Enterprises",
    "Partners", "Award", "Organization", "Organisation", "Corporation", "Politics",
}
# fmt: on
# Platforms and publications the small model tags as people when they stand alone ("On Twitter,",
# "Politico reported"): they are organisations.
# fmt: off
MEDIA_NAMES = {
    "Twitter", "Facebook", "Instagram", "YouTube", "Snapchat", "Reddit", "Google", "Politico",
    "Reuters", "Breitbart", "Axios", "Newsweek", "WikiLeaks", "Gallup",
}
# fmt: on
# A one-word person tag that is a participle opening its sentence: "Conceding that …", "Speaking to …".
PARTICIPLE_OPENING = re.compile(
    r"\s+(?:the|a|an|that|to|his|her|their|its|on|in|at|with|for|about|from|this|these|those|up|out|"
    r"off|down|back|over)\b"
)
# A PERSON-tagged name containing one of these words is a place.
# fmt: off
PLACE_WORDS = {
    "Stadium", "Hotel", "Arena", "Square", "Road", "Avenue", "Station", "Island", "County", "River",
}
# fmt: on
# fmt: off
PRONOUNS = {
    "he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "we", "us", "our",
    "i", "me", "my", "you", "your", "who", "whom", "this", "that",
}
# fmt: on
# fmt: off
CALENDAR_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Christmas", "Easter",
}
# fmt: on
MONTH_FIRST_NAMES = {"April", "May", "June", "August"}
# Plural roles the model tags as a person when they open a sentence ("Aides say the governor …").
# fmt: off
ROLE_NOUNS = {
    "Aides", "Advisers", "Advisors", "Officials", "Sources", "Critics", "Supporters", "Staffers",
    "Voters", "Delegates", "Analysts", "Experts", "Insiders",
}
# fmt: on
# Roles whose "with"/"at" object the small model often tags as a person ("an organizer with Pueblos
# Sin Fronteras"); after these words a PERSON tag is an organisation.
AFFILIATION_BEFORE = re.compile(
    r"\b(?:organi[sz]er|director|spokes(?:man|woman|person)|member|official|analyst|economist|"
    r"researcher|professor|fellow|volunteer|executive|manager|officer|adviser|advisor|lawyer|"
    r"attorney|founder|head|chief|staff|employee|worker|president|chairman|partner|editor|"
    r"reporter|correspondent|leader|coordinator|activist|campaigner)s?\s+(?:with|at|for|of)\s+$"
)
# Nouns that only a person is: a name set beside one is a person's, whatever the model tagged it
# ("Fiorina, the former Hewlett-Packard CEO,", "Jane Roe, a leader of …", "co-host Jane Roe", "his
# son, Tom,"). No noun a firm can be too (adviser, partner, owner, member, sponsor).
PERSON_ROLES = (
    r"spokes(?:man|woman|person)|co-?host|anchor|columnist|reporter|correspondent|editor|author|"
    r"writer|novelist|professor|lawyer|attorney|senator|congress(?:man|woman)|governor|mayor|"
    r"candidate|nominee|co-?founder|founder|CEO|chair(?:man|woman)?|president|director|aide|"
    r"strategist|analyst|economist|pollster|activist|organi[sz]er|leader|pastor|rabbi|priest|"
    r"hotelier|business(?:man|woman)|actor|actress|singer|comedian|son|daughter|wife|husband|father|"
    r"mother|brother|sister|widow|widower|nephew|niece|cousin"
)
# ", the former Hewlett-Packard CEO," / ", a leader of …": the role heads the appositive (not ", who
# hired a spokesman,", "three Oscars, including best actor for …"), and no other name follows it
# (", the bank's president, Jane Roe,").
ROLE_APPOSITIVE = re.compile(
    r",\s+(?:(?:the|a|an|his|her|their)\s+)?(?:(?!(?:who|which|whose|that|and|or|with|including|such|like|as|plus|among|of|for|in|at|on|to|from|by)\b)[\w.’'-]+\s+){0,3}?"
    rf"(?:{PERSON_ROLES})s?(?:\s+(?:of|at|for|with|in|to|and)\b|\s*[.;)—–]|\s*,(?!\s+[A-Z]))"
)
# The role right before a name ("co-host Jane Roe"), or set off before it ("his son, Tom,").
ROLE_BEFORE = re.compile(rf"(?<![\w-])(?:{PERSON_ROLES})(?P<comma>,)?\s+$")
NAME_OF_BEFORE = re.compile(r"[A-Z][\w’'-]*\s+of\s+$")  # "Princess Jane of " (Ruritania)
CUE_WORDS = r"(?:said|says|told|added|insisted|wrote|writes|argued|warned|explained|claimed|stated)"
PERSON_NAME = r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]*[’'-]?[A-Z]?[a-z]+){1,2})"
SPEAKER_NAME_PATTERNS = [
    re.compile(rf"\b{CUE_WORDS}\s+{PERSON_NAME}\b(?![’'-]|\s+[A-Z])"),
    re.compile(rf"(?<![\w’'-])(?<![A-Z][a-z]\s){PERSON_NAME},?\s+(?:also\s+|later\s+)?{CUE_WORDS}\b"),
    re.compile(rf"[”\"]\s*[-–—]\s*{PERSON_NAME}\b(?![’'-]|\s+[A-Z])"),  # pull quote: “…” - Name, role
    # a surname alone between a quotation that hands over and its cue or a verb of manner:
    # “…,” Roe said / “…,” Roe fumed
    re.compile(
        rf"[,?!](?:''|[’']?[”\"])\s+(?P<name>[A-Z][a-z]+)\s+(?:also\s+|later\s+)?(?:{CUE_WORDS}|[a-z]+ed)\b"
    ),
    # a party tag after the name: "ranking Democrat Elijah Cummings (D-Md.)", "Jane Roe (R)"
    re.compile(r"(?<![\w’'-])(?P<name>[A-Z][a-z]+\s+[A-Z][\w’'-]*[a-z])\s+\([DRI](?:-[A-Z][\w.]*)?\)"),
]
# A word written right before a cue verb or right after one (words_next_to_cues).
WORD_BEFORE_CUE = re.compile(rf"(?<![\w’'-])(?P<word>[\w’'-]+)\s+(?:also\s+|later\s+)?{CUE_WORDS}\b")
WORD_AFTER_CUE = re.compile(rf"\b{CUE_WORDS}\s+(?P<word>[\w’'-]+)(?![\w’'-])")
AFTER_THE = re.compile(r"\b[Tt]he\s$")
# What follows "the Harbour Board" and no person's name: punctuation, a possessive, a cue verb.
AFTER_AN_INSTITUTION = re.compile(rf"(?:[’']s\b|\s*[,.;:)]|\s+{CUE_WORDS}\b)")
# After an organisation name: "and" and the capitalised rest of a name the model cut there.
COORDINATED_TAIL = re.compile(
    r"[ \t]+and[ \t]+(?P<tail>[A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,2})\b(?![ \t]+[A-Z])"
)
POSSESSIVE_DETERMINER = re.compile(r"\b(?:our|your|their|his|her|its|my)\s+$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][”\"]?\s+[A-Z“\"]|\n")
HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")  # right before a name (group 1)
GENDERED_PRONOUN = re.compile(r"\b(?:he|his|him|she|her)\b", re.IGNORECASE)
# "her" before a word that no noun phrase opens is an object ("paid her to …", "called her back")
POSSESSIVE_HER = re.compile(
    r"\s+(?!(?:to|for|with|and|or|but|in|on|at|that|as|a|an|the|of|from|by|about|over|into|after|"
    r"before|back|up|out|off|again|when|if|because|since|during|through|this|last)\b)[a-z]"
)
THIRD_PERSON_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|it|its|they|their|them)\b", re.IGNORECASE)
NAME_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
# A possessive owner in front of a person's name of two or three capitalised words.
OWNER_BEFORE_NAME = re.compile(
    r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*['’]s\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,2})"
)
NAME_WORD = r"[A-Z][\w’'.-]*"
HONORIFIC_NAME = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Prof)\.?\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})"
)
# "Trade and Industry Secretary Patricia Hewitt", "acting Director Thomas Homan", "attorney Eric Fish".
TITLE_BEFORE = re.compile(
    r"(?P<title>(?:(?:[A-Z][\w.-]*|and|of|for|the|acting|former)\s+){0,4}"
    r"(?:" + "|".join(sorted((re.escape(t) for t in ROLE_TITLES), key=len, reverse=True)) + r")\.?)\s+$"
)
# An appositive after a name: ", the director of Al Otro Lado," / " — an organizer with X —".
APPOSITIVE = re.compile(
    r"^\s*(?:,|—|–|--?)\s*(?P<role>(?:(?:the|a|an)\s+)?[a-z][^,;:—–()\n“”\"]{2,80}?"
    r"(?:,\s+(?:the\s+)?[A-Z][^,;:—–()\n“”\"]{1,60}?)?)\s*(?=[,;:—–.)\n]|--|$)"
)
# fmt: off
FUNCTION_WORDS_BEFORE_NAME = {
    "the", "a", "an", "another", "with", "of", "in", "on", "at", "to", "for", "by", "from", "and",
    "or", "but", "as", "than", "like", "against", "over", "under", "about", "into", "between", "his",
    "her", "their", "its", "our", "my", "your", "this", "that", "these", "those",
}
# fmt: on
# A capitalised word right before a name, after a title or a lowercase word ("Representative Jane").
FIRST_NAME_BEFORE = re.compile(r"(?<![\w.’'-])(?P<lead>[\w.’'-]+)[ \t]+(?P<first>[A-Z][a-z]+)[ \t]+$")
# fmt: off
SENTENCE_OPENERS = {
    "but", "and", "or", "so", "yet", "in", "on", "at", "a", "an", "as", "when", "after", "then",
    "both", "since", "although", "though", "while", "like", "unlike", "if", "because", "before",
    "until", "neither", "either", "only", "even", "with", "without", "for", "from", "by", "to",
    "outside", "inside", "despite", "besides", "amid", "among", "during", "through", "toward",
    # sentence adverbs: "Maybe Trump", "Certainly Donald Trump"
    "maybe", "perhaps", "certainly", "clearly", "surely", "indeed", "instead", "meanwhile",
    "still", "now", "also", "finally", "ultimately", "obviously", "apparently", "today",
    # a cue opening its sentence, the speaker after it: "Stated Stone:", "Continued Roe, …"
    "said", "says", "stated", "states", "continued", "added", "adds", "explained", "insisted",
    "commented", "wrote", "writes", "replied",
}
# fmt: on
# fmt: off
NOT_NAME_WORDS = TITLE_WORDS | ORGANISATION_WORDS | {
    "The", "But", "And", "In", "On", "At", "He", "She", "It", "They", "We", "This", "That", "A",
    "An", "Its", "Their", "His", "Her", "Our", "One", "Some", "Many", "Officials", "State",
    "House", "Street", "North", "South", "East", "West", "New", "General", "Royal", "National",
    "International", "British", "American", "European", "Mexican", "Federal", "Public", "Human",
    "Rights", "Shadow", "Family",
}
# fmt: on
# fmt: off
# Ranks, peerages and roles the title lists lack ("Detective Inspector Jane Roe", "Lord Roe").
RANKS_AND_ROLES = (
    {"Inspector", "Constable", "Superintendent", "Sergeant", "Corporal", "Lord", "Baron", "Baroness"}
    | {"Executive", "Editor", "Spokesman", "Spokeswoman", "Leader", "Treasurer", "Counsel", "Head"}
)
# Capitalised words before a name that are no first name: titles, honorifics, ranks and roles.
NOT_FIRST_NAMES = NOT_NAME_WORDS | set(HONORIFICS) | RANKS_AND_ROLES
NOT_A_ROLE_START = {
    "who", "whom", "whose", "which", "that", "and", "but", "or", "said", "says", "told", "added",
    "wrote", "according", "as", "if", "when", "while", "because", "although", "though", "in", "on",
    "at", "to", "from", "with", "by", "for", "of", "after", "before", "he", "she", "they", "it", "we",
    "i", "you", "his", "her", "their", "its", "was", "is", "has", "had", "will", "would", "could",
    "can", "did", "does", "also", "not", "then", "now", "noting", "adding", "saying",
}
# fmt: on


@dataclass
class Mention:
    """One place an actor is named: body[start:end] is the cleaned name as written."""

    start: int
    end: int
    text: str
    kind: str
    surface: str  # as written, with any title ("Mr. Sessions")
    possessive: bool = False
    canonical: str = ""
    in_narration: bool = True  # False inside quotation marks: a name quoted is not who is talking


@dataclass
class ArticleActors:
    """The actors of one article and every place each is named."""

    body: str
    actors: list[RawActor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    genders: dict = field(default_factory=dict)  # canonical person name → "m"/"f"/None (quotes.person_gender)

    def mention_at(self, start, end):
        """Mentions lying inside body[start:end], in text order."""
        return [m for m in self.mentions if m.start >= start and m.end <= end]


def find_actors(body, doc):
    """The ArticleActors of `body`, given `doc`, the spaCy parse of that same body."""
    mentions = [m for ent in doc.ents if (m := clean_entity(body, ent.start_char, ent.end_char, ent.label_))]
    restore_dropped_first_names(body, mentions)
    mentions = drop_common_nouns(body, join_coordinated_names(body, mentions, doc))
    mentions = strip_nationalities(mentions)
    mentions += honorific_mentions(body, mentions)
    mentions += speaker_name_mentions(body, mentions + other_entities(doc))
    retype_speaking_surnames(body, mentions)
    full_names = first_names_for_surnames(body, mentions)
    mentions = [m for m in mentions if m.kind == PERSON or not _overlaps(m, full_names)] + full_names
    mentions = unfuse_names(body, organisation_short_forms(body, one_kind_per_name(body, mentions)))
    canonical = resolve_people(mentions)
    mentions = retype_surnames(mentions, canonical)
    mentions += surname_mentions(body, mentions, canonical)
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        mention.canonical = (
            canonical.get(mention.text, mention.text)
            if mention.kind == PERSON
            else organisation_name(mention.text)
        )
    resolve_shared_surnames(body, mentions)
    return ArticleActors(body=body, actors=build_actors(body, mentions), mentions=mentions)


def clean_entity(body, start, end, label):
    """A Mention for one entity span, or None when the span is junk or of an unused label."""
    kind = KIND_BY_LABEL.get(label)
    if kind is None and label != "NORP":
        return None
    text = body[start:end].replace("\xa0", " ")  # a no-break space inside a name ("Stu\xa0Burguiere")
    possessive = (
        bool(POSSESSIVE.search(text))
        or bool(re.match(r"['’]s\b", body[end : end + 3]))
        or (text.endswith("s") and bool(re.match(r"['’]\s", body[end : end + 2])))  # "Sanders’ plan"
    )
    if possessive:
        text = POSSESSIVE.sub("", text)
    surface_start = start
    stripped = text.lstrip()
    start += len(text) - len(stripped)
    if kind == PERSON and stripped.startswith("The "):  # "The Da Vinci Code": a person has no article
        kind = ORGANISATION
    if kind in (ORGANISATION, PLACE) and stripped.lower().startswith("the "):
        start += 4
        surface_start = start
        stripped = stripped[4:]
    if kind == PERSON and "\n" in stripped:  # "X.\n\nTrump": a tag run across a paragraph break
        start += stripped.rindex("\n") + 1
        stripped = stripped[stripped.rindex("\n") + 1 :].lstrip()
    owned = OWNER_BEFORE_NAME.fullmatch(stripped) if kind in (PERSON, ORGANISATION) else None
    if owned and (kind == PERSON or _names_a_person(body, owned["name"])):
        # "Breitbart’s Joel Pollak", "NBC's Chuck Todd" (also tagged as an organisation): the person
        # is the name after the owner
        start += owned.start("name")
        stripped = owned["name"]
        kind = PERSON
    stripped = re.split(r"['’]s\s", stripped, maxsplit=1)[0]  # "Joseph O'Connor's Star of the Sea"
    stripped = stripped.rstrip(" ,;:-—–")
    if kind is None:  # NORP: kept only so that a surname tagged as a nationality can be re-typed
        kind = "norp"
    if stripped.split(" ", 1)[0].rstrip(".") in HONORIFICS:  # "Ms Diemont" tagged as an organisation
        kind = PERSON
    if kind == PERSON:  # "bookmaker William Hill", "Tory treasurer Lord Ashcroft": drop the role words
        lowercase = [
            m.end() for m in re.finditer(r"\b[a-z][\w-]*\s+", stripped) if m.group().strip() not in PARTICLES
        ]
        if lowercase:
            start += lowercase[-1]
            stripped = stripped[lowercase[-1] :]
        title_len = leading_title_length(stripped)
        start += title_len
        stripped = stripped[title_len:]
        opener = re.match(r"(\w+)\s+(?=[A-Z])", stripped)
        if opener and opener[1].lower() in SENTENCE_OPENERS:  # "Both Watkins", "Since Clinton"
            start += opener.end()
            stripped = stripped[opener.end() :]
    end = start + len(stripped)
    if is_junk(stripped, kind):
        return None
    if (
        kind == PERSON
        and re.fullmatch(r"[A-Z][a-z]+ing", stripped)
        and _opens_a_sentence(body, start)
        and PARTICIPLE_OPENING.match(body, end)
    ):
        return None  # "Conceding that there would be a deal, he warned"
    if kind == PERSON and stripped in MEDIA_NAMES:
        kind = ORGANISATION
    if kind == PERSON and any(word in PLACE_WORDS for word in stripped.split()):
        kind = PLACE  # "Wembley Stadium", "Onyx Hotel"
    elif kind == PERSON and looks_like_organisation(body, start, stripped):
        kind = ORGANISATION
    return Mention(start, end, stripped, kind, body[surface_start:end].replace("\xa0", " "), possessive)


def restore_dropped_first_names(body, mentions):
    """A first name the model left out of a two-word person tag, after a title or a lowercase
    word: "Representative Jane Doe Roe" tagged "Doe Roe", "said Jane Doe Roe" → Jane Doe Roe. The
    word is capitalised, no title, honorific, organisation, calendar or sentence word, and in no
    other tag."""
    for mention in mentions:
        if mention.kind != PERSON or mention.possessive or len(mention.text.split()) < 2:
            continue  # one word after a title is more often a title the lists lack ("Lord Roe")
        before = FIRST_NAME_BEFORE.search(body, max(0, mention.start - 40), mention.start)
        if not before or not _leads_a_name(before["lead"]):
            continue
        first = before["first"]
        if first in NOT_FIRST_NAMES or first in CALENDAR_WORDS or _is_common_word(body, first):
            continue
        start = before.start("first")
        if any(other.start < mention.start and start < other.end for other in mentions):
            continue
        mention.text = body[start : mention.end]
        mention.surface = mention.text
        mention.start = start


def _leads_a_name(word):
    """A title ("Rep.", "Representative") or a lowercase word of a role or cue ("great", "said"),
    not a function word ("with Dutchman Jan Roe", "the Texan") nor a sentence's last word."""
    if word.rstrip(".") in TITLE_WORDS:
        return True
    return word.isalpha() and word.islower() and word not in FUNCTION_WORDS_BEFORE_NAME


def join_coordinated_names(body, mentions, doc):
    """An organisation name the model cut at "and" is whole again ("Customs" + "and Border
    Protection" → "Customs and Border Protection"), when the capitalised words after "and" are no
    entity of their own ("Labour and the Lib Dems" stays two)."""
    entity_starts = {ent.start_char for ent in doc.ents}
    for mention in mentions:
        if mention.kind != ORGANISATION or mention.possessive:
            continue
        match = COORDINATED_TAIL.match(body, mention.end)
        if match and match.start("tail") not in entity_starts:
            mention.end = match.end()
            mention.text = mention.surface = body[mention.start : mention.end]
    return mentions


def strip_nationalities(mentions):
    """A person tag that starts with a word the article tags as a nationality elsewhere loses it
    ("Russian Dmitriy Vostrikov" beside "the Russian team"); a tag left with titles alone is none."""
    nationalities = {m.text for m in mentions if m.kind == "norp"}
    for mention in mentions:
        first, _, rest = mention.text.partition(" ")
        if mention.kind == PERSON and first in nationalities and rest[:1].isupper():
            mention.start += len(first) + 1
            mention.text = mention.surface = rest
    return [m for m in mentions if not (m.kind == PERSON and _is_a_title_alone(m.text))]


def _is_a_title_alone(name):
    """Two words or more, all titles or ranks: "Tory Treasurer Lord" tagged apart from the
    "Ashcroft" after it, once its nationality is cut."""
    words = [word.rstrip(".") for word in name.split()]
    return len(words) > 1 and all(word in TITLE_WORDS or word in RANKS_AND_ROLES for word in words)


def drop_common_nouns(body, mentions):
    """Organisation and place tags that are not names: a one-word organisation written once and in
    lowercase elsewhere ("The Court should …" beside "a court filing"), a name after a possessive
    determiner ("our Southwest Border"), and a hyphenated pair of places used as an adjective
    ("the U.S.-Mexico border")."""
    places = {m.text for m in mentions if m.kind == PLACE}
    capitalised = {}
    for mention in mentions:
        capitalised[mention.text] = capitalised.get(mention.text, 0) + 1
    kept = []
    for mention in mentions:
        if mention.kind in (ORGANISATION, PLACE) and (
            POSSESSIVE_DETERMINER.search(body, max(0, mention.start - 6), mention.start)
            or _is_place_pair(body, mention, places)
            or " " not in mention.text
            and mention.kind == ORGANISATION
            and capitalised[mention.text] == 1
            and re.search(rf"\b{re.escape(mention.text.lower())}\b", body)
        ):
            continue
        kept.append(mention)
    return kept


def _is_place_pair(body, mention, places):
    """ "U.S.-Mexico" in "the U.S.-Mexico border": two names joined by a hyphen, one of them a
    place of the article, used in front of a noun."""
    parts = re.split(r"[-–]", mention.text)
    return (
        len(parts) == 2
        and any(part in places for part in parts)
        and bool(re.match(r"\s+[a-z]", body[mention.end : mention.end + 3]))
    )


def one_kind_per_name(body, mentions):
    """One kind for a name throughout the article.

    A name the model tags as a person in some places and an organisation or place in others takes
    the commoner kind, a person on a tie or when the one-word name speaks ("Trump told Newsmax").
    An organisation or place tag on a person-like name of two or three words is a person when its
    last word is a person of the article ("Hillary Clinton" tagged ORG beside "Clinton" tagged
    PERSON), when that word alone speaks ("Hannity said"), or when the next pronoun after it is
    he, she, his or a possessive her ("Jane Roe said she …", "… named a show as her favourite";
    "Sony Ericsson said its …" stays an organisation). A name set beside a role only a person has
    is a person's too, and so is its full name ("Fiorina, the former CEO," → "Carly Fiorina").
    """
    kinds = {}
    for mention in mentions:
        kinds.setdefault(mention.text, []).append(mention.kind)
    beside_a_role = {m.text for m in mentions if _beside_a_person_role(body, m)}
    people = {text for text, tags in kinds.items() if PERSON in tags} | beside_a_role
    speaking = words_next_to_cues(body)
    ordered = sorted(mentions, key=lambda m: m.start)
    for index, mention in enumerate(ordered):
        if mention.kind in (ORGANISATION, PLACE) and _is_two_or_three_word_person_like(mention.text):
            # a place named between cannot be who the pronoun is ("… named a Washington show as her …")
            later = [m.start for m in ordered[index + 1 :] if m.kind in (PERSON, ORGANISATION)]
            next_start = later[0] if later else len(body)
            if (
                mention.text.split()[-1] in people
                or _surname_speaks(speaking, mention.text)
                or (
                    mention.kind == ORGANISATION
                    and not AFTER_THE.search(body, max(0, mention.start - 4), mention.start)  # "the Games"
                    and _next_pronoun_is_personal(body, mention.end, next_start)
                )
            ) and not _written_as_an_institution(body, mention.text):  # "the White House said"
                people.add(mention.text)
    for mention in mentions:
        if mention.kind in (ORGANISATION, PLACE) and mention.text in beside_a_role:
            mention.kind = PERSON
        if mention.kind not in (ORGANISATION, PLACE) or mention.text not in people:
            continue
        tags = kinds[mention.text]
        if _is_two_or_three_word_person_like(mention.text) or (
            is_person_like(mention.text)
            and (tags.count(PERSON) >= tags.count(mention.kind) or _name_speaks(speaking, mention.text))
        ):
            mention.kind = PERSON
    return mentions


def _beside_a_person_role(body, mention):
    """An organisation or place tag on a person-like name of up to three words that a role only a
    person has follows as an appositive or precedes ("Sant Roe, hotelier,", "co-host Jane Roe", "his
    son, Tom,"); a one-word name is no word the text also writes in lowercase ("Grant" beside "a
    grant"), and a role written right before it does not count."""
    name = mention.text
    if mention.kind not in (ORGANISATION, PLACE) or len(name.split()) > 3 or not is_person_like(name):
        return False
    if (" " not in name and _is_common_word(body, name)) or _written_as_an_institution(body, name):
        return False
    before = body[max(0, mention.start - 30) : mention.start]
    if ROLE_APPOSITIVE.match(body, mention.end) and not NAME_OF_BEFORE.search(before):
        return True  # not "Princess Jane of Ruritania, the eldest daughter of …"
    role = ROLE_BEFORE.search(before)
    if not role:
        return False
    if role["comma"]:  # "his son, Tom," (not "her husband, Chicago Cubs shortstop Tom Roe")
        return bool(re.match(r"\s*[,.;)]", body[mention.end : mention.end + 2]))
    return " " in name  # not "the best actor Bafta", "vice president Boeing"


def _written_as_an_institution(body, name):
    """The text writes `name` after "the" and before punctuation, a possessive or a cue verb."""
    for written in (f"the {name}", f"The {name}"):
        at = body.find(written)
        while at != -1:
            if (at == 0 or not body[at - 1].isalnum()) and AFTER_AN_INSTITUTION.match(
                body, at + len(written)
            ):
                return True
            at = body.find(written, at + 1)
    return False


def organisation_short_forms(body, mentions):
    """A one-word person tag that opens an organisation name of the article is that organisation's
    short form ("Bucknell" beside "Bucknell University"), unless it is a word of a longer person
    name there ("Trump" beside "Donald Trump" and "Trump Organization") or speaks ("Ford said");
    so is a longer one, unless its surname stands alone (`_institution_openings`)."""
    organisations = {m.text.split()[0] for m in mentions if m.kind == ORGANISATION and " " in m.text}
    person_words = {w for m in mentions if m.kind == PERSON and " " in m.text for w in m.text.split()}
    speaking = words_next_to_cues(body)
    for mention in mentions:
        name = mention.text
        if (
            mention.kind == PERSON
            and name in organisations
            and name not in person_words
            and not _name_speaks(speaking, name)
        ):
            mention.kind = ORGANISATION
    _institution_openings(mentions)
    return mentions


def _institution_openings(mentions):
    """A person tag of several words that opens an organisation or place name of the article and
    whose last word the article never names alone is that institution's short form ("Sandy Hook"
    beside "Sandy Hook Elementary School"; not "Ronald Reagan" beside "the Ronald Reagan Library"
    and "Reagan said")."""
    institutions = [m for m in mentions if m.kind in (ORGANISATION, PLACE)]
    alone = {m.text for m in mentions if m.kind == PERSON and " " not in m.text}
    for mention in mentions:
        name = mention.text
        if mention.kind != PERSON or " " not in name or surname_of(name) in alone:
            continue
        opened = [m for m in institutions if m.text.startswith(name + " ")]
        if opened:
            mention.kind = opened[0].kind


def _name_speaks(speaking, name):
    """A one-word name written right before or after a cue verb, not after "the" ("Trump told
    Newsmax", "said Trump"): a person, even where the model tags it an organisation more often."""
    return " " not in name and any(not AFTER_THE.search(prefix) for prefix in speaking.get(name, []))


def _names_a_person(body, name):
    """Two or three person-like words, none a title, honorific, rank or organisation word, nor a
    word the text also writes in lowercase ("Jane Roe"; not "Lord Mayor", "Writers Guild", the
    title of a work: "Three Rooms", "Caught Up")."""
    return _is_two_or_three_word_person_like(name) and not any(
        w in NOT_FIRST_NAMES or _is_common_word(body, w) for w in name.split()
    )


def _is_two_or_three_word_person_like(name):
    return 1 < len(name.split()) <= 3 and is_person_like(name)


@lru_cache(maxsize=4)  # read by three steps of find_actors for the same body: one scan
def words_next_to_cues(body):
    """{word: [the characters before each of its places]} for every word written right before a
    cue verb ("Roe said", "Roe also said") or right after one ("said Roe"): one scan of the body,
    read by `_surname_speaks` for each name."""
    found = {}
    for pattern in (WORD_BEFORE_CUE, WORD_AFTER_CUE):
        for match in pattern.finditer(body):
            start = match.start("word")
            found.setdefault(match["word"], []).append(body[max(0, start - 40) : start])
    return found


def _surname_speaks(speaking, name):
    """The last word of `name`, written alone, is the subject or inverted subject of a cue verb
    ("Roe said", "said Roe"): a person's surname ("Goldman Sachs said" and "who stood on the Mall,
    said" do not count). `speaking` is the body's `words_next_to_cues`."""
    *_, before, last = name.split()
    return any(
        not AFTER_THE.search(prefix) and not _ends_with_word(prefix, before)
        for prefix in speaking.get(last, [])
    )


def _ends_with_word(text, word):
    """`text` ends with `word` and one space ("Goldman " before "Sachs")."""
    return text[:-1].endswith(word) and text[-1:].isspace()


def is_object_pronoun(body, pronoun):
    """Whether a pronoun match is an object ("him", "her" with no noun after it: "Roe called her
    back"), which after a subject is someone else, not a word on the subject's gender."""
    word = pronoun.group().lower()
    return word == "him" or (word == "her" and not POSSESSIVE_HER.match(body, pronoun.end()))


def _next_pronoun_is_personal(body, start, end):
    """The first third-person pronoun in the rest of the sentence, before `end`, is he or she."""
    sentence_end = SENTENCE_END.search(body, start)
    end = min(end, sentence_end.start() if sentence_end else len(body))
    pronoun = THIRD_PERSON_PRONOUN.search(body, start, end)
    if not pronoun:
        return False
    word = pronoun.group().lower()
    # "his", and "her" before its noun ("her guilty pleasure"; not "paid her to …")
    return word in {"he", "she", "his"} or (word == "her" and bool(POSSESSIVE_HER.match(body, pronoun.end())))


def leading_title_length(text):
    """How many characters of `text` are titles in front of the name ("Attorney General ")."""
    words = re.findall(r"\S+\s*", text)
    length = 0
    for i, word in enumerate(words[:-1]):
        bare = word.strip().rstrip(".")
        if bare not in TITLE_WORDS or not words[i + 1][:1].isupper():
            break
        length += len(word)
    return length


def is_junk(text, kind):
    words = text.split()
    if not words or len(text) < 2 or not text[0].isupper():
        return True
    if text.lower() in PRONOUNS or all(w.rstrip(".") in TITLE_WORDS for w in words):
        return True
    if kind == PERSON:
        return (
            any(ch.isdigit() for ch in text)
            or "/" in text
            or any(w in CALENDAR_WORDS for w in _after_a_month_first_name(words))
            or text.isupper()
            or (len(words) == 1 and text in ROLE_NOUNS)
        )
    return False


def _after_a_month_first_name(words):
    """The words of a person tag to check for calendar words: a month that is also a first name
    opening a longer name, or a surname closing one, is no date (`April Mellody`, `June Carter`,
    `Theresa May`, `Yin Myint May`)."""
    if len(words) > 1 and words[0] in MONTH_FIRST_NAMES:
        words = words[1:]
    if len(words) > 1 and words[-1] in MONTH_FIRST_NAMES:
        words = words[:-1]
    return words


def looks_like_organisation(body, start, name):
    if not is_person_like(name):
        return True
    return bool(AFFILIATION_BEFORE.search(body[max(0, start - 40) : start]))


def is_person_like(name):
    """A name shaped like a person's: capitalised words with lowercase letters, initials (`J.`),
    particles (`van`, `al-Assad`) and suffixes (`Jr`, `III`), and no organisation word.

    An acronym ("ABN Amro", "AS Roma", "AAA Championships") or an organisation or event word ("Age
    Concern", "Air Deccan") makes a name tagged PERSON an organisation.
    """
    for word in name.split():
        bare = word.rstrip(".,")
        if bare in ORGANISATION_WORDS:
            return False
        if bare in NAME_SUFFIXES or word in PARTICLES or re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]", word):
            continue
        if not _is_name_word(re.sub(r"^[a-z]{1,3}[-’']", "", bare)):
            return False
    return True


def _is_name_word(word):
    """A capitalised word with lowercase letters: "Smith", "McDonald", "O'Neill", "Émile" (not "ABN")."""
    return word[:1].isupper() and any(c.islower() for c in word) and not any(c.isdigit() for c in word)


def honorific_mentions(body, known):
    """People named with an honorific that the model did not tag ("Ms Hewitt said")."""
    taken = [(m.start, m.end) for m in known]
    found = []
    for match in HONORIFIC_NAME.finditer(body):
        start, end = match.span("name")
        name = POSSESSIVE.sub("", match["name"]).rstrip(".,")
        end = start + len(name)
        if any(s < end and start < e for s, e in taken) or is_junk(name, PERSON):
            continue
        found.append(Mention(start, end, name, PERSON, body[match.start() : end], name != match["name"]))
    return found


def other_entities(doc):
    """Entities of labels not kept as actors (titles of works, products, laws) as mere spans.

    They stop the name patterns below from reading "The Phantom Menace, said" as a person.
    """
    return [
        Mention(ent.start_char, ent.end_char, ent.text, "other", ent.text)
        for ent in doc.ents
        if ent.label_ in NOT_NAME_LABELS
    ]


def speaker_name_mentions(body, known):
    """Capitalised names right next to a cue verb that the model missed ("Theresa May, said").

    The small model tags "May" as a date; a name in the subject or object slot of "said" is a person
    unless it carries a title, organisation or calendar word.
    """
    taken = [(m.start, m.end) for m in known]
    found = []
    for pattern in SPEAKER_NAME_PATTERNS:
        for match in pattern.finditer(body):
            start, end = match.span("name")
            words = match["name"].split()
            if any(s < end and start < e for s, e in taken) or any(w in NOT_NAME_WORDS for w in words):
                continue
            if words[0] in CALENDAR_WORDS or (len(words) == 1 and _is_common_word(body, words[0])):
                continue
            taken.append((start, end))
            found.append(Mention(start, end, match["name"], PERSON, match["name"]))
    return found


def _is_common_word(body, word):
    """A capitalised word that is no surname: a pronoun or opener ("You"), or one the text also
    writes in lowercase ("Critics said", "critics of the plan")."""
    lower = word.lower()
    return lower in PRONOUNS or lower in SENTENCE_OPENERS or bool(re.search(rf"\b{lower}\b", body))


def retype_speaking_surnames(body, mentions):
    """A one-word organisation or place tag that speaks ("Roe said", "said Roe") and that the text
    also writes after a first name no tag covers ("Jane Roe, the party chairman, …") is that
    person: the small model tags such surnames as places or organisations ("Priebus", "Stanton").
    Not a name written as an institution ("the Harbour said"), nor a tag's word ("Sony Ericsson")."""
    speaking = words_next_to_cues(body)
    candidates = {
        m.text
        for m in mentions
        if m.kind in (ORGANISATION, PLACE)
        and " " not in m.text
        and m.text in speaking
        and _is_name_word(m.text)
        and not m.text.isupper()
        and m.text not in NOT_NAME_WORDS
        and m.text not in PLACE_WORDS
    }
    tagged = [m for m in mentions if m.kind != PERSON]
    for name in candidates:
        if not _name_speaks(speaking, name) or _written_as_an_institution(body, name):
            continue
        # "Jane Roe", "Jane\xa0Roe", "John “Tig” Roe" (a nickname in quotation marks between)
        nickname = r"(?:[“\"‘'][A-Z][\w’'-]*[”\"’'][ \t\xa0]+)?"
        pattern = rf"\b(?P<first>[A-Z][a-z]+)[ \t\xa0]+{nickname}{re.escape(name)}\b"
        for match in re.finditer(pattern, body):
            first = match["first"]
            if first in NOT_FIRST_NAMES or first in CALENDAR_WORDS or _is_common_word(body, first):
                continue
            if name.endswith("s") and _opens_a_sentence(body, match.start()):
                continue  # "Most Gibraltarians", "Once Rangers": a plural after a sentence's first word
            if any(m.start <= match.start() and match.end() <= m.end for m in tagged):
                continue  # "Sony Ericsson": the pair is a tag of its own
            for mention in mentions:
                if mention.text == name:
                    mention.kind = PERSON
            break


def _opens_a_sentence(body, start):
    """`start` opens a sentence, a paragraph or a quotation."""
    return bool(re.search(r"(?:^|[.!?:”\"]\s+|\n\s*|[“\"‘'])$", body[max(0, start - 3) : start]))


def first_names_for_surnames(body, known):
    """A full name the model missed for a person it found only by surname ("Justin Gatlin").

    A one-word person name preceded somewhere by a capitalised word that is not a title, a
    calendar word or a sentence-opening word is taken to be that person's first name; an
    organisation or place tag on that span ("Phillips Idowu" as ORG) gives way.
    """
    people = {m.text for m in known if m.kind == PERSON}
    taken = [(m.start, m.end) for m in known if m.kind == PERSON and len(m.text.split()) > 1]
    found = []
    for surname in {n for n in people if len(n.split()) == 1}:
        if any(surname in other.split() for other in people if other != surname):
            continue
        for match in re.finditer(rf"\b(?P<first>[A-Z][a-z]+)[ \t]+{re.escape(surname)}\b", body):
            first = match["first"]
            if first in NOT_NAME_WORDS or first in CALENDAR_WORDS or first.lower() in SENTENCE_OPENERS:
                continue
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            name = f"{first} {surname}"
            found.append(Mention(match.start(), match.end(), name, PERSON, name))
            break
    return found


def _overlaps(mention, others):
    return any(o.start < mention.end and mention.start < o.end for o in others)


def unfuse_names(body, mentions):
    """A long person name met once whose tail is a person named elsewhere is that person.

    Headlines, captions and nicknames run words into a name: "Crooked Hillary Clinton", "Miss
    Universe Alicia Machado", "Hillary Clinton Drops". A name of three or more words written only
    once whose inner words form a person name the article also uses alone is cut down to that name
    when it stands in a title-case line or a longer run of capitalised words, or when the shorter
    name came first (an introduction comes before the short form: "the poet Michael Symmons
    Roberts … Symmons Roberts" stays whole). A headline verb fused after a surname ("Roe Calls")
    is cut off too (`_headline_verb_fused`).
    """
    counts, first_start = {}, {}
    for mention in mentions:
        if mention.kind == PERSON:
            counts[mention.text] = counts.get(mention.text, 0) + 1
            first_start[mention.text] = min(first_start.get(mention.text, mention.start), mention.start)
    for mention in [m for m in mentions if m.kind == PERSON]:
        words = mention.text.split()
        if len(words) < 3 or counts[mention.text] > 1 or words[-1].rstrip(".") in NAME_SUFFIXES:
            continue  # "Walter Penhallow Jr." is not "Walter Penhallow" with a word fused on
        inner = _known_inner_name(words, counts)
        if inner and (first_start[inner] < mention.start or _in_capitalised_run(body, mention)):
            _cut_to(mention, inner)
    for mention in [m for m in mentions if m.kind == PERSON]:
        if _headline_verb_fused(body, mention, counts):
            _cut_to(mention, mention.text.split()[0])
    return mentions


def _cut_to(mention, inner):
    """Narrow `mention` to the words `inner` it contains."""
    offset = mention.start + mention.text.index(inner)
    mention.start, mention.end, mention.text, mention.surface = offset, offset + len(inner), inner, inner


def _headline_verb_fused(body, mention, counts):
    """A name met once in a headline whose first word is a person the article names alone and whose
    second word is in no other person's name: "Roe Calls On Voters To Stay Home" is Roe calling,
    not a person called "Roe Calls"; so is a whole headline tagged as a name ("Roe Claims Doe Most
    Qualified Candidate Ever")."""
    words = mention.text.split()
    if len(words) < 2 or counts[mention.text] > 1 or counts.get(words[0], 0) < 2:
        return False
    if any(words[1] in name.split() for name in counts if name != mention.text):
        return False
    return _in_title_case_line(body, mention)


def _known_inner_name(words, counts):
    """The longest run of two or more of `words` (not all of them) that is a person name in `counts`."""
    for length in range(len(words) - 1, 1, -1):
        for first in range(len(words) - length + 1):
            inner = " ".join(words[first : first + length])
            if counts.get(inner):
                return inner
    return None


def _in_capitalised_run(body, mention):
    """The name stands in a headline-like line, or right after another capitalised word that is
    no title (`NEA President Lily Eskelsen García` is a first name after a role)."""
    word_before = re.search(r"\b([A-Z][\w’'-]*)\s$", body[max(0, mention.start - 30) : mention.start])
    if word_before and word_before[1].rstrip(".") not in TITLE_WORDS:
        return True
    return _in_title_case_line(body, mention)


def _in_title_case_line(body, mention):
    """The name stands in a line of more than three long words, most of them capitalised."""
    line_start = body.rfind("\n", 0, mention.start) + 1
    line_end = body.find("\n", mention.end)
    words = re.findall(r"[A-Za-z][\w’'-]{3,}", body[line_start : line_end if line_end != -1 else len(body)])
    return len(words) > 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def resolve_shared_surnames(body, mentions):
    """A bare surname shared by several people in the article is one of them: the one named last
    before it in its own paragraph, else the one whose full name the article writes most often
    (of several, the one named last before it, else the first named after it).

    "Barack Obama … Michelle Obama said … Obama added" → Michelle Obama; an article about Jane Roe
    that names her son Tom Roe once: "Roe said" further on → Jane Roe. Names resolved to one person
    already are left alone.
    """
    full = [m for m in mentions if m.kind == PERSON and len(m.canonical.split()) > 1]
    for mention in mentions:
        if mention.kind != PERSON or len(mention.canonical.split()) > 1:
            continue
        owners = _of_honorific_gender(
            body, mention, [m for m in full if surname_of(m.canonical) == mention.text]
        )
        if len({m.canonical for m in owners}) < 2:
            if owners:
                mention.canonical = owners[0].canonical
            continue
        before = [m for m in owners if m.start < mention.start]
        paragraph_start = body.rfind("\n", 0, mention.start) + 1
        if before and before[-1].start >= paragraph_start:
            mention.canonical = before[-1].canonical
            continue
        counts = Counter(m.canonical for m in owners if len(m.text.split()) > 1 and not m.possessive)
        commonest = [m for m in owners if counts[m.canonical] == max(counts.values(), default=0)]
        named_before = [m for m in commonest if m.start < mention.start]
        mention.canonical = (named_before[-1] if named_before else commonest[0]).canonical


def surname_of(name):
    """The last word of a person's name that is no suffix: "Charles Elliott III" → "Elliott"."""
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(".,") in NAME_SUFFIXES:
        words.pop()
    return words[-1]


def _of_honorific_gender(body, mention, owners):
    """The `owners` of a bare surname that its honorific fits ("Mr Roe": not Jane Roe, whose full
    name the text follows with her or she), all of them when none is written or none fits."""
    honorific = HONORIFIC_BEFORE.search(body, max(0, mention.start - 6), mention.start)
    if not honorific:
        return owners
    wanted = "m" if honorific[1] == "Mr" else "f"
    fitting = [m for m in owners if _full_name_gender(body, owners, m.canonical) in (None, wanted)]
    return fitting or owners


def _full_name_gender(body, owners, canonical):
    """ "m", "f" or None: the first gendered pronoun after each mention of the full name, in its
    sentence, by majority; not after a possessive ("Tom Roe's mother … her")."""
    votes = Counter()
    for mention in (m for m in owners if m.canonical == canonical and not m.possessive):
        sentence_end = SENTENCE_END.search(body, mention.end)
        pronoun = GENDERED_PRONOUN.search(
            body, mention.end, sentence_end.start() if sentence_end else len(body)
        )
        if pronoun:
            votes["m" if pronoun[0].lower() in ("he", "his", "him") else "f"] += 1
    return None if votes["m"] == votes["f"] else max(votes, key=votes.get)


def organisation_name(name):
    """An organisation or place name with its words capitalised ("Labour party" → "Labour Party"),
    so that case variants are one actor; "of", "the", "and" and the like stay lowercase."""
    words = name.split(" ")
    return " ".join(
        w if i == 0 or w in LOWERCASE_NAME_WORDS or not w[:1].islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def resolve_people(mentions):
    """Map every person name in the article to its canonical (longest matching) form.

    A name that several longer names contain stays as it is; a suffixed name ("Jr.", "III") beside
    its parent's does not count (`_parents_first`)."""
    names = sorted({m.text for m in mentions if m.kind == PERSON}, key=lambda n: -len(n.split()))
    canonical = {}
    for name in names:
        longer = [
            full for full in names if len(full.split()) > len(name.split()) and contains_words(full, name)
        ]
        roots = {canonical[full] for full in _parents_first(name, longer)}
        canonical[name] = roots.pop() if len(roots) == 1 else name
    return canonical


def _parents_first(name, longer):
    """The `longer` names `name` may be short for, without a suffixed name ("Walter Roe Jr.") when
    `name` is that name without its suffix or another of them has none: "Walter Roe" and "Roe"
    beside "Walter Roe Jr." are the father."""
    suffixed = {full for full in longer if full.split()[-1].rstrip(".") in NAME_SUFFIXES}
    if any(" ".join(full.split()[:-1]) == name for full in suffixed) or len(suffixed) < len(longer):
        return [full for full in longer if full not in suffixed]
    return longer


def contains_words(full, short):
    """True when the words of `short` occur, in order and contiguously, among the words of `full`;
    a particle in either case ("De Blasio" opening a sentence is short for "Bill de Blasio")."""
    full_words, short_words = _particles_lowered(full), _particles_lowered(short)
    n = len(short_words)
    return any(full_words[i : i + n] == short_words for i in range(len(full_words) - n + 1))


def _particles_lowered(name):
    return [word.lower() if word.lower() in PARTICLES else word for word in name.split()]


def unique_word_owner(canonical):
    """Map each word of a multi-word canonical person name to that name, when only one name has it."""
    owners = {}
    for full in set(canonical.values()):
        for word in full.split()[1:] if len(full.split()) > 1 else []:
            owners.setdefault(word, set()).add(full)
        if len(full.split()) > 1:
            owners.setdefault(full.split()[0], set()).add(full)
    return {word: names.pop() for word, names in owners.items() if len(names) == 1}


def retype_surnames(mentions, canonical):
    """Organisation/place/nationality tags on a word of a known person's name become that person."""
    owners = unique_word_owner(canonical)
    kept = []
    for mention in mentions:
        if mention.kind != PERSON and mention.text in owners and len(mention.text.split()) == 1:
            mention.kind = PERSON
            canonical[mention.text] = owners[mention.text]
        if mention.kind != "norp":
            kept.append(mention)
    return kept


def surname_mentions(body, known, canonical):
    """Full names and bare surnames of people already found, where the model missed them."""
    surnames = {}
    for full in set(canonical.values()):
        if len(full.split()) > 1:
            surnames.setdefault(full, set()).add(full)
            surname = surname_of(full)
            if len(surname) > 2:
                surnames.setdefault(surname, set()).add(full)
    taken = [(m.start, m.end) for m in known]
    found = []
    for surname, owners in sorted(surnames.items(), key=lambda item: -len(item[0])):
        if len(owners) != 1:
            continue
        for match in re.finditer(rf"\b{re.escape(surname)}\b(?:['’]s?)?", body):
            start, end = match.start(), match.start() + len(surname)
            if any(s < end and start < e for s, e in taken):
                continue
            canonical.setdefault(surname, next(iter(owners)))
            found.append(Mention(start, end, surname, PERSON, surname, match.end() > end))
            taken.append((start, end))
    return found


def build_actors(body, mentions):
    """One RawActor per canonical name: aliases, count, first offset, role."""
    by_key = {}
    for mention in mentions:
        key = (mention.canonical, mention.kind)
        actor = by_key.get(key)
        if actor is None:
            actor = by_key[key] = RawActor(
                name=mention.canonical, kind=mention.kind, count=0, first_offset=mention.start
            )
        actor.count += 1
        for form in {mention.text, mention.surface.strip()}:
            if form != actor.name and form not in actor.aliases:
                actor.aliases.append(form)
    for actor in by_key.values():
        if actor.kind == PERSON:
            actor.description = describe(body, [m for m in mentions if m.canonical == actor.name])
    return [by_key[key] for key in sorted(by_key, key=lambda k: by_key[k].first_offset)]


def describe(body, mentions):
    """A person's role: the first appositive after a name, else the first role title before it."""
    for mention in mentions:
        match = APPOSITIVE.match(body[mention.end : mention.end + 160])
        if match and match["role"].split()[0].lower() not in NOT_A_ROLE_START:
            role = match["role"].strip()
            if not role.split()[0].endswith(("ing", "ed")):
                return role[:300]
    for mention in mentions:
        before = body[max(0, mention.start - 80) : mention.start]
        match = TITLE_BEFORE.search(before)
        if match:
            words = match["title"].split()
            while words and (words[0].lower() in SENTENCE_OPENERS or words[0].rstrip(".") in HONORIFICS):
                words.pop(0)
            honorific_free = " ".join(w for w in words if w.rstrip(".") not in HONORIFICS)
            if honorific_free:
                return honorific_free[:300]
    return ""


def is_doubtful_person(actor):
    """A one-word "person" named once, with no title or other form: more often a brand or company.

    On the development gold set such names were products and companies ("Ryanair", "Diageo",
    "Tamagotchi") 26 times out of 32, so they are dropped unless they speak in the article.
    """
    return actor.kind == PERSON and len(actor.name.split()) == 1 and actor.count == 1 and not actor.aliases
