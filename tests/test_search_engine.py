"""The engine's face (search/engine/__init__.py): the parsed tree and whole-value filters reach
the Whoosh backend as objects, and give the queries Whoosh's parser made of the same words."""

from datetime import date

import pytest
from haystack.query import SearchQuerySet
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.query import Or, Phrase, Prefix, Term

from archive.models import Actor, Article, Mention
from search import service
from search.engine import matching, search_engine, where_value
from search.engine.queries import from_tree
from search.engine.schema import (
    FacetKeywords,
    OnePassPositions,
    PossessiveFilter,
    ValueListColumn,
    _per_word_terms,
    content_analyzer,
    spelling_words,
)
from search.query import for_index, parse
from tests.conftest import SAMPLES

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
        ("border OR wall -trump", '(("border") OR (("wall") AND NOT (("trump"))))'),
    ],
)
def test_the_tree_builds_the_query_whooshs_parser_made_of_haystacks_text(text, whoosh_syntax):
    # whoosh_syntax: what haystack wrote for the same tree before the tree went to the engine as is.
    assert built(text) == search_engine().parser.parse(whoosh_syntax)


def test_named_actors_are_their_whole_names_in_each_field():
    engine = search_engine()
    engine.setup()
    tree = for_index(
        parse("actor:Sessions").tree,
        actors_matching=lambda leaf: [("Jeff Sessions", "person"), ("Sessions Ltd", "organisation")],
    )
    assert from_tree(tree, engine.schema, engine.content_field_name) == Or(
        [Term("organisations", "Sessions Ltd"), Term("people", "Jeff Sessions")]
    )


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


POSTING_TEXTS = [
    "",
    "Toys, toy and TOY: the toy's toys. Toy toy toy.",
    "Blair's aides and Mr Blair’s critics: BLAIR'S the Blairs' borders, blair's border's end.",
    "3.14 e.g. U.S. border-control border_patrol café Café naïve İstanbul straße ﬁnance",
    "said " * 5000,
]


def postings(format_class, text, analyzer):
    return list(format_class(field_boost=2.0).word_values(text, analyzer, mode="index"))


def assert_one_pass_postings_are_whooshs(texts):
    """Term, frequency, weight and encoded positions of every word, in Whoosh's order; and the
    spelling words, as Whoosh's second run of the analyser finds them."""
    analyzer = content_analyzer()
    field = TEXT(analyzer=analyzer, spelling=True)
    for text in texts:
        assert postings(OnePassPositions, text, analyzer) == postings(Positions, text, analyzer)
        assert postings(OnePassPositions, text, analyzer) == postings(Positions, text, analyzer)  # remembered
        assert spelling_words(field, text) == list(field.spellable_words(text))
        assert spelling_words(field, text) == list(field.spellable_words(text))  # remembered


def test_one_pass_postings_are_whooshs_byte_for_byte():
    assert_one_pass_postings_are_whooshs(
        POSTING_TEXTS + [path.read_text() for path in sorted(SAMPLES.glob("*.txt"))]
    )


def test_one_pass_postings_of_the_bbc_corpus_are_whooshs(corpus_dir):
    assert_one_pass_postings_are_whooshs(
        [path.read_text(errors="replace") for path in sorted(corpus_dir.rglob("*.txt"))[:300]]
    )


def test_an_analyser_whose_terms_depend_on_more_than_the_word_is_left_to_whoosh():
    text = "The border and the borders of the state"
    for analyzer in (StandardAnalyzer(), StemmingAnalyzer()):  # stop words renumber positions
        assert postings(OnePassPositions, text, analyzer) == postings(Positions, text, analyzer)
    values = ["border", "wall"]
    assert list(OnePassPositions().word_values(values, StandardAnalyzer())) == list(
        Positions().word_values(values, StandardAnalyzer())
    )


def test_the_analysed_fields_take_the_one_pass_path():
    """A fallback to Whoosh's path would be silent: the content analyser must qualify."""
    engine = search_engine()
    engine.setup()
    for name in ("text", "title", "source_text", "article_title"):
        field = engine.schema[name]
        assert isinstance(field.format, OnePassPositions), name
        assert _per_word_terms(field.analyzer) is not None, name


def test_a_search_without_words_lists_every_document_without_a_matcher(monkeypatch):
    """A search without words (the home page's speaker facet, a browse by filter) lists the
    documents with numpy; Whoosh's Every("text") read every posting list of the text field, and
    stepping through Every() costs a Python call per document (seconds at 100,000 articles)."""
    articles = [article(f"Story {n}", f"Words of story {n}.", people=["Jane Roe"]) for n in range(4)]
    index_everything()
    engine = search_engine()
    engine.remove(articles[1])  # a deleted document is not listed
    monkeypatch.setattr("whoosh.query.Every.matcher", lambda *args, **kwargs: pytest.fail("Every() matched"))
    everything = SearchQuerySet().models(Article).facet("people")
    assert sorted(int(hit.pk) for hit in everything) == sorted(a.pk for a in articles if a != articles[1])
    assert everything.count() == 3
    assert everything.facet_counts()["fields"]["people"] == [("Jane Roe", 3)]
    newest = SearchQuerySet().models(Article).order_by("-published")
    assert newest.count() == 3


def test_more_like_this_reads_only_the_hits_a_slice_asks_for(monkeypatch):
    """Stock haystack drops a more-like-this slice's offsets, so the backend built a result for
    every similar document (seconds per article page at 100,000 articles); the count stays exact
    and the document itself is never among its like."""
    from search.engine import results

    stories = [
        article(f"Harbour story {n}", f"Cranes and harbour tugs at the harbour pier, day {n}.")
        for n in range(14)
    ]
    index_everything()
    built = []
    search_results = results.search_results
    monkeypatch.setattr(
        "search.engine.backend.search_results",
        lambda backend, hits, *args: built.append(len(hits)) or search_results(backend, hits, *args),
    )
    similar = SearchQuerySet().models(Article).more_like_this(stories[0])
    first = [int(hit.pk) for hit in similar[:3]]
    assert built == [3] and len(first) == 3 and stories[0].pk not in first
    assert similar.count() == 13
