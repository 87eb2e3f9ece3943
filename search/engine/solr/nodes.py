"""Several nodes of one SolrCloud behind MORGUE_SEARCH_URL (solr://h1:8983,h2:8983/solr/morgue).

Any node answers for the whole collection (it forwards to the replicas that hold the data), so a
request that cannot reach its node is sent to the next one. Only a failure to connect moves on: a
node that was reached and answered (an error, a time-out while it worked) has had the request,
and its answer stands. The node that answered last is asked first next time, so a dead node costs
one refused connection, not one per request.

When no node can be reached, when the node asked does not answer in time, or when it answers that
it cannot serve the collection now (HTTP 502, 503, 504: a shard without a live replica), the
request raises SearchUnavailable: the engine is down, not the query wrong.
"""

import re

import pysolr
import requests

from search.engine import SearchUnavailable

# pysolr's message for an answer that is an error: "Solr responded with an error (HTTP 503): …".
SERVICE_DOWN_ANSWER = re.compile(r"\(HTTP 50[234]\)")


class Nodes:
    """The base URLs of a cloud's nodes (its /solr roots, or one collection on each), in turn."""

    def __init__(self, bases):
        self.bases = list(bases)
        self.preferred = 0

    @property
    def first(self):
        return self.bases[0]

    def first_answer(self, send):
        """send(base) on the preferred node, then on each other until one can be reached."""
        failure = None
        for step in range(len(self.bases)):
            index = (self.preferred + step) % len(self.bases)
            try:
                answer = send(self.bases[index])
            except (requests.RequestException, pysolr.SolrError) as error:
                if unreachable(error):
                    failure = error
                    continue
                if out_of_service(error):
                    raise SearchUnavailable(str(error)) from error
                raise
            self.preferred = index
            return answer
        raise SearchUnavailable(f"no node of {', '.join(self.bases)} can be reached: {failure}") from failure


def unreachable(error):
    """Whether `error` says the node could not be reached (pysolr wraps requests' error). A
    connection that timed out is unreachable (ConnectTimeout); a read that timed out reached it."""
    return isinstance(_requests_error(error), requests.ConnectionError)


def out_of_service(error):
    """Whether the node was reached but cannot serve now: it did not answer in time, or answered
    502/503/504."""
    return isinstance(_requests_error(error), requests.Timeout) or bool(
        SERVICE_DOWN_ANSWER.search(str(error))
    )


def _requests_error(error):
    """requests' own error behind `error`: itself, or the one pysolr's SolrError wraps."""
    return error if isinstance(error, requests.RequestException) else error.__context__


class FailoverSolr(pysolr.Solr):
    """pysolr's client for one collection, sending each request through `nodes` (collection URLs)."""

    def __init__(self, nodes, **options):
        super().__init__(nodes.first, **options)
        self.nodes = nodes

    def _send_request(self, method, path="", body=None, headers=None, files=None):
        def send(collection_url):
            self.url = collection_url
            return super(FailoverSolr, self)._send_request(method, path, body, headers, files)

        return self.nodes.first_answer(send)
