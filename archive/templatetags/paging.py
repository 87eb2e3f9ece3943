"""Links for paginated lists that keep the page's other query parameters (letter, q, ...)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param, number):
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()
