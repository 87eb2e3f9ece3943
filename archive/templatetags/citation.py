"""How an article or a quote is cited on any page (the public pages, search results, feeds):
its date as precise as the source allows, a quote's words without the punctuation that led to
its attribution."""

from django import template

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
