"""How an article or a quote is cited on any page (the public pages, search results, feeds):
its date as precise as the source allows, a quote's words without the punctuation that led to
its attribution, a quote's "Cite this" line."""

from django import template
from django.utils import timezone

register = template.Library()

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def date_with_precision(day, precision):
    """ "6 April 2018", "April 2018", "2018" or "Date unknown", as precise as the source allows."""
    if day is None or precision == "unknown":
        return "Date unknown"
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


TRAILING_PUNCTUATION = " ,;:"  # a quote ends where its attribution began: "…policy," said X


@register.filter
def quoted_words(text):
    """A quote as shown between quotation marks: without the comma or colon that led to "said X"."""
    return text.rstrip(TRAILING_PUNCTUATION)


@register.filter
def closing_stop(text):
    """The full stop a citation puts after `text`, unless it already ends a sentence ("?", "…")."""
    return "" if str(text).rstrip().endswith((".", "?", "!", "…")) else "."


@register.filter
def article_date(article):
    return date_with_precision(article.published, article.date_precision)


@register.simple_tag
def quote_citation(quote, permalink):
    """The "Cite this" line of a quote (needs `speaker` and `article__source` selected):
    Ana López, quoted in “Harbour deal.” BBC News, 14 June 2018. Archived 2 December 2026. <url>"""
    article = quote.article
    speaker = quote.speaker.name if quote.speaker else "Unattributed"
    source = f"{article.source.name}, " if article.source else ""
    archived = date_with_precision(timezone.localdate(article.created), "day")
    return (
        f"{speaker}, quoted in “{article.title}{closing_stop(article.title)}” {source}"
        f"{article_date(article)}. Archived {archived}. {permalink}"
    )
