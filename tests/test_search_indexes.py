"""The index definitions (search/search_indexes.py and the document template)."""

from functools import partial

import pytest
from haystack.query import SearchQuerySet

from archive.models import Article
from search.search_indexes import ArticleIndex
from tests import factories

pytestmark = pytest.mark.django_db


bare_article = partial(factories.make_article, source=None)


def articles():
    return SearchQuerySet().models(Article)


def test_highlighted_fragment_is_escaped_once_with_only_em_tags_added(drain_index):
    bare_article("Border & wall", body='The border <script>alert("x")</script> & fence.')
    drain_index()
    result = articles().auto_query("border").highlight()[0]
    fragment = result.highlighted["text"][0]
    assert "<em>border</em> &lt;script&gt;alert(" in fragment
    assert fragment.count("<") == fragment.count("<em>") + fragment.count("</em>")


def test_html_entities_are_not_indexed_as_words(drain_index):
    bare_article("Border talks", body='He said "no" & left.')
    drain_index()
    assert articles().auto_query("quot").count() == 0
    assert articles().auto_query("amp").count() == 0


def test_fingerprint_changes_with_any_indexed_field():
    article = bare_article("Border talks", "Officials met.")
    before = ArticleIndex().full_prepare(article)["fingerprint"]
    article.title = "Border summit"
    assert ArticleIndex().full_prepare(article)["fingerprint"] != before


def test_public_actors_are_found_without_joining_mentions_to_quotes():
    """One join of an actor's mentions with its quotes multiplies them (400 articles naming one
    person with 3 quotes each: 480,000 rows per actor; SQLite once planned it as 110 s)."""
    from search.search_indexes import ActorIndex

    sql = str(ActorIndex().index_queryset().query)
    assert "JOIN" not in sql.split("WHERE")[0]
    # mentioned, quoted, each with its article's published test (archive.selectors.public_actors)
    assert sql.count("EXISTS") == 4


def test_documents_are_prepared_from_one_query_per_model_and_prefetch(django_assert_num_queries):
    """The querysets read only what the documents hold: a field left out would be read with a
    query per object when a prepare_ method asks for it."""
    from search.search_indexes import QuoteIndex

    for number in range(3):
        article = factories.make_article(
            f"Harbour report {number}", body=f"Ana López said: harbour {number} opens.", people=["Ana López"]
        )
        factories.make_quote(article, "Ana López", f"harbour {number} opens")
    with django_assert_num_queries(1):
        quotes = [QuoteIndex().full_prepare(quote) for quote in QuoteIndex().index_queryset()]
    with django_assert_num_queries(3):  # the articles, their mentions, their quotes
        articles = [ArticleIndex().full_prepare(article) for article in ArticleIndex().index_queryset()]
    assert {
        (q["article_title"], q["speaker"], q["speaker_slug"], q["source"], q["start"]) for q in quotes
    } == {(f"Harbour report {number}", "Ana López", "ana-lopez", "BBC News", 16) for number in range(3)}
    assert {(a["title"], tuple(a["people"]), tuple(a["speakers"])) for a in articles} == {
        (f"Harbour report {number}", ("Ana López",), ("Ana López",)) for number in range(3)
    }
