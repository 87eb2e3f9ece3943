"""The project's own haystack backend for Whoosh: the one place for every Whoosh workaround."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend


class MorgueWhooshBackend(WhooshSearchBackend):
    pass


class MorgueWhooshEngine(WhooshEngine):
    backend = MorgueWhooshBackend
