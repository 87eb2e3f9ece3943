"""{% facet_links links %}: a facet's values, each a link with its count (search/views.py's
facet_groups), as the <li>s of a list.

A page lists up to ~300 of them (12 facets, their "More…" lists included). An included template
per link took a fifth of a search page's rendering; format_html_join, a tenth (its lazy
conditional_escape per argument); one str.format per link with a plain escape takes little."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

LINK = '<li><a href="{}"{}>{}</a> <span class="count">{}</span></li>'
SELECTED = ' aria-current="true" class="selected"'


@register.simple_tag
def facet_links(links):
    items = (
        LINK.format(
            html_escaped(link["url"]),
            SELECTED if link["selected"] else "",
            html_escaped(link["label"]),
            int(link["count"]),
        )
        for link in links
    )
    return mark_safe("".join(items))  # noqa: S308 (url and label escaped, the count a number)


def html_escaped(value):
    """What Django's conditional_escape gives (safe strings as they are, the rest through
    html.escape, as django.utils.html.escape does), without its lazy-string wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
