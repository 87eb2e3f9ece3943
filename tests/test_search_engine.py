"""The engine's face (search/engine/__init__.py): the parsed tree and whole-value filters reach
the Whoosh backend as objects, and give the queries Whoosh's parser made of the same words."""

from datetime import date

import pytest
from haystack.query import SearchQuerySet
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.query import Phrase, Prefix, Term

from archive.models import Actor, Article, Mention
from search import service
from search.engine import matching, search_engine, where_value
from search.engine.queries import from_tree
from search.engine.schema import FacetKeywords, PossessiveFilter, ValueListColumn
from search.query import for_index, parse

pytestmark = pytest.mark.django_db


def built(text):
    engine = search_engine()
    engine.setup()
    return from_tree(for_index(parse(text).tree), engine.schema, engine.content_field_name)


def article(title, body, people=()):
    created = Article.objects.create(title=title, body=body, published=date(2018, 6, 1))
    for name in people:
        actor, _ = Actor.objects.get_or_create(name=name, kind=Actor.Kind.PERSON)
        Mention.objects.create(article=created, actor=actor)
    return created


def index_everything():
    from haystack import connections

    for search_index in connections["default"].get_unified_index().get_indexes().values():
        search_engine().update(search_index, search_index.index_queryset())


@pytest.mark.parametrize(
    ("text", "whoosh_syntax"),
    [
        ("border", '("border")'),
        ("Borders wall", '(("Borders") AND ("wall"))'),
        ('"zero tolerance"', '("zero tolerance")'),
        ("U.S.", '("U S")'),
        ("Blair's", '("Blair")'),
        ("immig*", "(immig*)"),
        ('title:"Blair\'s war"', 'title:("Blair war")'),
        ("actor:Sessions", 'actors_text:("Sessions")'),
        ("border OR wall -trump", '(("border") OR (("wall") AND NOT (("trump"))))'),
    ],
)
def test_the_tree_builds_the_query_whooshs_parser_made_of_haystacks_text(text, whoosh_syntax):
    # whoosh_syntax: what haystack wrote for the same tree before the tree went to the engine as is.
    assert built(text) == search_engine().parser.parse(whoosh_syntax)


def test_phrases_stay_exact_phrases_of_stems():
    assert built('"zero tolerance"') == Phrase("text", ["zero", "toler"])
    assert built("Blair's") == Term("text", "blair")
    assert built("title:immig*") == Prefix("title", "immig")


def test_the_user_text_is_never_written_out_and_parsed(monkeypatch):
    article("Border talks", "Zero tolerance at the border.")
    index_everything()
    engine = search_engine()
    engine.setup()
    parsed_texts = []
    parse_text = engine.parser.parse
    monkeypatch.setattr(engine.parser, "parse", lambda text: parsed_texts.append(text) or parse_text(text))
    found = service.search_articles({"q": 'border "zero tolerance" -trump', "date_from": date(2018, 1, 1)})
    assert found.sqs.count() == 1
    assert parsed_texts and not any(word in text for text in parsed_texts for word in ("border", "zero"))


def test_a_whole_value_is_matched_whole_whatever_its_punctuation():
    article("Summit one", "Talks one.", people=["Jean-Claude Juncker"])
    article("Summit two", "Talks two.", people=["Conan O' Brien"])
    article("Summit three", "Talks three.", people=["Jean Juncker"])
    index_everything()
    talks = matching(SearchQuerySet().models(Article), for_index(parse("talks").tree))
    assert [hit.title for hit in where_value(talks, "people", "Jean-Claude Juncker")] == ["Summit one"]
    assert [hit.title for hit in where_value(talks, "people", "Conan O' Brien")] == ["Summit two"]
    assert where_value(talks, "people", "jean-claude juncker").count() == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_every_parsed_query_builds_a_whoosh_query(text):
    parsed = parse(text)
    if parsed.ok:
        assert built(text) is not None


def test_an_index_written_before_the_engine_package_still_opens(monkeypatch):
    from haystack import connections

    article("Border talks", "Zero tolerance at the border.", people=["Jeff Sessions"])
    for moved in (FacetKeywords, PossessiveFilter, ValueListColumn):  # as pickled before #14
        monkeypatch.setattr(moved, "__module__", "search.backend")
    index_everything()
    monkeypatch.undo()
    connections.reload("default")  # a process started after the upgrade opens that index
    talks = matching(SearchQuerySet().models(Article), for_index(parse("border").tree))
    assert where_value(talks, "people", "Jeff Sessions").count() == 1
