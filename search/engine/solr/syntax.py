"""search/query.py's parsed tree as a Solr (Lucene syntax) query string.

Nothing the user typed is passed on as syntax: a word or phrase goes out as a quoted string (only
``"`` and ``\\`` are special inside quotes, and both are escaped), which Solr analyses with the
field's analyser: one word is a term query, several an exact phrase, as in the Whoosh engine
(search/engine/queries.py). A prefix is the stem with every character but letters and digits
escaped. Operators are written by this module only.
"""

import re

from search import query as tree_nodes

MATCH_ALL = "*:*"
OUTSIDE_WORDS = re.compile(r"([^\w])")


def from_tree(node, content_field):
    """The query string for `node` (index field names; "content" is the field `content_field`)."""
    if isinstance(node, tree_nodes.Not):
        # A pure negative clause matches nothing in Lucene syntax: subtract from everything.
        return f"({MATCH_ALL} -{from_tree(node.child, content_field)})"
    if isinstance(node, (tree_nodes.And, tree_nodes.Or)):
        operator = " AND " if isinstance(node, tree_nodes.And) else " OR "
        return "(" + operator.join(from_tree(child, content_field) for child in node.children) + ")"
    if isinstance(node, tree_nodes.OneOf):
        # Whole-value (string) fields: a quoted value is the one term, unanalysed.
        return "(" + " OR ".join(f"{field}:{quoted(value)}" for field, value in node.values) + ")"
    field = content_field if node.field == "content" else node.field
    if isinstance(node, tree_nodes.Prefix):
        return f"{field}:{escaped(node.stem)}*"
    return f"{field}:{quoted(node.text)}"


def quoted(text):
    """`text` as a Lucene quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def escaped(text):
    """`text` with every character that is not a word character backslash-escaped."""
    return OUTSIDE_WORDS.sub(r"\\\1", text)


def term_filter(field, value):
    """A filter query matching documents whose `field` holds exactly `value` (Solr's term parser
    takes everything after the closing brace as the value, unparsed)."""
    return f"{{!term f={field}}}{value}"


def terms_filter(field, values):
    """A filter query matching documents whose `field` holds one of `values` (none may hold a comma)."""
    return f"{{!terms f={field}}}" + ",".join(values)


def collapse_filter(group_field, rank_field):
    """A filter query keeping, of the documents sharing a `group_field` value, the one with the
    lowest `rank_field`, and every document without a group value. Solr collapses within each
    shard: a group's documents must share a shard for it to collapse to one across the cluster."""
    return f"{{!collapse field={group_field} min={rank_field} nullPolicy=expand}}"
