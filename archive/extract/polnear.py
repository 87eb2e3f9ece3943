"""A development gold set derived from PolNeAR's annotated attributions (see tests/gold/README.md).

PolNeAR (`../shared/corpus/polnear`, brat standoff) marks every attribution with a Source, a Cue
and a Content span. This module turns one split into records of the gold format that
`evaluate_extraction` reads, read from the corpus at run time and never stored in the repository:

- `quotes`: every span between quotation marks (curly, straight or doubled apostrophes ``''…''``)
  lying inside an attribution's Content. Quoted words outside any Content (scare quotes) are not
  quotes, nor are quoted titles and names inside one (`is_title`: "Meet the Press", "Miss Piggy"),
  as in tests/gold/README.md. `kind` is `partial` when the quote opens inside the narrator's sentence
  (a word or a comma before the mark and a lowercase first letter), else `direct`.
- `reported`: attributions whose Content holds no quotation mark and whose cue is a speech verb
  (SPEECH_CUES), with the Content text as the span.
- `speaker` of either: the Source resolved to a name by `SourceResolver` (the rule is documented
  there); `speaker_from` says how ("name", "pronoun", "description", or "unnamed" for a null
  speaker), so speaker accuracy can be read on the named sources alone.
- `people`: the distinct persons who speak in `quotes` (PolNeAR annotates no list of everyone
  named), scored against the persons the extractor credits with a direct or partial quote.

Each text was annotated by one or more annotators; the alphabetically first .ann file is used.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# A mark of either shape closes a quotation opened by the other ("“…," she said" in pasted text),
# so a curly quotation never runs past a straight closing mark into the next quotation.
QUOTE_PAIRS = re.compile(
    r"“(?P<curly>[^“”\"\n]+)[”\"]"
    r"|(?<!\w)\"(?P<straight>[^\"“”\n]+)[\"”]"
    r"|''(?P<doubled>[^'\n](?:[^\n]*?[^'\n])?)''"
)
UNCLOSED_CURLY = re.compile(r"“(?P<open>[^“”\n]+)$", re.MULTILINE)
QUOTE_MARKS = ("“", "”", '"', "''")
# Cue words that report speech or writing (a cue's words are matched against these stems);
# "believes", "thinks", "wants", "shows" and the like attribute thoughts or findings, not speech.
SPEECH_CUES = re.compile(
    r"\b(?:say|said|says|saying|tell|told|tells|telling|add|added|adds|adding|write|wrote|writes|"
    r"written|writing|state|stated|states|explain\w*|argu\w*|claim\w*|warn\w*|not(?:e|ed|es|ing)|"
    r"ask\w*|repl\w*|insist\w*|declar\w*|announc\w*|comment\w*|remark\w*|recall\w*|contend\w*|"
    r"acknowledg\w*|admit\w*|conced\w*|suggest\w*|stress\w*|emphasi\w*|urg\w*|predict\w*|"
    r"conclud\w*|complain\w*|observ\w*|tweet\w*|testif\w*|maintain\w*|respond\w*|vow\w*|promis\w*|"
    r"report\w*|accus\w*|call\w*|describ\w*|deni\w*|deny\w*|insist\w*|pledg\w*|threaten\w*|"
    r"according|confirm\w*|assert\w*|allege\w*|boast\w*|charg\w*|mention\w*|point\w* out|"
    r"told|speak\w*|spoke|talk\w*|announc\w*|pointed|reiterat\w*|quipped|joked|blam\w*|"
    r"criticiz\w*|criticis\w*|attack\w*|demand\w*)\b",
    re.IGNORECASE,
)
PRONOUNS = {"he", "she", "him", "her", "his", "i", "me", "my", "we", "they", "it", "you", "who", "which"}
NAME_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "i", "me", "my", "who"}
# fmt: off
TITLES = {
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Sen", "Senator", "Rep", "Representative", "Gov", "Governor",
    "President", "Vice", "Secretary", "Gen", "General", "Lt", "Col", "Adm", "Rev", "Judge", "Justice",
    "Mayor", "Speaker", "Chairman", "Chairwoman", "Attorney", "Former", "Democratic", "Republican",
    "Sheriff", "Chief", "Prof", "Professor", "Commissioner", "Director", "Ambassador", "Leader",
    "Majority", "Minority", "Nominee", "Candidate", "Presidential", "State", "U.S.", "House",
    "Senate", "Lady", "First", "Officer", "Police", "Detective", "Pastor", "Bishop", "Father", "Pope",
    "Sgt", "Capt", "Captain", "Deputy", "Assistant", "Press", "Campaign", "Manager", "Hon", "Rival",
    "Chancellor", "Minister", "Prime", "Premier", "Executive", "CEO", "Chair", "Strategist", "Analyst",
    "Activist", "Interim", "Spokesperson", "Founder", "Editor", "Correspondent", "Host", "Anchor",
    "Democrat", "Retired", "Spokeswoman", "Spokesman", "GOP", "Rev.", "Sens", "Reps",
    "Senators", "Whip", "Admiral", "Congressman", "Congresswoman", "Lawmaker", "Adviser", "Aide",
    "Journalist", "Reporter", "Columnist", "Commentator", "Pollster", "Economist", "Lawyer",
    "Actor", "Actress", "Alderman", "Alderwoman", "Councilman", "Councilwoman", "Staff", "Celebrity",
    "Advocate", "SEAL", "Navy", "Marine", "Sheikh",
}
ORGANISATION_WORDS = {
    "Post", "Times", "Journal", "News", "Network", "Press", "Tribune", "Herald", "Magazine", "Daily",
    "Committee", "Party", "Department", "Court", "Institute", "Center", "Centre", "University",
    "Foundation", "Association", "Inc", "Corp", "Company", "Campaign", "Council", "Commission",
    "Agency", "Bureau", "Office", "Administration", "Congress", "Senate", "House", "Service",
    "Group", "Club", "Coalition", "Union", "Fund", "Project", "Alliance", "Caucus", "Board",
    "Republicans", "Democrats", "Police", "Review", "Report", "Poll", "Survey", "Study", "Media",
    "PolitiFact", "Breitbart", "Politico", "Reuters", "Twitter", "Facebook", "Google", "Gallup",
    "WikiLeaks", "Pew", "Bloomberg", "Monitor", "Matters", "Watch", "Action", "America",
    "Research", "Organization", "Organisation", "Clinic", "Hospital", "School", "College",
    "Globe", "Insider", "Radio", "Books", "Team", "Federation", "Act",
}
# Words that open a sentence or a clause but never a name ("Meanwhile Rihanna", "Even Lindsey
# Graham", "Although Weiner"), and calendar words, which are no one's name ("Friday").
LEADING_WORDS = {
    "meanwhile", "even", "although", "though", "neither", "either", "against", "also", "but",
    "and", "or", "so", "yet", "when", "while", "if", "as", "after", "before", "since", "because",
    "until", "unlike", "like", "with", "without", "for", "from", "by", "to", "in", "on", "at", "of",
    "only", "still", "now", "then", "instead", "indeed", "perhaps", "maybe", "certainly", "clearly",
    "surely", "both", "however", "thus", "here", "there", "where", "why", "how", "what", "whether",
    "not", "nor", "every", "each", "many", "most", "some", "all", "other", "another", "later",
    "earlier", "today", "yesterday", "tonight", "finally", "yes", "no", "well", "oh",
    "despite", "besides", "amid", "among", "during", "through", "under", "over", "toward", "towards",
    "within", "upon", "unless", "whereas", "except", "including", "regarding", "following", "once",
    "outside", "inside",
}
# Articles and particles: never a first name ("The Blaze", "De Blasio" for Bill de Blasio).
FUNCTION_WORDS = {
    "the", "a", "an", "this", "that", "de", "van", "von", "da", "di", "del", "la", "le", "bin", "al",
}
CALENDAR_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
}
# fmt: on
ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Rev|Adm|Capt|Sgt|Prof|(?:[A-Z]\.)*[A-Z])\."
# A capitalised word, an abbreviation ("Sen.", "J.", "U.S."), or a particle inside a name; a run of
# them never crosses a sentence end ("… the Cincinnati Enquirer. Donald Trump").
NAME_WORD = rf"(?:{ABBREVIATIONS}|[A-Z][\w’'-]*|\b(?:de|van|von|da|di|del|la|le|bin|al)(?=[ \t]+[A-Z]))"
NAME_RUN = re.compile(rf"(?<![\w’'.-]){NAME_WORD}(?:[ \t]+{NAME_WORD})*")
# Where the head of a Source phrase ends: "Brian Fallon, a spokesman", "Ted Cruz (R-Texas)".
SOURCE_HEAD_END = re.compile(r",|\(|\s+(?:who|of|at|from|for|with|and)\s+|\s[—–-]+\s")
# A name set off after a role: ", Josh Earnest,", " -- John McCain, who …", ", Rep. Lee Zeldin,".
APPOSITIVE_NAME = re.compile(
    rf"\s*(?:,|--|[—–])\s*(?P<name>{NAME_RUN.pattern})\s*(?:,|--|[—–(]|$|\s+who\b|\s+of\s+[A-Z])"
)
# The phrase completing a role before its appositive: "the director| of the agency|, Jane Roe".
ROLE_COMPLEMENT = re.compile(r"\s+(?:of|for|at)\s+[^,—–()]+?(?=\s*(?:,|--|[—–]))")
# What a title takes before or after a hyphen and stays a title: "President-elect", "Ex-Gov.".
TITLE_AFFIXES = {"elect", "designate", "ex", "Ex", "former", "Former", "co", "Co"}
# A Source that is a lone speech verb, annotated with the Cue's label swapped: `said` as the
# Source and `Jane Roe, a spokeswoman` as the Cue.
LONE_SPEECH_VERB = re.compile(r"\s*(?:said|says|told|tells|added|adds|wrote|writes)\s*")
# A name opening a sentence of the narration, perhaps after a connective, then a comma or a
# lowercase word: the subject that a later he/she may refer to (SourceResolver.subject_since).
SUBJECT_CONNECTIVES = {"but", "and", "still", "yet", "so", "now", "meanwhile", "however", "instead", "later"}
SUBJECT_BEFORE = re.compile(
    r"(?:^|[.!?][’”\"']?[ \t]+|\n[ \t]*)"
    r"(?:(?:But|And|Still|Yet|So|Now|Meanwhile|However|Instead|Later),?[ \t]+)?$"
)
SUBJECT_AFTER = re.compile(r",|[ \t]+(?P<word>[a-z][\w-]*)\b")
NOT_VERBS = {
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "to",
    "from",
    "with",
    "by",
    "county",
    "city",
    "state",
}
HONORIFIC_GENDER = {"Mr": "m", "Mrs": "f", "Ms": "f", "Miss": "f"}
# Single-person descriptions that refer back to someone already named ("the senator").
INDEFINITE = {"a", "an", "one", "another", "some", "any"}
DESCRIPTION = re.compile(r"^(?:the|this|that)\s+(?:[\w.-]+\s+){0,4}(?P<head>[a-z][\w-]*)$", re.IGNORECASE)
# fmt: off
ANONYMOUS_HEADS = {
    "spokesman", "spokeswoman", "spokesperson", "source", "official", "aide", "adviser", "advisor",
    "campaign", "statement", "report", "study", "poll", "survey", "memo", "letter", "email",
    "e-mail", "ad", "website", "article", "story", "book", "group", "organization", "committee",
    "department", "agency", "administration", "government", "newspaper", "paper", "analysis",
    "data", "document", "filing", "lawsuit", "complaint", "indictment", "ruling", "court",
    "person", "people", "team", "staff", "network", "site", "release", "transcript",
}
# fmt: on


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Attribution:
    source: Span | None
    cue: Span | None
    contents: list  # of Span


def read_ann(path):
    """The Attributions of one brat .ann file."""
    spans, attributions = {}, []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            label, _, offsets = fields[1].partition(" ")
            pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
            spans[fields[0]] = (label, [Span(s, e, "") for s, e in pieces])
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(part.split(":", 1) for part in fields[1].split() if ":" in part)
            attributions.append(roles)
    result = []
    for roles in attributions:
        source = spans.get(roles.get("Source"), (None, []))[1]
        cue = spans.get(roles.get("Cue"), (None, []))[1]
        contents = [
            piece for key in ("Content", "Content2") for piece in spans.get(roles.get(key), (None, []))[1]
        ]
        result.append(
            Attribution(_joined(source), _joined(cue), sorted(contents, key=lambda span: span.start))
        )
    return result


def _joined(pieces):
    return Span(pieces[0].start, pieces[-1].end, "") if pieces else None


def quoted_segments(text):
    """(start, end) of the characters between each pair of quotation marks, in order.

    A curly quotation opened and not closed in its paragraph runs to the paragraph's end (the
    next paragraph then opens with a fresh mark).
    """
    segments = []
    for match in QUOTE_PAIRS.finditer(text):
        group = next(g for g in ("curly", "straight", "doubled") if match[g] is not None)
        segments.append(match.span(group))
    for match in UNCLOSED_CURLY.finditer(text):
        if not any(s <= match.start("open") < e for s, e in segments):
            segments.append(match.span("open"))
    return sorted(_trimmed(text, s, e) for s, e in segments)


def _trimmed(text, start, end):
    content = text[start:end]
    return start + len(content) - len(content.lstrip()), start + len(content.rstrip())


class SourceResolver:
    """Who a Source span names, as the fullest form of the name the article gives.

    The rule, applied in reading order of the attributions:
    1. A Source whose head is a capitalised name ("Trump", "Sen. Ted Cruz (R-Texas)", "Brian
       Fallon, a Clinton spokesman", "Clinton spokesman Brian Fallon") is that name without titles,
       expanded to the longest form in the article that ends with the same word, nearest before
       the source if several ("Clinton" → "Hillary Clinton" rather than "Bill Clinton" when
       Hillary was named last). Organisations keep their name ("The Post" → "Post" is expanded to
       "New York Post" the same way).
    2. A person pronoun (he, she, I, who) or a singular definite description ("the senator", "the
       Republican nominee") is the person named by the nearest preceding Source of rule 1
       (PolNeAR has no coreference layer; gender is not checked).
    3. Anything else ("a source", "officials", "the campaign", "a study") is unnamed: null.
    """

    def __init__(self, text):
        self.text = text
        self.last_person = None
        self.last_named_at = 0  # where the Source naming last_person ends

    def _named(self, name, source):
        self.last_person, self.last_named_at = name, source.end

    def resolve(self, source):
        """(speaker or None, how) for a Source Span (None: an attribution with no source)."""
        if source is None:
            return None, "unnamed"
        phrase = self.text[source.start : source.end]
        head = SOURCE_HEAD_END.split(phrase, maxsplit=1)[0].strip()
        if head.lower() == "who":
            antecedent = self._antecedent(source.start)
            if antecedent:
                return antecedent, "pronoun"
        if head.lower() in ("he", "she"):
            subject = self.subject_since(self.last_named_at, source.start, head.lower())
            if subject:
                return subject, "pronoun"
        if head.lower() in PERSON_PRONOUNS:
            return self.last_person, "pronoun" if self.last_person else "unnamed"
        if head.lower() in PRONOUNS:
            return None, "unnamed"
        first_word = head.split()[0].lower() if head.split() else ""
        appositive = self._appositive_name(phrase, head, source.start)
        if appositive:  # "the White House spokesman, Josh Earnest,", "One early supporter, Rep. …"
            if not is_organisation(appositive):
                self._named(appositive, source)
            return appositive, "name"
        if first_word in INDEFINITE:
            # "one New Hampshire Democrat": a capitalised role, no name; "A Plus reporter Isaac
            # Saul", "A flabbergasted Noah": a name after a lowercase word of the role
            name = self._name_after_role_word(head, source.start)
            if name and not is_organisation(name):
                self._named(name, source)
            return (name, "name") if name else (None, "unnamed")
        name = self._name_in(head, source.start) or self._name_after_of(phrase, head, source.start)
        if name and first_word in ("the", "this", "that") and name.split()[-1] in TITLES:
            name = None  # "the Wisconsin Republican": a description of someone named before
        if name:
            if not is_organisation(name):
                self._named(name, source)
            return name, "name"
        description = DESCRIPTION.match(head)
        if (
            description
            and description["head"].lower() not in ANONYMOUS_HEADS
            and not description["head"].endswith("s")
        ):
            return self.last_person, "description" if self.last_person else "unnamed"
        return None, "unnamed"

    def subject_since(self, start, end, pronoun):
        """The person a he/she Source at `end` refers to when the text has named someone else as a
        sentence's subject since the last named Source (ending at `start`): the last full name
        opening a sentence of the narration in between, followed by a comma or a lowercase word
        ("Dan Roe, the campaign's director, has walked …", "Roe is more tactful."), whose gender,
        where the text shows it (`Mr. Roe`, `Roe said she`), is the pronoun's. None when there is
        none, so the nearest named Source stands."""
        wanted = {"he": "m", "she": "f"}[pronoun]
        found = None
        for match in NAME_RUN.finditer(self.text, start, end):
            run = match.group()
            if re.search(r"[’']s$", run) or any(s <= match.start() < e for s, e in self.quoted):
                continue  # "Trump's campaign", or a name inside a quotation
            if not SUBJECT_BEFORE.search(self.text, max(0, match.start() - 40), match.start()):
                continue
            after = SUBJECT_AFTER.match(self.text, match.end())
            if not after or (after["word"] or "").lower() in ANONYMOUS_HEADS | NOT_VERBS:
                continue  # "The Clinton campaign said", "Roe County"
            words = self.name_words(run)
            if not words or run.split()[0].lower() in (LEADING_WORDS | FUNCTION_WORDS) - SUBJECT_CONNECTIVES:
                continue  # "The Roe outlets", "For Roe"
            if any(self._common_word(w) for w in words[1:]):
                continue  # "Great Debate Debate": words of a title, not a name
            name = self.fullest(" ".join(words), match.start())
            if len(name.split()) < 2 or is_organisation(name) or any(is_title_word(w) for w in name.split()):
                continue
            if self._gender(name, match.end()) not in (None, wanted):
                continue
            found = name
        return found

    @cached_property
    def quoted(self):
        return quoted_segments(self.text)

    def _gender(self, name, after):
        """ "m", "f" or None: an honorific before the surname anywhere, else the first he/she/his/her
        after the name in its sentence."""
        surname = re.escape(name.split()[-1])
        honorifics = {
            HONORIFIC_GENDER[h] for h in re.findall(rf"\b(Mr|Mrs|Ms|Miss)\.?\s+{surname}\b", self.text)
        }
        if len(honorifics) == 1:
            return honorifics.pop()
        sentence = re.match(r"[^.!?\n]*", self.text[after:])[0]
        pronoun = re.search(r"\b(he|his|him|she|her)\b", sentence)
        return (pronoun and {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}[pronoun[1]]) or None

    def _name_after_of(self, phrase, head, offset):
        """The name after a title cut at "of": "former Secretary of State Jane Roe" → Jane Roe."""
        rest = phrase[len(head) :]
        if not head.split() or head.split()[-1].rstrip(".") not in TITLES or not re.match(r"\s+of\s+", rest):
            return None
        return self._name_in(re.split(r",|\(", phrase, maxsplit=1)[0].strip(), offset)

    def _appositive_name(self, phrase, head, offset):
        """The name set off after a role that names no one: "the White House spokesman, Josh
        Earnest," / "A former candidate -- John McCain, who …" → that name; None when the head
        is a name itself or the appositive is no name."""
        if not head.split() or self._name_in(head, offset) or self._name_after_of(phrase, head, offset):
            return None
        rest = phrase[len(head) :]
        complement = ROLE_COMPLEMENT.match(rest)  # "the director of the agency, Jane Roe"
        appositive = APPOSITIVE_NAME.match(rest, complement.end() if complement else 0)
        return appositive and self._name_in(appositive["name"], offset)

    def _name_after_role_word(self, head, offset):
        """ "A Plus reporter Isaac Saul" → Isaac Saul: a capitalised run ending an indefinite head,
        after a lowercase word of a role (no preposition); "one New Hampshire Democrat" has none."""
        runs = list(NAME_RUN.finditer(head))
        if not runs or head[runs[-1].end() :].strip():
            return None
        role = head[: runs[-1].start()]
        if not re.search(r"\b[a-z][\w-]*\s+$", role) or len(head.split()) < 3:
            return None
        if re.search(r"\b(?:by|of|in|on|at|for|from|with|to|than)\b", role):
            return None  # "a complaint filed by the federal Securities": no role of a person
        words = self.name_words(runs[-1].group())
        if not words or words[-1].rstrip(".") in TITLES or words[-1] in ORGANISATION_WORDS:
            return None
        return self.fullest(" ".join(words), offset)

    def _antecedent(self, offset):
        """The name a relative "who" follows: "Sanders, who …"."""
        before = re.search(rf"({NAME_RUN.pattern}),?\s*$", self.text[max(0, offset - 80) : offset])
        return before and self._name_in(before.group(1), offset)

    def _name_in(self, head, offset):
        runs = list(NAME_RUN.finditer(head))
        if not runs or head[runs[-1].end() :].strip():
            return None  # the head is a lowercase noun ("the Clinton campaign", "a source")
        words = self.name_words(runs[-1].group())
        return self.fullest(" ".join(words), offset) if words else None

    def name_words(self, run):
        """The words of a capitalised run that make the name: no titles, initials, possessive or
        sentence-opening word ("But Mr. Trump’s" → ["Trump"])."""
        words = run.split()
        names_an_organisation = words[-1].strip(".,") in ORGANISATION_WORDS  # "the Justice Department"
        for i, word in reversed(list(enumerate(words[:-1])) if not names_an_organisation else []):
            if is_title_word(word) or re.search(r"[’']s$", word) or _is_modifier(word):
                words = words[i + 1 :]  # "NBC’s Dante Chinni", "Texas-based Jane Roe"
                break
            if word.lower() in LEADING_WORDS:  # "U.S. While Clinton": a sentence word inside the run
                words = words[i + 1 :]
                break
        words = [re.sub(r"[’']s?$", "", w) for w in words if not re.fullmatch(r"[A-Z]\.", w)]
        while words and words[0].lower() in LEADING_WORDS:
            words = words[1:]
        while words and self._common_word(words[0]) and not self._first_name(words):
            words = words[1:]
        if all(is_title_word(w) for w in words):
            return []  # "Secretary", "the Senator": a title alone names no one
        if all(w in CALENDAR_WORDS for w in words):
            return []  # "Friday said …" is a parse of a dateline, not a name
        if len(words) == 1 and words[0].endswith("s") and self._only_opens_sentences(words[0]):
            return []  # "Lawmakers", "Protesters" at the start of a sentence
        return words

    def _only_opens_sentences(self, word):
        return all(
            re.search(r"(?:^|[.!?”\"]\s+|\n)$", self.text[max(0, m.start() - 3) : m.start()])
            for m in re.finditer(rf"\b{re.escape(word)}\b", self.text)
        )

    def _first_name(self, words):
        """Whether a capitalised common word opening `words` is a first name ("Bill Frelick", "Don
        Roe"): a two-word name whose surname is written alone too, and the article writes the first
        word before the surname where no sentence starts, after a lowercase word, a comma or a title
        ("said Bill Frelick", "Mayor Don Roe"); a sentence word fused to a name ("Critics Jane Roe")
        stands only at sentence starts."""
        if len(words) != 2 or words[0].lower() in PRONOUNS | FUNCTION_WORDS or self._common_word(words[1]):
            return False
        if words[1] not in self._lone_words:
            return False  # the surname is written alone somewhere ("Frelick said"), as surnames are
        pattern = rf"(?<![\w’'.-]){re.escape(words[0])}\s+{re.escape(words[1])}\b"
        for match in re.finditer(pattern, self.text):
            before = self.text[max(0, match.start() - 30) : match.start()].split()
            if before and (
                re.fullmatch(r"[a-z][\w’'-]*,?|[\w.’'-]*,", before[-1]) or is_title_word(before[-1])
            ):
                return True
        return False

    @cached_property
    def _lone_words(self):
        """The capitalised words the text writes alone, as a run of one word ("Roe said")."""
        return {
            re.sub(r"[’']s?$", "", m.group()) for m in NAME_RUN.finditer(self.text) if " " not in m.group()
        }

    def _common_word(self, word):
        """A capitalised word that the article also writes in lowercase ("Sources", "Officials")."""
        return word.lower() in PRONOUNS or bool(re.search(rf"\b{re.escape(word.lower())}\b", self.text))

    def fullest(self, name, before):
        """The full form of a short `name`: the commonest form of two or three words (titles and
        initials left out) ending with its last word; a two-word name whose last word the article
        never writes alone is a compound surname ("Vander Plaats", "Eskelsen García"), expanded
        to the commonest three-word form ending with both words ("Bob Vander Plaats").

        "Trump" → "Donald Trump", "Henry" → "Mary Kay Henry", "Harris" → "Harry Harris Jr." (a
        suffix stays), "Obama" → "Barack Obama" (not "President Barack Obama" or "Michelle Obama"
        when Barack is named more often); ties go to the form named last before `before`. A first
        name that no longer name ends with is the commonest two-word name it starts ("Hillary" →
        "Hillary Clinton"). Any other name of two words or more is kept as given.
        """
        words = name.split()
        if len(words) == 2:
            return self._compound_surname_form(words) or name
        if len(words) > 2:
            return name
        forms = {}
        for match in NAME_RUN.finditer(self.text):
            run = self.name_words(match.group())
            suffix = run[-1:] if len(run) > 2 and run[-1].rstrip(".,") in NAME_SUFFIXES else []
            run = run[: len(run) - len(suffix)]  # "Harry B. Harris Jr." ends with Harris
            if len(run) > 1 and run[-1] == words[0] and run[-2] not in ORGANISATION_WORDS:
                form = " ".join(
                    (run[-3:] if len(run) > 2 and run[-3] not in ORGANISATION_WORDS else run[-2:]) + suffix
                )
                count, last_before = forms.get(form, (0, -1))
                forms[form] = (count + 1, match.start() if match.start() < before else last_before)
        if not forms:
            return self._named_by_first_name(words[0], before) or self._name_holding(words[0]) or name
        return max(forms, key=lambda form: forms[form])

    def _name_holding(self, word):
        """The commonest person's name of two or three words that holds a one-word `word` not last,
        for a word no name ends with: a family name written first or a double surname ("Lou" → "Lou
        Jiwei", "Acosta" → "Melba Acosta Febo"), when the article writes the word alone after an
        honorific (`Mr. Lou`: a person's name, not "Trump" in "Trump Train"); else None."""
        if not re.search(rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+{re.escape(word)}\b(?!\s+[A-Z])", self.text):
            return None
        forms = [
            " ".join(run)
            for _, run in self.name_runs
            if 1 < len(run) <= 3
            and word in run[:-1]
            and not is_organisation(" ".join(run))
            and not any(w in CALENDAR_WORDS or is_title_word(w) for w in run)
        ]
        return max(set(forms), key=lambda form: (forms.count(form), -len(form))) if forms else None

    @cached_property
    def name_runs(self):
        """(offset, name words) of every capitalised run of the text."""
        return [(match.start(), self.name_words(match.group())) for match in NAME_RUN.finditer(self.text)]

    def _compound_surname_form(self, words):
        """ "Vander Plaats" → "Bob Vander Plaats": the commonest three-word name ending with the two
        `words`, when the article never writes their last word alone (then it is no surname)."""
        runs = [run for _, run in self.name_runs]
        if any(run == words[-1:] for run in runs):
            return None  # "Hillary Clinton" beside "Clinton": a first name and a surname
        forms = [" ".join(run[-3:]) for run in runs if len(run) > 2 and run[-2:] == words]
        forms = [form for form in forms if form.split()[0] not in ORGANISATION_WORDS]
        return max(set(forms), key=forms.count) if forms else None

    def _named_by_first_name(self, first, before):
        """The commonest two-word name starting with `first` whose second word the text also
        uses alone, as a surname is ("Hillary" → "Hillary Clinton" beside "Clinton"; not "Trump
        Train"), for a one-word name that no longer name ends with; ties go to the form named last
        before `before`."""
        runs = self.name_runs
        alone = {run[0] for _, run in runs if len(run) == 1}
        forms = {}
        for start, run in runs:
            if len(run) == 2 and run[0] == first and run[1] in alone and run[1] not in ORGANISATION_WORDS:
                form = " ".join(run)
                count, last_before = forms.get(form, (0, -1))
                forms[form] = (count + 1, start if start < before else last_before)
        return max(forms, key=lambda form: forms[form]) if forms else None


def is_title_word(word):
    """A title ("Sen.", "Secretary", "U.S."), also plural ("Professors") or hyphenated with an affix
    or another office ("President-elect", "Ex-Gov.", "Co-anchor", "Secretary-Treasurer")."""
    if word in TITLES:
        return True
    parts = word.rstrip(".").split("-")
    if len(parts) == 2 and (parts[0] in TITLE_AFFIXES or parts[1] in TITLE_AFFIXES):
        parts = [part for part in parts if part not in TITLE_AFFIXES]
    if len(parts) > 2:  # "Editor-in-Chief", "Commander-in-Chief": a title, a lowercase link, a title
        return parts[0] in TITLES and all(part.islower() for part in parts[1:-1])
    title = parts[0][:1].upper() + parts[0][1:]
    return title in TITLES or (title.endswith("s") and title[:-1] in TITLES)


def _is_modifier(word):
    """A hyphenated modifier before a name, its last part lowercase ("Texas-based", "Korean-born",
    "Los Angeles-area"): no word of a name, which a hyphen joins to capitalised parts."""
    parts = word.split("-")
    return len(parts) > 1 and parts[0][:1].isupper() and parts[-1].isalpha() and parts[-1].islower()


def is_organisation(name):
    words = name.split()
    return any(w.strip(".,") in ORGANISATION_WORDS for w in words) or (
        len(words) == 1 and words[0].isupper() and len(words[0]) > 1
    )


def is_title(quoted):
    """A quoted name or title ("Meet the Press", "Miss Piggy"), not words anyone said: every word
    of four letters or more is capitalised, and it does not end like a sentence."""
    words = [w for w in re.findall(r"[\w’'-]+", quoted) if len(w) > 3]
    exclaimed = quoted.rstrip("”\"'’").endswith(("!", "?"))
    return bool(words) and all(w[0].isupper() for w in words) and not exclaimed


def quote_kind(text, start):
    """Partial when the quote opens inside the narrator's sentence, else direct."""
    before = text[max(0, start - 4) : start].rstrip("“\"'").rstrip()
    mid_sentence = bool(before) and (before[-1].isalnum() or before[-1] == ",")
    return "partial" if mid_sentence and text[start].islower() else "direct"


def convert_text(text, attributions):
    """(quotes, reported, people) for one article text and its Attributions."""
    resolver = SourceResolver(text)
    segments = quoted_segments(text)
    quotes, reported, taken = [], [], set()
    for attribution in sorted((a for a in attributions if a.contents), key=lambda a: a.contents[0].start):
        attribution = _repaired(text, attribution)
        speaker, how = resolver.resolve(attribution.source)
        inside = [
            (s, e)
            for s, e in segments
            if (s, e) not in taken and any(_inside(s, e, c) for c in attribution.contents)
        ]
        taken.update(inside)
        inside = [(s, e) for s, e in inside if not is_title(text[s:e])]
        cue = text[attribution.cue.start : attribution.cue.end] if attribution.cue else ""
        if inside:
            for s, e in inside:
                quotes.append(_record(text, s, e, speaker, how, quote_kind(text, s)))
        elif attribution.source and SPEECH_CUES.search(cue) and not _has_quote_marks(text, attribution):
            first, last = attribution.contents[0], attribution.contents[-1]
            record = _record(text, first.start, last.end, speaker, how, "reported")
            record["cue"] = cue
            reported.append(record)
    quotes.sort(key=lambda q: q["start"])
    reported.sort(key=lambda q: q["start"])
    people = []
    for quote in quotes:
        if quote["speaker"] and not is_organisation(quote["speaker"]) and quote["speaker"] not in people:
            people.append(quote["speaker"])
    return quotes, reported, people


def _repaired(text, attribution):
    """The attribution with annotation slips undone: a Source span cut inside a word is widened to
    whole words ("ernie Sanders" → "Bernie Sanders"), and a Source that is a lone speech verb with
    a capitalised Cue ("said" / "Jane Roe, a spokeswoman") has the two labels swapped back."""
    source, cue = attribution.source, attribution.cue
    verb_as_source = source and LONE_SPEECH_VERB.fullmatch(text[source.start : source.end])
    if verb_as_source and cue and text[cue.start : cue.start + 1].isupper():
        source, cue = cue, source
    if source:
        source = _whole_words(text, source)
    return Attribution(source, cue, attribution.contents)


def _whole_words(text, span):
    start, end = span.start, span.end
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > start and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return Span(start, end, "")


def _has_quote_marks(text, attribution):
    return any(mark in text[c.start : c.end] for c in attribution.contents for mark in QUOTE_MARKS)


def _inside(start, end, content):
    """Most of the quoted segment lies inside the Content span."""
    shared = min(end, content.end) - max(start, content.start)
    return shared >= 0.5 * (end - start)


def _record(text, start, end, speaker, how, kind):
    start, end = _trimmed(text, start, end)
    return {"text": text[start:end], "start": start, "speaker": speaker, "speaker_from": how, "kind": kind}


def convert_split(corpus, split):
    """Gold records for one split ("train" or "dev") of the PolNeAR folder `corpus`."""
    if split not in ("train", "dev"):
        raise ValueError("only the train and dev splits are for development")
    publishers = _publishers(corpus)
    records = []
    for text_path in sorted((corpus / split / "text").glob("*.txt")):
        annotations = sorted((corpus / split / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        quotes, reported, people = convert_text(text, read_ann(annotations[0]))
        for record in quotes + reported:
            del record["start"]
        records.append(
            {
                "file": f"{split}/text/{text_path.name}",
                "publisher": publishers.get(text_path.stem, ""),
                "quotes": quotes,
                "reported": reported,
                "people": people,
            }
        )
    return records


def _publishers(corpus):
    metadata = corpus / "metadata.tsv"
    if not metadata.is_file():
        return {}
    rows = [line.split("\t") for line in metadata.read_text(encoding="utf-8").splitlines()[1:]]
    return {row[1]: row[4] for row in rows if len(row) > 4}
