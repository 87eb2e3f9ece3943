"""The PolNeAR development gold: brat attributions → quotes, reported speech and resolved speakers.

Synthetic texts and annotations only; the corpus itself is read by `manage.py polnear_gold`.
"""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.extract.polnear import (
    Attribution,
    SourceResolver,
    Span,
    convert_split,
    convert_text,
    quoted_segments,
)

TEXT = (
    "Harbour board meets.\n\n"
    "Tom Bradwell runs the harbour board.\n\n"
    "“We will sail on time,” Bradwell said. He added that fares would not rise.\n\n"
    "A source said the vote was close. Bradwell spoke on “Harbour Talk Tonight” later."
)


def span(text, phrase, after=0):
    start = TEXT.index(phrase, after)
    return start, start + len(phrase), phrase


def ann_lines(attributions):
    lines, t = [], 0
    for number, roles in enumerate(attributions, start=1):
        ids = []
        for role, (start, end, phrase) in roles.items():
            t += 1
            lines.append(f"T{t}\t{role} {start} {end}\t{phrase}")
            ids.append(f"{role}:T{t}")
        lines.append(f"E{number}\tAttribution:T{t} " + " ".join(ids))
    return "\n".join(lines) + "\n"


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "harbour.txt").write_text(TEXT, encoding="utf-8")
    attributions = [
        {
            "Source": span(TEXT, "Bradwell", TEXT.index("“We")),
            "Cue": span(TEXT, "said"),
            "Content": span(TEXT, "“We will sail on time,”"),
        },
        {
            "Source": span(TEXT, "He"),
            "Cue": span(TEXT, "added"),
            "Content": span(TEXT, "that fares would not rise"),
        },
        {
            "Source": span(TEXT, "A source"),
            "Cue": span(TEXT, "said", TEXT.index("A source")),
            "Content": span(TEXT, "the vote was close"),
        },
        {
            "Source": span(TEXT, "Bradwell", TEXT.index("A source")),
            "Cue": span(TEXT, "spoke"),
            "Content": span(TEXT, "on “Harbour Talk Tonight”"),
        },
    ]
    (tmp_path / "dev" / "attributions" / "harbour_ab12.ann").write_text(
        ann_lines(attributions), encoding="utf-8"
    )
    return tmp_path


def test_quotes_reported_speech_and_speakers_are_resolved(corpus):
    [record] = convert_split(corpus, "dev")
    assert record["quotes"] == [
        {"text": "We will sail on time,", "speaker": "Tom Bradwell", "speaker_from": "name", "kind": "direct"}
    ]
    assert [(r["text"], r["speaker"], r["speaker_from"], r["cue"]) for r in record["reported"]] == [
        ("that fares would not rise", "Tom Bradwell", "pronoun", "added"),
        ("the vote was close", None, "unnamed", "said"),
    ]
    assert record["people"] == ["Tom Bradwell"]


def test_the_test_split_is_refused(corpus):
    with pytest.raises(ValueError):
        convert_split(corpus, "test")


def test_the_command_writes_a_gold_that_evaluate_extraction_scores(corpus, tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    call_command("polnear_gold", "dev", "--corpus", str(corpus), "--output", str(gold))
    record = json.loads(gold.read_text(encoding="utf-8"))
    assert record["people_scope"] == "speakers" and record["file"].endswith("dev/text/harbour.txt")
    call_command("evaluate_extraction", str(gold), "--root", "/")
    out = capsys.readouterr().out
    assert "reported speech    P" in out and "speaker accuracy" in out


def test_a_missing_split_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no PolNeAR dev split"):
        call_command("polnear_gold", "dev", "--corpus", str(tmp_path), "--output", str(tmp_path / "g.jsonl"))


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # an indefinite capitalised role names no one
        (
            "Polls opened. “It is close,” said one Vermont Democrat.",
            "one Vermont Democrat",
            (None, "unnamed"),
        ),
        # a three-word name is not cut to its last two words
        (
            "Union leader Anna Mae Farrow spoke. “We march,” Farrow said.",
            "Farrow",
            ("Anna Mae Farrow", "name"),
        ),
        # a two-word surname the article never cuts is expanded to the full name
        (
            "Pastor Tom Van Aldane spoke. “We pray,” Van Aldane said.",
            "Van Aldane",
            ("Tom Van Aldane", "name"),
        ),
        # a first name and a surname used alone stay as given beside a longer form
        (
            "Ruth Ann Ambler spoke, then Ambler left. “We vote,” Ann Ambler said.",
            "Ann Ambler",
            ("Ann Ambler", "name"),
        ),
        # a name suffix stays, the surname before it is matched
        (
            "Adm. Colm R. Harbison Jr. spoke. “We sail,” Harbison said.",
            "Harbison",
            ("Colm Harbison Jr.", "name"),
        ),
        # the name after a title cut at "of"
        (
            "“We wait,” said former Secretary of State Ruth Ambler, who left in May.",
            "former Secretary of State Ruth Ambler",
            ("Ruth Ambler", "name"),
        ),
    ],
)
def test_sources_that_name_a_role_or_a_long_name(text, source, expected):
    start = text.index(source)
    assert SourceResolver(text).resolve(Span(start, start + len(source), source)) == expected


def test_a_definite_capitalised_role_refers_back_to_the_person_named_before():
    text = "Tom Aldane spoke. “We vote,” Aldane said. “We win,” said the Oregon Republican."
    resolver = SourceResolver(text)
    for phrase in ("Aldane", "the Oregon Republican"):
        start = text.index(phrase, text.index("spoke"))
        speaker = resolver.resolve(Span(start, start + len(phrase), phrase))
    assert speaker == ("Tom Aldane", "description")


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # a sentence word in front of a name is no part of it
        ("“We vote,” Meanwhile Tom Aldane said.", "Meanwhile Tom Aldane", "Tom Aldane"),
        # a role noun in front of a name is a title
        ("“We vote,” Journalist Ruth Ambler said.", "Journalist Ruth Ambler", "Ruth Ambler"),
        # a first name alone is the person it starts, when the surname is used alone too
        ("Ruth Ambler spoke. Ambler left. “We vote,” Ruth said.", "Ruth", "Ruth Ambler"),
        # a calendar word is nobody
        ("“We vote,” Friday said.", "Friday", None),
        # a name set off after a role that names no one is the speaker
        (
            "“We vote,” the harbour spokesman, Tom Aldane, said.",
            "the harbour spokesman, Tom Aldane,",
            "Tom Aldane",
        ),
        (
            "“We vote,” one early backer, Rep. Ruth Ambler, said.",
            "one early backer, Rep. Ruth Ambler,",
            "Ruth Ambler",
        ),
        ("A rival -- Tom Aldane, who lost -- said “no”.", "A rival -- Tom Aldane, who lost --", "Tom Aldane"),
        # an indefinite role ending with a name after a lowercase word names that person
        ("“We vote,” a Ledger reporter Ruth Ambler wrote.", "a Ledger reporter Ruth Ambler", "Ruth Ambler"),
        # an indefinite role of capitalised words, or qualified by a name, names no one
        ("“We vote,” one Vermont Democrat said.", "one Vermont Democrat", None),
        ("“We vote,” one Aldane supporter said.", "one Aldane supporter", None),
        ("“We vote,” said a filing by the federal Harbour", "a filing by the federal Harbour", None),
    ],
)
def test_sources_with_words_that_are_no_name(text, source, expected):
    start = text.rindex(source)
    assert SourceResolver(text).resolve(Span(start, start + len(source), source))[0] == expected


def test_a_straight_mark_closes_a_curly_quotation():
    text = 'He said “we will win," citing "a fair count."'
    assert [text[s:e] for s, e in quoted_segments(text)] == ["we will win,", "a fair count."]


def _quote_speakers(text, attributions):
    """The speakers convert_text gives the quotes of `attributions` ({role: phrase or (phrase, after)})."""

    def located(phrase):
        phrase, after = phrase if isinstance(phrase, tuple) else (phrase, 0)
        start = text.index(phrase, after)
        return Span(start, start + len(phrase), "")

    parsed = [
        Attribution(located(a["Source"]), located(a["Cue"]), [located(a["Content"])]) for a in attributions
    ]
    return [quote["speaker"] for quote in convert_text(text, parsed)[0]]


def test_a_source_span_cut_inside_a_word_is_widened_to_whole_words():
    text = "“We vote,” Ruth Ambler said."
    cut = {"Source": "Ruth Amb", "Cue": "said", "Content": "“We vote,”"}
    assert _quote_speakers(text, [cut]) == ["Ruth Ambler"]


def test_a_source_and_cue_annotated_the_wrong_way_round_are_swapped_back():
    text = "“We vote,” said Tom Aldane, a harbour pilot."
    swapped = {"Source": "said", "Cue": "Tom Aldane, a harbour pilot", "Content": "“We vote,”"}
    assert _quote_speakers(text, [swapped]) == ["Tom Aldane"]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # a hyphenated title is no part of the name
        (
            "“We vote,” said Vice President-elect Ruth Ambler.",
            "Vice President-elect Ruth Ambler",
            "Ruth Ambler",
        ),
        (
            "“We vote,” said Harbour Union Secretary-Treasurer Tom Aldane.",
            "Harbour Union Secretary-Treasurer Tom Aldane",
            "Tom Aldane",
        ),
        # a name set off after a role completed by "of", "for" or "at"
        (
            "“We vote,” the director of the harbour board, Tom Aldane, said.",
            "the director of the harbour board, Tom Aldane,",
            "Tom Aldane",
        ),
        (
            "“We vote,” one of the pilots, Ruth Ambler, said.",
            "one of the pilots, Ruth Ambler,",
            "Ruth Ambler",
        ),
        # a role noun, plural or hyphenated, a modifier of place and a sentence word are no part
        # of the name
        ("“We vote,” Actor Tom Aldane said.", "Actor Tom Aldane", "Tom Aldane"),
        ("“We vote,” Professors Aldane said.", "Professors Aldane", "Aldane"),
        ("“We vote,” Co-anchor Ruth Ambler said.", "Co-anchor Ruth Ambler", "Ruth Ambler"),
        ("“We vote,” Texas-based Tom Aldane said.", "Texas-based Tom Aldane", "Tom Aldane"),
        ("“We vote,” said Los Angeles-area Ruth Ambler.", "Los Angeles-area Ruth Ambler", "Ruth Ambler"),
        ("“We vote,” said Chief of Staff Tom Aldane.", "Chief of Staff Tom Aldane", "Tom Aldane"),
        ("In the U.S. While Aldane voted, “we vote,” he said.", "U.S. While Aldane", "Aldane"),
        # a hyphen joining capitalised parts stays in the name
        ("“We vote,” Ruth Ambler-Smith said.", "Ruth Ambler-Smith", "Ruth Ambler-Smith"),
        # two people set off after a plural role are nobody's one name
        (
            "“No,” said two of the pilots, Tom Aldane and Ruth Ambler.",
            "two of the pilots, Tom Aldane and Ruth Ambler",
            None,
        ),
    ],
)
def test_titles_and_roles_around_a_source_name(text, source, expected):
    start = text.rindex(source)
    assert SourceResolver(text).resolve(Span(start, start + len(source), source))[0] == expected


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # a first name that is also a common word stays when written where no sentence starts
        (
            "Harbour Mayor Bill Aldane won't bill the town. “We vote,” said Bill Aldane. Aldane left.",
            "Harbour Mayor Bill Aldane",
            "Bill Aldane",
        ),
        (
            "Pilots don't sail. “We vote,” said Mayor Don Aldane. Aldane left.",
            "Mayor Don Aldane",
            "Don Aldane",
        ),
        # not a common word before a name never written alone ("Real Tom Aldane")
        ("It is real. “We vote,” said the Real Tom Aldane.", "the Real Tom Aldane", "Tom Aldane"),
        # a common word fused to a name at a sentence start is still cut
        (
            "Some critics said no. Critics Aldane laughed. “We vote,” Critics Aldane said.",
            "Critics Aldane",
            "Aldane",
        ),
        # prepositions opening a sentence are no part of the name
        ("“We vote,” Despite Aldane, the pilots said.", "Despite Aldane", "Aldane"),
        # titles: three-part hyphenated, public advocate, military unit
        ("“We vote,” Editor-in-Chief Ruth Ambler said.", "Editor-in-Chief Ruth Ambler", "Ruth Ambler"),
        (
            "“We vote,” said Harbour Public Advocate Ruth Ambler.",
            "Harbour Public Advocate Ruth Ambler",
            "Ruth Ambler",
        ),
        ("“We vote,” said Navy SEAL Tom Aldane.", "Navy SEAL Tom Aldane", "Tom Aldane"),
        # a one-word name that no name ends with: the name that holds it, family name first
        # or a double surname
        ("Finance Minister Lou Jiwen spoke. “We vote,” Mr. Lou said.", "Mr. Lou", "Lou Jiwen"),
        ("Mayor Ruth Ambler Coria spoke. “We vote,” Ms. Ambler said.", "Ms. Ambler", "Ruth Ambler Coria"),
        # a name set off after an indefinite role, followed by its place
        (
            "“We vote,” another pilot, Tom Aldane of Ohio, said.",
            "another pilot, Tom Aldane of Ohio",
            "Tom Aldane",
        ),
    ],
)
def test_name_forms_of_sources(text, source, expected):
    start = text.rindex(source)
    assert SourceResolver(text).resolve(Span(start, start + len(source), source))[0] == expected


def _pronoun_speaker(text):
    """The speaker of the last `he said`/`she said` Source of `text`, after `Source` of the first."""
    resolver = SourceResolver(text)
    first = text.index("Tom Aldane")
    resolver.resolve(Span(first, first + len("Tom Aldane"), "Tom Aldane"))
    pronoun = max(text.rindex(" he said"), text.rindex(" she said") if " she said" in text else -1) + 1
    word = text[pronoun:].split()[0]
    return resolver.resolve(Span(pronoun, pronoun + len(word), word))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person named as a sentence's subject since the last named source is the one he/she is
        (
            "“We vote,” said Tom Aldane, a pilot. Dan Roe, the harbour's director, has walked the "
            "pier every day. “It is getting easier,” he said.",
            ("Dan Roe", "pronoun"),
        ),
        (
            "“We vote,” said Tom Aldane. But Dan Roe is more careful.\n\n“Wait,” he said.",
            ("Dan Roe", "pronoun"),
        ),
        # not one whose gender the text shows otherwise, nor a name inside a quotation, a possessive
        # or a name qualifying a noun: the nearest named source stands
        (
            "“We vote,” said Tom Aldane. Ruth Roe smiled as she left. “Wait,” he said.",
            ("Tom Aldane", "pronoun"),
        ),
        ("“We vote,” said Tom Aldane. “Dan Roe is wrong,” he said.", ("Tom Aldane", "pronoun")),
        ("“We vote,” said Tom Aldane. Dan Roe's boat sank. “Wait,” he said.", ("Tom Aldane", "pronoun")),
        (
            "“We vote,” said Tom Aldane. The Dan Roe campaign left. “Wait,” he said.",
            ("Tom Aldane", "pronoun"),
        ),
        (
            "“We vote,” said Tom Aldane. The Roe outlets are wrong, Dan Roe said. “Wait,” he said.",
            ("Tom Aldane", "pronoun"),
        ),
    ],
)
def test_he_or_she_is_the_subject_named_since_the_last_source(text, expected):
    assert _pronoun_speaker(text) == expected
