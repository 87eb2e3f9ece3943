"""The Solr lane (`make test-solr`): one real SolrCloud for the whole session, and the suite's
engine-neutral test modules re-run against it (tests/solr/test_on_solr_*.py import them).

`search_index` here overrides the suite's: every test under tests/solr/ searches the session's
collection, emptied before the test. MORGUE_TEST_SOLR_URL=http://…/solr/COLLECTION reuses a running
cluster (`make solr`) instead of starting one; without java and mvn the lane is skipped.
"""

import os
import shutil
from pathlib import Path

import pytest
from haystack import connections

from morgue.search_url import haystack_connection
from search.solr.cluster import SolrCloud

HERE = Path(__file__).resolve().parent
# Tests of the re-run modules that check the Whoosh engine's own machinery (its readers, segments,
# generations, write lock): on Solr they would pass or fail for no reason. What they protect has
# its Solr counterpart in tests/solr/test_solr_engine.py where the promise is the engine's.
WHOOSH_MACHINERY = {
    "test_page_count_and_facets_cost_one_whoosh_search": "counts Whoosh searches (Solr: one request)",
    "test_unchanged_index_opens_no_new_reader_per_query": "Whoosh's segment readers",
    "test_remove_waits_for_the_write_lock_instead_of_dropping_the_delete": "Whoosh's write lock",
    "test_multi_valued_facets_read_a_list_column_not_every_posting": "Whoosh's postings",
    "test_writing_a_segment_does_not_check_the_file_system_per_posting": "Whoosh's file storage",
    "test_short_posting_lists_are_kept_in_the_term_table_and_still_found": "Whoosh's posting blocks",
    "test_spelling_files_each_word_under_its_document_and_ranks_by_how_many_use_it": "Whoosh spelling",
    "test_segments_with_spelling_words_merge": "Whoosh's segment merges",
    "test_a_commit_reads_each_field_length_column_once_not_once_per_posting": "Whoosh's field lengths",
    "test_a_new_actor_queues_nothing_until_something_names_it": "reads Whoosh's searcher",
    "test_searches_keep_finding_everything_while_reindex_switches": "Whoosh generations (Solr: aliases)",
    "test_reindex_removes_all_but_the_live_and_the_previous_generation": "Whoosh generation folders",
    "test_check_index_finds_and_repairs_spelling_words_filed_under_another_document": "Whoosh spelling",
    "test_reindex_if_needed_builds_an_empty_index_of_a_full_database": "deletes the Whoosh folder",
    "test_a_commit_without_merging_writes_its_own_documents_only": "Whoosh segments",
    "test_small_segments_merge_and_keep_every_document_and_deletion": "Whoosh segments",
    "test_nothing_to_merge_writes_no_new_generation": "Whoosh segments",
    "test_segments_beyond_the_merge_budget_are_left_to_bulk_commits": "Whoosh segments",
    "test_a_merge_gives_way_at_once_and_leaves_the_index_as_it_was": "Whoosh segments",
    "test_opening_a_searcher_copies_no_segment_file": "Whoosh segment files",
    "test_the_indexers_batches_never_merge_segments_its_idle_looks_do": "Whoosh segments",
    "test_writing_into_an_index_without_segments_looks_for_no_document_to_replace": "Whoosh segments",
    "test_an_integer_field_holds_one_term_per_value_and_still_matches_exactly": "Whoosh's NUMERIC terms",
    "test_an_index_written_with_integer_range_tiers_still_finds_quotes_by_article": "Whoosh's NUMERIC tiers",
    "test_quote_documents_bring_no_spelling_words_yet_quote_searches_are_corrected": "Whoosh spelling",
    "test_a_writer_that_spills_its_postings_to_runs_writes_the_index_it_writes_in_memory": "Whoosh's pool",
    "test_a_count_highlights_nothing_and_the_page_highlights_its_own_hits": "Whoosh's highlighter",
    "test_a_short_value_shared_by_documents_is_analysed_once_per_commit": "Whoosh's bulk writer",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().parent != HERE:
            continue
        item.add_marker(pytest.mark.solr)
        reason = WHOOSH_MACHINERY.get(item.originalname)
        if reason and item.module.__name__.startswith("tests.solr.test_on_solr_"):
            item.add_marker(pytest.mark.skip(reason=f"Whoosh only: {reason}"))


@pytest.fixture(scope="session")
def solr_cloud(tmp_path_factory):
    """The running SolrCloud: started for this session (2 nodes, 2 shards × 2 replicas) unless
    MORGUE_TEST_SOLR_URL names one. Yields (collection URL, SolrCloud or None)."""
    given = os.environ.get("MORGUE_TEST_SOLR_URL")
    if given:
        yield given, None
        return
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("the Solr lane needs java and mvn")
    with SolrCloud(tmp_path_factory.mktemp("solrcloud")) as cloud:
        yield cloud.collection_url, cloud


@pytest.fixture(scope="session")
def solr_collection(solr_cloud):
    """The session's collection URL, its alias pointed at a build from the project's configset."""
    url, _cloud = solr_cloud
    from search.engine.solr.backend import MorgueSolrBackend

    engine = MorgueSolrBackend("default", **haystack_connection(url, None))
    if not engine.schema_is_current():
        build = engine.new_build()
        build.finish_build()
        engine.publish(build)
        engine.remove_old_builds()
    return url


@pytest.fixture(autouse=True)
def search_index(settings, solr_collection):
    """Point haystack at the session's Solr collection, emptied for this test."""
    settings.HAYSTACK_CONNECTIONS = {"default": haystack_connection(solr_collection, None)}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    connections["default"].get_backend().clear()
    yield solr_collection
    connections.reload("default")
