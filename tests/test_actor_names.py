"""One actor per name across the archive, whatever its case and the kind each article reads (issue 17).

Extraction reads a name article by article: "Labour" as a party in most, a place in a few; "Labour
party" beside "Labour Party". The archive keeps one actor per name: a new name takes the kind and
spelling most readings of its batch give, and a name already archived keeps its actor.
"""

from collections import Counter

import pytest

from archive.editing import merge_actors
from archive.ingest.store import attach_annotations, store_articles
from archive.models import Actor, ActorAlias, Mention, Quote
from archive.records import RawActor, RawArticle, RawQuote

pytestmark = pytest.mark.django_db


def article(*actors, body="Quendrith Voss met the Hollin Party in Marrowby.", quotes=()):
    return RawArticle(
        body=body, title=body[:20], actors=[RawActor(name=n, kind=k) for n, k in actors], quotes=list(quotes)
    )


def test_a_name_read_as_two_kinds_is_one_actor_of_the_commoner_kind():
    store_articles(
        [
            article(("Hollin", "place"), body="In Hollin the vote was close."),
            article(("Hollin", "organisation"), body="Hollin won the seat."),
            article(("Hollin", "organisation"), body="Hollin lost a seat."),
        ]
    )
    assert list(Actor.objects.filter(name__iexact="Hollin").values_list("kind", flat=True)) == [
        "organisation"
    ]
    assert Actor.objects.get(name="Hollin").mentions.count() == 3


def test_case_variants_of_a_name_are_one_actor_spelt_as_most_articles_spell_it():
    store_articles(
        [
            article(("Hollin party", "organisation"), body="The Hollin party met."),
            article(("Hollin Party", "organisation"), body="The Hollin Party voted."),
            article(("Hollin Party", "organisation"), body="The Hollin Party won."),
            article(("MARROWBY", "place"), body="MARROWBY (Wire) - Rain fell."),
            article(("Marrowby", "place"), body="Rain fell on Marrowby."),
        ]
    )
    assert list(Actor.objects.values_list("name", flat=True)) == ["Hollin Party", "Marrowby"]


def test_a_name_already_archived_keeps_its_actor_and_kind():
    store_articles([article(("Hollin", "organisation"), body="Hollin won the seat.")])
    store_articles(
        [
            article(("Hollin", "place"), body="In Hollin it rained."),
            article(("HOLLIN", "place"), body="HOLLIN - Rain."),
        ]
    )
    assert list(Actor.objects.values_list("name", "kind")) == [("Hollin", "organisation")]


def test_a_speaker_read_with_another_kind_is_the_same_actor():
    body = "“We will win,” said Quendrith Voss."
    quote = RawQuote(
        text="We will win,", start=1, end=13, speaker="Quendrith Voss", speaker_kind="organisation"
    )
    store_articles([article(("Quendrith Voss", "person"), body=body, quotes=[quote])])
    voss = Actor.objects.get()
    assert (voss.name, voss.kind) == ("Quendrith Voss", "person")
    assert voss.quotes.count() == 1


def test_an_editors_actor_of_exactly_that_name_and_kind_is_kept_apart():
    place = Actor.objects.create(name="Jordan", kind="place", verified=True)
    person = Actor.objects.create(name="Jordan", kind="person", verified=True)
    stored = store_articles(
        [
            article(("Jordan", "person"), body="Jordan scored."),
            article(("Jordan", "place"), body="In Jordan it rained."),
        ]
    )
    assert [a.mentions.get().article for a in (person, place)] == stored


def test_a_case_variant_of_a_merged_name_goes_to_the_survivor():
    first, second = store_articles(
        [
            article(("Hollin Party", "organisation"), body="The Hollin Party met."),
            article(("Hollin Alliance", "organisation"), body="The Hollin Alliance met."),
        ]
    )
    survivor = Actor.objects.get(name="Hollin Alliance")
    merge_actors(survivor, [Actor.objects.get(name="Hollin Party")])
    attach_annotations(first, [RawActor(name="HOLLIN PARTY", kind="place")], [])
    assert first.mentions.get().actor == survivor
    assert Actor.objects.count() == 2


def test_new_actors_of_a_batch_get_the_slugs_one_by_one_creation_gave():
    """The batch's new actors are INSERTed together (store._create_actors): a slug already taken
    in the archive and two new names with one slug still get -2, -3 in reading order."""
    store_articles([article(("Hollin-Voss", "organisation"), body="Hollin-Voss won.")])
    store_articles(
        [
            article(("Hollin Voss", "person"), body="Hollin Voss spoke."),
            article(("Hollin, Voss", "organisation"), body="Hollin, Voss won."),
            article(("Marrowby", "place"), body="In Marrowby it rained."),
        ]
    )
    slugs = dict(Actor.objects.values_list("name", "slug"))
    assert slugs == {
        "Hollin-Voss": "hollin-voss",
        "Hollin Voss": "hollin-voss-2",
        "Hollin, Voss": "hollin-voss-3",
        "Marrowby": "marrowby",
    }


def test_a_batch_creates_its_new_actors_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    """Creating actors one by one cost three queries per new name (a lookup, a slug check, an
    INSERT): the larger part of an import's storing time. Ten names or a hundred: same queries."""

    def batch(size, prefix):
        names = [(f"{prefix} Voss{number}", "person") for number in range(size)]
        return [article(*names, body=f"{prefix} Voss0 met everyone.")]

    store_articles(batch(10, "Quendrith"))  # the first batch also creates the database's rows
    with django_assert_max_num_queries(30) as small:
        store_articles(batch(10, "Hollin"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        store_articles(batch(100, "Marrow"))
    assert Actor.objects.filter(name__startswith="Marrow Voss").count() == 100


def test_a_batch_inserts_its_mentions_quotes_and_aliases_in_one_query_each(django_assert_max_num_queries):
    """Four INSERTs per article (change log, mentions, quotes, aliases) were a third of storing a
    batch; the batch's rows of each table go in one, whatever its size."""

    def said(number):
        name = f"Quendrith Voss{number}"
        quote = RawQuote(text=f"We met {number} times,", start=1, end=16, speaker=name)
        actor = RawActor(name=name, kind="person", aliases=[f"Voss{number}"])
        body = f'"We met {number} times," Voss{number} said.'
        return RawArticle(body=body, title=body[:20], actors=[actor], quotes=[quote])

    with django_assert_max_num_queries(200) as captured:
        store_articles([said(number) for number in range(8)])
    inserts = Counter(
        query["sql"].split('"')[1] for query in captured.captured_queries if query["sql"].startswith("INSERT")
    )
    tables = ("archive_mention", "archive_quote", "archive_actoralias")
    assert {table: inserts[table] for table in tables} == dict.fromkeys(tables, 1)
    assert Mention.objects.count() == Quote.objects.count() == ActorAlias.objects.count() == 8


def test_a_batch_looks_up_each_of_its_sources_once(django_assert_max_num_queries):
    """A get_or_create of the source per article was a third of creating a batch's articles."""
    batch = [
        RawArticle(body=f"Hollin met {number}.", title=f"Hollin {number}", source=source)
        for number, source in enumerate(["Morrow Post", "Hollin Herald"] * 4)
    ]
    store_articles([RawArticle(body="Morrow met.", title="M", source="Morrow Post")])
    store_articles([RawArticle(body="Hollin met.", title="H", source="Hollin Herald")])
    with django_assert_max_num_queries(200) as captured:
        articles = store_articles(batch)
    looked_up = [query for query in captured.captured_queries if '"archive_source"' in query["sql"]]
    assert len([query for query in looked_up if query["sql"].startswith("SELECT")]) == 2
    assert [article.source.name for article in articles] == ["Morrow Post", "Hollin Herald"] * 4
