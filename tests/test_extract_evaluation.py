"""Scoring extraction against a gold set: span matching, speaker accuracy, the command's report."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.extract.evaluation import locate_gold_quotes, overlap, score_article
from archive.records import RawQuote
from tests.conftest import SAMPLES

BODY = 'Ann Lee said: "We won." Then Bob Ray said: "We lost badly."'


def gold(*quotes):
    return locate_gold_quotes(BODY, [{"text": t, "speaker": s, "kind": "direct"} for t, s in quotes])[0]


def predicted(text, speaker, shift=0):
    start = BODY.index(text) + shift
    return RawQuote(text=BODY[start : start + len(text)], start=start, end=start + len(text), speaker=speaker)


def test_spans_overlapping_by_half_the_longer_one_match():
    assert overlap(0, 10, 5, 15) == 0.5
    assert overlap(0, 10, 6, 16) < 0.5


def test_a_match_with_the_wrong_speaker_counts_for_the_quote_but_not_the_speaker():
    result = score_article(
        "x",
        gold(("We won.", "Ann Lee"), ("We lost badly.", "Bob Ray")),
        [],
        [predicted("We won.", "Bob Ray")],
        [],
    )
    assert (result.quotes.true_positives, result.quotes.false_negatives) == (1, 1)
    assert result.speakers_right == 0 and len(result.speakers_wrong) == 1


def test_people_are_compared_as_sets_of_names():
    result = score_article("x", [], ["Ann Lee", "Bob Ray"], [], ["Ann Lee", "Carl Fox"])
    assert (result.people.precision, result.people.recall) == (0.5, 0.5)


def test_gold_quotes_are_located_in_reading_order():
    body = '"Yes," he said. Later: "Yes," she said.'
    spans, _ = locate_gold_quotes(body, [{"text": "Yes,"}, {"text": "Yes,"}])
    assert [g.start for g in spans] == [1, 24]


def test_evaluate_extraction_prints_the_scores(tmp_path, capsys):
    record = {
        "file": "004_d2dadfd708700fca.txt",
        "quotes": [
            {
                "text": "You are on the front lines of this battle,",
                "speaker": "Jeff Sessions",
                "kind": "direct",
            },
            {"text": "to the extent practicable.", "speaker": "Jeff Sessions", "kind": "partial"},
        ],
        "people": ["Jeff Sessions"],
    }
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(json.dumps(record) + "\n")
    call_command("evaluate_extraction", str(gold_file), "--root", str(SAMPLES))
    out = capsys.readouterr().out
    assert "quotes             P 0.667  R 1.000  F1 0.800" in out  # the other seed quote is spurious
    assert "speaker accuracy   1.000" in out


def test_evaluate_extraction_names_a_gold_quote_missing_from_its_article(tmp_path):
    record = {"file": "004_d2dadfd708700fca.txt", "quotes": [{"text": "never said"}], "people": []}
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(json.dumps(record) + "\n")
    with pytest.raises(CommandError, match="never said"):
        call_command("evaluate_extraction", str(gold_file), "--root", str(SAMPLES))


def test_a_gold_quote_in_the_headline_is_set_apart():
    located, in_title = locate_gold_quotes("Body text.", [{"text": "lose patience"}], "Users 'lose patience'")
    assert located == [] and [q["text"] for q in in_title] == ["lose patience"]


def test_speaker_accuracy_is_broken_down_by_confidence():
    from archive.extract.evaluation import Evaluation

    sure = predicted("We won.", "Ann Lee")
    unsure = predicted("We lost badly.", None)
    sure.confidence, unsure.confidence = 0.95, 0.3
    result = score_article(
        "x", gold(("We won.", "Ann Lee"), ("We lost badly.", "Bob Ray")), [], [sure, unsure], []
    )
    assert Evaluation(articles=[result]).by_confidence() == {0.95: (1, 1), 0.3: (0, 1)}


def test_a_middle_initial_without_its_full_stop_is_left_out_of_names():
    from archive.extract.evaluation import _same_name

    assert _same_name("George W Bush", "George Bush") and _same_name("Donald J. Trump", "Donald Trump")


def test_a_short_gold_quote_is_located_at_its_marks_not_inside_a_word():
    body = "The nominee was asked twice and said “no” both times."
    spans, _ = locate_gold_quotes(body, [{"text": "no"}])
    assert body[spans[0].start - 1 : spans[0].end + 1] == "“no”"


def test_a_gold_quote_without_marks_is_located_on_word_boundaries():
    body = "About 10 percent, or 1 in 10, agreed."
    spans, _ = locate_gold_quotes(body, [{"text": "1"}])
    assert spans[0].start == body.index(" 1 ") + 1
