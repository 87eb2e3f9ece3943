"""What the change log records and what the indexer re-reads both come from the indexes'
`touched_by` declarations (search/dependencies.py)."""

import pytest

from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source
from search.dependencies import ACTOR, ACTOR_DOCUMENT, ARTICLE, QUOTE, SOURCE, touched_documents, tracked
from search.search_indexes import ArticleIndex, QuoteIndex
from tests.factories import make_article, make_quote


def test_the_recorded_changes_are_those_the_indexes_read():
    assert tracked() == {
        Article: {ARTICLE: ("pk",)},
        Quote: {ARTICLE: ("article_id",), QUOTE: ("pk",), ACTOR_DOCUMENT: ("speaker_id",)},
        Mention: {ARTICLE: ("article_id",), ACTOR_DOCUMENT: ("actor_id",)},
        Actor: {ACTOR: ("pk",), ACTOR_DOCUMENT: ("merged_into_id",)},
        ActorAlias: {ACTOR_DOCUMENT: ("actor_id",)},
        Source: {SOURCE: ("pk",)},
    }


def test_a_label_no_index_reads_is_not_recorded(monkeypatch):
    monkeypatch.setattr(ArticleIndex, "touched_by", {ARTICLE: ("pk",), ACTOR: ("mentions__actor",)})
    monkeypatch.setattr(QuoteIndex, "touched_by", {QUOTE: ("pk",), ARTICLE: ("article",)})
    assert Source not in tracked()


@pytest.mark.django_db
def test_a_source_change_touches_its_articles_and_their_quotes_and_a_deleted_row_stays_named():
    article = make_article("Cranes", '"Cranes arrive," Ana López said.', source="Harbour News")
    quote = make_quote(article, "Ana López", "Cranes arrive")
    make_article("Elsewhere", "Nothing here.", source="Other News")
    documents = touched_documents({SOURCE: {article.source_id}, QUOTE: {999_999}})
    assert documents == {Article: {article.pk}, Quote: {quote.pk, 999_999}, Actor: set()}
