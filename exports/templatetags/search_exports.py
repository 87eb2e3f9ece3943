"""Links from the search page to its exports and feed, keeping the page's whole state.

In templates/search/search.html: `{% load search_exports %}`, then `{% search_feed_link state %}`
in the head block and `{% search_export_links state %}` beside the result count.
"""

from django import template
from django.utils.html import format_html

from exports.feeds import canonical_url
from search.request import SearchRequest

register = template.Library()


@register.inclusion_tag("exports/search_export_links.html")
def search_export_links(state):
    search = SearchRequest(state)
    return {
        "csv_url": search.url("exports:csv"),
        "jsonl_url": search.url("exports:jsonl"),
        "feed_url": canonical_url(search, "exports:feed"),
    }


@register.simple_tag
def search_feed_link(state):
    """The <link rel="alternate"> that lets browsers and feed readers find the search's feed."""
    if not state.get("q"):
        return ""
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="Morgue: {}" href="{}">',
        state["q"],
        canonical_url(SearchRequest(state), "exports:feed"),
    )
