"""`python -m search.solr [DIR]`: run a 2-node SolrCloud with a 2-shard, 2-replica collection
on 127.0.0.1 until Ctrl-C, printing the collection's URL for MORGUE_SEARCH_URL."""

import sys
from pathlib import Path

from search.solr.cluster import SolrCloud


def main():
    workdir = Path(sys.argv[1] if len(sys.argv) > 1 else "data/solrcloud").resolve()
    print(f"Starting SolrCloud in {workdir} (2 nodes, 2 shards × 2 replicas) …", flush=True)
    cloud = SolrCloud(workdir).start()
    print(f"SolrCloud ready: MORGUE_SEARCH_URL={cloud.collection_url}", flush=True)
    print("Nodes: " + ", ".join(cloud.node_urls), flush=True)
    print("Ctrl-C stops it.", flush=True)
    try:
        cloud.process.wait()
    except KeyboardInterrupt:
        print("Stopping SolrCloud …", flush=True)
    finally:
        cloud.close()


if __name__ == "__main__":
    main()
