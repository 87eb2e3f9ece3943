"""From Whoosh hits to haystack SearchResults: stored values converted, highlights added."""

from django.utils.encoding import force_str
from haystack.constants import DJANGO_CT, DJANGO_ID
from haystack.models import SearchResult
from haystack.utils.app_loading import haystack_get_model

from search.engine.highlight import highlight


def no_results():
    """What an engine answers for a search that cannot match anything."""
    return {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}


def search_results(backend, hits, highlight_query, result_class):
    """Haystack SearchResults for Whoosh hits (stored fields, highlighted text when
    `highlight_query` is given); hits of models no longer indexed are left out."""
    from haystack import connections

    unified_index = connections[backend.connection_alias].get_unified_index()
    indexed_models = unified_index.get_indexed_models()
    result_class = result_class or SearchResult
    terms = highlight_terms(backend, highlight_query) if highlight_query is not None else None
    results = []
    for hit in hits:
        stored = hit.fields()
        app_label, model_name = stored[DJANGO_CT].split(".")
        model = haystack_get_model(app_label, model_name)
        if model not in indexed_models:
            continue
        index = unified_index.get_index(model)
        values = {
            key: stored_value(backend, index, key, value)
            for key, value in stored.items()
            if key not in (DJANGO_CT, DJANGO_ID)
        }
        if terms is not None:
            values["highlighted"] = {backend.content_field_name: [highlighted(backend, values, terms)]}
        results.append(result_class(app_label, model_name, stored[DJANGO_ID], hit.score or 0, **values))
    return results


def stored_value(backend, index, key, value):
    field = index.fields.get(key)
    if field is None or not hasattr(field, "convert"):
        return backend._to_python(value)  # haystack's conversion of stored text
    if field.is_multivalued:
        return value.split(",") if value else []
    return field.convert(value)


def highlight_terms(backend, parsed):
    """The query's terms in the content field (filters such as people:… are not highlighted)."""
    return {
        force_str(text)
        for fieldname, text in parsed.iter_all_terms(phrases=True)
        if fieldname == backend.content_field_name
    }


def highlighted(backend, values, terms):
    text = values.get(backend.content_field_name) or ""
    if not terms or not text:
        return ""
    return highlight(text, terms, backend.schema[backend.content_field_name].analyzer)
