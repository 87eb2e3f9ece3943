"""Page-number pagination for API lists: `count`, `page`, `pages`, `next`, `previous` links.

The links repeat the request's own parameters with another `page`, so following `next` walks the
same list; with the stable orderings of api/selectors.py, walking every page returns every row once.
"""

from django.core.paginator import EmptyPage, Paginator

from api.params import ApiError


def paginate(request, items, number, size):
    """→ (page, envelope): one page of `items` (a QuerySet or SearchQuerySet) and its counts/links."""
    paginator = Paginator(items, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise ApiError(
            404, f"Page {number} does not exist: this list has {paginator.num_pages} page(s)."
        ) from None
    envelope = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_link(request, page.previous_page_number()) if page.has_previous() else None,
    }
    return page, envelope


def page_link(request, number):
    params = request.GET.copy()
    params.pop("page", None)
    if number > 1:
        params["page"] = str(number)
    query = params.urlencode()
    return request.build_absolute_uri(request.path + ("?" + query if query else ""))
