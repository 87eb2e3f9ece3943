"""{% facet_links links %}: a facet's values, each a link with its count (search/views.py's
facet_groups), as the <li>s of a list.

A page lists up to ~300 of them (12 facets, their "More…" lists included); an included template
per link took a fifth of a search page's rendering, a format_html_join per list takes little."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SELECTED = mark_safe(' aria-current="true" class="selected"')


@register.simple_tag
def facet_links(links):
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a> <span class="count">{}</span></li>',
        ((link["url"], SELECTED if link["selected"] else "", link["label"], link["count"]) for link in links),
    )
