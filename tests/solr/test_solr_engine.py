"""What the Solr engine (search/engine/solr/) does its own way, against the session's SolrCloud:
requests per page, cursorMark windows, one update request per batch, builds aside by alias, word
lists and spelling over every shard, the indexer's locks in the database, a node lost mid-search.

The engine-neutral promises are checked by the suite's own modules re-run here (test_on_solr_*.py).
"""

import random
import threading
import time
from datetime import date
from io import StringIO
from urllib.parse import urlsplit

import pysolr
import pytest
import requests
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet

from archive.copies import group_copies
from archive.models import Article
from morgue.search_url import haystack_connection
from search import indexer
from search.engine import collapsed, hit_windows, search_engine
from search.engine.solr import backend as solr_backend
from search.engine.solr import syntax
from search.engine.solr.cloud import SolrCloudAdmin
from search.locks import IndexerBusy
from search.models import IndexerLock
from tests import factories

pytestmark = pytest.mark.django_db


def report(title, body=None, published=date(2018, 6, 1)):
    return factories.make_article(title, body, published, source="BBC News")


def articles():
    return SearchQuerySet().models(Article)


def record_calls(monkeypatch, cls, name):
    """Patch cls.name to record each call's arguments; returns the (growing) list of calls."""
    calls, original = [], getattr(cls, name)

    def recording(self, *args, **kwargs):
        calls.append((args, kwargs))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, recording)
    return calls


# Made-up words for stories that share no 5-word run with each other (archive/copies.py).
STORY_WORDS = (
    "quay",
    "ferry",
    "tide",
    "gull",
    "rope",
    "crane",
    "barge",
    "pier",
    "dock",
    "sail",
    "mast",
    "buoy",
)


def story(seed, words=70):
    rng = random.Random(seed)
    return " ".join(rng.choice(STORY_WORDS) for _ in range(words)) + "."


def stories_of_copies(count, copies, **fields):
    """`count` stories, each told by `copies` articles grouped as wire copies: [[article, …], …]."""
    return [
        factories.wire_copies(f"Story {number}", dates=DATES[:copies], story=story(number), **fields)
        for number in range(count)
    ]


DATES = [date(2018, 6, day) for day in range(1, 5)]


def shards_holding(engine, doc_id):
    """The names of the shards holding a document `doc_id`, each shard asked on its own (a search
    over the cluster shows one document per id, however many shards hold one)."""
    collection = engine.cloud.resolve(engine.collection)
    status = engine.cloud.call("collections", "CLUSTERSTATUS", collection=collection)
    names = sorted(status["cluster"]["collections"][collection]["shards"])
    query = f"id:{syntax.quoted(doc_id)}"
    return [name for name in names if engine.conn.search(query, shards=name, rows=0).hits]


def doc_id(article):
    return f"archive.article.{article.pk}"


def test_the_wire_copies_of_a_story_share_a_shard_so_they_collapse_across_the_cluster(drain_index):
    """Solr's {!collapse} works within a shard: copies routed by their own ids landed on both shards
    of two, and a story was listed once per shard holding copies of it."""
    stories = stories_of_copies(6, copies=3)
    drain_index()
    engine = search_engine()
    for copies in stories:
        assert len({shard for copy in copies for shard in shards_holding(engine, doc_id(copy))}) == 1
    assert articles().auto_query("story").count() == 18
    kept = collapsed(articles().auto_query("story"), "copy_group_exact", "copy_rank")
    assert sorted(int(result.pk) for result in kept) == sorted(copies[0].pk for copies in stories)


def test_an_article_joining_or_leaving_a_copy_group_moves_and_leaves_no_copy_behind(drain_index):
    """An add replaces a document on its own shard only: an article that joined a group (its
    route became the group's) would stay on its old shard too, found twice."""
    stories = stories_of_copies(8, copies=2, status=Article.Status.DRAFT)
    for copies in stories:
        copies[0].status = Article.Status.PUBLISHED
        copies[0].save()
    drain_index()
    engine = search_engine()
    published = [copies[0] for copies in stories]
    alone = {article.pk: shards_holding(engine, doc_id(article)) for article in published}
    for copies in stories:  # the second copy published: both are now copies of one story
        copies[1].status = Article.Status.PUBLISHED
        copies[1].save()
    drain_index()
    grouped = {article.pk: shards_holding(engine, doc_id(article)) for article in published}
    assert all(len(shards) == 1 for shards in [*alone.values(), *grouped.values()]), (alone, grouped)
    assert any(alone[pk] != grouped[pk] for pk in alone)  # some moved to another shard
    for copies in stories:  # each story's first copy gets another text: both leave the group
        copies[0].body = story(f"other {copies[0].pk}")
        copies[0].save()
        group_copies([copies[0]])
    drain_index()
    for article in [copy for copies in stories for copy in copies]:
        assert len(shards_holding(engine, doc_id(article))) == 1, article
    assert collapsed(articles().auto_query("story"), "copy_group_exact", "copy_rank").count() == 16


def test_more_like_this_finds_the_neighbours_of_an_article_routed_by_its_copy_group(drain_index):
    """Solr's {!mlt} parser fetched the seed on the shard its id hashes to: for a wire copy (routed
    by its group) it answered HTTP 400 "Could not fetch document" on some shard layouts."""
    stories = stories_of_copies(4, copies=2)
    neighbour = report("Another quay story", story(0))  # the first story's words, not a copy's lead
    drain_index()
    for copies in stories:
        similar = [int(result.pk) for result in SearchQuerySet().more_like_this(copies[0])]
        assert copies[0].pk not in similar and copies[1].pk in similar
    assert neighbour.pk in [int(result.pk) for result in SearchQuerySet().more_like_this(stories[0][0])]


def test_a_page_its_count_and_its_facets_are_one_request(monkeypatch, drain_index):
    for number in range(30):
        report(f"Border report {number}")
    drain_index()
    requests_sent = record_calls(monkeypatch, pysolr.Solr, "_select")
    sqs = articles().auto_query("border").facet("source")
    page = list(sqs[10:20])
    assert len(page) == 10 and sqs.count() == 30
    assert sqs.facet_counts()["fields"]["source"] == [("BBC News", 30)]
    assert len(requests_sent) == 1


def test_an_export_walks_every_hit_by_cursor_never_by_a_deep_start(monkeypatch, drain_index):
    for day in range(1, 12):
        report(f"Border report {day}", published=date(2018, 1, day))
    drain_index()
    sqs = articles().auto_query("border").order_by("published")
    requests_sent = record_calls(monkeypatch, pysolr.Solr, "_select")
    windows = list(hit_windows(sqs, 4))
    assert [len(window) for window in windows] == [4, 4, 3]
    titles = [hit.title for window in windows for hit in window]
    assert titles == [f"Border report {day}" for day in range(1, 12)]
    sent = [args[0] for args, _ in requests_sent]
    assert all(params.get("start", 0) == 0 and "cursorMark" in params for params in sent)


def test_a_batch_of_changes_is_one_update_request(monkeypatch, drain_index):
    kept, removed = report("Border report kept"), report("Border report removed")
    drain_index()
    posts = record_calls(monkeypatch, requests.Session, "post")
    kept.title = "Border report rewritten"
    kept.save()
    removed.delete()
    report("Border report added")
    assert indexer.drain_batch() == 3
    assert len(posts) == 1
    assert sorted(hit.title for hit in articles().auto_query("border")) == [
        "Border report added",
        "Border report rewritten",
    ]


def test_a_large_update_goes_in_bounded_requests_and_only_the_last_commits(monkeypatch, drain_index):
    for number in range(7):
        report(f"Harbour report {number}")
    monkeypatch.setattr(solr_backend, "COMMANDS_PER_REQUEST", 3)
    posts = record_calls(monkeypatch, requests.Session, "post")
    engine = search_engine()
    search_index = connections["default"].get_unified_index().get_index(Article)
    engine.apply_changes(updates=[(search_index, Article.objects.all())])
    sent = [kwargs["params"] for _args, kwargs in posts]
    assert len(sent) == 3  # 3 + 3 + 1 documents
    assert [params.get("softCommit") for params in sent] == [None, None, "true"]
    assert articles().auto_query("harbour").count() == 7


def test_prefix_cost_counts_the_words_and_their_documents_over_every_shard(drain_index):
    for title in ("Borderline case", "Borders closed", "Border talks", "Bordeaux wine"):
        report(title, f"{title}.")
    drain_index()
    # Stems starting "border": border (in 2 articles: "Borders", "Border"), borderlin (in 1).
    words, postings = search_engine().prefix_cost("content", "border", 10)
    assert (words, postings) == (2, 2 + 1)
    assert search_engine().prefix_cost("content", "border", 1)[0] == 1  # counted up to max_words


def test_spelling_suggests_only_words_a_live_document_holds(drain_index):
    zanzibar = report("Zanzibar port reopens")
    report("Border talks")
    drain_index()
    assert articles().spelling_suggestion("zanzibat") == "zanzibar"
    assert articles().spelling_suggestion("border") is None  # every word known
    zanzibar.status = Article.Status.DRAFT
    zanzibar.save()
    drain_index()
    # The word stays in Solr's term dictionary until its segment merges; no live document has it.
    assert articles().spelling_suggestion("zanzibat") is None


def test_reindex_switches_the_alias_while_searches_keep_answering(drain_index):
    for number in range(20):
        report(f"Border report {number}")
    drain_index()
    engine = search_engine()
    first = engine.cloud.resolve(engine.collection)
    counts, errors, done = [], [], threading.Event()

    def search_in_a_loop():
        while not done.is_set():
            try:
                counts.append(articles().auto_query("border").count())
            except Exception as error:  # any exception is a failure of the switch
                errors.append(error)
            time.sleep(0.02)

    searcher = threading.Thread(target=search_in_a_loop)
    searcher.start()
    try:
        for _ in range(3):
            call_command("reindex", stdout=StringIO())
    finally:
        done.set()
        searcher.join()
    assert errors == []
    assert counts and set(counts) == {20}
    live = engine.cloud.resolve(engine.collection)
    assert live != first
    builds = [name for name in engine.cloud.collections() if name.startswith(f"{engine.collection}_build_")]
    assert live in builds and len(builds) == 2  # the live build and the one before it


def test_a_build_is_indexed_once_then_published_with_the_live_collections_replicas(monkeypatch, drain_index):
    for number in range(12):
        report(f"Harbour report {number}")
    drain_index()
    engine = search_engine()
    shards, replicas, *_ = engine.cloud.shape(engine.cloud.resolve(engine.collection))
    created = record_calls(monkeypatch, SolrCloudAdmin, "create_collection")
    call_command("reindex", stdout=StringIO())
    assert [args[3] for args, _kwargs in created] == [1]  # (name, config, shards, replicas)
    live = engine.cloud.resolve(engine.collection)
    status = engine.cloud.call("collections", "CLUSTERSTATUS", collection=live)["cluster"]
    described = status["collections"][live]["shards"]
    assert len(described) == shards
    for shard in described.values():
        held = list(shard["replicas"].values())
        assert [replica["state"] for replica in held] == ["active"] * replicas
        assert len({replica["node_name"] for replica in held}) == min(replicas, len(status["live_nodes"]))
    assert articles().auto_query("harbour").count() == 12


def test_reindex_if_needed_rebuilds_a_collection_of_another_configset(solr_cloud, drain_index):
    engine = search_engine()
    other = f"{engine.collection}_conf"  # the configset the launcher uploaded under its own name
    if other not in engine.cloud.call("configs", "LIST").get("configSets", []):
        pytest.skip(f"no configset {other} to make an outdated collection from")
    report("Border report")
    drain_index()
    outdated = f"{engine.collection}_build_1"  # numbered as the oldest build: removed later
    shards, replicas, *_ = engine.cloud.shape(engine.cloud.resolve(engine.collection))
    engine.cloud.create_collection(outdated, other, shards, replicas)
    engine.cloud.point_alias(engine.collection, outdated)
    assert not engine.schema_is_current()
    out = StringIO()
    call_command("reindex", "--if-needed", stdout=out)
    assert "rebuilding" in out.getvalue()
    assert engine.schema_is_current()
    assert articles().auto_query("border").count() == 1
    call_command("reindex", "--if-needed", stdout=StringIO())  # the outdated one is now 2 builds old
    assert outdated not in engine.cloud.collections()


def test_the_indexer_locks_live_in_the_database_when_on_solr():
    with indexer.drain_lock():
        holder = IndexerLock.objects.get(name="drain.lock").holder
        assert holder.split(":")[1].isdigit()  # host:pid:token
        with pytest.raises(IndexerBusy, match=f"held by {holder}"), indexer.drain_lock(timeout=0):
            pass
    assert IndexerLock.objects.get(name="drain.lock").holder == ""


def test_searches_through_the_engine_keep_answering_while_a_node_is_down(solr_cloud, drain_index):
    _url, cloud = solr_cloud
    if cloud is None:
        pytest.skip("MORGUE_TEST_SOLR_URL names a cluster this session cannot stop nodes of")
    for number in range(30):
        report(f"Quorum report {number}")
    drain_index()
    answers, done = [], threading.Event()

    def search_until_done():
        while not done.is_set():
            try:
                answers.append(articles().auto_query("quorum").count())
            except Exception as error:
                answers.append(f"error: {error}")
            time.sleep(0.02)

    searcher = threading.Thread(target=search_until_done)
    searcher.start()
    try:
        time.sleep(0.5)
        cloud.stop_node(1)
        time.sleep(2)
    finally:
        done.set()
        searcher.join()
        cloud.start_node(1)
        wait_until_every_replica_is_active(search_engine())
    assert set(answers) == {30}, answers
    assert len(answers) >= 10


def test_a_url_naming_several_nodes_carries_on_through_the_next_when_one_is_down(
    solr_cloud, settings, drain_index
):
    """MORGUE_SEARCH_URL=solr://DOWN,UP/solr/…: searches, writes and the Collections API go to the
    next node when the first cannot be reached (with one node named, each failed: "Failed to connect")."""
    _url, cloud = solr_cloud
    if cloud is None:
        pytest.skip("MORGUE_TEST_SOLR_URL names a cluster this session cannot stop nodes of")
    for number in range(5):
        report(f"Relay report {number}")
    drain_index()
    down, up = (urlsplit(url).netloc for url in cloud.node_urls[1::-1])
    url = f"solr://{down},{up}/solr/{search_engine().collection}"
    settings.HAYSTACK_CONNECTIONS = {"default": haystack_connection(url, None)}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    cloud.stop_node(1)
    try:
        assert articles().auto_query("relay").count() == 5
        assert search_engine().schema_is_current()  # the Collections API, through node 0
        wait_until_each_shard_has_a_leader(search_engine())
        report("Relay report 5")
        drain_index()
        assert articles().auto_query("relay").count() == 6
    finally:
        cloud.start_node(1)
        wait_until_every_replica_is_active(search_engine())


def wait_until_each_shard_has_a_leader(engine, timeout=120):
    """After a node stops, the shards it led elect a leader among the live replicas (updates wait)."""
    collection = engine.cloud.resolve(engine.collection)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = engine.cloud.call("collections", "CLUSTERSTATUS", collection=collection)["cluster"]
        live = set(status["live_nodes"])
        shards = status["collections"][collection]["shards"].values()
        if all(
            any(
                r.get("leader") == "true" and r["state"] == "active" and r["node_name"] in live
                for r in replicas
            )
            for replicas in (shard["replicas"].values() for shard in shards)
        ):
            return
        time.sleep(0.5)
    raise AssertionError(f"a shard of {collection} has no live leader after {timeout} s")


def wait_until_every_replica_is_active(engine, timeout=120):
    """A node back from a stop recovers its replicas from their leaders; later tests need them all."""
    collection = engine.cloud.resolve(engine.collection)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = engine.cloud.call("collections", "CLUSTERSTATUS", collection=collection)
        shards = status["cluster"]["collections"][collection]["shards"].values()
        if all(replica["state"] == "active" for shard in shards for replica in shard["replicas"].values()):
            return
        time.sleep(0.5)
    raise AssertionError(f"replicas of {collection} still not active after {timeout} s")
