"""Checks on the hand-annotated quote and person gold set in tests/gold/gold.jsonl.

The gold set is data that the extraction evaluation trusts, so it is validated like code: every
quote must be a verbatim span of its article, in reading order, with a valid kind and a speaker
that is either null or a name the article supports. The rules are in tests/gold/README.md.
The first tests feed small broken records to the same checks, to show that they can fail.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CORPUS

GOLD = Path(__file__).resolve().parent / "gold" / "gold.jsonl"
SHARED = CORPUS.parent.parent
KINDS = {"direct", "partial"}
TOPICS = ("business", "entertainment", "politics", "sport", "tech")
SEEDS = ("seeds/000_ee8b1efcf03b5cba.txt", "seeds/004_d2dadfd708700fca.txt")
# Honorifics and job titles the guidelines strip from names (README, "Names").
TITLE = re.compile(r"^(Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Prof|Professor|Rev|Sen|Rep|Attorney General)\.?\s")


def load_gold(path=GOLD):
    """Parse the gold file, naming the line of any record that is not valid JSON."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise AssertionError(f"{path.name} line {number} is not JSON: {error}") from error
    return records


def record_problems(record, article_text):
    """Every way one gold record disagrees with its article or with the annotation format."""
    problems = []
    if set(record) != {"file", "quotes", "people"}:
        problems.append(f"keys are {sorted(record)}, expected file, quotes, people")
    people = record.get("people", [])
    problems += [f"person {name!r} is not a clean name" for name in people if not is_clean_name(name)]
    problems += [f"person {name!r} is listed twice" for name, n in Counter(people).items() if n > 1]
    cursor = 0
    for entry in record.get("quotes", []):
        text, speaker, kind = entry.get("text"), entry.get("speaker"), entry.get("kind")
        if kind not in KINDS:
            problems.append(f"quote {text!r} has kind {kind!r}")
        if not isinstance(text, str) or not text or text != text.strip():
            problems.append(f"quote {text!r} is empty or has surrounding whitespace")
            continue
        found = article_text.find(text, cursor)
        if found < 0:
            where = "out of reading order" if text in article_text else "not in the article"
            problems.append(f"quote {text[:50]!r} is {where}")
        else:
            cursor = found + len(text)
        if speaker is not None and not is_clean_name(speaker):
            problems.append(f"speaker {speaker!r} is not null or a clean name")
        elif speaker is not None and speaker not in people:
            problems += unlisted_speaker_problems(speaker, people, article_text)
    return problems


def unlisted_speaker_problems(speaker, people, article_text):
    """A person speaker must be listed in full; an organisation is named as the article names it."""
    fuller = [name for name in people if name.endswith(" " + speaker)]
    if fuller:
        return [f"speaker {speaker!r} is a short form of {fuller[0]!r}"]
    if speaker not in article_text:
        return [f"speaker {speaker!r} is neither in people nor named in the article"]
    return []


def is_clean_name(name):
    return isinstance(name, str) and name == name.strip() and bool(name) and not TITLE.match(name)


def quote(text, speaker=None, kind="direct"):
    return {"text": text, "speaker": speaker, "kind": kind}


def test_checks_reject_a_quote_that_is_not_verbatim():
    record = {"file": "x", "quotes": [quote("We will win,")], "people": []}
    assert record_problems(record, '"We shall win," he said.') == [
        "quote 'We will win,' is not in the article"
    ]


def test_checks_reject_quotes_out_of_reading_order():
    article = '"First," she said. "Second," she said.'
    record = {"file": "x", "quotes": [quote("Second,"), quote("First,")], "people": []}
    problems = record_problems(record, article)
    assert problems == ["quote 'First,' is out of reading order"]


def test_checks_reject_an_unknown_kind():
    record = {"file": "x", "quotes": [quote("Fine,", kind="indirect")], "people": []}
    assert record_problems(record, '"Fine," she said.') == ["quote 'Fine,' has kind 'indirect'"]


def test_checks_reject_a_speaker_with_a_title():
    record = {"file": "x", "quotes": [quote("Fine,", "Mr Ann Lee")], "people": ["Ann Lee"]}
    assert record_problems(record, '"Fine," said Mr Ann Lee.') == [
        "speaker 'Mr Ann Lee' is not null or a clean name"
    ]


def test_checks_reject_a_speaker_neither_listed_nor_named_in_the_article():
    record = {"file": "x", "quotes": [quote("Fine,", "Bob Roe")], "people": ["Ann Lee"]}
    problems = record_problems(record, '"Fine," said Ann Lee.')
    assert problems == ["speaker 'Bob Roe' is neither in people nor named in the article"]


def test_checks_reject_a_speaker_given_by_surname_only():
    record = {"file": "x", "quotes": [quote("Fine,", "Lee")], "people": ["Ann Lee"]}
    problems = record_problems(record, 'Ann Lee was asked. "Fine," said Ms Lee.')
    assert problems == ["speaker 'Lee' is a short form of 'Ann Lee'"]


def test_checks_accept_an_organisation_speaker_named_in_the_article():
    record = {"file": "x", "quotes": [quote("desperate", "Conservatives", "partial")], "people": []}
    assert record_problems(record, 'The Conservatives called the plan "desperate".') == []


def test_checks_reject_a_person_listed_twice():
    record = {"file": "x", "quotes": [], "people": ["Ann Lee", "Ann Lee"]}
    assert record_problems(record, "Ann Lee spoke.") == ["person 'Ann Lee' is listed twice"]


def test_load_gold_names_the_broken_line(tmp_path):
    broken = tmp_path / "gold.jsonl"
    broken.write_text('{"file": "a", "quotes": [], "people": []}\n{"file": \n', encoding="utf-8")
    with pytest.raises(AssertionError, match="line 2 is not JSON"):
        load_gold(broken)


def test_gold_set_covers_the_seeds_and_every_topic():
    files = [record["file"] for record in load_gold()]
    assert len(files) >= 32 and len(set(files)) == len(files)
    assert set(SEEDS) <= set(files)
    per_topic = Counter(f.split("/")[2] for f in files if f.startswith("corpus/bbc/"))
    assert min(per_topic[topic] for topic in TOPICS) >= 4, per_topic
    assert sum(1 for record in load_gold() if not record["quotes"]) >= 3, "needs quote-free articles"


@pytest.mark.corpus
def test_every_gold_record_agrees_with_its_article(corpus_dir):
    problems = []
    for record in load_gold():
        path = SHARED / record["file"]
        if not path.is_file():
            problems.append(f"{record['file']}: no such file under {SHARED}")
            continue
        article_text = path.read_text(encoding="utf-8")
        problems += [f"{record['file']}: {p}" for p in record_problems(record, article_text)]
    assert problems == []
