"""search/engine/postings.py: words, phrases and prefixes joined by AND, OR and NOT are listed and scored
with numpy, with exactly the hits and (but for the order of a sum) the scores of Whoosh's own
matchers, across segments, posting blocks, deletions and boosts; anything else is left to Whoosh."""

from datetime import date

import numpy as np
import pytest
from haystack import connections
from whoosh.query import And, AndNot, Or, Phrase, Prefix, Term

from archive.models import Article, Source
from search.engine import SearchTooSlow, doc_values, postings

pytestmark = pytest.mark.django_db

WORDS = ("dock", "union", "port", "ship", "crew")


def backend():
    return connections["default"].get_backend()


def text(word):
    return Term("text", word)


@pytest.fixture
def two_segments_with_deletions():
    """Two segments of 140 articles each (update() commits once per call): posting lists of more
    than one 128-posting block with varied word counts and lengths, and deleted documents."""
    source = Source.objects.create(name="Harbour Gazette")
    bodies = [
        " ".join(WORDS[j % len(WORDS)] for j in range(n % 7 + (n % 3) * 5 + 1)) + f" report{n % 11} item{n}"
        for n in range(280)
    ]
    for n, body in enumerate(bodies):
        Article.objects.create(
            title=f"Report {n}", body=body, published=date(2020, 1, 1 + n % 28), source=source
        )
    article_index = connections["default"].get_unified_index().get_index(Article)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for half in (ids[:140], ids[140:]):
        backend().update(article_index, Article.objects.filter(pk__in=half))
    for pk in ids[::9]:
        backend().remove(f"archive.article.{pk}")
    searcher = backend().searcher()
    assert len(searcher.leaf_searchers()) == 2 and searcher.reader().has_deletions()
    return searcher


def whoosh_scored(searcher, query):
    collector = doc_values.EveryHitCollector()
    searcher.search_with_collector(query, collector)
    return collector.results()


QUERIES = {
    "a word in many blocks": text("dock"),
    "a rarer word": text("report3"),
    "AND": And([text("dock"), text("crew")]),
    "OR": Or([text("report1"), text("report2"), text("crew")]),
    "NOT": AndNot(text("union"), text("report4")),
    "nested": And([Or([text("port"), text("report5")]), AndNot(text("ship"), text("report6"))]),
    "boosted": Or([text("dock").with_boost(2.5), text("report7")]),
    "a filter at zero weight": And([text("crew"), Term("django_ct", "archive.article").with_boost(0.0)]),
    "a word nowhere": And([text("dock"), text("nowhere")]),
    "a phrase": Phrase("text", ["dock", "union"]),
    "a phrase of three, in an AND": And([Phrase("text", ["union", "port", "ship"]), text("report3")]),
    "a phrase with a word twice": Phrase("text", ["crew", "dock", "union", "port", "ship", "crew"]),
    "a phrase whose words never follow each other": Phrase("text", ["union", "dock"]),
    "a phrase with a word nowhere": Phrase("text", ["dock", "nowhere"]),
    "a field nowhere": Term("no_such_field", "dock"),
}


def prefix_as_or(searcher, prefix):
    """The Or of the words of the index that `prefix` starts."""
    words = searcher.reader().expand_prefix(prefix.fieldname, prefix.text)
    return Or([Term(prefix.fieldname, word.decode()) for word in words])


def test_hits_and_scores_are_whooshs(two_segments_with_deletions, subtests):
    searcher = two_segments_with_deletions
    for name, query in QUERIES.items():
        with subtests.test(name):
            query = query.normalize()
            docnums, scores = postings.scored_hits(searcher, query, budget=5)
            expected_docnums, expected_scores = whoosh_scored(searcher, query)
            assert docnums.tolist() == expected_docnums.tolist()
            np.testing.assert_allclose(scores, expected_scores, rtol=1e-12)
            if isinstance(query, Term):  # one term: the same expression on the same values, bit for bit
                assert scores.tolist() == expected_scores.tolist()
            first_page = doc_values.by_score(searcher, docnums, scores, 20)
            expected_page = doc_values.by_score(searcher, expected_docnums, expected_scores, 20)
            assert [hit.docnum for hit in first_page] == [hit.docnum for hit in expected_page]


def test_a_prefix_is_scored_as_the_or_of_its_words_in_every_segment(two_segments_with_deletions):
    """Whoosh gives every hit of a prefix the same score in a segment of at most 5,000 documents
    (its unscored preloaded union) and the sum of its words' scores in a larger one: the hits of
    a new small segment would rank apart. Here every segment scores the Or of the prefix's words."""
    searcher = two_segments_with_deletions
    in_an_and = And([Prefix("text", "item1"), text("dock")])
    for prefix in (Prefix("text", "report"), Prefix("text", "do"), in_an_and):
        docnums, scores = postings.scored_hits(searcher, prefix, budget=5)
        as_or = prefix if isinstance(prefix, Prefix) else prefix.subqueries[0]
        expected = prefix_as_or(searcher, as_or)
        query = expected if isinstance(prefix, Prefix) else And([expected, text("dock")])
        expected_docnums, expected_scores = whoosh_scored(searcher, query.normalize())
        assert docnums.tolist() == expected_docnums.tolist()
        np.testing.assert_allclose(scores, expected_scores, rtol=1e-12)
    whooshs_own_scores = whoosh_scored(searcher, Prefix("text", "report"))[1]
    assert len(set(whooshs_own_scores.tolist())) == 1  # the constant score this module replaces
    assert len(set(postings.scored_hits(searcher, Prefix("text", "report"), budget=5)[1].tolist())) > 1
    assert postings.scored_hits(searcher, Prefix("text", "zzz"), budget=5)[0].tolist() == []


def test_slop_expansions_and_minimum_matches_are_left_to_whoosh_and_the_budget_holds(
    two_segments_with_deletions,
):
    searcher = two_segments_with_deletions
    left_to_whoosh = [
        Phrase("text", ["dock", "port"], slop=2),
        Prefix("text", ""),
        Or([text("dock"), text("crew")], minmatch=2),
    ]
    for query in left_to_whoosh:
        assert postings.scored_hits(searcher, query, budget=5) is None, query
    with pytest.raises(SearchTooSlow):
        postings.scored_hits(searcher, text("dock"), budget=0.0)


def test_a_phrase_of_words_held_more_than_a_thousand_times_is_found_where_whoosh_finds_it(
    monkeypatch,
):
    """A pickle appends a long list's items a thousand at a time: the joined pickle reads those too,
    and the positions read a few postings at a time join up."""
    monkeypatch.setattr(postings, "POSITIONS_CHUNK", 2)
    source = Source.objects.create(name="Harbour Gazette")
    for n, body in enumerate(["dock union " * 1200 + "port crew", "union dock port", "crew port dock"]):
        Article.objects.create(title=f"Long {n}", body=body, published=date(2020, 1, 1), source=source)
    article_index = connections["default"].get_unified_index().get_index(Article)
    backend().update(article_index, Article.objects.all())
    searcher = backend().searcher()
    for words in (["union", "dock"], ["union", "port"], ["port", "crew"], ["port", "dock"], ["crew", "dock"]):
        query = Phrase("text", words)
        docnums, scores = postings.scored_hits(searcher, query, budget=5)
        expected_docnums, expected_scores = whoosh_scored(searcher, query)
        assert docnums.tolist() == expected_docnums.tolist(), words
        np.testing.assert_allclose(scores, expected_scores, rtol=1e-12)


def test_a_terms_postings_are_read_once_per_segment_and_later_deletions_still_apply(
    two_segments_with_deletions, monkeypatch
):
    searcher = two_segments_with_deletions
    first = postings.scored_hits(searcher, text("crew"), budget=5)
    phrase = postings.scored_hits(searcher, Phrase("text", ["dock", "union"]), budget=5)
    blocks_read = []
    real_blocks = postings._blocks
    monkeypatch.setattr(postings, "_blocks", lambda *args: blocks_read.append(args) or real_blocks(*args))
    again = postings.scored_hits(searcher, text("crew"), budget=5)
    phrase_again = postings.scored_hits(searcher, Phrase("text", ["dock", "union"]), budget=5)
    assert blocks_read == []
    assert again[0].tolist() == first[0].tolist() and again[1].tolist() == first[1].tolist()
    assert phrase_again[0].tolist() == phrase[0].tolist() and phrase_again[1].tolist() == phrase[1].tolist()

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    live = Article.objects.exclude(pk__in=ids[::9])  # the fixture removed every ninth
    crew_article = next(article for article in live.order_by("pk") if "crew" in article.body.split())
    backend().remove(f"archive.article.{crew_article.pk}")
    added = Article.objects.create(
        title="New", body="crew crew", published=date(2020, 2, 1), source=crew_article.source
    )
    backend().update(connections["default"].get_unified_index().get_index(Article), [added])
    searcher = backend().searcher()
    docnums, scores = postings.scored_hits(searcher, text("crew"), budget=5)
    expected_docnums, expected_scores = whoosh_scored(searcher, text("crew"))
    assert docnums.tolist() == expected_docnums.tolist() and len(docnums) == len(first[0])
    np.testing.assert_allclose(scores, expected_scores, rtol=1e-12)


def test_a_short_posting_list_whose_first_document_was_deleted_keeps_its_positions_in_step():
    """Short lists are kept in the term table and read through the deletions' filter, which has
    stepped over a deleted first posting: the positions read after a deletion must still line up
    with the document numbers read (and kept) before it."""
    source = Source.objects.create(name="Harbour Gazette")
    first, second = (
        Article.objects.create(title=f"Quokka {n}", body=body, published=date(2020, 1, 1), source=source)
        for n, body in enumerate(["quokka harbour at dawn", "at dawn the quokka harbour"])
    )
    backend().update(connections["default"].get_unified_index().get_index(Article), [first, second])
    assert len(postings.scored_hits(backend().searcher(), text("quokka"), budget=5)[0]) == 2
    backend().remove(f"archive.article.{first.pk}")
    searcher = backend().searcher()
    query = Phrase("text", ["quokka", "harbour"])
    docnums, scores = postings.scored_hits(searcher, query, budget=5)
    expected_docnums, expected_scores = whoosh_scored(searcher, query)
    assert docnums.tolist() == expected_docnums.tolist() and len(docnums) == 1
    np.testing.assert_allclose(scores, expected_scores, rtol=1e-12)
