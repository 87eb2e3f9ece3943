"""Reported (indirect) speech: "Sessions said the department would hire 35 more attorneys."

Only sentences that contain a speech cue and no quotation mark are parsed (`candidate_sentences`),
with the dependency parser of the installed model (nlp.parse_sentences), so the import pays for
the parser on a fraction of the text. In a parsed sentence, a speech verb with a clausal
complement (`ccomp`) is a cue: the clause is the content, and the verb's subject the speaker,
resolved by the same rules as a direct quote's (pronouns, descriptions, names before or after the
cue: quotes.speaker_before_cue and quotes.first_named). `according to X, …` is a cue too. The
result is a RawQuote of kind `reported` whose text is the content clause.
"""

import re

from archive.records import RawQuote

from .quotes import (
    CONFIDENCE,
    MAX_SPEAKER_WORDS,
    first_named,
    governing_subject,
    paragraph_sentences,
    speaker_before_cue,
)

REPORTED = "reported"
# fmt: off
SPEECH_VERBS = {
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds", "adding",
    "wrote", "writes", "writing", "argued", "argues", "arguing", "claimed", "claims", "claiming",
    "warned", "warns", "warning", "noted", "notes", "noting", "stated", "states", "explained",
    "explains", "insisted", "insists", "announced", "announces", "acknowledged", "acknowledges",
    "admitted", "admits", "conceded", "concedes", "suggested", "suggests", "stressed", "predicted",
    "predicts", "testified", "maintained", "maintains", "responded", "replied", "contended",
    "contends", "declared", "declares", "asserted", "asserts", "alleged", "alleges", "reported",
    "reports", "confirmed", "confirms", "denied", "denies", "promised", "promises", "vowed", "vows",
    "pledged", "tweeted", "complained", "complains", "emphasized", "emphasised", "indicated",
    "recalled", "recalls", "observed", "boasted", "countered", "revealed", "disclosed", "mentioned",
    "stressing", "stresses", "confirming", "suggesting", "insisting", "announcing", "acknowledging",
    "admitting", "conceding", "predicting", "contending", "declaring", "asserting", "alleging",
    "reporting", "denying", "promising", "vowing", "pledging", "tweeting", "complaining",
    "emphasizing", "emphasising", "explaining", "stating", "replying", "responding", "testifying",
    "recalling", "boasting", "revealing", "mentioning", "mentions", "argue", "claim", "warn",
    "note", "insist", "announce", "admit", "suggest", "predict", "promise", "vow", "deny", "report",
    "write", "add", "explain", "acknowledge", "concede",
}
# fmt: on
# fmt: off
URGING_VERBS = {
    "urged", "urges", "urging", "called", "calls", "calling", "demanded", "demands", "demanding",
}
# Verbs whose object is what was said: "accused the board of lying", "denied the claims",
# "described the plan as a gamble".
OBJECT_VERBS = {
    "accused", "accuses", "accusing", "blamed", "blames", "blaming", "criticized", "criticised",
    "criticizes", "criticises", "criticizing", "criticising", "attacked", "attacks", "attacking",
    "described", "describes", "describing", "denied", "denies", "denying", "announced", "announces",
    "announcing", "declared", "declares", "acknowledged", "acknowledges", "admitted", "admits",
    "condemned", "condemns", "reported", "reports", "charged", "charges",
}
# Verbs of promising, whose content is what is promised: "vowed to keep the harbour open".
PROMISE_VERBS = {
    "vowed", "vows", "vowing", "promised", "promises", "promising", "pledged", "pledges",
    "pledging", "threatened", "threatens", "threatening",
}
# Verbs whose "about" phrase is the content: "talked about the new harbour".
ABOUT_VERBS = {
    "talked", "talks", "talking", "talk", "spoke", "speaks", "speaking", "speak", "complained",
    "complains", "warned", "warns", "wrote", "writes", "tweeted", "commented", "comments",
}
ASKING_VERBS = {"asked", "asks", "asking", "ask"}
# The prepositions that continue an object verb's content: "accused X of", "blamed X on",
# "described X as", "charged X with".
OBJECT_PREPOSITIONS = {"of", "on", "for", "as", "with"}
# fmt: on
CUE_WORDS = SPEECH_VERBS | URGING_VERBS | OBJECT_VERBS | PROMISE_VERBS | ABOUT_VERBS | ASKING_VERBS
WORD = re.compile(r"[A-Za-z]+")
ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE)
QUOTE_MARK = re.compile(r"[“”\"]|''")
MIN_CONTENT_WORDS = 3
MIN_NARRATION_WORDS = 6  # a cue, a subject and a clause of at least three words
# What stands for a quotation in a sentence's narration: one that hands over to its speaker
# (`“…,” said Roe`), or any other.
HANDING_OVER, QUOTED = "\x01", "\x00"
HANDOVER_PUNCTUATION = set(",.!?…—-")
WORD_OR_QUOTATION = re.compile(r"[A-Za-z]+|[\x00\x01]")
DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|these|those|his|her|its|their|our|my|your)\s+$", re.I)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+$", re.I)  # "was announced"
BEFORE_QUOTATION = re.compile(r"[\s,:;-]*[\x00\x01]")


def candidate_sentences(body, quote_spans):
    """(start, end) of each sentence whose narration (the words outside quotation marks) has a
    speech cue that may report something (`reporting_cues`) and room for a paraphrase: `“…,” he
    said.` and `The report was late.` are not parsed; `He said the plan, “a disgrace,” would
    fail.` is."""
    sentences, offset = [], 0
    for paragraph in body.split("\n"):
        for first, last in paragraph_sentences(body, offset, offset + len(paragraph)):
            narration = _narration(body, first, last, quote_spans)
            if len(WORD.findall(narration)) >= MIN_NARRATION_WORDS and reporting_cues(narration):
                sentences.append((first, last))
        offset += len(paragraph) + 1
    return sentences


def reporting_cues(narration):
    """How many speech cues (CUE_WORDS, "according to") of a sentence's narration may report
    speech. Not counted: a noun after a determiner ("the report"), a passive ("was announced"),
    the attribution of a quotation that hands over to its speaker (the first finite cue after
    `“…,”`: `“…,” Jane Roe, the port's director, said`), a cue right before a quotation (`he said:
    “…”`): there the quotation is the content, found without a parse.
    """
    count = len(ACCORDING_TO.findall(narration))
    words_after_handover = None  # words since a quotation that hands over, until its attribution
    for match in WORD_OR_QUOTATION.finditer(narration):
        word = match.group().lower()
        if word in (HANDING_OVER, QUOTED):
            words_after_handover = 0 if word == HANDING_OVER else None
            continue
        if word not in CUE_WORDS:
            if words_after_handover is not None:
                words_after_handover += 1
            continue
        finite = not word.endswith("ing")
        attribution = (
            finite and words_after_handover is not None and words_after_handover <= MAX_SPEAKER_WORDS
        )
        before = narration[max(0, match.start() - 30) : match.start()]
        noun = DETERMINER_BEFORE.search(before) or (finite and PASSIVE_BEFORE.search(before))
        if not (attribution or noun or BEFORE_QUOTATION.match(narration, match.end())):
            count += 1
        words_after_handover = None if finite else words_after_handover
    return count


def _narration(body, start, end, quote_spans):
    """body[start:end] with every quotation replaced by HANDING_OVER when it ends a sentence or a
    clause (`“…,”`, `“….”`), else by QUOTED."""
    pieces, cursor = [], start
    for span in quote_spans:
        if span.opening < end and span.end > cursor:
            pieces.append(body[cursor : max(cursor, span.opening)])
            hands_over = (
                body[span.end - 1 : span.end] in HANDOVER_PUNCTUATION
                or body[span.end + 1 : span.end + 2] == ","
            )
            pieces.append(f" {HANDING_OVER if hands_over else QUOTED} ")
            cursor = max(cursor, span.end + 1)
    pieces.append(body[cursor:end])
    return "".join(pieces)


def find_reported(body, sentences, docs, actors, quote_spans):
    """RawQuotes of kind `reported` for the parsed candidate `sentences` of `body`.

    Content that holds a quotation (“…”) is a direct or partial quote's, not paraphrase, and a cue
    inside a quotation is the quoted speaker's own words. In nested speech the outermost cue wins
    ("X told police that she …, the source added" → the source).
    """
    found = []
    for (start, _), doc in zip(sentences, docs, strict=True):
        cues = [t for t in doc if t.lower_ in CUE_WORDS or t.lower_ == "according"]
        for token in sorted(cues, key=lambda t: len(list(t.ancestors))):
            if any(s.start <= start + token.idx < s.end for s in quote_spans):
                continue
            reported = _reported_at(body, start, token, actors)
            if reported is None or QUOTE_MARK.search(reported.text):
                continue
            taken = found + list(quote_spans)
            if not any(r.start < reported.end and reported.start < r.end for r in taken):
                found.append(reported)
    return found


def _reported_at(body, offset, token, actors):
    if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
        return _according_to(body, offset, token, actors)
    if token.lower_ not in CUE_WORDS:
        return None
    content = _content(token)
    verb, subject = governing_subject(token)
    if content is None or subject is None or (token.lower_ in ASKING_VERBS and verb is not token):
        return None  # "…, when asked whether …": what was asked is not the subject's
    if subject.i < verb.i:
        verb_start = offset + verb.idx
        attribution = speaker_before_cue(
            body, actors, offset + subject.left_edge.idx, verb_start, verb.text, "before"
        )
        speaker, how = attribution.speaker, attribution.how
    else:
        subject_start = offset + subject.left_edge.idx
        subject_end = offset + subject.right_edge.idx + len(subject.right_edge)
        speaker, how = first_named(actors, subject_start, subject_end, must_start_at=subject_start), "after"
    return _quote(body, offset, content, speaker, token.text, how)


def _according_to(body, offset, token, actors):
    """`According to the senator, the bill will pass.` / `The bill will pass, according to X.`"""
    to = next(c for c in token.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    source = objects[0]
    source_start = offset + source.left_edge.idx
    source_end = offset + source.right_edge.idx + len(source.right_edge)
    speaker = first_named(actors, source_start, source_end, must_start_at=source_start)
    doc = token.doc
    rest = [t for t in doc if not (token.left_edge.i <= t.i <= source.right_edge.i) and not t.is_punct]
    before = [t for t in rest if t.i < token.i]
    after = [t for t in rest if t.i > source.right_edge.i]
    part = after if len(after) >= len(before) else before
    if len(part) < MIN_CONTENT_WORDS:
        return None
    content = (part[0].idx, part[-1].idx + len(part[-1]))
    return _quote(body, offset, content, speaker, "according to", "before")


def _content(verb):
    """(start, end) within the sentence of what a cue verb reports, or None.

    Its clausal complement ("said [the plan failed]"); the clause it interrupts ("[The ferries,]
    he said, [will sail]"); for a verb of urging what follows it ("urged [voters to stay home]");
    the object of a verb such as "accused" or "denied" with the phrase that completes it
    ("accused [the board of lying]"); what is promised ("vowed [to stay]"); the "about" phrase of
    "talked" or "complained"; what is asked ("asked the mayor [whether …]").
    """
    word = verb.lower_
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        return _span(_clause_tokens(clauses[0]))
    if word in SPEECH_VERBS and _interrupts(verb):
        return _span([t for t in verb.head.subtree if not verb.left_edge.i <= t.i <= verb.right_edge.i])
    if word in URGING_VERBS:
        return _urged(verb)
    if word in OBJECT_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        completions = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS]
        completions += [c for c in verb.children if c.dep_ in ("oprd", "xcomp")]
        if objects:
            return _span([t for part in objects + completions for t in part.subtree])
    if word in PROMISE_VERBS | ASKING_VERBS:
        complements = [c for c in verb.children if c.dep_ == "xcomp"]
        complements += [c for c in verb.children if c.dep_ == "dobj" and word in PROMISE_VERBS]
        if complements:
            return _span(list(complements[0].subtree))
    if word in ABOUT_VERBS:
        about = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "about"]
        if about:
            return _span([t for t in about[0].subtree if t is not about[0]])
    return None


def _interrupts(verb):
    """A speech verb with no complement of its own that interrupts or follows the clause it
    reports: "The ferries, he said, will sail", "The ferries will sail, said Tom Bradwell"."""
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children) or verb.head is verb:
        return False
    if verb.dep_ == "parataxis":
        return True
    before = verb.doc[verb.left_edge.i - 1] if verb.left_edge.i else None
    return verb.dep_ == "conj" and verb.i > verb.head.i and before is not None and before.text == ","


def _clause_tokens(clause):
    """The words of a reported clause without a leading "that" and without a speech verb joined to
    it ("says [the plan failed] and says he voted against it": the second is a cue of its own)."""
    tokens = list(clause.subtree)
    if tokens and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    for conjoined in clause.children:
        if conjoined.dep_ == "conj" and conjoined.lower_ in CUE_WORDS and conjoined.i > clause.i:
            cut = conjoined.left_edge.i
            while cut > clause.i and clause.doc[cut - 1].dep_ in ("cc", "punct"):
                cut -= 1
            tokens = [t for t in tokens if t.i < cut]
    return tokens


def _urged(verb):
    """What a verb of urging asks for: the words after it ("urged [voters to stay home]", "called
    for [a recount]")."""
    after = [t for t in verb.subtree if t.i > verb.i]
    if after and after[0].lower_ in ("for", "on"):
        after = after[1:]
    if not any(t.dep_ in ("xcomp", "pobj", "dobj") for t in after):
        return None
    return _span(after)


def _span(tokens):
    """(start, end) within the sentence of `tokens` (in text order), punctuation at either end
    and a trailing aside (`_without_trailing_aside`) left out; None for fewer than
    MIN_CONTENT_WORDS words."""
    tokens = _without_trailing_aside(sorted(tokens, key=lambda t: t.i))
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if len([t for t in tokens if not t.is_punct]) < MIN_CONTENT_WORDS:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _without_trailing_aside(tokens):
    """`tokens` up to a comma that opens an aside running to their end: a relative clause or an
    appositive ("it would be Trump[, who leads the race]"), a participle or "while" clause ("[,
    saying …]", "[, while 22 percent said …]"): the writer's addition, not what was reported."""
    if not tokens:
        return tokens
    last = tokens[-1].i
    for index, token in enumerate(tokens[1:], start=1):
        if token.text != "," or index + 1 >= len(tokens):
            continue
        opener = tokens[index + 1]
        aside = (
            opener.head if opener.head.i > opener.i and opener.dep_ in ("mark", "nsubj", "advmod") else opener
        )
        if aside.right_edge.i == last and aside.left_edge.i == opener.i and _is_aside(aside):
            return tokens[:index]
    return tokens


def _is_aside(token):
    if token.dep_ in ("relcl", "appos", "acl"):
        return True
    # The sentence parser runs without the tagger: a participle is known by its ending.
    participle = token.left_edge is token and token.lower_.endswith("ing")
    return token.dep_ == "advcl" and (participle or token.left_edge.lower_ in ("while", "whereas"))


def _quote(body, offset, content, speaker, cue, how):
    start, end = offset + content[0], offset + content[1]
    return RawQuote(
        text=body[start:end],
        start=start,
        end=end,
        speaker=speaker.canonical if speaker else None,
        speaker_kind=speaker.kind if speaker else "person",
        cue=cue[:40],
        kind=REPORTED,
        confidence=CONFIDENCE[how if speaker else "unattributed"],
    )
