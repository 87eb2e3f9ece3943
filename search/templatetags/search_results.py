"""{% article_result_items article_results q %}: the <li>s of the Articles tab's result list.

Rendered in Python, not by a template loop: a page's 20 rows made ~400 template variable
lookups, filters and tags (a seventh of a search page's time at 100,000 articles). The HTML is
what templates/search/includes/article_results.html gave, byte for byte
(tests/test_search_results_html.py renders both); every value from the archive is escaped as
Django's autoescape does (search_facets.html_escaped), the snippet and a quote's HTML are
already safe (search/views.py's snippet, service.mark_words)."""

from urllib.parse import quote as url_quote

from django import template
from django.template.defaultfilters import capfirst, truncatewords
from django.utils.safestring import mark_safe

from archive.templatetags.citation import article_date
from search.templatetags.search_facets import html_escaped

register = template.Library()

ROW = """
  <li class="result">
    <h3 class="result-title"><a href="{url}{query}">{title}</a></h3>
    <p class="result-meta">{source}<time{datetime}>{date}</time>{section}{copies}</p>
    {snippet}
    {quotes}
  </li>
  """
QUOTES = """
    <ul class="result-quotes" aria-label="Matching quotes">
      {items}
    </ul>
    """
COPIES = ' · <a class="copies" href="{url}#copies">+{count} cop{plural}</a>'
PARAPHRASE = '<span class="paraphrase"><span class="paraphrase-label">paraphrase</span> {html}</span>'


@register.simple_tag
def article_result_items(rows, q):
    """The list items of `rows` ({article, snippet, quotes}, search/views.py's article_rows);
    `q` the words searched, carried to each article's link."""
    query = f"?q={html_escaped(url_quote(q))}" if q else ""
    html = "".join(result_item(row, query, q) for row in rows)
    return mark_safe(html)  # noqa: S308 (every value escaped in result_item)


def result_item(row, query, q):
    article = row["article"]
    url = html_escaped(article.get_absolute_url())
    return ROW.format(
        url=url,
        query=query,
        title=html_escaped(article.title),
        source=f"{html_escaped(article.source.name)} · " if article.source else "",
        datetime=f' datetime="{article.published.isoformat()}"' if article.published else "",
        date=html_escaped(article_date(article)),
        section=f" · {html_escaped(capfirst(article.section))}" if article.section else "",
        copies=copies_link(url, article.copy_count),
        snippet=snippet_paragraph(row["snippet"], article, q),
        quotes=QUOTES.format(items="".join(map(quote_item, row["quotes"]))) if row["quotes"] else "",
    )


def copies_link(url, count):
    if not count:
        return ""
    return COPIES.format(url=url, count=int(count), plural="y" if count == 1 else "ies")


def snippet_paragraph(snippet, article, q):
    """The highlighted passage; without words searched (a filtered list), the body's start."""
    if snippet:
        return f'<p class="snippet">… {snippet} …</p>'
    if not q:
        return f'<p class="snippet">{html_escaped(truncatewords(article.body, 30))}</p>'
    return ""


def quote_item(item):
    quote, html = item["quote"], html_escaped(item["html"])
    shown = PARAPHRASE.format(html=html) if quote.kind == "reported" else f"<q>{html}</q>"
    speaker = f" — {html_escaped(quote.speaker_name)}" if quote.speaker_name else ""
    return f"<li>{shown}{speaker}</li>"
