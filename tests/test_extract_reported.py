"""Reported speech: content clause, cue and speaker of indirect attributions (synthetic paragraphs)."""


def reported_of(extract, body):
    _, quotes = extract(body)
    found = [(q.text, q.cue, q.speaker) for q in quotes if q.kind == "reported"]
    assert all(body.find(text) != -1 for text, _, _ in found)
    return found


def test_a_speech_verb_with_a_clause_is_reported_speech(extract):
    body = "Tom Bradwell said the harbour board would hire 35 more pilots."
    assert reported_of(extract, body) == [
        ("the harbour board would hire 35 more pilots", "said", "Tom Bradwell")
    ]


def test_the_speaker_after_the_content_and_a_pronoun_resolve(extract):
    body = (
        "Tom Bradwell runs the harbour board.\n\n"
        "The ferries will sail on time this winter, Bradwell said on Monday. "
        "He added that the fares would not rise."
    )
    assert reported_of(extract, body) == [
        ("The ferries will sail on time this winter", "said", "Tom Bradwell"),
        ("the fares would not rise", "added", "Tom Bradwell"),
    ]


def test_according_to_attributes_the_rest_of_the_sentence(extract):
    body = "According to Tom Bradwell, the harbour will reopen in the spring."
    assert reported_of(extract, body) == [
        ("the harbour will reopen in the spring", "according to", "Tom Bradwell")
    ]


def test_a_verb_of_urging_reports_what_follows_it(extract):
    body = "Tom Bradwell urged the council to keep the harbour open."
    assert reported_of(extract, body) == [("the council to keep the harbour open", "urged", "Tom Bradwell")]


def test_in_nested_speech_the_outer_cue_wins(extract):
    body = "Greta Pemberton told the board that the pier was unsafe, Tom Bradwell said."
    assert [(cue, who) for _, cue, who in reported_of(extract, body)] == [("said", "Tom Bradwell")]


def test_quoted_words_are_not_reported_speech(extract):
    body = "Tom Bradwell said the plan was “a disgrace to the harbour and to us all.”"
    assert reported_of(extract, body) == []
