"""Solr's Collections and Configsets APIs: what builds aside and their switch need.

A build is a new collection made from the project's configset (search/solr/configset/conf/,
uploaded under a name derived from its content, so a changed schema goes up as a new configset
and an unchanged one is not uploaded twice); publishing points the alias that MORGUE_SEARCH_URL
names at it. Searches name the alias, so they move to the new collection at once.
"""

import hashlib
import io
import re
import zipfile
from pathlib import Path

import requests

CONFIGSET = Path(__file__).resolve().parent.parent.parent / "solr" / "configset" / "conf"
# Seconds an administrative request may take: creating a collection of 2 × 2 replicas takes 2-3 s on
# a quiet machine, over 30 s on a loaded one (measured on 2 shared cores).
ADMIN_TIMEOUT = 300
BUILD_SUFFIX = re.compile(r"_build_(\d+)$")
# The field whose value decides a document's shard (the collection's `router.field`; schema.xml).
# Solr's {!collapse} works within a shard, so the wire copies of one story must share one: the
# backend gives their documents their copy group's route (search/engine/solr/backend.py).
ROUTE_FIELD = "shard_route"


class SolrAdminError(RuntimeError):
    """Solr refused an administrative request; the message holds its answer."""


class SolrCloudAdmin:
    """The administrative APIs of a SolrCloud, through any of its `nodes` (their …/solr roots)."""

    def __init__(self, nodes, timeout=ADMIN_TIMEOUT):
        self.nodes = nodes
        self.timeout = timeout

    @property
    def solr_root(self):
        """The first node's …/solr root: where a new collection's URL points (any node answers)."""
        return self.nodes.first

    def call(self, api, action, **params):
        response = self.nodes.first_answer(
            lambda root: requests.get(
                f"{root}/admin/{api}", params={"action": action, "wt": "json", **params}, timeout=self.timeout
            )
        )
        if response.status_code != 200:
            raise SolrAdminError(
                f"Solr refused {api} {action} {params}: {response.status_code} {response.text[:500]}"
            )
        return response.json()

    def collections(self):
        return self.call("collections", "LIST")["collections"]

    def aliases(self):
        return self.call("collections", "LISTALIASES").get("aliases", {})

    def resolve(self, name):
        """The collection `name` stands for: its alias's collection, or itself."""
        return self.aliases().get(name, name)

    def shape(self, collection):
        """(shards, replicas per shard, configset name, router field or None) of `collection`."""
        state = self.call("collections", "CLUSTERSTATUS", collection=collection)["cluster"]["collections"]
        described = state[collection]
        shards = described["shards"]
        replicas = max(len(shard["replicas"]) for shard in shards.values())
        return len(shards), replicas, described["configName"], described.get("router", {}).get("field")

    def create_collection(self, name, config_name, shards, replicas):
        """A collection whose documents go to the shard their ROUTE_FIELD value hashes to."""
        self.call(
            "collections",
            "CREATE",
            name=name,
            **{
                "collection.configName": config_name,
                "numShards": shards,
                "replicationFactor": replicas,
                "router.name": "compositeId",
                "router.field": ROUTE_FIELD,
            },
        )

    def add_replicas(self, collection, replicas):
        """Give each shard of `collection` `replicas` replicas, each new one on a live node holding
        none of that shard yet where there is one; returns once they are all active (Solr copies
        the shard's finished index to them rather than indexing its documents again)."""
        cluster = self.call("collections", "CLUSTERSTATUS", collection=collection)["cluster"]
        live_nodes = cluster["live_nodes"]
        for shard, described in sorted(cluster["collections"][collection]["shards"].items()):
            holding = [replica["node_name"] for replica in described["replicas"].values()]
            for node in replica_nodes(live_nodes, holding, replicas - len(holding)):
                self.call(
                    "collections",
                    "ADDREPLICA",
                    collection=collection,
                    shard=shard,
                    node=node,
                    waitForFinalState="true",
                )

    def point_alias(self, alias, collection):
        """Make `alias` name `collection` (created, or moved: atomic for searches)."""
        self.call("collections", "CREATEALIAS", name=alias, collections=collection)

    def delete_collection(self, name):
        self.call("collections", "DELETE", name=name)

    def ensure_configset(self, prefix, folder=CONFIGSET):
        """The name of a configset holding `folder`'s files, uploaded unless already there."""
        name = configset_name(prefix, folder)
        packed = zipped(folder)
        if name not in self.call("configs", "LIST").get("configSets", []):
            response = self.nodes.first_answer(
                lambda root: requests.post(
                    f"{root}/admin/configs",
                    params={"action": "UPLOAD", "name": name, "wt": "json"},
                    data=packed,
                    headers={"Content-Type": "application/octet-stream"},
                    timeout=self.timeout,
                )
            )
            if response.status_code != 200:
                raise SolrAdminError(f"Solr refused the configset {name}: {response.text[:500]}")
        return name


def replica_nodes(live_nodes, holding, count):
    """`count` nodes for new replicas of a shard held on `holding`: the live nodes without one
    first, then again round the live nodes (more replicas than nodes share nodes)."""
    free = [node for node in sorted(live_nodes) if node not in holding]
    ordered = free + sorted(live_nodes)
    return [ordered[number % len(ordered)] for number in range(max(count, 0))]


def configset_name(prefix, folder=CONFIGSET):
    """The name the configset in `folder` is uploaded under: `prefix` and a hash of its files."""
    return f"{prefix}_conf_{hashlib.sha1(zipped(folder), usedforsecurity=False).hexdigest()[:12]}"


def zipped(folder):
    """The files of `folder` as a zip archive, in name order with fixed dates (same files, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(str(path.relative_to(folder)), date_time=(1980, 1, 1, 0, 0, 0))
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def old_builds(collections, alias, live):
    """The build collections among `collections` older than the one before `live`: what
    remove_old_builds deletes (the live build and the one before it stay, as on Whoosh)."""
    numbered = {name: number for name in collections if (number := build_number(name, alias)) is not None}
    if live not in numbered:
        return []
    older = sorted((name for name in numbered if numbered[name] < numbered[live]), key=numbered.get)
    return older[:-1]


def build_number(name, alias):
    """The build number in a build collection's name ("morgue_build_3" → 3), 0 for the collection
    named like the alias (the one the cluster started with), None for other collections."""
    if name == alias:
        return 0
    found = BUILD_SUFFIX.search(name)
    return int(found.group(1)) if found and name[: found.start()] == alias else None
