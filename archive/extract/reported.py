"""Reported (indirect) speech: "Sessions said the department would hire 35 more attorneys."

Only sentences that contain a speech cue and no quotation mark are parsed (`candidate_sentences`),
with the dependency parser of the installed model (nlp.parser_pipeline), so the import pays for
the parser on a fraction of the text. In a parsed sentence, a speech verb with a clausal
complement (`ccomp`) is a cue: the clause is the content, and the verb's subject the speaker,
resolved by the same rules as a direct quote's (pronouns, descriptions, names before or after the
cue: quotes.speaker_before_cue and quotes.first_named). `according to X, …` is a cue too. The
result is a RawQuote of kind `reported` whose text is the content clause.
"""

import re

from archive.records import RawQuote

from .quotes import CONFIDENCE, first_named, paragraph_sentences, speaker_before_cue

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
# fmt: on
CUE_WORDS = SPEECH_VERBS | URGING_VERBS
WORD = re.compile(r"[A-Za-z]+")
ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE)
QUOTE_MARK = re.compile(r"[“”\"]|''")
MIN_CONTENT_WORDS = 3
MIN_NARRATION_WORDS = 6  # a cue, a subject and a clause of at least three words


def candidate_sentences(body, quote_spans):
    """(start, end) of each sentence whose narration (the words outside quotation marks) has a
    speech cue and room for a paraphrase: `“…,” he said.` is not parsed, nor a sentence opening
    with a quotation whose only cue is its attribution; `He said the plan, “a disgrace,” would
    fail.` is."""
    sentences, offset = [], 0
    for paragraph in body.split("\n"):
        for first, last in paragraph_sentences(body, offset, offset + len(paragraph)):
            narration = _narration(body, first, last, quote_spans)
            cues = _cue_count(narration)
            if not cues or len(narration.split()) < MIN_NARRATION_WORDS:
                continue
            if cues == 1 and any(s.opening <= first <= s.end for s in quote_spans):
                continue  # `“…,” said Jane Roe, the port's director.`: only the quote's attribution
            sentences.append((first, last))
        offset += len(paragraph) + 1
    return sentences


def _cue_count(text):
    """How many speech cues (SPEECH_VERBS, URGING_VERBS, "according to") `text` holds."""
    words = sum(word.lower() in CUE_WORDS for word in WORD.findall(text))
    return words + len(ACCORDING_TO.findall(text))


def _narration(body, start, end, quote_spans):
    """body[start:end] with every quotation left out."""
    pieces, cursor = [], start
    for span in quote_spans:
        if span.opening < end and span.end > cursor:
            pieces.append(body[cursor : max(cursor, span.opening)])
            cursor = max(cursor, span.end + 1)
    pieces.append(body[cursor:end])
    return " ".join(pieces)


def find_reported(body, sentences, docs, actors, quote_spans):
    """RawQuotes of kind `reported` for the parsed candidate `sentences` of `body`.

    Content that holds a quotation (“…”) is a direct or partial quote's, not paraphrase. In nested
    speech the outermost cue wins ("X told police that she …, the source added" → the source).
    """
    found = []
    for (start, _), doc in zip(sentences, docs, strict=True):
        for token in sorted(doc, key=lambda t: len(list(t.ancestors))):
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
    if token.lower_ not in SPEECH_VERBS | URGING_VERBS:
        return None
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    content = _content(token)
    if content is None or not subjects:
        return None
    subject = subjects[0]
    cue_start, cue_end = offset + token.idx, offset + token.idx + len(token)
    if subject.i < token.i:
        attribution = speaker_before_cue(
            body, actors, offset + subject.left_edge.idx, cue_start, token.text, "before"
        )
        speaker, how = attribution.speaker, attribution.how
    else:
        subject_end = offset + subject.right_edge.idx + len(subject.right_edge)
        speaker, how = first_named(actors, cue_end, subject_end, must_start_at=cue_end), "after"
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
    """What a speech verb reports: its clausal complement ("said [the plan failed]"), or for a
    verb of urging what follows it ("urged [voters to stay home]", "called for [a recount]")."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        return _span(clauses[0], skip_mark=True)
    if verb.lower_ not in URGING_VERBS:
        return None
    after = [t for t in verb.subtree if t.i > verb.i]
    if after and after[0].lower_ in ("for", "on"):
        after = after[1:]
    if not any(t.dep_ in ("xcomp", "pobj", "dobj") for t in after) or len(after) < MIN_CONTENT_WORDS:
        return None
    while after and after[-1].is_punct:
        after = after[:-1]
    return after[0].idx, after[-1].idx + len(after[-1])


def _span(clause, skip_mark):
    """(start, end) within the sentence of a clause's words, without a leading "that"."""
    tokens = list(clause.subtree)
    if skip_mark and tokens and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if len([t for t in tokens if not t.is_punct]) < MIN_CONTENT_WORDS:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


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
