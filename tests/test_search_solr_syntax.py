"""The Solr engine's pieces that need no cluster: the tree's Solr syntax, the configset's fields,
which old builds go. (Against a real SolrCloud: tests/solr/, `make test-solr`.)"""

import xml.etree.ElementTree as ElementTree

import pytest
from haystack import connections

from search.engine.solr import syntax
from search.engine.solr.cloud import CONFIGSET, old_builds, replica_nodes
from search.query import ARTICLE_FIELDS, for_index, parse


def solr(text):
    tree = for_index(parse(text).tree, ARTICLE_FIELDS, lambda leaf: [('Theresa "T" May', "person")])
    return syntax.from_tree(tree, "text")


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("border", 'text:"border"'),
        ('"zero tolerance"', 'text:"zero tolerance"'),
        ("immig*", "text:immig*"),
        ("border OR wall -trump", '(text:"border" OR (text:"wall" AND (*:* -text:"trump")))'),
        ("title:Brexit speaker:May", '(title:"Brexit" AND (speakers:"Theresa \\"T\\" May"))'),
        ("actor:May", '(people:"Theresa \\"T\\" May")'),
        ("AND:x", 'text:"AND x"'),  # an unknown field is text: the words stay words, never operators
    ],
)
def test_the_tree_is_written_with_every_word_quoted(text, query):
    assert solr(text) == query


def test_nothing_the_user_types_is_syntax_in_solr():
    assert syntax.quoted('a"b\\c') == '"a\\"b\\\\c"'
    assert syntax.escaped("ab:c*") == "ab\\:c\\*"
    assert syntax.term_filter("people", 'Jeff "J" Sessions') == '{!term f=people}Jeff "J" Sessions'


def test_the_configset_declares_every_index_field_with_its_kind():
    declared = {
        field.get("name"): field.get("type")
        for field in ElementTree.parse(CONFIGSET / "schema.xml").getroot().iter("field")  # noqa: S314 (ours)
    }
    for name, field in connections["default"].get_unified_index().all_searchfields().items():
        assert name in declared, f"{name} is missing from search/solr/configset/conf/schema.xml"
        if getattr(field, "facet_for", None) or field.field_type in ("date", "integer"):
            expected = {"date": "pdate", "integer": "plong"}.get(field.field_type)
            expected = expected or ("strings" if field.is_multivalued else "string")
            assert declared[name] == expected, name


def test_the_live_build_and_the_one_before_it_stay():
    names = ["morgue", "morgue_build_5", "morgue_build_9", "morgue_build_7", "other", "morgue_x_build_1"]
    assert old_builds(names, "morgue", "morgue_build_9") == ["morgue", "morgue_build_5"]
    assert old_builds(names, "morgue", "morgue") == []
    assert old_builds(["morgue_build_1"], "morgue", "elsewhere") == []


def test_new_replicas_go_to_the_nodes_holding_none_of_the_shard_first():
    nodes = ["b:8983_solr", "a:8983_solr", "c:8983_solr"]
    assert replica_nodes(nodes, holding=["b:8983_solr"], count=1) == ["a:8983_solr"]
    assert replica_nodes(nodes, holding=["b:8983_solr"], count=2) == ["a:8983_solr", "c:8983_solr"]
    assert replica_nodes(["a", "b"], holding=["a"], count=2) == ["b", "a"]  # more than the free nodes
    assert replica_nodes(nodes, holding=["a:8983_solr"], count=0) == []
