"""Where the index's own field and analyser classes lived before search/engine/ (issue #14).

Whoosh pickles the schema into every index it writes, naming each class by its import path: an
index written before the move names ``search.backend.FacetKeywords`` (and ``PossessiveFilter``,
``ValueListColumn``) and cannot be opened without these names. Remove this module once every
index in use has been rebuilt (``manage.py reindex``) by code from after the move.
"""

from search.engine.schema import FacetKeywords, PossessiveFilter, ValueListColumn

__all__ = ["FacetKeywords", "PossessiveFilter", "ValueListColumn"]
