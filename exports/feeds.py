"""An Atom feed for any search: /search/feed/?<the search page's parameters>, newest first.

Subscribed in a feed reader, it is an alert: a new article (or quote, on the quotes tab) matching the
search shows up as a new entry. Whatever the page's sort, the feed lists the newest FEED_SIZE
matches. The feed's id is its canonical URL (parameters in the search page's order, no page), so
the same search always is the same feed. Summaries are plain text (`<summary type="text">`): article
text never becomes markup, and there is no HTML escaping inside XML escaping (`&amp;#x27;`), which
readers that show the summary as text displayed verbatim.
"""

import re
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from archive.models import Quote
from search.filters import FILTERS, TAB_BY_NAME
from search.request import InvalidSearch, SearchRequest

FEED_SIZE = 50
SUMMARY_WORDS = 60
QUOTE_TITLE_CHARS = 120


XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(value):
    """Text without the control characters XML 1.0 cannot hold (Django's feed writer raises on them)."""
    return XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom whose texts are stripped of XML-illegal control characters: a filter value or an imported
    title holding one would otherwise make the whole feed a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{name: xml_safe(v) for name, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{name: xml_safe(v) for name, v in kwargs.items()})

    def add_item_elements(self, handler, item):
        """Django's Atom writer, with the summary as text rather than HTML."""
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class SearchFeed(Feed):
    feed_type = XmlSafeAtom1Feed
    author_name = "Morgue"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidSearch as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    def get_object(self, request):
        search = SearchRequest.for_download(request.GET).changed(sort="newest")
        return {"search": search, "results": search.run_strictly(), "request": request}

    def items(self, feed):
        return feed["results"].first_rows(FEED_SIZE)

    # --- the feed ------------------------------------------------------------------------------------

    def title(self, feed):
        search = feed["search"]
        what = TAB_BY_NAME[search.tab].label
        filters = [f"{name}: {value}" for name, value in filter_labels(search.state)]
        return f"Morgue — {what} matching “{search.state['q']}”" + (
            f" ({', '.join(filters)})" if filters else ""
        )

    def subtitle(self, feed):
        return f"The newest {FEED_SIZE} matches of this search in the Morgue archive."

    def link(self, feed):
        return canonical_url(feed["search"], "search:search")

    def feed_url(self, feed):
        return canonical_url(feed["search"], "exports:feed")

    def feed_guid(self, feed):
        return feed["request"].build_absolute_uri(self.feed_url(feed))

    # --- entries -------------------------------------------------------------------------------------

    def item_title(self, item):
        if isinstance(item, Quote):
            speaker = item.speaker.name if item.speaker else "Unattributed"
            return f"{speaker}: “{Truncator(item.text).chars(QUOTE_TITLE_CHARS)}”"
        return item.title

    def item_link(self, item):
        if isinstance(item, Quote):
            return item.get_absolute_url()
        return item.get_absolute_url()

    def item_description(self, item):
        if isinstance(item, Quote):
            return f"“{item.text}” — {item.article.title}"
        return Truncator(item.body).words(SUMMARY_WORDS)

    def item_author_name(self, item):
        if isinstance(item, Quote):
            return item.speaker.name if item.speaker else None
        return item.source.name if item.source else None

    def item_pubdate(self, item):
        published = (item.article if isinstance(item, Quote) else item).published
        return timezone.make_aware(datetime.combine(published, time.min)) if published else None

    def item_updateddate(self, item):
        return (item.article if isinstance(item, Quote) else item).updated


def canonical_url(search, view_name):
    """The URL of `view_name` for the search, parameters in one fixed order, without page and sort
    (a feed is newest first)."""
    return search.url(view_name, sort=None)


def filter_labels(state):
    """(name, value) of each filter the search carries: "person", "date from"…"""
    return [(f.param.replace("_", " "), state[f.param]) for f in FILTERS if state.get(f.param)]
