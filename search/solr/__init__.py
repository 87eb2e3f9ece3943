"""A real SolrCloud for Morgue's Solr lane, run on 127.0.0.1 from Solr's own Maven artifacts.

`pom.xml` and `src/` hold a small Java launcher around Solr's MiniSolrCloudCluster (real Solr
nodes on Jetty and an embedded ZooKeeper); `configset/` is the project's schema and solrconfig;
`cluster.py` builds and drives the launcher from Python (tests, `make solr`).
"""
