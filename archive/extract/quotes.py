"""Direct and partial quotations in one article, with their cue verb and speaker.

Plain Python over the body text and the article's actor mentions (see actors.py). Steps:

1. `find_quote_spans`: pair quotation marks paragraph by paragraph. Curly marks are unambiguous;
   doubled apostrophes (`''…''`) count as straight marks; a straight mark opens when it follows a
   space or the start of a paragraph and closes when it follows a word or punctuation (or stands
   between spaces while a quote is open); any closing mark closes an open quote, whatever its
   shape (`“…," he said`), and an opening curly mark typed after a word closes one too. A new
   opening mark while a quote is open (the BBC corpus joins paragraphs, so a run-on quotation's
   next paragraph starts with a fresh mark) ends the open quote there.
2. `attribute`: the quote's own sentence names the speaker, most trusted first:
   - after it: `“…,” Sessions insisted.` / `“…,” said Alex Mensing — …` / `“…” - Name, role`;
   - before it: `X said in a statement: “…”` / `according to X, “…”` / `described it as “…”`;
   - through a pronoun (`he wrote` → the last person named as a subject), `it said` (the last
     organisation named as a subject) or a definite description (`the Bishop said` → the person
     introduced with "Bishop").
3. Failing that, `preceding_sentence`: the sentence before is reported speech (`Ms Bradburn said …`)
   or has a person as its subject; then `continuation`: the previous quote in the paragraph, or the
   quotation that ran on from the previous paragraph.
   A speaker phrase that names no one ("a spokesman said") leaves the quote unattributed: a wrong
   speaker is worse than none, and any cue of its own stops steps 3 from guessing.
4. Scare quotes and quoted terms (three words or fewer, titles, or after `so-called`, `the term`,
   with no attribution in their own sentence) are skipped; a longer fragment of someone's sentence
   or a quoted predicate (`were “extremely careless”`) is a quote, its speaker the subject of its
   sentence or the speaker of the reported speech before it when no cue names one. Each quote's
   confidence says which evidence named its speaker (CONFIDENCE).
"""

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from archive.records import RawQuote

from .actors import (
    HONORIFIC_BEFORE,
    ORGANISATION,
    PERSON,
    TITLE_WORDS,
    is_object_pronoun,
    resolve_shared_surnames,
)
from .first_names import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES

OPENING_CURLY, CLOSING_CURLY, STRAIGHT = "“", "”", '"'
QUOTATION_MARK = re.compile(f"[{OPENING_CURLY}{CLOSING_CURLY}{STRAIGHT}]")
# Two apostrophes used as a quotation mark (wire and archive text: ''We will,'' she said).
DOUBLED_APOSTROPHES = re.compile(r"''(?!')")
OPENS_AFTER = "([{—–-/"  # besides a space, what a straight opening mark may follow

# The title words as one regex alternation, longest first ("Senator" is tried before "Sen").
TITLE_ALTERNATION = "|".join(sorted(TITLE_WORDS, key=len, reverse=True))

CUE_VERBS = (
    "said|says|say|told|tells|added|adds|insisted|insists|wrote|writes|stated|states|explained|explains|"
    "argued|argues|claimed|claims|warned|warns|noted|notes|asked|asks|replied|replies|continued|"
    "declared|declares|announced|announces|commented|remarked|recalled|recalls|contended|contends|"
    "acknowledged|acknowledges|admitted|admits|conceded|concedes|suggested|suggests|stressed|stresses|"
    "emphasi[sz]ed|put it|puts it|urged|urges|predicted|predicts|concluded|complained|complains|"
    "observed|tweeted|tweeting|"
    "testified|maintained|maintains|responded|insisting|saying|adding|writing|telling|reckons|"
    "believes|thinks|joked|quipped|boasted|cautioned|pleaded|vowed|promised|pointed out|"
    # verbs that quote an evaluation: described the novel as a "great thriller"
    "described|describes|called|calls|dubbed|branded|dismissed|labelled|labeled|hailed|accused|accuses|"
    "condemned|criticised|criticized|attacked|attacks|denounced|decried|decries|characterized|"
    "characterised|characterizes|characterises|confirmed|confirms|"
    "proclaimed|charged|agreed|agrees|reiterated|indicated|reported|reports"
)
CUE = re.compile(rf"(?<![\w-])(?P<cue>{CUE_VERBS})\b")  # not "so-called", "self-described"
# The speech verbs the dependency parse links to a quote (parsed_attribution): the cues above and
# their other forms ("declaring it “a great day”", "arguing that there is “room”").
PARSED_CUES = {w for w in CUE_VERBS.split("|") if w.isalpha()} | {
    "declaring", "arguing", "claiming", "warning", "noting", "stating", "explaining", "calling",
    "describing", "urging", "insists", "announcing", "admitting", "suggesting", "stressing",
    "promising", "vowing", "praised", "blamed", "blaming", "asserted", "asserting", "reiterated",
    "countered", "mocked", "lamented", "bemoaned", "quoted", "quoting", "tweeting", "posted",
    "welcomed", "pondered", "wondered", "proclaiming", "reporting", "charging",
}  # fmt: skip
PARSED_CUE = re.compile(r"\b(?:" + "|".join(sorted(PARSED_CUES)) + r")\b")
CUE_AT_START = re.compile(rf"^(?P<cue>{CUE_VERBS})\b")
# After a quote that hands over (“…,”), a verb of manner stands for the cue: `scoffed Jane Roe`,
# `Roe scoffed`, `the mayor shot back`.
ANY_VERB_AT_START = re.compile(r"^(?P<cue>[a-z]+ed)\s+(?=[A-Z])")
# The full stop of a short capitalised abbreviation ("Tex.", "St.", "D.C.").
ABBREVIATED = r"(?:(?<=\b[A-Z])|(?<=\b[A-Z][a-z])|(?<=\b[A-Z][a-z]{2})|(?<=\b[A-Z][a-z]{3}))\."
# The verb may take an object or an adverbial: `Roe fumed on Tuesday`, `Roe assured Doe, after …`;
# `she went on` continues her speech.
# An adverb may follow the verb (`she wondered aloud, comparing herself with Mrs. Doe`).
ANY_VERB_AFTER_SUBJECT = re.compile(
    r"^(?:(?:the\s+)?[A-Z][\w.’'-]*|he|she|the\s+[a-z]+)(?:\s+[A-Z][\w.’'-]*){0,3}\s+"
    r"(?P<cue>[a-z]+ed|went\s+on|goes\s+on)\b(?:\s+back|\s+aloud|\s+[a-z]+ly)?"
    r"(?:\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})?"
    r"(?:\s+(?:on|in|at|during|after|before|while|as|to|from|with|via|through|and)\b"
    r"(?:[^.;:]|" + ABBREVIATED + r")*|\s*,(?:[^.;:]|" + ABBREVIATED + r")*)?"
    r"\s*[.,]?$"
)
# A sentence after a quote that is only a speaker and a cue: `“….” Trump said.`, or the
# attribution after a quote whose comma was left out: `"…" the paper's editor Jane Roe responded.`
BARE_ATTRIBUTION = re.compile(rf"(?P<subject>[^“”\",;:]{{1,100}}?)\s+(?P<cue>{CUE_VERBS})")
# "were told", "has been said": a passive cue has no speaker as its subject.
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|being|is|are|to)\s+$")
# Words allowed between a speaker and the cue ("Sessions later said", "he has said").
ADVERBS_BEFORE_CUE = re.compile(
    r"(?:\s+(?:also|later|then|again|once|has|had|have|previously|earlier|further|simply|only|"
    r"recently|repeatedly|always|just|would|will|since|subsequently|reportedly|however|[a-z]+ly))*\s*$"
)
SUBJECT_PRONOUNS = {"he", "she"}
GIVEN_NAME_VOTES = 2  # what a common given name weighs against the article's "Roe said she"
FIRST_NAME_GENDER = dict.fromkeys(MALE_FIRST_NAMES, "m") | dict.fromkeys(FEMALE_FIRST_NAMES, "f")
# fmt: off
PRONOUN_GENDER = {
    "he": "m", "his": "m", "him": "m", "himself": "m", "mr": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f", "mrs": "f", "ms": "f", "miss": "f",
}
# fmt: on
GENDERED_PRONOUN = re.compile(r"\b(?:he|his|him|himself|she|her|hers|herself)\b", re.IGNORECASE)
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she)\b")
# He or she opening a sentence as its subject (`She then addressed the crowd: “…”`).
SUBJECT_OPENING = re.compile(r"(?:(?:But|And|Then|Later|So)\s+)?(?P<pronoun>He|She)\s+(?=[a-z])")
OTHER_PRONOUNS = {"they", "it", "we", "i", "you", "this", "who"}
SENTENCE_BREAK = re.compile(
    r"(?=[.!?])"  # first, so that the look-behinds below run only at punctuation
    r"(?!(?<=\bNo)\.\s+\d)"  # "the No. 2 in the leadership"
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\b[A-Z])"
    r"(?<!\bLt)(?<!\bGen)(?<!\bCol)(?<!\bCapt)(?<!\bSgt)(?<!\bAdm)"  # ranks: "said Army Capt. Jane Roe"
    r"(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSept)(?<!\bOct)(?<!\bNov)(?<!\bDec)"  # "the Sept. 11 attacks"
    r"[.!?][’”\"']?(?=\s)"
)
PULL_QUOTE_DASH = re.compile(r"^\s*[-–—―]+\s*")  # a hyphen, en and em dash, or horizontal bar
# The next paragraph is a dash and a short byline: "— Jane Roe, on Tuesday", "- Roe."
BYLINE_PARAGRAPH = re.compile(r"\s*\n\s*[-–—―]+\s*(?P<byline>[A-Z][^\n“”\"]{0,80}?)[.\s]*(?=\n|$)")
ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+(?P<who>[^,.;:“”\"]{2,80}?)\s*,?\s*$")
ACCORDING_OPENING = re.compile(r"\s*(?:(?:But|And|Yet)\s+)?According to\s+(?P<who>[^,.;:“”\"]{2,80}?)\s*,")
# "according to a court document filed by …", "according to a statement from …": who wrote it.
AGENT_OF_DOCUMENT = re.compile(
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,3}(?:document|filing|statement|letter|memo|report|e-?mail|release|"
    r"complaint|motion|transcript|post)\s+(?:(?:filed|issued|released|written|sent|signed|posted)\s+)?"
    r"(?:by|from)\s+"
)
# A role that opens the phrase after an inverted cue ("said Roe's deputy campaign manager, Jane Doe",
# "wrote the American ambassador at the time, Jane Doe", "said the bureau's director, Jane Doe").
ROLE_BEFORE_NAME = re.compile(
    r"\s*(?:the|a|an|another|his|her|their|its|[A-Z][\w.-]*['’]s)\s+(?=[\w.'’ -]*\b[a-z])[\w.'’ -]*$"
)
LEADING_TITLES = re.compile(r"\s*(?:(?:the|The)\s+)?(?:(?:" + TITLE_ALTERNATION + r")\.?\s+)*")
# "Nick Van den Brul of BNP Paribas described": an affiliation between the name and its cue.
# "… of Washington's Institute for Science wrote": a possessive may open the affiliation.
AFFILIATION_BETWEEN = re.compile(
    r"\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w&.-]*(?:['’]s)?"
    r"(?:\s+(?:(?:for|of|on|and|the|&)\s+)*[A-Z][\w&.-]*)*\s*"
)
# "Roe shot back:", "Roe continues:": what stands between a subject and the colon of its quote.
# "Roe issued a statement:", "Roe posted a short message,": what is said may be the verb's object.
VERB_BEFORE_COLON = re.compile(
    r"\s+(?:[a-z]+ly\s+)?[a-z]+(?:\s+(?:back|up|on|in))?"
    r"(?:\s+(?:a|an|the|his|her|their)\s+(?:[a-z]+\s+)?(?:statement|tweet|message|post|note|letter|e-?mail))?\s*"
)
# A person's name qualifying a group or a role: "wrote one Sanders supporter", "said a Trump aide".
NAME_AS_MODIFIER = re.compile(
    r"\s+(?:supporters?|aides?|spokes(?:man|woman|person)|advis[eo]rs?|officials?|staffers?|all(?:y|ies)|"
    r"backers?|surrogates?|campaign|voters?|loyalists?|critics?|delegates?|fans?)\b"
)
# A party tag after a name ("Rep. Emanuel Cleaver II (D-Mo.)", "Sen. Jane Roe (D)").
# "(D-Mo.)", and set off by commas: "Sen. Jane Roe, R-Wis., said"
PARTY_TAG = re.compile(
    r"^\s*(?:\([A-Z][\w.]*(?:-[A-Z][\w.]*)?\)|,\s*[A-Z]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?(?=,))"
)
# Periods that end no sentence: initials and abbreviations ("George W. Bush", "U.S.", "Sen.", "No. 2").
# The news agencies' abbreviations of American states: `Jane Roe, of Cambridge, Mass., said`.
STATE_ABBREVIATIONS = (
    "Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|"
    "Nev|Okla|Ore|Pa|Tenn|Tex|Vt|Va|Wash|Wis|Wyo"
)
ABBREVIATION_PERIOD = re.compile(
    r"\b([A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Jr|Sr|Inc|Co|Corp|Ltd|St|Lt|Gen|Col|No(?=\.\s*\d)|"
    rf"{STATE_ABBREVIATIONS})\."
)
# A title may be quoted inside it: `Roe, the author of “The Long Road,” put it`.
APPOSITIVE_BETWEEN = re.compile(
    r"\s*(?:,|—|–|\s-)(?!\s*\w+(?:ed|ing)\b)(?:[^“”\".;:]|[“\"][^“”\"]{1,60}[”\"])*?"
    r"(?:,|—|–|\s-)?\s*(?:also\s+|later\s+)?"
)
# A conjunction between a name and a cue: the cue is a second verb of the clause the name ends
# (`defended it against attacks from Jane Roe, but admitted`), not Roe's.
COORDINATED_VERB_BETWEEN = re.compile(r"\s*,\s*(?:but|and|yet)\s+(?:(?:also|then|later|[a-z]+ly)\s+)*")
# A participle phrase set off by commas between a name and its cue: `Roe, speaking to voters, said`,
# `Roe, exasperated, famously responded`; the names inside it are no subject (PARTICIPLE_OPENED).
# A past participle stands alone or as a passive (`, joined by Doe,`): a finite verb ("Roe as Fagin,
# prompted accusations …, claims") would run on.
PARTICIPLE = r",\s*(?:[a-z]+ly\s+)?(?:[a-z]+ing\b[^“”\".;:,]*|[a-z]+ed(?:\s+by\b[^“”\".;:,]*)?)"
PARTICIPLE_BETWEEN = re.compile(r"\s*" + PARTICIPLE + r",\s*(?:also\s+|later\s+|[a-z]+ly\s+)?")
PARTICIPLE_OPENED = re.compile(PARTICIPLE + "$")
# A party noun or adjective standing as a role before a name.
PARTY_WORDS = r"Democrat|Republican|Democratic|GOP|Libertarian"
# What may precede the name right after a fronted cue: titles, or a role ("said Gartner's principal
# analyst Kobita Desai", "said chief executive John Smith") but no preposition ("said analysts at X").
SPEAKER_LEAD = re.compile(
    LEADING_TITLES.pattern
    + r"(?:[A-Z][\w&.-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&.-]*)*(?:['’]s)?\s+)?"
    + r"(?:(?:his|her|their)\s+(?=[a-z-]+\s))?"  # "added his campaign manager Jeff Weaver"
    + r"(?:(?!(?:at|of|for|with|from|in|on|to|by|that|it|there|he|she|they|we|his|her|their|its|"
    + r"was|is|were|are|would|will|had|has|not|and|but|when|if)\b)[a-z0-9-]+\s+){0,4}"  # "1st Lt."
    + r"(?:(?:"
    + TITLE_ALTERNATION
    + r"|"
    + PARTY_WORDS  # "said ranking Democrat Jane Roe", "said Republican Sen. Jane Roe"
    + r")\.?\s+)*"
)
TITLES_BETWEEN = re.compile(r"\s+(?:(?:" + TITLE_ALTERNATION + r")\.?\s+)+")
LEADING_TITLES_AT_END = re.compile(r"(?:(?:" + TITLE_ALTERNATION + r")\.?\s+)+$")
# What stands before a name that opens a sentence: a sentence end or paragraph start, perhaps a
# connective ("But Mr Balls said").
NOT_ROLE_WORD = (
    r"(?!(?:the|a|an|of|on|in|at|to|for|with|by|from|and|or|but|that|this|his|her|their|its|was|is|"
    r"were|are|had|has|have|will|would|said|says|told|met|saw|who|when|as|than|into|over|about|"
    # prepositions and irregular past tenses: "Roe went after Doe", "Roe ran against Doe" (not
    # "like": "Some defenders of free trade, like Jim Roe, acknowledge" makes Roe their subject)
    r"after|before|against|behind|under|between|among|without|during|through|toward|"
    r"towards|around|beside|alongside|went|came|gave|took|made|got|left|ran|won|beat|sent|spoke|"
    r"wrote|drew|held|kept|led|lost|paid|put|set|stood|thought|brought|felt|found|heard|knew|"
    r"became|began|chose|hit|let|struck|threw|fought|sought|taught|caught)\s)"
)
# What stands before a name that is the first word of a sentence: a sentence end or paragraph start.
FIRST_WORDS_OF_SENTENCE = re.compile(r"(?:[.!?][’”\"']?\s+|\n)(?:(?:But|And|Yet|So|Now|Still,)\s+)?$")
# A preposition opening a sentence is no role before a name: after "Like Allen," or "Unlike Roe"
# the subject is still to come.
NOT_ROLE_OPENER = (
    r"(?!(?:Like|Unlike|After|Before|Against|With|Without|For|From|Despite|Besides|Behind|Under|"
    r"Among|Between|During|Since|Until|Than|To|Of|By|Beyond|Toward|Towards|Through|Except|Amid)\s)"
)
SENTENCE_OPENING = re.compile(
    r"(?:(?:^|[.!?][’”\"']?\s+|\n)(?:(?:But|And|However,|Yet|So|Now|Meanwhile,|Instead,|Still,|Later,)\s+)?"
    # an opening phrase: "Realising his error, Mr Campbell", of up to four parts and abbreviations
    # ("The day before, at a rally in Beaumont, Tex., Mr. Trump"), maybe ending with a quoted title
    # ("Later on ''This Week,'' Senator Bernie Sanders"); its first part as long as a participle
    # clause may be ("Having lost his own race for the nomination and facing …, Mr. Roe")
    r"(?:[A-Z](?:[^.!?,\n“”\"]|" + ABBREVIATED + r"){0,130},[’”\"']{0,2}\s+"
    r"(?:(?:[^.!?,\n“”\"]|" + ABBREVIATED + r"){1,40},\s+){0,3})?"
    # a role: "Aviation analyst Nick Van den Brul", "Senate Majority Whip Tom Roe", "Foreign Ministry
    # spokesman Jane Roe", "Marion County (Ala.) Sheriff Jane Roe", whose lowercase words are no
    # past-tense verb ("Dr Fox accused Mr Blair") or function word ("Ms. Roe worked on the Harbour
    # Board" is no role)
    r"(?:" + NOT_ROLE_OPENER + r"[A-Z][\w-]*\s+(?:\([A-Z][\w.]{1,6}\)\s+)?){0,3}"
    # present-tense verb or participle ("Roe hopes Doe will …", "Roe spoke, saying Doe was …": Doe
    # is no subject; "boss" is a role)
    r"(?:" + NOT_ROLE_WORD + r"[a-z0-9][\w-]*(?<!ed)(?<![^s]s)(?<!ing)\s+){0,3}"
    # a clause after a conjunction, perhaps opening with a role: ", but their neighbor Tom Roe"
    r"|(?:[,;]\s+(?:but|and|yet|so|while|although|though|because|as)|\s(?:but|while|whereas))\s+"
    r"(?:(?:the|their|his|her|its|our|my|a|an)\s+(?:" + NOT_ROLE_WORD + r"[a-z][\w-]*(?<!ed)\s+){1,2})?)$"
)
# A name followed by a role and another name qualifies that role: "said Cruz constituent Dan Roe".
ROLE_AFTER_NAME = re.compile(r"\s+(?:" + NOT_ROLE_WORD + r"[a-z][\w-]*\s+){1,2}(?=[A-Z])")
# "said Thompson", "said Electrolux chief executive Hans Straberg": the speaker named after an
# inverted cue. Only verbs that invert: after "warned" or "told" the name is who was addressed.
INVERTED_CUES = "said|says|added|adds|explained|insisted|continued|commented|wrote|writes|stated"
CUE_BEFORE_NAME = re.compile(
    rf"\b(?:{INVERTED_CUES})\s+(?:the\s+)?(?:[A-Z][\w&.-]*(?:['’]s)?\s+)?"
    rf"(?:{NOT_ROLE_WORD}[a-z-]+(?<!ed)(?<!ing)\s+){{0,3}}$"  # not "said having Mr. Putin …"
)
# A cue opening its sentence, the speaker after it: "Continued Stone: “…”", "Said Jane Roe, “…”".
FRONTED_CUE = re.compile(
    r"\s*(?P<cue>" + "|".join(cue.capitalize() for cue in INVERTED_CUES.split("|")) + r")\s+(?=[A-Z])"
)
# After a name that follows a cue, a verb means the name opens the reported clause ("Roe said
# Trump has a chance", "Roe says Kasich “has a record”"): that name is no subject of the cue.
REPORTED_CLAUSE_AFTER_NAME = re.compile(
    r"\s+[“\"]?(?!(?:in|on|at|of|for|from|with|to|during|after|before|when|while|as|and|but|"
    r"because|about|last|this|earlier|later|told|also|then|via|on)\b)[a-z]+"
)
THAT_BEFORE_NAME = re.compile(r"\bthat\s+(?:[A-Z][\w.-]*['’]s\s+)?(?:[a-z][\w-]*(?:['’]s)?\s+){0,3}$")
# A conjunction opening a subordinate clause after a main clause's words ("ran only because Doe";
# not "But when Doe", where the clause opens the sentence).
SUBORDINATOR_BEFORE_NAME = re.compile(
    r"\S+\s+\S+,?\s+(?:only\s+|even\s+|just\s+)?(?:because|although|though|whereas|unless|until|"
    r"after|before|while|when|since|if|once)\s+$"
)
RELATIVE_WORDS = re.compile(r"\b(?:who|whose|whom|which|include|includes|including|such as)\b")
# "The world indoor champion said", "the Bishop said": a definite description of someone the text is
# about. Heads that name a group, a document or an anonymous source do not resolve ("the spokesman").
DEFINITE_DESCRIPTION = re.compile(  # a role may be coordinated before the head: "senator and … candidate"
    r"(?:[^,]*,\s*)?[Tt]he\s+(?:[\w-]+\s+){0,3}(?:(?P<role>[a-z]+)\s+and\s+(?:[\w-]+\s+){0,3})?"
    r"(?P<head>[\w-]+)(?=\s*(?:,|$))"
)
# The abbreviated title a description's head stands for ("the senator" → "Sen. Jane Roe").
ROLE_ABBREVIATIONS = {
    "senator": ("Sen.",), "governor": ("Gov.",), "representative": ("Rep.",), "congressman": ("Rep.",),
    "congresswoman": ("Rep.",), "general": ("Gen.",), "lieutenant": ("Lt.",), "colonel": ("Col.",),
    "professor": ("Prof.",), "doctor": ("Dr.",), "secretary": ("Sec.",), "admiral": ("Adm.",),
}  # fmt: skip
# fmt: off
NOT_PERSON_HEADS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "source", "statement", "report", "study",
    "survey", "company", "firm", "group", "government", "department", "ministry", "magazine",
    "newspaper", "paper", "website", "club", "team", "party", "council", "court", "committee", "union",
    "police", "agency", "bank", "organisation", "organization", "body", "board", "commission",
    "association", "panel", "document", "letter", "memo", "e-mail", "email", "filing", "ruling",
    "judge", "jury", "prosecution", "defence", "defense", "aide", "insider", "analyst", "expert",
    "family", "campaign", "charity", "network", "broadcaster", "regulator", "watchdog", "airline",
    # what is written or broadcast: "the lawsuit says", "the ad says", "the column said"
    "lawsuit", "suit", "complaint", "petition", "brief", "motion", "order", "opinion", "editorial",
    "column", "article", "book", "ad", "advert", "advertisement", "video", "message", "post", "tweet",
    "site", "page", "release", "transcript", "poll", "bill", "law", "narrator",
}
# fmt: on
# "“…,” said one strategist", "“…,” a spokesman said", "“…,” the source said", "“…,” his colleague
# wrote": someone left unnamed (a description of someone the text named has resolved before this
# is asked). A possessive may name the owner whose words they are: "the council's ruling said".
UNNAMED_SPEAKER_AFTER = re.compile(
    rf"[\s,]*(?:(?:{INVERTED_CUES}|asked)\s+)?"
    r"(?:(?:one|a|an|another|some|several)\s+\w|(?:the|his|her|their|its|that|this)\s+(?![\w-]+['’]s\b)[a-z])"
)
# "From Roe's Facebook post:", "In his statement, …": a document named before a colon.
DOCUMENT_LEAD = re.compile(
    r"\s*(?:From|In)\s+(?:the\s+)?[A-Z][^:“”\"]{0,60}?['’]s?\s+(?:[\w-]+\s+){0,2}"
    r"(?P<document>post|statement|tweet|letter|memo|e-?mail|op-ed|blog|speech|website|message)\s*"
)
# "Roe asked Doe whether …": the one asked answers the quote after the question.
ASKED_SOMEONE = re.compile(r"\s+(?:[a-z]+ly\s+|then\s+|also\s+)?asked\s+")
QUESTION_WORD = re.compile(r",?\s+(?:whether|if|about|what|why|how|when|where|who)\b")
QUOTED_TEXT = re.compile(r"[“\"][^“”\"]*[”\"]")
# After these cues the next name is who was spoken to, not the speaker ("told the BBC").
LISTENER_CUES = {"told", "tells", "telling", "asked", "asks"}
# A question put to someone (`“…?” asked the reporter`): the next paragraph is the answer.
QUESTION_CUES = {"asked", "asks"}
# How a quotation ends when an attribution follows it: “…,” said X / “…?” he asked.
HANDS_OVER_TO_ATTRIBUTION = (",", "?", "!", "-", "–", "—", "―", "…")
# How a speech verb hangs from the verb whose subject speaks (governing_subject).
CLIMBED_DEPENDENCIES = ("conj", "advcl", "xcomp", "pcomp", "prep", "acl", "dobj")
SUBJECT_WINDOW = 200  # how far back SENTENCE_OPENING looks for the sentence start (its phrases)
SUBJECT_REACH = 40  # how far into a sentence its subject may start ("However, Mr Negroponte")
SHORT_QUOTE_WORDS = 3
SALIENT_MENTIONS = 4  # how often the person an article is about is named, at least (salient_person)
TITLE_WORDS_MAX = 7
# Words a title leaves in lowercase (“The Lead with Jake Tapper”, “Midday with Charlie Sykes”).
TITLE_LOWERCASE_WORDS = {"with", "from", "into", "upon", "versus"}
MAX_SPEAKER_WORDS = 20  # room for an appositive: “…,” Jane Roe, who ran the port for a decade, said
MAX_CUE_TO_QUOTE_WORDS = 30
CLOSING_SPEAKER_WORDS = 6  # "…, Republican candidate Ben Carson said after the attacks."
# A longer role when the name stands right before the cue: "…, Justice Department senior trial
# counsel Jane Roe wrote in a filing."
CLOSING_ROLE_WORDS = 12

# What introduces a quoted term or label, not someone's words: `the so-called “rebels”`.
TERM_BEFORE = re.compile(
    r"\b(?:so-called|known\s+as|self-described|coined|"
    r"(?:the|a)\s+(?:[\w-]+\s+)?(?:terms?|phrases?|words?|labels?|slogans?))"
    r"\W*$",
    re.IGNORECASE,
)
# A form of "be" right before a quoted predicate: `were “extremely careless”`, `is “gratified”`.
PREDICATE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|become|becomes|became|seems|seemed)\s+(?:[a-z]+ly\s+)?$"
)
# A chant or a cry right before a short quote: `chants of “Lock them up!”`, `shouted, “Go home.”`.
CHANT_BEFORE = re.compile(
    r"\b(?:chant(?:s|ed|ing)?|shout(?:s|ed|ing)|yell(?:s|ed|ing)|cries)(?:\s+of)?[,:]?\s*$"
)

# Evidence in the quote's own sentence; a short quoted phrase needs it to count as speech.
EXPLICIT = {"after", "closing", "pull", "before", "parsed", "pronoun", "nominal"}
# How far each kind of evidence is trusted.
CONFIDENCE = {
    "after": 0.95,
    "closing": 0.85,
    "pull": 0.9,
    "parsed": 0.85,
    "before": 0.9,
    "pronoun": 0.75,
    "continuation": 0.8,
    "run-on": 0.85,
    "reported": 0.7,
    "nominal": 0.6,
    "topic": 0.6,
    "unattributed": 0.3,
}


@dataclass
class QuoteSpan:
    """The characters between a pair of quotation marks: body[start:end]."""

    start: int
    end: int
    opening: int  # offset of the opening mark
    closing: int | None  # offset of the closing mark; None when the quote runs on past it
    paragraph: int
    runs_on_from_previous: bool = False


def find_quote_spans(body):
    """Every quotation in `body`, in order."""
    spans = []
    offset = 0
    for number, paragraph in enumerate(body.split("\n")):
        spans += _paragraph_quotes(
            paragraph, offset, number, continues=bool(spans) and spans[-1].closing is None
        )
        offset += len(paragraph) + 1
    return [s for s in spans if body[s.start : s.end].strip()]


def _paragraph_quotes(raw, offset, number, continues):
    text = DOUBLED_APOSTROPHES.sub(_as_straight_mark, raw)
    spans, open_at = [], None
    for mark in QUOTATION_MARK.finditer(text):
        i, ch = mark.start(), mark.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = (ch == OPENING_CURLY and not _misused_as_closing(open_at, before, after)) or (
            ch == STRAIGHT and (before.isspace() or before in OPENS_AFTER) and not after.isspace()
        )
        closes = ch in (CLOSING_CURLY, OPENING_CURLY) or (
            ch == STRAIGHT and (not before.isspace() or (open_at is not None and after.isspace()))
        )
        if opens:
            if open_at is not None:  # a run-on quotation: the open one ends where the new one starts
                spans.append(
                    _span(text, offset, number, open_at, i, None, continues=_continues(spans, continues))
                )
            open_at = i
        elif closes and open_at is not None:  # mixed marks pair too: “…," he said
            spans.append(_span(text, offset, number, open_at, i, i, continues=_continues(spans, continues)))
            open_at = None
    if open_at is not None:
        spans.append(
            _span(text, offset, number, open_at, len(text), None, continues=_continues(spans, continues))
        )
    for span in spans:
        if raw[span.opening - offset] == "'":
            span.opening -= 1  # a doubled mark starts at its first apostrophe
    return spans


def _misused_as_closing(open_at, before, after):
    """An opening curly mark typed where a closing one belongs (`“It's unusual,“ said Roe`): a
    quote is open, the mark follows a word or punctuation and a space or the paragraph end follows."""
    return open_at is not None and not before.isspace() and after.isspace()


def _as_straight_mark(match):
    """``''`` read as a straight double mark of the same length: `` "`` opening (after a space, a
    bracket or a dash: ``(''We will,'' he said.)``), ``" `` closing."""
    before = match.string[match.start() - 1] if match.start() else " "
    opening = before.isspace() or before in OPENS_AFTER
    return ' "' if opening else '" '


def _continues(spans, paragraph_continues):
    return spans[-1].closing is None if spans else paragraph_continues


def _span(text, offset, number, open_at, stop, closing, continues):
    content = text[open_at + 1 : stop]
    start = open_at + 1 + len(content) - len(content.lstrip())  # `" very important"` starts at "very"
    end = open_at + 1 + len(content.rstrip())
    return QuoteSpan(
        start=offset + start,
        end=offset + end,
        opening=offset + open_at,
        closing=None if closing is None else offset + closing,
        paragraph=number,
        runs_on_from_previous=continues,
    )


@dataclass
class Attribution:
    speaker: object = None  # a Mention, or None
    cue: str = ""
    how: str = "unattributed"


def own_attributions(body, spans, article_actors):
    """The Attribution each quote's own sentence gives it by the rules (step 2), before any parse.

    Also marks the mentions inside quotation marks: pronouns never resolve to a name quoted."""
    for mention in article_actors.mentions:
        mention.in_narration = not any(s.start <= mention.start < s.end for s in spans)
    surnames_tagged_as_organisations(body, article_actors.mentions)
    family_members_by_honorific(body, article_actors.mentions)
    family_members_by_pronoun(body, article_actors.mentions)
    return [attribute(body, spans, index, article_actors) for index in range(len(spans))]


def surnames_tagged_as_organisations(body, mentions):
    """A bare surname of a person of the article that the model tagged as an organisation or a
    place (`Trump said`, `Trump` tagged ORG after `Donald Trump`) is that person when speakers are
    resolved: as the subject of a cue it names them, and he/she look past it no longer. A surname
    shared by several people of the article goes to the one named last before it."""
    owners = {}
    for mention in mentions:
        if mention.kind == PERSON and len(mention.canonical.split()) > 1:
            owners.setdefault(mention.canonical.split()[-1], set()).add(mention.canonical)
    for mention in mentions:
        names = owners.get(mention.text) if mention.kind != PERSON else None
        if names:
            mention.kind = PERSON
            mention.canonical = next(iter(names)) if len(names) == 1 else mention.text
    resolve_shared_surnames(body, mentions)


def family_members_by_honorific(body, mentions):
    """`Mr. Clinton` and `Mrs. Clinton` in an article naming Bill and Hillary Clinton: when a
    surname shared by several people is written after honorifics of both genders, each honorific
    picks the one of them of its gender — the one whose full name the text follows with a pronoun
    of that gender ("Hillary Clinton … her husband"), or of two, the one who is not of the other."""
    owners, titled = {}, []
    for mention in mentions:
        if mention.kind == PERSON and len(mention.text.split()) > 1:
            owners.setdefault(mention.text.split()[-1], set()).add(mention.text)
        title = HONORIFIC_BEFORE.search(body, max(0, mention.start - 6), mention.start)
        if title and mention.kind == PERSON:
            titled.append((mention, PRONOUN_GENDER[title[1].lower()]))
    for mention, wanted in titled:
        names = owners.get(mention.text, ())
        if len(names) < 2 or {g for m, g in titled if m.text == mention.text} != {"m", "f"}:
            continue  # "Mr. Cruz" for Ted and for his father: the honorific tells them not apart
        mention.canonical = owner_of_gender(body, mentions, names, wanted) or mention.canonical


def family_members_by_pronoun(body, mentions):
    """`Roe said she …` in an article naming Tom Roe and Jane Roe: when the bare surname shared by
    several people, with no honorific, is followed in its sentence by he or she (before anyone else
    is named) and always of one gender, it is the one of them of that gender (owner_of_gender), save
    where one of them was named earlier in the same paragraph."""
    owners = {}
    for mention in mentions:
        if mention.kind == PERSON and len(mention.text.split()) > 1:
            owners.setdefault(mention.text.split()[-1], set()).add(mention.text)
    people = [m for m in mentions if m.kind == PERSON]
    following = [*people[1:], None] if people else []
    bare = [
        (mention, _subject_pronoun_after(body, mention, next_person))
        for mention, next_person in zip(people, following, strict=True)
        if len(owners.get(mention.text, ())) > 1
        and not HONORIFIC_BEFORE.search(body, max(0, mention.start - 6), mention.start)
    ]
    for surname in {mention.text for mention, _ in bare}:
        genders = {gender for mention, gender in bare if mention.text == surname and gender}
        owner = owner_of_gender(body, mentions, owners[surname], genders.pop()) if len(genders) == 1 else None
        for mention, _ in bare if owner else ():
            if mention.text == surname and not _full_name_earlier_in_paragraph(body, people, mention):
                mention.canonical = owner


def _full_name_earlier_in_paragraph(body, people, mention):
    paragraph_start = body.rfind("\n", 0, mention.start) + 1
    earlier = [m for m in people if paragraph_start <= m.start < mention.start]
    return any(len(m.text.split()) > 1 and m.text.endswith(mention.text) for m in earlier)


def _subject_pronoun_after(body, mention, following):
    """ "m", "f" or None: the gender of the first he/she after `mention` in its sentence, in the
    narration and before the next person (`following`) is named."""
    stop = following.start if following else len(body)
    sentence_end = SENTENCE_BREAK.search(body, mention.end, stop)
    stop = sentence_end.start() if sentence_end else stop
    pronoun = SUBJECT_PRONOUN.search(body, mention.end, stop)
    if not pronoun or QUOTATION_MARK.search(body, mention.end, pronoun.start()):
        return None
    return PRONOUN_GENDER[pronoun[0]]


def owner_of_gender(body, mentions, names, wanted):
    """Of the full `names` sharing a surname, the one of gender `wanted` ("m"/"f") by the pronouns
    after their full names, or of two, the one not shown of the other gender; else None."""
    genders = {name: full_name_gender(body, mentions, name) for name in names}
    fitting = [name for name, gender in genders.items() if gender == wanted]
    if len(fitting) != 1 and len(names) == 2:
        fitting = [name for name, gender in genders.items() if gender is None]
        fitting = fitting if len(fitting) == 1 else []
    return fitting[0] if len(fitting) == 1 else None


def full_name_gender(body, mentions, name):
    """ "m", "f" or None: the gender of the pronouns that follow the mentions of the full `name`
    in their sentence, before the next person is named ("Hillary Clinton is shaping the role her
    husband …"), by majority."""
    votes = {"m": 0, "f": 0}
    people = [m for m in mentions if m.kind == PERSON]
    for mention, following in zip(people, [*people[1:], None], strict=True):
        if mention.text != name:
            continue
        stop = following.start if following else len(body)
        sentence_end = SENTENCE_BREAK.search(body, mention.end, stop)
        pronoun = GENDERED_PRONOUN.search(body, mention.end, sentence_end.start() if sentence_end else stop)
        if pronoun:
            votes[PRONOUN_GENDER[pronoun[0].lower()]] += 1
    return None if votes["m"] == votes["f"] else max(votes, key=votes.get)


def sentences_to_parse(body, spans, own):
    """(start, end) of the sentences holding a quote that the rules left without a speaker while
    their narration has a speech cue ("Carter however said he would welcome a “principled
    network”"): the dependency parse links that cue to its subject (`parsed_attribution`)."""
    sentences = set()
    for span, attribution in zip(spans, own, strict=True):
        if attribution.speaker is not None:
            continue
        start, end = sentence_around(body, span.opening)
        narration = body[start : span.opening] + body[_after_closing(body, span) : end]
        if PARSED_CUE.search(narration):
            sentences.add((start, end))
    return sorted(sentences)


def sentence_around(body, offset):
    """(start, end) of the sentence of its paragraph that holds `offset` (paragraph_sentences)."""
    paragraph_start = body.rfind("\n", 0, offset) + 1
    paragraph_end = body.find("\n", offset)
    paragraph_end = len(body) if paragraph_end == -1 else paragraph_end
    for start, end in paragraph_sentences(body, paragraph_start, paragraph_end):
        if start <= offset < end:
            return start, end
    return paragraph_start, paragraph_end


def paragraph_sentences(body, start, end):
    """(start, end) of each sentence of body[start:end] (one paragraph), leading spaces left out."""
    paragraph = body[start:end]
    sentences, cursor = [], 0
    for stop in [m.end() for m in SENTENCE_BREAK.finditer(paragraph)] + [len(paragraph)]:
        sentence = paragraph[cursor:stop]
        lead = len(sentence) - len(sentence.lstrip())
        if stop > cursor + lead:
            sentences.append((start + cursor + lead, start + stop))
        cursor = stop
    return sentences


def find_quotes(body, article_actors, spans, own, parsed):
    """RawQuotes for `body`, speakers resolved against `article_actors` (an ArticleActors).

    `own` holds the rules' attribution of each span (own_attributions); `parsed` maps the
    (start, end) of each parsed sentence (sentences_to_parse) to its spaCy Doc.
    """
    quotes, previous, previous_span = [], None, None  # the last quote kept (a title is passed over)
    for index, span in enumerate(spans):
        attribution = own[index]
        if attribution.speaker is None:
            attribution = parsed_attribution(body, span, parsed, article_actors) or attribution
        if attribution.speaker is None and not attribution.cue:
            attribution = preceding_sentence(body, spans, index, article_actors)
        if attribution.speaker is None and previous is not None:
            attribution = same_sentence_partner(body, span, previous_span, previous) or attribution
        if attribution.speaker is None and quote_kind(body, span) == "partial":
            attribution = (
                own_sentence_subject(body, spans, index, article_actors, attribution.cue) or attribution
            )
        if attribution.speaker is None and not attribution.cue and previous is not None:
            attribution = continuation(body, span, previous_span, previous)
        text = body[span.start : span.end]
        kind = quote_kind(body, span)
        implicit = attribution.how not in EXPLICIT and kind == "partial"
        if is_title(text):
            # a programme quoted between two quotes does not interrupt their speaker; a title-like
            # quote with a speaker of its own (`“Safety,” said Roe. “Safety for all.”`) hands it on
            if attribution.speaker is not None:
                previous, previous_span = attribution, span
            continue
        cued = attribution.how == "unattributed" and bool(attribution.cue)
        if (attribution.speaker is None or implicit) and is_scare_quote(body, span, kind, cued):
            previous = None
            continue
        speaker = attribution.speaker
        quotes.append(
            RawQuote(
                text=text,
                start=span.start,
                end=span.end,
                speaker=speaker.canonical if speaker else None,
                speaker_kind=speaker.kind if speaker else PERSON,
                cue=attribution.cue,
                kind=kind,
                confidence=CONFIDENCE[attribution.how],
            )
        )
        previous, previous_span = attribution, span
    return quotes


def parsed_attribution(body, span, parsed, actors):
    """The speaker the dependency parse of the quote's sentence gives: the subject of the speech
    verb whose phrase holds the quote ("Mrs. Clinton shook her head and said, “No.”" → the subject
    of "shook"; "Rubio also bemoaned a climate in which people “literally hate each other”").
    None when the sentence was not parsed or no speech verb before the quote governs it."""
    start, _ = sentence_around(body, span.opening)
    doc = next((d for (s, _), d in parsed.items() if s == start), None)
    if doc is None:
        return None
    first = next((t for t in doc if start + t.idx > span.opening), None)
    if first is None:
        return None
    # The cue must come first: a phrase quoted in a clause that a later cue reports ("Officials
    # call it “catch and release”, Sessions said") is the writer's or someone else's term.
    cues = [t for t in first.ancestors if t.lower_ in PARSED_CUES and t.i < first.i]
    if not cues:
        return None
    speaker, how = subject_speaker(body, start, cues[0], actors)
    return Attribution(speaker, cues[0].text, how) if speaker else None


def subject_speaker(body, offset, verb, actors):
    """(speaker Mention or None, how) for a parsed speech `verb` of a sentence starting at `offset`:
    its subject, or the subject of the verb it hangs from ("…, saying", "went on to say", "shook
    her head and said"), resolved like a subject in front of a cue (speaker_before_cue) or, after
    an inverted cue ("said Senator Jane Roe"), the name opening it."""
    head, subject = governing_subject(verb)
    if subject is None:
        return None, "unattributed"
    subject_start = offset + subject.left_edge.idx
    subject_end = offset + subject.right_edge.idx + len(subject.right_edge)
    if subject.i > head.i:
        return first_named(actors, subject_start, subject_end, must_start_at=subject_start), "parsed"
    found = speaker_before_cue(body, actors, subject_start, subject_end, head.text, "parsed")
    return found.speaker, found.how


def governing_subject(verb):
    """(verb, its nsubj) for a parsed verb with a subject of its own, else for the verb it hangs
    from (`conj`, `advcl`, `xcomp`: "…, saying", "went on to say", "shook her head and said";
    through a preposition, `pcomp` then `prep`: "rallied supporters by warning that “…”"; or
    through the verb's object, `acl` or `pcomp`/`prep` then `dobj`: "issued a statement calling
    on …", "made a point of saying …");
    (the last verb tried, None) when none has one."""
    head = verb
    while True:
        # the passive subject of a verb the cue hangs from speaks too ("Roe was forced to …
        # and said that …"), not that of the cue itself ("Roe was told …")
        roles = ("nsubj", "nsubjpass") if head is not verb else ("nsubj",)
        subjects = [c for c in head.children if c.dep_ in roles]
        if subjects or head.dep_ not in CLIMBED_DEPENDENCIES or head.head is head:
            return head, subjects[0] if subjects else None
        head = head.head


def preceding_sentence(body, spans, index, actors):
    """A cue-less quote that follows a sentence of reported speech or about a person.

    `Ms Bradburn said the buyers came early. "They would have known what to look for."` → Sue
    Bradburn (the cue of the sentence before); `Mr Negroponte has adapted the idea. "We put in 25
    laptops…"` → Nicholas Negroponte (the subject of the sentence before, with lower confidence).
    A quote that opens a paragraph looks at the last sentence of the previous one.
    """
    span = spans[index]
    start = body.rfind("\n", 0, span.opening) + 1
    if not body[start : span.opening].strip() and start > 0:
        if index and spans[index - 1].closing is None:
            return Attribution()  # a run-on quotation: continuation decides
        start = body.rfind("\n", 0, len(body[:start].rstrip())) + 1  # past the blank line
    region = body[start : span.opening].rstrip()
    if region.endswith(":") and not body[body.rfind("\n", 0, span.opening) + 1 : span.opening].strip():
        # "Stated Roe:", "Jane Roe, a retired nurse, said of the candidates:" ending the paragraph
        # before introduce the quotation that opens this one
        return attribute_before(body, span, start, actors)
    if not region or region[-1] not in ".!?":
        return Attribution()
    breaks = [m.end() for m in SENTENCE_BREAK.finditer(region) if m.end() < len(region)]
    sentence_start = start + (breaks[-1] if breaks else 0)
    sentence_end = start + len(region)
    sentence_start += len(body[sentence_start:sentence_end]) - len(body[sentence_start:sentence_end].lstrip())
    if any(s.opening <= sentence_start < s.end for s in spans):
        return Attribution()  # the sentence before is itself quoted speech: continuation decides
    cues = [
        c
        for c in CUE.finditer(body, sentence_start, sentence_end)
        if not PASSIVE_BEFORE.search(body[sentence_start : c.start()])
        and not any(s.start <= c.start() < s.end for s in spans)
    ]
    if cues:
        cue = cues[-1]
        named = cue["cue"] not in LISTENER_CUES and first_named(
            actors, cue.end(), sentence_end, must_start_at=cue.end()
        )
        found = named and Attribution(named, cue["cue"], "reported")
        if not found:
            found = speaker_before_cue(body, actors, sentence_start, cue.start(), cue["cue"], "reported")
        if found.speaker:
            return Attribution(found.speaker, cue["cue"], "reported")
        return Attribution()
    opening = [
        m for m in actors.mention_at(sentence_start, sentence_end) if m.kind == PERSON and not m.possessive
    ]
    if opening and opening[0].start - sentence_start < SUBJECT_REACH and is_subject(body, opening[0]):
        return Attribution(opening[0], "", "topic")
    return Attribution()


def same_sentence_partner(body, span, previous_span, previous):
    """A quote sharing its sentence with the previous one shares its speaker (EXPLICIT evidence).

    `Trump called the plan “a con” and said it was “rigged.”` / `described it as “horrifying” and
    “unethical”`: the second phrase's own clause has no subject of its own.
    """
    between = body[_after_closing(body, previous_span) : span.opening]
    if previous.speaker is None or previous.how not in EXPLICIT or SENTENCE_BREAK.search(between):
        return None
    if re.search(r"[.!?;:]\s*$", between) or span.paragraph != previous_span.paragraph:
        return None
    return Attribution(previous.speaker, previous.cue, previous.how)


def is_title(text):
    """A quoted title or name ("Meet the Press", "Fox News Sunday"): a few capitalised words that do
    not end like an exclamation or a question; American style puts the sentence's comma or period
    inside the marks (`said on NBC's “Meet the Press.”`). Kept out even when the sentence has a cue."""
    words = text.split()
    long_words = [w for w in words if len(w) > 3 and w not in TITLE_LOWERCASE_WORDS]
    return (
        len(words) <= TITLE_WORDS_MAX
        and bool(long_words)
        and all(w[:1].isupper() for w in long_words)
        and not text.endswith(("!", "?"))
    )


def is_scare_quote(body, span, kind, cued=False):
    """A quoted term rather than speech, judged only for quotes nobody is said to have spoken.

    A few words ("catch and release"), a capitalised title ("The Apprentice"), or whatever a term
    word introduces (`the so-called “rebels”`, `coined the term “the Richard & Judy effect”`). A
    fragment of someone's sentence longer than that is speech even when its attribution lies
    outside its sentence (`knocked a statement that an “obscene amount of money” was raised`), and
    so is a short quoted predicate (`his actions were “extremely careless”`) and a chant (`chants
    of “Lock them up!”`).
    """
    words = body[span.start : span.end].split()
    before = body[max(0, span.opening - 40) : span.opening]
    if CHANT_BEFORE.search(before) and body[span.end - 1] in "!.,":
        return False  # a chanted sentence, however short or capitalised, is words people said
    if TERM_BEFORE.search(before) or all(w[:1].isupper() for w in words if len(w) > 3):
        return True
    if kind == "partial" and (cued or PREDICATE_BEFORE.search(before)):
        return False
    return len(words) <= SHORT_QUOTE_WORDS


def own_sentence_subject(body, spans, index, actors, cue):
    """Who a partial quote that no cue attributes is from: the person its sentence is about, its
    subject (`Eric Trump knocked a statement that an “obscene amount of money” was raised`), else,
    when its sentence has no `cue` of its own (`a spokeswoman said` names no one), the speaker of
    the reported speech just before its sentence (`… are wrong, Ms Roe says. There are “no big
    differences” between them`)."""
    span = spans[index]
    start, _ = sentence_around(body, span.opening)
    people = [
        m
        for m in actors.mention_at(start, span.opening)
        if m.kind == PERSON and not m.possessive and m.in_narration
    ]
    if people and people[0].start - start < SUBJECT_REACH and is_subject(body, people[0]):
        return Attribution(people[0], "", "topic")
    if start == span.opening or cue:  # opening its sentence, preceding_sentence has judged already
        return None
    at_sentence = [*spans[:index], replace(span, opening=start), *spans[index + 1 :]]
    found = preceding_sentence(body, at_sentence, index, actors)
    return found if found.how == "reported" else None  # a cue names them, not a mere topic


def quote_kind(body, span):
    """Partial when the quote is part of the writer's sentence (“is simply barbaric,”), else direct."""
    before = body[max(0, span.opening - 3) : span.opening].rstrip()
    first = body[span.start : span.start + 1]
    mid_sentence = bool(before) and (before[-1].isalnum() or before[-1] in ",’")
    return "partial" if mid_sentence and first.islower() else "direct"


def continuation(body, span, previous_span, previous):
    """A cue-less quote continues the previous speaker: same paragraph, a quotation that ran on,
    or a paragraph that is a quote following a paragraph that ended with an attributed one
    (`“…,” said Jane Roe, the port's director.` / `“…”`).

    `previous` is the Attribution of the last quote kept.
    """
    same_paragraph = span.paragraph == previous_span.paragraph
    if previous.speaker is None or not (
        same_paragraph
        or span.runs_on_from_previous
        or _answers_the_paragraph_before(body, span, previous_span, previous)
    ):
        return Attribution()
    how = "run-on" if span.runs_on_from_previous else "continuation"
    return Attribution(speaker=previous.speaker, cue=previous.cue, how=how)


def _answers_the_paragraph_before(body, span, previous_span, previous):
    """The quote opens its paragraph, and the paragraph before ends with the previous quote's
    own attribution sentence (`“…,” Roe told the Gazette.`; not a question put to someone:
    `“…?” asked the reporter.`)."""
    if previous.how not in EXPLICIT or previous.cue in QUESTION_CUES:
        return False
    if len(body[span.start : span.end].split()) <= SHORT_QUOTE_WORDS:  # a title opening a sentence
        return False
    between = body[_after_closing(body, previous_span) : span.opening]
    if "\n" not in between or between[between.rfind("\n") :].strip():
        return False
    breaks = list(SENTENCE_BREAK.finditer(between.rstrip() + " "))
    return len(breaks) <= 1 and not any(s in between for s in '“”"')


def attribute(body, spans, index, article_actors):
    span = spans[index]
    paragraph_start = body.rfind("\n", 0, span.opening) + 1
    paragraph_end = _paragraph_end(body, span)
    after_start = _after_closing(body, span)
    next_open = spans[index + 1].opening if index + 1 < len(spans) else len(body)
    after_end = min(paragraph_end, next_open)
    previous_close = _previous_close(body, spans, index, paragraph_start)
    found = attribute_after(body, span, after_start, after_end, article_actors)
    if found.how == "unattributed":
        before = attribute_before(body, span, max(paragraph_start, previous_close), article_actors)
        # "“…,” said one party strategist": an unnamed speaker after the quote keeps it from the
        # speakers of the sentences around it
        unnamed = found.cue and UNNAMED_SPEAKER_AFTER.match(body, after_start, after_end)
        found = before if before.speaker or before.cue or not unnamed else found
    if found.how == "unattributed" and not found.cue and not body[after_start:paragraph_end].strip(" .,"):
        found = byline_paragraph(body, span, paragraph_end, article_actors) or found
    return found


def byline_paragraph(body, span, paragraph_end, actors):
    """The fact-check layout: a quote filling its paragraph, then a paragraph of a dash and the
    speaker's name (`— Jane Roe, on Tuesday`, `- Roe.`)."""
    if not _opens_paragraph(body, span):
        return None
    byline = BYLINE_PARAGRAPH.match(body, paragraph_end)
    if not byline:
        return None
    speaker = first_named(actors, byline.start("byline"), byline.end("byline"), byline.start("byline"))
    if not speaker or body[speaker.end : byline.end("byline")].strip()[:1] not in ("", ","):
        return None  # a list item ("- Jane Roe won the vote"), not a byline
    return Attribution(speaker, "", "pull")


def _paragraph_end(body, span):
    end = body.find("\n", span.end)
    return len(body) if end == -1 else end


def _previous_close(body, spans, index, paragraph_start):
    """Where the previous quote ends; a quoted title is part of the sentence (`As Roe, author of “The
    Long Road,” put it, “…”`), so the quote before it counts."""
    previous = next((s for s in reversed(spans[:index]) if not is_title(body[s.start : s.end])), None)
    return _after_closing(body, previous) if previous else paragraph_start


def _after_closing(body, span):
    """Where the text after a quote's closing mark starts (past both apostrophes of ``''``)."""
    if span.closing is None:
        return span.end
    return span.closing + (2 if body.startswith("''", span.closing) else 1)


def attribute_after(body, span, start, end, actors):
    """`“…,” Sessions insisted.` / `“…,” said X` / `“…” - Name, role`."""
    frame = body[start:end]
    sentence_end = SENTENCE_BREAK.search(frame)
    frame_end = start + (sentence_end.start() if sentence_end else len(frame))
    lead = len(frame) - len(frame.lstrip(" ,"))
    text = body[start + lead : frame_end]
    quote_text = body[span.start : span.end].rstrip(" '’")  # past a nested quote's closing mark
    dash = PULL_QUOTE_DASH.match(body[start:frame_end])
    if dash and not _opens_paragraph(body, span):
        return Attribution()  # `argued that “…” - including Roe - …`: an aside, not a byline
    if dash:
        speaker = first_named(actors, start + dash.end(), frame_end, must_start_at=start + dash.end())
        return Attribution(speaker, "", "pull") if speaker else Attribution()
    hands_over = (
        quote_text.endswith(HANDS_OVER_TO_ATTRIBUTION)
        or frame.lstrip()[:1] in (",", "-", "–", "—", "―")  # BBC style: "desperate", said Mr Howard
        or (quote_text.endswith(".") and text[:1].islower())  # “… appalled.” he said
    )
    bare = not hands_over and BARE_ATTRIBUTION.fullmatch(text.rstrip(" ."))
    if bare and len(bare["subject"].split()) <= MAX_SPEAKER_WORDS:
        cue_start = start + lead + bare.start("cue")
        return speaker_before_cue(body, actors, start + lead, cue_start, bare["cue"], "after")
    if not hands_over and quote_text.endswith((".", "!", "?")):
        return Attribution()  # “…” ended a sentence: what follows is not an attribution
    if not hands_over:
        # the writer's sentence runs on past a quoted phrase: an attribution may close it
        # (`“…unlikely” that Roe can win, said Jane Doe`), not for a term of a few words (a
        # filing has “credible fear claim” written on it, Roe said: the words of the filing)
        if len(quote_text.split()) <= SHORT_QUOTE_WORDS:
            return Attribution()
        return attribution_closing_the_sentence(body, actors, start + lead, frame_end)
    according = re.match(r"according to\s+", text)
    if according:  # “…,” according to Jane Roe, the county attorney.
        who_start = start + lead + according.end()
        speaker = according_to_speaker(actors, who_start, _phrase_end(body, who_start, frame_end))
        return Attribution(speaker, "according to", "after") if speaker else Attribution(cue="according to")
    cue_first = CUE_AT_START.match(text)
    if cue_first:
        speaker_start = start + lead + cue_first.end()
        phrase_end = _phrase_end(body, speaker_start, frame_end)
        speaker = first_named(actors, speaker_start, phrase_end, must_start_at=speaker_start)
        if speaker is None:
            speaker = name_set_off_after_role(body, actors, speaker_start, phrase_end, frame_end)
        if speaker is None:  # "said the former top aide to …": someone the text introduced so
            return described_after_cue(body, actors, speaker_start, phrase_end, cue_first["cue"])
        return Attribution(speaker, cue_first["cue"], "after")
    cue = CUE.search(text) or ANY_VERB_AFTER_SUBJECT.match(text)
    if not cue or len(text[: cue.start("cue")].split()) > MAX_SPEAKER_WORDS:
        return _any_verb_first(body, actors, start + lead, frame_end, text)
    found = speaker_before_cue(
        body, actors, start + lead, start + lead + cue.start("cue"), cue["cue"], "after"
    )
    if found.speaker is None:
        # “…,” since most cases were close, said Jane Roe: the writer's clause, then the cue's own
        closing = attribution_closing_the_sentence(body, actors, start + lead, frame_end)
        found = Attribution(closing.speaker, closing.cue, "after") if closing.speaker else found
    return found


def described_after_cue(body, actors, phrase_start, phrase_end, cue):
    """`“…,” said the former senator`: the person introduced with the head of a definite
    description after an inverted cue (described_person), the description cut at a preposition
    ("the senator from Ohio"); none when no one was introduced so."""
    phrase = re.split(
        r"\s+(?:to|of|for|at|in|from|with|who)\s+", body[phrase_start:phrase_end].strip(" .,;:")
    )[0]
    description = DEFINITE_DESCRIPTION.fullmatch(phrase)
    if not description or not _names_a_person(description["head"]):
        return Attribution(cue=cue)
    heads = [description["head"], *([description["role"]] if description["role"] else [])]
    speaker = described_person(actors, phrase_start, heads, fallback=False)
    return Attribution(speaker, cue, "nominal") if speaker else Attribution(cue=cue)


def _opens_paragraph(body, span):
    return not body[body.rfind("\n", 0, span.opening) + 1 : span.opening].strip()


def name_set_off_after_role(body, actors, role_start, role_end, limit):
    """`said Roe's deputy campaign manager, Jane Doe, who …`: a role that names no one, then the
    name set off after its comma."""
    role = ROLE_BEFORE_NAME.match(body, role_start, role_end)
    if not role or not body.startswith(",", role_end):
        return None
    after_comma = body[role_end + 1 : limit]
    name_start = role_end + 1 + len(after_comma) - len(after_comma.lstrip())
    return first_named(actors, name_start, _phrase_end(body, name_start, limit), must_start_at=name_start)


def according_to_speaker(actors, who_start, who_end):
    """Who `according to` body[who_start:who_end] names: the person or organisation it opens with,
    or who wrote the document it opens with ("a court document filed by state attorney Jane Roe")."""
    speaker = first_named(actors, who_start, who_end, must_start_at=who_start)
    if speaker is None and (agent := AGENT_OF_DOCUMENT.match(actors.body, who_start, who_end)):
        speaker = first_named(actors, agent.end(), who_end, must_start_at=agent.end())
    return speaker


def attribution_closing_the_sentence(body, actors, start, end):
    """The speaker of a last clause `, said Jane Roe, …` or `, Jane Roe said …` of body[start:end]."""
    for comma in re.finditer(r",\s+", body[start:end]):
        clause_start = start + comma.end()
        clause = body[clause_start:end]
        inverted = CUE_AT_START.match(clause)
        if inverted and inverted["cue"] in INVERTED_CUES.split("|"):
            speaker_start = clause_start + inverted.end()
            phrase_end = _phrase_end(body, speaker_start, end)
            speaker = first_named(actors, speaker_start, phrase_end, must_start_at=speaker_start)
            if speaker is None:
                speaker = name_set_off_after_role(body, actors, speaker_start, phrase_end, end)
            return Attribution(speaker, inverted["cue"], "closing") if speaker else Attribution()
        cue = CUE.search(clause)
        if cue and len(clause[: cue.start()].split()) <= CLOSING_ROLE_WORDS:
            cue_start = clause_start + cue.start()
            found = speaker_before_cue(body, actors, clause_start, cue_start, cue["cue"], "closing")
            if found.speaker is not None and found.how == "closing":
                short = len(clause[: cue.start()].split()) <= CLOSING_SPEAKER_WORDS
                if short or not body[found.speaker.end : cue_start].strip():
                    return found
    return Attribution()


def _any_verb_first(body, actors, start, frame_end, text):
    """`“…,” scoffed Jane Roe, 22.`: after a quote handed over by a comma, any past-tense verb
    followed by a name introduces the speaker, even one that is not a listed cue."""
    verb = ANY_VERB_AT_START.match(text)
    if not verb:
        return Attribution()
    speaker_start = start + verb.end()
    phrase_end = _phrase_end(body, speaker_start, frame_end)
    speaker = first_named(actors, speaker_start, phrase_end, must_start_at=speaker_start)
    return Attribution(speaker, verb["cue"], "after") if speaker else Attribution()


def _phrase_end(body, start, limit):
    """Where the speaker phrase after a fronted cue stops: the first comma, dash or bracket."""
    match = re.compile(r"[,—–(;:]|\s-\s").search(body, start, limit)
    return match.start() if match else limit


def attribute_before(body, span, start, actors):
    """`X said in a statement: “…”`, `He later said, “…”`, `according to X, “…”`, same sentence only."""
    frame = body[start : span.opening]
    breaks = list(SENTENCE_BREAK.finditer(frame))
    sentence_start = start + (breaks[-1].end() if breaks else 0)
    clause = body.rfind("; ", sentence_start, span.opening)  # "she told X; a report has “…” on it"
    sentence_start = clause + 2 if clause != -1 else sentence_start
    sentence = body[sentence_start : span.opening]
    according = ACCORDING_TO.search(sentence)
    if according:
        who_start = sentence_start + according.start("who")
        speaker = according_to_speaker(actors, who_start, who_start + len(according["who"]))
        return Attribution(speaker, "according to", "before") if speaker else Attribution()
    fronted = FRONTED_CUE.match(sentence)
    if fronted:  # "Continued Stone: “…”", "Said Jane Roe, who …, “…”"
        speaker_start = sentence_start + fronted.end()
        speaker = first_named(
            actors, speaker_start, _phrase_end(body, speaker_start, span.opening), speaker_start
        )
        if speaker:
            return Attribution(speaker, fronted["cue"].lower(), "before")
    manner = subject_with_verb_of_manner(body, actors, sentence_start, span.opening)
    if manner.speaker:
        return manner
    cues = [c for c in CUE.finditer(sentence) if not PASSIVE_BEFORE.search(sentence[: c.start()])]
    if not cues:
        found = colon_attribution(body, actors, sentence_start, span.opening)
        return found if found.speaker else according_to_opening(body, actors, sentence_start, span.opening)
    if len(sentence[cues[-1].end() :].split()) > MAX_CUE_TO_QUOTE_WORDS:
        return Attribution()
    # The last cue is the one that introduces the quote; when it names no one (a noun such as
    # "states", a cue inside a subordinate clause), an earlier cue of the sentence may.
    for cue in reversed(cues):
        found = speaker_before_cue(
            body, actors, sentence_start, sentence_start + cue.start(), cue["cue"], "before"
        )
        if found.speaker:
            return found
    return Attribution(cue=cues[-1]["cue"])


def according_to_opening(body, actors, sentence_start, opening):
    """`According to Roe, he … is now “…”`: a sentence opening with `according to X,` and no cue
    of its own quotes X, whatever clause the quote stands in (`According to some on Twitter, Doe
    was “incognito”` names no one, and keeps the quote from the people around)."""
    according = ACCORDING_OPENING.match(body, sentence_start, opening)
    if not according:
        return Attribution()
    speaker = according_to_speaker(actors, according.start("who"), according.end("who"))
    return Attribution(speaker, "according to", "before") if speaker else Attribution(cue="according to")


def subject_with_verb_of_manner(body, actors, sentence_start, opening):
    """`Asked whether …, Mr. Smith shot back:`, `and then Roe continues:`, `After Jim Roe
    criticized her, Jane Doe shot back, “…”`: a person followed by a verb of a word or two that is
    no listed cue, then a colon — or a comma, when the person opens the clause — speaks; a cue
    earlier in the sentence ("criticized") belongs to another clause."""
    lead = body[sentence_start:opening].rstrip()
    if not lead.endswith((",", ":")):
        return Attribution()
    mark = sentence_start + len(lead) - 1
    people = [m for m in actors.mention_at(sentence_start, mark) if m.kind == PERSON and not m.possessive]
    if not people or CUE.search(body, people[-1].end, mark):
        return Attribution()
    speaker = people[-1]
    if not VERB_BEFORE_COLON.fullmatch(body, speaker.end, mark) or _object_of_preposition(body, speaker):
        return Attribution()
    if lead.endswith(":") or is_subject(body, speaker):
        return Attribution(speaker, "", "before")
    return Attribution()


def colon_attribution(body, actors, sentence_start, opening):
    """A quote after a colon and no cue verb: `Jane Roe, The Daily Ledger: “…”` or `More from
    Roe: “…”` (the name the colon follows), else the sentence's subject (`Roe shot back: “…”` is
    subject_with_verb_of_manner's)."""
    lead = body[sentence_start:opening].rstrip()
    if not lead.endswith(":"):
        return Attribution()
    colon = sentence_start + len(lead) - 1
    named = [
        m
        for m in actors.mention_at(sentence_start, colon)
        if m.kind in (PERSON, ORGANISATION) and not m.possessive
    ]
    if named and not body[named[-1].end : colon].strip():
        # "Jane Roe, The Daily Ledger:": a person followed by their publication speaks
        publication = len(named) > 1 and named[-1].kind == ORGANISATION and named[-2].kind == PERSON
        if publication and body[named[-2].end : named[-1].start].strip() == ",":
            return Attribution(named[-2], "", "before")
        return Attribution(first_of_coordinated(actors, named[-1]), "", "before")
    subjects = [m for m in named if is_subject(body, m)]
    # a person who is a subject first; else an organisation that is one (`The Trust published its
    # figures: “…”`)
    subjects.sort(key=lambda m: m.kind != PERSON)
    if subjects:
        return Attribution(subjects[0], "", "before")
    pronoun = SUBJECT_OPENING.match(body, sentence_start, colon)
    if pronoun:  # "She then addressed the crowd again: “…”"
        speaker = pronoun_antecedent(actors, sentence_start, pronoun.end(), pronoun["pronoun"].lower())
        return Attribution(speaker, "", "pronoun") if speaker else Attribution()
    return writer_of_document(body, actors, sentence_start, colon)


def writer_of_document(body, actors, sentence_start, colon):
    """`From Jane Roe's Facebook post: “…”`: the person whose post, statement or letter it is."""
    lead = DOCUMENT_LEAD.fullmatch(body, sentence_start, colon)
    if not lead:
        return Attribution()
    owners = [
        m
        for m in actors.mention_at(sentence_start, lead.start("document"))
        if m.possessive and m.kind in (PERSON, ORGANISATION)
    ]
    return Attribution(owners[-1], "", "before") if owners else Attribution()


def speaker_before_cue(body, actors, clause_start, cue_start, cue, how):
    """The subject in front of a cue verb: a pronoun, or the last person/organisation named there."""
    phrase = body[clause_start:cue_start]
    words = phrase.split()
    if not words:
        return Attribution(cue=cue)
    bare = ADVERBS_BEFORE_CUE.sub("", phrase)
    subject = bare.split()[-1].lower() if bare.split() else ""
    if subject in SUBJECT_PRONOUNS:
        speaker = pronoun_antecedent(actors, clause_start, cue_start, subject)
        return Attribution(speaker, cue, "pronoun") if speaker else Attribution(cue=cue)
    if subject == "it":  # "It said:" — the organisation the text is talking about
        speaker = most_recent_subject(actors, clause_start, ORGANISATION)
        return Attribution(speaker, cue, "pronoun") if speaker else Attribution(cue=cue)
    if subject in ("who", "which"):  # "Mr. Scott, who has called the remarks “…”": the name before it
        speaker = relative_antecedent(
            body, actors, clause_start, clause_start + len(bare.rstrip()) - len(subject)
        )
        return Attribution(speaker, cue, how) if speaker else Attribution(cue=cue)
    if subject in OTHER_PRONOUNS:
        return Attribution(cue=cue)
    if cue.endswith("ing"):  # "He warned his supporters, saying:" — the sentence's subject speaks
        return reporting_subject(body, actors, clause_start, cue_start, cue, how) or sentence_subject(
            body, actors, clause_start, cue_start, cue
        )
    window_start = max(clause_start, cue_start - 160)
    candidates = [
        m
        for m in actors.mention_at(window_start, cue_start)
        if m.kind in (PERSON, ORGANISATION)
        and not m.possessive
        and not _object_of_preposition(body, m)
        and not _inside_relative_clause(body, clause_start, m)
        and not PARTICIPLE_OPENED.search(body, clause_start, m.start)  # "Roe, joined by Doe, said"
    ]
    # A person named in the subject beats an organisation in their appositive ("Colin Asplin,
    # Blackpool Hotel Association said").
    for kind in (PERSON, ORGANISATION):
        for speaker in reversed(candidates):
            if speaker.kind == kind and _subject_reaches_cue(body, speaker, cue_start):
                return Attribution(first_of_coordinated(actors, speaker), cue, how)
    description = DEFINITE_DESCRIPTION.match(bare.strip())
    if description and _names_a_person(description["head"]):
        # "the Vermont senator and Democratic presidential candidate": either role may introduce
        heads = [description["head"], *([description["role"]] if description["role"] else [])]
        speaker = described_person(actors, clause_start, heads)
        return Attribution(speaker, cue, "nominal") if speaker else Attribution(cue=cue)
    return Attribution(cue=cue)


def reporting_subject(body, actors, clause_start, cue_start, cue, how):
    """`Roe and Doe will meet next week, Jim Poe said, adding, “…”`: a participle cue after a
    finite one continues its speaker, not the subject opening the sentence; None without one."""
    earlier = [c for c in CUE.finditer(body, clause_start, cue_start) if not c["cue"].endswith("ing")]
    if not earlier or not re.fullmatch(r"[^,.;:“”\"]{0,40},\s*", body[earlier[-1].end() : cue_start]):
        return None  # "Poe said on Tuesday, adding", not "Poe said Roe, meeting Doe, …"
    found = speaker_before_cue(body, actors, clause_start, earlier[-1].start(), earlier[-1]["cue"], how)
    return Attribution(found.speaker, cue, found.how) if found.speaker else None


def first_of_coordinated(actors, mention):
    """Of two speakers named together ("David Albright and Serena Kelleher wrote", "Mark Blumenthal
    and Jon Cohen:"), the first: a quote has one speaker, and the first named leads."""
    for other in actors.mention_at(max(0, mention.start - 80), mention.start):
        if other.kind == mention.kind and re.fullmatch(
            r"\s+(?:and|&)\s+", actors.body[other.end : mention.start]
        ):
            return other
    return mention


def relative_antecedent(body, actors, clause_start, who_start):
    """The person or organisation named right before `, who` or `, which` at `who_start`, if any;
    an acronym in brackets after the name stands for it (`the Air Transport Association (IATA),
    which has attacked …`)."""
    named = [
        m
        for m in actors.mention_at(clause_start, who_start)
        if m.kind in (PERSON, ORGANISATION) and not m.possessive
    ]
    if len(named) > 1 and re.fullmatch(r"\s*\(", body[named[-2].end : named[-1].start]):
        named.pop()  # the bracketed acronym: the regex below skips its brackets
    if named and re.fullmatch(r"\s*(?:\([^()]{1,30}\))?\s*,\s*", body[named[-1].end : who_start]):
        return named[-1]
    return None


def described_person(actors, before, heads, fallback=True):
    """Who "the Bishop" or "the actor" is: a person introduced with one of the `heads` (or its
    abbreviation: "the senator" for "Sen. Jane Roe"), else (with `fallback`) the subject."""
    # The word must stand in the title right before the name: "The Bishop of Durham, the Rt Rev Dr
    # Tom Wright", "England coach Sven-Goran Eriksson" (not "coach Eriksson has picked Shaun Smith").
    words = [re.escape(head) for head in heads] + [
        re.escape(short) for head in heads for short in ROLE_ABBREVIATIONS.get(head.lower(), ())
    ]
    pattern = re.compile(  # the head in any case, the name's capitals as written ("Sen. Roe to support")
        rf"(?<![\w.])(?i:{'|'.join(words)})(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?,?\s+"
        r"(?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+)*$"
    )
    people = [
        m for m in actors.mention_at(max(0, before - 3000), before) if m.kind == PERSON and not m.possessive
    ]
    introduced = {m.canonical for m in people if pattern.search(_introduction(actors.body, m))}
    # of several people introduced so ("World Bank President Jim Yong Kim", "President Obama"), the
    # one the text was last talking about: "Obama said … The president also said"
    described = [m for m in people if m.canonical in introduced]
    subjects = [m for m in described if m.in_narration and is_subject(actors.body, m)]
    if described:
        return (subjects or described)[-1]
    return most_recent_person(actors, before) if fallback else None


def _introduction(body, mention):
    """The words of its sentence right before a mention ("The Bishop of Durham, the Rt Rev Dr")."""
    window = body[max(0, mention.start - 60) : mention.start]
    ends = [m.end() for m in SENTENCE_BREAK.finditer(window)]  # not at "Sen." or "Dr."
    return window[ends[-1] :] if ends else window


def sentence_subject(body, actors, clause_start, cue_start, cue):
    """The subject opening the sentence: a he/she pronoun or a person named first."""
    phrase = body[clause_start:cue_start]
    first = phrase.split()[0].lower().strip(",") if phrase.split() else ""
    if first in SUBJECT_PRONOUNS:
        speaker = most_recent_person(actors, clause_start, pronoun=first)
        return Attribution(speaker, cue, "pronoun") if speaker else Attribution(cue=cue)
    opening = [m for m in actors.mention_at(clause_start, cue_start) if m.kind == PERSON and not m.possessive]
    if opening and opening[0].start - clause_start < SUBJECT_REACH and is_subject(body, opening[0]):
        return Attribution(opening[0], cue, "before")
    return Attribution(cue=cue)


def _names_a_person(head):
    return head not in NOT_PERSON_HEADS and not head.endswith("s")


def _object_of_preposition(body, mention):
    before = body[max(0, mention.start - 40) : mention.start]
    before = before.split("\n")[-1]
    sentence_ends = list(SENTENCE_BREAK.finditer(before))  # not at "Mr.": "under Mr. Roe"
    before = before[sentence_ends[-1].end() :] if sentence_ends else before  # "on Monday. Ryan said"
    before = re.sub(r"(?:\b(?:the|a|an|Mr|Mrs|Ms|Dr)\.?\s+|\b[A-Z][\w.-]*\s+)*$", "", before)
    if re.search(r"\b[A-Z][\w.-]*\s+of\s*$", before):
        return False  # a title: "Speaker of the House Rep. Jane Roe", "Secretary of State Jane Roe"
    return bool(re.search(r"\b(?:for|of|to|with|by|from|at|about|on|in|against|under|than|like)\s*$", before))


def _inside_relative_clause(body, clause_start, mention):
    """A name inside "…, whose films include X, Y and Z," or "…, who met X," is not the subject.

    A relative clause set off by a comma runs to the cue; an embedded one ends at the next comma
    ("Judging by who leads the polls, Roe said": Roe is the subject)."""
    relatives = list(RELATIVE_WORDS.finditer(body, clause_start, mention.start))
    if not relatives:
        return False
    set_off = any(body[clause_start : r.start()].rstrip().endswith((",", "—", "–", "(")) for r in relatives)
    return set_off or "," not in body[relatives[-1].end() : mention.start]


def _subject_reaches_cue(body, mention, cue_start):
    """Only adverbs or an appositive stand between a name and its cue, not another clause.

    `Theresa May, said`, `Sessions later said`, `Ramos, who once worked as a defender, said` and
    `Rep. Jane Roe (D-Mo.), who served under George W. Bush, said` reach the cue; `Smith met Jones
    and said` does not reach it from Smith.
    """
    between = PARTY_TAG.sub("", body[mention.end : cue_start], count=1)
    between = ABBREVIATION_PERIOD.sub(r"\1", between)
    if COORDINATED_VERB_BETWEEN.fullmatch(between):
        return False  # "She defended it against Roe, but admitted": the cue shares her subject
    if not ADVERBS_BEFORE_CUE.sub("", " " + between.strip(" ,")):
        return True
    return bool(
        APPOSITIVE_BETWEEN.fullmatch(between)
        or AFFILIATION_BETWEEN.fullmatch(between)
        or PARTICIPLE_BETWEEN.fullmatch(between)
    )


def first_named(actors, start, end, must_start_at):
    """The person (else organisation) that the phrase body[start:end] opens with.

    Titles and a role may stand in front ("said Mr. Sessions", "said AK chief Isaiah Kiplagat",
    "said Gartner's principal analyst Kobita Desai"); "said a spokesman for John Smith" names no one.
    """
    named = [
        m
        for m in actors.mention_at(start, end)
        if m.kind in (PERSON, ORGANISATION)
        and not m.possessive
        and SPEAKER_LEAD.fullmatch(actors.body[must_start_at : m.start])
        and not NAME_AS_MODIFIER.match(actors.body, m.end)
        and not ROLE_AFTER_NAME.match(actors.body, m.end)
    ]
    # "said Richard and Judy executive producer Amanda Ross": the name that ends the phrase is the
    # head; an organisation that does not end it only qualifies someone ("said the Chelsea star").
    heads = [m for m in named if not actors.body[m.end : end].strip(" .,;:")]
    # "said House Speaker Paul Ryan in a statement": a name right before a title and a person's name
    # qualifies them (a mistyped "House"), whatever follows
    people = [
        m
        for m in named
        if m.kind == PERSON
        and not any(
            other.kind == PERSON
            and other.start > m.end
            and TITLES_BETWEEN.fullmatch(actors.body, m.end, other.start)
            for other in named
        )
    ]
    return ([m for m in heads if m.kind == PERSON] or people or heads or [None])[0]


def most_recent_person(actors, before, window=1500, pronoun=None):
    """Who "he" or "she" refers to: the person the text was last talking about, before `before`.

    That is the last person named as a subject (opening a sentence, or in front of a cue verb) or
    as the owner opening one ("Palin's posts include …"), outside quotation marks; failing that,
    the only person named recently. With a `pronoun`, only people whose gender the article does
    not contradict count (`person_gender`). None when unsure.
    """
    people = _named_before(actors, before, window, PERSON)
    owners = [
        m
        for m in _named_before(actors, before, window, PERSON, possessive=True)
        if _starts_its_sentence(actors.body, m)
    ]
    wanted = PRONOUN_GENDER.get(pronoun)
    if wanted:
        people = [m for m in people if person_gender(actors, m.canonical) in (None, wanted)]
        owners = [m for m in owners if person_gender(actors, m.canonical) in (None, wanted)]
    subjects = [m for m in people if is_subject(actors.body, m) and not in_that_clause(actors.body, m)]
    subjects = [m for m in subjects if not subordinate_to_a_subject(actors.body, m, subjects)]
    subjects = sorted(subjects + owners, key=lambda m: m.start)
    if subjects:
        return answer_to_question(actors, subjects[-1], before, wanted) or subjects[-1]
    nearby = [m for m in people if m.start >= _previous_paragraph_start(actors.body, before)]
    for named in (people, nearby):  # the only person named recently, else in these two paragraphs
        if len({m.canonical for m in named}) == 1:
            return named[-1]
    return salient_person(actors, people)


def _previous_paragraph_start(body, offset):
    """Where the paragraph before the one holding `offset` starts ("To Professor Jane Roe, the
    stare meant sorrow.\n\n“…,” she said": Roe, whoever the window named before)."""
    start = body.rfind("\n", 0, offset)
    if start == -1:
        return 0
    text_end = len(body[:start].rstrip())
    return body.rfind("\n", 0, text_end) + 1


def in_that_clause(body, mention):
    """A name opening a clause that another subject reports (`Roe said that Doe had …`, `pointing
    out that the paper's Jane Doe had reported`) is what the passage tells, not whom it is about."""
    before = body[max(0, mention.start - 60) : mention.start]
    sentence_ends = list(SENTENCE_BREAK.finditer(before))
    before = before[sentence_ends[-1].end() :] if sentence_ends else before
    return bool(THAT_BEFORE_NAME.search(LEADING_TITLES_AT_END.sub("", before)))


def subordinate_to_a_subject(body, mention, subjects):
    """A name opening a subordinate clause of a sentence whose main clause has a subject of its own
    among `subjects` (`Roe said he ran only because Doe agreed`: Roe, not Doe, is whom the passage
    is about; in `The idea came up when Roe called …` Roe is)."""
    before = LEADING_TITLES_AT_END.sub("", body[max(0, mention.start - 60) : mention.start])
    if not SUBORDINATOR_BEFORE_NAME.search(before):
        return False
    return any(
        other.start < mention.start and not SENTENCE_BREAK.search(body, other.end, mention.start)
        for other in subjects
    )


def salient_person(actors, people):
    """Of the `people` named recently, none of them as a subject, the one the article is about: named
    at least SALIENT_MENTIONS times in its narration and twice as often as any other of them
    ("Standing … with Mayor Doe by her side, Jane Roe turned to …" in an article about Roe); else None."""
    counts = Counter(m.canonical for m in actors.mentions if m.kind == PERSON and m.in_narration)
    ranked = sorted({m.canonical for m in people}, key=lambda name: -counts[name])
    top = counts[ranked[0]] if ranked else 0
    if len(ranked) > 1 and top >= SALIENT_MENTIONS and top >= 2 * counts[ranked[1]]:
        return [m for m in people if m.canonical == ranked[0]][-1]
    return None


def answer_to_question(actors, asker, before, wanted):
    """`Roe asked Doe whether …. “Sure,” he said`: the person asked, when the quote comes right
    after the question and its pronoun fits them; else None."""
    body = actors.body
    asked = ASKED_SOMEONE.match(body, asker.end)
    if not asked:
        return None
    listener = first_named(actors, asked.end(), _phrase_end(body, asked.end(), before), asked.end())
    question_end = listener and SENTENCE_BREAK.search(body, listener.end, before)
    if not question_end or listener.kind != PERSON or listener.canonical == asker.canonical:
        return None
    if not QUESTION_WORD.match(body, listener.end) and "?" not in question_end.group():
        return None  # "Roe asked Doe to leave": a request, not a question
    between = QUOTED_TEXT.sub("", body[question_end.end() : before])
    if between.strip(" ,\n") or person_gender(actors, listener.canonical) not in (None, wanted):
        return None
    return listener


def pronoun_antecedent(actors, clause_start, pronoun_end, pronoun):
    """Who a he/she in front of a cue is: the person opening its own sentence before it ("Roe
    said that …, which she added"; not "Roe, who backed Doe, was blunt — what he called"), else
    the person the text was talking about before the sentence (most_recent_person)."""
    wanted = PRONOUN_GENDER[pronoun]
    opening = [
        m
        for m in _named_before(actors, pronoun_end, pronoun_end - clause_start, PERSON)
        if opens_sentence(actors.body, m.start) and person_gender(actors, m.canonical) in (None, wanted)
    ]
    return opening[-1] if opening else most_recent_person(actors, clause_start, pronoun=pronoun)


def person_gender(actors, canonical):
    """ "m", "f" or None: how the article refers to a person, by majority of the strong evidence —
    their common given name (given_name_gender), worth GIVEN_NAME_VOTES, and the article's own
    (_gender_votes) — or, when there is none, of the weak evidence. The given name outweighs a
    stray pronoun (`Clinton “caused havoc,” he said`: the speaker's, not hers), not an article that
    keeps calling a name the other gender."""
    genders = actors.genders
    if canonical not in genders:
        strong, weak = _gender_votes(actors, canonical)
        given = given_name_gender(actors.body, canonical)
        if given:
            strong[given] += GIVEN_NAME_VOTES
        votes = strong if any(strong.values()) else weak
        genders[canonical] = None if votes["m"] == votes["f"] else max(votes, key=votes.get)
    return genders[canonical]


def given_name_gender(body, canonical):
    """The gender of the common given name opening a name (FIRST_NAME_GENDER), or None: for a lone
    word the article also uses as a surname ("Sen. Warren", "Elizabeth Warren"), and when it also
    names someone of the other gender with that surname ("Hillary Clinton" beside "Bill Clinton":
    a bare "Clinton" merged into either name may be the other)."""
    words = canonical.split()
    given = FIRST_NAME_GENDER.get(words[0])
    if given is None or (len(words) == 1 and _used_as_surname(body, words[0])):
        return None
    for other in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(words[-1])}\b", body):
        if FIRST_NAME_GENDER.get(other[1], given) != given:
            return None
    return given


def _used_as_surname(body, word):
    """Whether `word` follows a capitalised word or a title somewhere in `body` ("Elizabeth Warren",
    "Sen. Warren"), not only opening a sentence or standing alone ("Melanie said")."""
    return bool(re.search(rf"\b[A-Z][\w.’'-]*\.?\s+{re.escape(word)}\b", body))


def _gender_votes(actors, canonical):
    """({"m": n, "f": n} strong, weak): how the article refers to a person. Strong evidence is
    Mr/Mrs/Ms before a name, and the first gendered pronoun after a mention as a subject, in its
    paragraph and before the next person named ("Roe said she …"); weak evidence, which counts only
    when there is no strong, the first such pronoun in the sentence of a mention that is no subject
    ("Trump declined, though he …"), often someone else's ("Sanders attacked Clinton for his …"),
    so that it never outvotes "Clinton said she". Mentions inside quotation marks do not vote."""
    strong, weak = {"m": 0, "f": 0}, {"m": 0, "f": 0}
    people = [m for m in actors.mentions if m.kind == PERSON]
    for mention, following in zip(people, [*people[1:], None], strict=True):
        if mention.canonical != canonical or not mention.in_narration:
            continue
        title = HONORIFIC_BEFORE.search(actors.body, max(0, mention.start - 6), mention.start)
        if title:  # "Mrs. Clinton" tells wherever it stands
            strong[PRONOUN_GENDER[title[1].lower()]] += 1
        pronoun = _pronoun_after(actors.body, mention, following)
        if pronoun:
            votes = strong if is_subject(actors.body, mention) else weak
            votes[PRONOUN_GENDER[pronoun.lower()]] += 1
    return strong, weak


def _pronoun_after(body, mention, following):
    """The first gendered pronoun after a mention, before the next person named, in the same
    paragraph (the next one's "she" may be anyone's), and for a mention that is no subject in the
    same sentence; never one inside quotation marks, nor an object after a sentence's subject."""
    stop = min(following.start if following else len(body), mention.end + 300)
    paragraph_end = body.find("\n", mention.end, stop)
    stop = stop if paragraph_end == -1 else paragraph_end
    opens = opens_sentence(body, mention.start)
    if not is_subject(body, mention):
        sentence_end = SENTENCE_BREAK.search(body, mention.end, stop)
        stop = sentence_end.start() if sentence_end else stop
    quoted = quoted_ranges(body)
    for pronoun in GENDERED_PRONOUN.finditer(body, mention.end, stop):
        if not any(start <= pronoun.start() < end for start, end in quoted):
            # a pronoun quoted ("Roe said, “she started …”") is someone else, and so is the
            # object of the verb of a name opening its sentence ("Roe called her")
            return None if opens and is_object_pronoun(body, pronoun) else pronoun[0]
    return None


@lru_cache(maxsize=64)
def quoted_ranges(body):
    """(start, end) of every quotation of `body`; cached, as gender asks it of each mention."""
    return tuple((span.start, span.end) for span in find_quote_spans(body))


def most_recent_subject(actors, before, kind, window=1500):
    """The last actor of `kind` named as a subject before `before`, if any."""
    subjects = [m for m in _named_before(actors, before, window, kind) if is_subject(actors.body, m)]
    return subjects[-1] if subjects else None


def _starts_its_sentence(body, mention):
    """A name that is the first word of its sentence, after titles or a connective ("Palin's posts
    include"; not "Armstrong Williams, Carson's adviser, said": SENTENCE_OPENING takes that for an
    opening phrase)."""
    start = max(0, mention.start - 40)
    before = ("" if start else "\n") + LEADING_TITLES_AT_END.sub("", body[start : mention.start])
    return bool(FIRST_WORDS_OF_SENTENCE.search(before))


def _named_before(actors, before, window, kind, possessive=False):
    """The mentions of `kind` in the narration within `window` characters before `before`: names
    (`possessive` False) or owners ("Palin's posts", `possessive` True)."""
    return [
        m
        for m in actors.mention_at(max(0, before - window), before)
        if m.kind == kind and m.in_narration and m.possessive == possessive
    ]


@lru_cache(maxsize=4096)
def opens_sentence(body, offset):
    """Whether a name at `offset` opens its sentence (SENTENCE_OPENING: after titles, a connective,
    an opening phrase or a role). The text looked at starts at most SUBJECT_WINDOW characters back;
    cut short, it opens with a NUL, so that the pattern's `^` means the start of the body, not of
    the window. Cached: every pronoun and gender decision asks it of the same mentions again."""
    start = max(0, offset - SUBJECT_WINDOW)
    before = ("\0" if start else "") + LEADING_TITLES_AT_END.sub("", body[start:offset])
    return bool(SENTENCE_OPENING.search(before))


def is_subject(body, mention):
    """A name that opens a sentence or is the subject of a cue verb ("Mr Balls, a Labour MP, said")."""
    if opens_sentence(body, mention.start):
        return True
    before = LEADING_TITLES_AT_END.sub("", body[max(0, mention.start - 80) : mention.start])
    if CUE_BEFORE_NAME.search(before):
        return not REPORTED_CLAUSE_AFTER_NAME.match(body, mention.end)
    cue = CUE.search(body, mention.end, mention.end + 120)
    if not cue or PASSIVE_BEFORE.search(body, mention.end, cue.start()):
        return False  # "Alan Krueger, the adviser, — were not to be dismissed": no subject
    if _object_of_preposition(body, mention):
        return False  # "Tom Doe, an adviser to Mr. Roe, said": Doe is the subject, not Roe
    return _subject_reaches_cue(body, mention, cue.start())
