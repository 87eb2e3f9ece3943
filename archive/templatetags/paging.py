"""Links for paginated lists that keep the page's other query parameters (letter, q, ...)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param, number):
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def page_links(context, page, param="page"):
    """[{number, url, current}] for the page numbers around `page` ("…" gaps have no url)."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return [
        {
            "number": number,
            "url": page_url(context, param, number) if isinstance(number, int) else None,
            "current": number == page.number,
        }
        for number in numbers
    ]
