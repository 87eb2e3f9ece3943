"""The SolrCloud implementation of the engine face (search/engine/__init__.py), issue #15.

* syntax.py: search/query.py's parsed tree → Solr query syntax, every user word quoted or escaped;
* search_query.py: haystack's Solr query class carrying the tree, whole-value filters (``fq``),
  and the windows an export walks (``cursorMark``);
* backend.py: haystack's Solr backend with the face's promises (facets, highlights, spelling,
  more-like-this) and the indexer's write side (one update request per batch, builds aside in a
  new collection made live by switching an alias);
* cloud.py: Solr's Collections and Configsets APIs (collections, aliases, the project's configset).

The local cluster for tests and trying it out is search/solr/ (docs/solr.md). Only this package
and search/engine/ speak to an engine.
"""
