"""Reported speech: content clause, cue and speaker of indirect attributions (synthetic paragraphs)."""

import pytest

from archive.extract.quotes import find_quote_spans
from archive.extract.reported import candidate_sentences


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


def test_a_cue_joined_to_another_verb_takes_that_verbs_subject(extract):
    body = "Tom Bradwell toured the pier on Monday and said the railings would be replaced."
    assert reported_of(extract, body) == [("the railings would be replaced", "said", "Tom Bradwell")]


def test_a_cue_that_interrupts_its_clause_reports_the_whole_clause(extract):
    body = "The night ferries, Tom Bradwell said, will stop running in the winter months."
    assert reported_of(extract, body) == [
        (
            "The night ferries, Tom Bradwell said, will stop running in the winter months",
            "said",
            "Tom Bradwell",
        )
    ]


def test_the_object_of_an_accusing_verb_is_what_was_said(extract):
    body = "Greta Pemberton accused the harbour board of hiding the repair bills."
    assert reported_of(extract, body) == [
        ("the harbour board of hiding the repair bills", "accused", "Greta Pemberton")
    ]


def test_what_is_promised_and_what_is_talked_about_are_reported(extract):
    body = (
        "Greta Pemberton vowed to rebuild the old lighthouse. "
        "Tom Bradwell talked about the cost of the new harbour wall."
    )
    assert reported_of(extract, body) == [
        ("to rebuild the old lighthouse", "vowed", "Greta Pemberton"),
        ("the cost of the new harbour wall", "talked", "Tom Bradwell"),
    ]


def test_a_second_cue_joined_to_the_clause_starts_its_own_report(extract):
    body = "Tom Bradwell says the pier is safe and says he walked along it every day this week."
    assert reported_of(extract, body) == [
        ("the pier is safe", "says", "Tom Bradwell"),
        ("he walked along it every day this week", "says", "Tom Bradwell"),
    ]


def test_a_trailing_relative_clause_is_the_writers_aside(extract):
    body = "Tom Bradwell said the contract went to Greta Pemberton, who had bid for it twice before."
    assert reported_of(extract, body) == [("the contract went to Greta Pemberton", "said", "Tom Bradwell")]


def test_what_someone_was_asked_is_not_what_they_said(extract):
    body = "Tom Bradwell smiled when asked whether the harbour would close before the spring."
    assert reported_of(extract, body) == []


def test_a_cue_inside_a_quotation_is_not_the_narrators(extract):
    body = "Tom Bradwell wrote “as the mayor said” that the harbour would be sold to the city council."
    assert "said" not in [cue for _, cue, _ in reported_of(extract, body)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The report on the winter storms in the harbour was published late on Monday.",
        "The new ferry timetable was announced by the harbour board on Monday.",
        "“We will keep the harbour open all winter,” Greta Pemberton, the port's director, said.",
        "Greta Pemberton said: “We will keep the harbour open all winter long.”",
    ],
)
def test_sentences_whose_cues_report_nothing_are_not_parsed(sentence):
    assert candidate_sentences(sentence, find_quote_spans(sentence)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Greta Pemberton is telling the board that the harbour will stay open.",
        "“We are ready,” Greta Pemberton told the board, adding that the pier would reopen in May.",
        "The board cited “safety” concerns, which Greta Pemberton said were overstated by the press.",
    ],
)
def test_sentences_with_a_cue_that_may_report_are_parsed(sentence):
    assert candidate_sentences(sentence, find_quote_spans(sentence)) == [(0, len(sentence))]
