"""The plain-text format of the seed articles."""

from datetime import date

import pytest

from archive.ingest import read_path
from archive.ingest.text import provisional_title, read_text
from archive.records import ReadError
from tests.conftest import SEED_ONE, SEED_TWO


def test_caption_and_credit_are_split_off_the_first_seed():
    raw = read_text(SEED_ONE.read_text(encoding="utf-8"), SEED_ONE.name)
    assert raw.caption == (
        "Attorney General Jeff Sessions ordered U.S. attorneys to increase their focus on prosecuting "
        "immigration crimes."
    )
    assert raw.credit == "Nicholas Kamm/AFP/Getty Images"
    assert raw.body.startswith("In a sweeping enforcement change, Donald Trump’s administration")
    assert "Getty" not in raw.body
    assert raw.published is None and raw.date_precision == "unknown"


def test_body_is_kept_verbatim():
    text = SEED_ONE.read_text(encoding="utf-8")
    raw = read_text(text)
    assert raw.body in text
    assert raw.body == text.split("\n", 1)[1].strip()


def test_date_header_on_the_first_line_of_the_second_seed():
    text = SEED_TWO.read_text(encoding="utf-8")
    raw = read_text(text, SEED_TWO.name)
    assert raw.published == date(2018, 4, 6)
    assert raw.date_precision == "day"
    assert raw.body.startswith("Attorney General Jeff Sessions on Friday ordered")
    assert raw.body == text.strip()[len("date 2018-04-06 ") :]
    assert raw.caption == "" and raw.credit == ""


def test_provisional_title_is_readable_and_never_empty():
    raw = read_text(SEED_TWO.read_text(encoding="utf-8"))
    assert raw.title.startswith("Attorney General Jeff Sessions on Friday ordered federal prosecutors")
    assert raw.title.endswith("toward illegal immigrants nabbed at the U.S.-Mexico border")
    assert provisional_title("Short one.") == "Short one"
    assert provisional_title("...") == "Untitled article"


def test_a_long_first_sentence_gives_a_title_cut_at_a_clause_not_mid_phrase():
    clause = "The minister said on Tuesday that the new rules for border crossings would be published"
    sentence = f"{clause} in the spring, after a consultation with " + "many other groups " * 8 + "."
    assert provisional_title(sentence) == f"{clause} in the spring"
    unbroken = "word " * 60
    title = provisional_title(unbroken)
    assert title.endswith("word…") and len(title) <= 111


def test_html_entities_are_decoded_and_the_corpus_lost_apostrophe_restored():
    raw = read_text("Tories attack\n\nMr Blair&#191;s government met at the caf&#233; &amp; paid &#163;5.")
    assert raw.body == "Mr Blair's government met at the café & paid £5."
    assert read_text("x\n\n¿Qué? AT&T &notanentity").body == "¿Qué? AT&T &notanentity"


def test_impossible_date_is_reported_and_the_article_kept():
    raw = read_text("date 2018-13-45 The council met on Tuesday.\n")
    assert raw.published is None
    assert raw.body == "The council met on Tuesday."
    assert "not a real date" in raw.warnings[0]


def test_malformed_date_is_reported():
    raw = read_text("date yesterday The council met.")
    assert raw.published is None and "YYYY-MM-DD" in raw.warnings[0]


def test_first_line_without_a_credit_is_body_not_caption():
    raw = read_text("The mayor resigned on Monday.\n\nShe said it was time.")
    assert raw.caption == "" and raw.body.startswith("The mayor resigned")


def test_text_with_only_a_date_header_fails():
    with pytest.raises(ReadError, match="no article text"):
        read_text(" date 2018-04-06  \n\n")


def test_headline_line_followed_by_a_blank_line_becomes_the_title():
    raw = read_text("Council approves budget\n\nThe council approved the budget on Tuesday.\n")
    assert raw.title == "Council approves budget"
    assert raw.body == "The council approved the budget on Tuesday."


def test_headline_may_end_with_a_question_mark_or_a_quote():
    assert read_text("Is Blair's future in doubt?\n\nBody.").title == "Is Blair's future in doubt?"
    assert read_text("Shares 'set to rise'\n\nBody.").title == "Shares 'set to rise'"


def test_first_line_ending_like_a_sentence_is_body_not_headline():
    raw = read_text("The mayor resigned.\n\nShe said it was time.")
    assert raw.body.startswith("The mayor resigned.")


def test_headline_without_a_body_is_the_body():
    raw = read_text("Just one line\n\n")
    assert raw.body == "Just one line"


def test_bbc_corpus_file_keeps_its_headline_body_source_and_topic(corpus_dir):
    path = corpus_dir / "business" / "001.txt"
    [(label, raw)] = list(read_path(path))
    headline, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    assert raw.title == headline == "Ad sales boost Time Warner profit"
    assert raw.body == body.strip() and headline not in raw.body
    assert (raw.source, raw.section) == ("BBC News", "business")


def test_bbc_corpus_file_in_cp1252_imports_too(corpus_dir):
    path = corpus_dir / "sport" / "199.txt"  # the one file of the corpus that is not UTF-8
    [(label, raw)] = list(read_path(path))
    assert raw.title == path.read_bytes().decode("cp1252").split("\n", 1)[0]
    assert raw.section == "sport"
