"""The search box syntax (search/query.py): what each input parses to, and that no input breaks it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.models import Actor
from search.query import (
    ARTICLE_FIELDS,
    MAX_CHARS,
    MAX_NAMED_ACTORS,
    NOTHING,
    QUOTE_FIELDS,
    And,
    Not,
    OneOf,
    Or,
    Phrase,
    Prefix,
    QueryError,
    Term,
    for_index,
    parse,
)


def tree(text):
    parsed = parse(text)
    assert parsed.ok, parsed.error
    return parsed.tree


def test_words_are_all_required():
    assert tree("border wall") == And((Term(None, "border"), Term(None, "wall")))


def test_quoted_words_are_a_phrase():
    assert tree('"zero tolerance"') == Phrase(None, "zero tolerance")


def test_or_binds_looser_than_implicit_and():
    assert tree("a1 b1 OR c1") == Or((And((Term(None, "a1"), Term(None, "b1"))), Term(None, "c1")))


def test_not_binds_tighter_than_and():
    assert tree("border NOT trump wall") == And(
        (Term(None, "border"), Not(Term(None, "trump")), Term(None, "wall"))
    )


def test_minus_excludes_a_word():
    assert tree("border -trump") == And((Term(None, "border"), Not(Term(None, "trump"))))


def test_lowercase_or_and_not_are_ordinary_words():
    assert tree("rock and roll or not") == And(
        tuple(Term(None, w) for w in ("rock", "and", "roll", "or", "not"))
    )


def test_parentheses_group():
    assert tree("(border OR wall) funding") == And(
        (Or((Term(None, "border"), Term(None, "wall"))), Term(None, "funding"))
    )


def test_star_after_three_letters_is_a_lowercase_prefix():
    assert tree("Immig*") == Prefix(None, "immig")
    assert tree("Imm*") == Prefix(None, "imm")


def test_star_after_fewer_than_three_letters_is_refused_with_a_message():
    """Two letters stood for up to 1,400 words each: 20 of them cost seconds (issue 12)."""
    assert "at least 3 letters" in parse("im*").error
    assert "at least 3 letters" in parse("th* OR co*").error


def test_fields_apply_to_the_next_word_or_phrase():
    assert tree('speaker:Sessions actor:"Theresa May" border') == And(
        (Term("speaker", "Sessions"), Phrase("actor", "Theresa May"), Term(None, "border"))
    )


def test_unknown_field_is_ordinary_text():
    assert tree("http://example") == Phrase(None, "http example")


def test_only_exclusions_is_refused_not_match_all():
    assert "at least one word" in parse("-trump").error
    assert "at least one word" in parse("NOT trump").error


def test_or_with_an_excluded_side_is_refused():
    assert parse("border OR -trump").error


def test_unclosed_quote_is_closed_with_a_notice():
    parsed = parse('"zero tolerance')
    assert parsed.tree == Phrase(None, "zero tolerance")
    assert "quotation mark" in parsed.notices[0]


def test_unbalanced_parentheses_are_repaired_with_notices():
    parsed = parse(")border (wall")
    assert parsed.tree == And((Term(None, "border"), Term(None, "wall")))
    assert len(parsed.notices) == 2


def test_over_long_input_gets_a_message():
    assert "limit is 200" in parse("a" * (MAX_CHARS + 1)).error


def test_more_than_twenty_terms_gets_a_message():
    assert "limit is 20" in parse(" ".join(f"w{i}" for i in range(21))).error


def test_operators_and_symbols_alone_are_refused():
    for text in ("*", "-", "AND OR", "(((", '"', "NOT", "+++"):
        assert not parse(text).ok and parse(text).error, text


def test_empty_input_is_no_search_and_no_error():
    parsed = parse("   ")
    assert not parsed.ok and parsed.error == ""


def test_words_lists_positive_terms_only():
    assert parse('border "zero tolerance" -trump immig*').words() == ["border", "zero tolerance", "immig"]


def test_compiled_query_keeps_or_and_not():
    assert for_index(tree("border OR wall -trump")) == Or(
        (Term("content", "border"), And((Term("content", "wall"), Not(Term("content", "trump")))))
    )


def test_actor_field_is_refused_on_quotes():
    try:
        for_index(tree("actor:Sessions"), QUOTE_FIELDS)
    except QueryError as error:
        assert "actor:" in str(error)
    else:
        raise AssertionError("actor: compiled on quotes")


# What the actors' documents would answer: {searched text: [(name, kind)]}.
ACTORS = {
    "Sessions": [("Jeff Sessions", "person"), ("Sessions Ltd", "organisation"), ("Sessions", "place")],
    "Jeff Sessions": [("Jeff Sessions", "person")],
    "sess": [("Jeff Sessions", "person")],
}
asked = []


def actors_named(leaf):
    """The actors a Term, Phrase or Prefix of the actors' text matches, as service.actors_matching."""
    assert leaf.field == "content"
    asked.append(leaf)
    return ACTORS.get(getattr(leaf, "text", None) or leaf.stem, [])


def test_actor_words_become_the_names_of_the_actors_they_match_in_each_kinds_field():
    asked.clear()
    assert for_index(tree("border actor:Sessions"), actors_matching=actors_named) == And(
        (
            Term("content", "border"),
            OneOf((("organisations", "Sessions Ltd"), ("people", "Jeff Sessions"), ("places", "Sessions"))),
        )
    )
    assert asked == [Term("content", "Sessions")]


def test_speaker_words_name_the_speakers_of_articles_and_of_quotes():
    asked.clear()
    assert for_index(tree('speaker:"Jeff Sessions"'), actors_matching=actors_named) == OneOf(
        (("speakers", "Jeff Sessions"),)
    )
    assert for_index(tree("speaker:sess*"), QUOTE_FIELDS, actors_named) == OneOf(
        (("speaker_exact", "Jeff Sessions"),)
    )
    assert asked == [Phrase("content", "Jeff Sessions"), Prefix("content", "sess")]


@pytest.mark.parametrize(
    ("text", "compiled"),
    [
        ("speaker:Nobody", NOTHING),
        ("border speaker:Nobody", NOTHING),
        ("border OR speaker:Nobody", Term("content", "border")),
        ("border -speaker:Nobody", Term("content", "border")),
        (
            "border NOT (speaker:Nobody OR wall)",
            And((Term("content", "border"), Not(Term("content", "wall")))),
        ),
        ("border NOT (speaker:Nobody wall)", Term("content", "border")),
        ("border NOT NOT speaker:Nobody", NOTHING),
        ("(border speaker:Nobody) OR wall", Term("content", "wall")),
    ],
)
def test_a_name_nobody_goes_by_matches_nothing_wherever_it_stands(text, compiled):
    assert for_index(tree(text), actors_matching=actors_named) == compiled


def test_actor_words_have_a_field_for_every_kind_of_actor():
    """A kind without a field would be dropped from actor: silently."""
    actor_words = ARTICLE_FIELDS["actor"]
    assert all(actor_words.field_for(kind) for kind in Actor.Kind.values)
    assert all(
        fields["speaker"].field_for(kind)
        for fields in (ARTICLE_FIELDS, QUOTE_FIELDS)
        for kind in Actor.Kind.values
    )


def test_words_naming_too_many_actors_are_refused_with_a_message():
    crowd = [(f"John {number}", "person") for number in range(MAX_NAMED_ACTORS + 1)]
    with pytest.raises(QueryError, match="use whole names"):
        for_index(tree("speaker:john"), actors_matching=lambda leaf: crowd)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=250))
def test_every_input_gives_a_query_or_a_message(text):
    parsed = parse(text)
    assert parsed.ok or isinstance(parsed.error, str)
    if parsed.ok:
        for_index(parsed.tree, actors_matching=lambda leaf: [("Jeff Sessions", "person")])
        assert parsed.words()  # never a query without a positive term (match-all)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(['"', "(", ")", "-", "*", "OR", "AND", "NOT", "ab", "title:", ":", " "]), max_size=30
    )
)
def test_operator_soup_gives_a_query_or_a_message(parts):
    parsed = parse(" ".join(parts))
    assert parsed.ok or parsed.error or not "".join(parts).strip(" ")
