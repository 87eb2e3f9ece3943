"""The Articles tab's result rows, rendered in Python (search/templatetags/search_results.py), give
the HTML the template loop they replaced gave, byte for byte."""

from datetime import date

import pytest
from django.template import engines
from django.utils.safestring import mark_safe

from archive.models import Article, Source
from search.service import MatchingQuote
from search.templatetags.search_results import article_result_items

# templates/search/includes/article_results.html's loop before the rows were rendered in Python.
TEMPLATE_LOOP = """{% load citation %}
  {% for row in article_results %}
  <li class="result">
    <h3 class="result-title"><a href="{{ row.article.get_absolute_url }}{% if state.q %}?q={{ state.q|urlencode }}{% endif %}">{{ row.article.title }}</a></h3>
    <p class="result-meta">{% if row.article.source %}{{ row.article.source.name }} · {% endif %}<time{% if row.article.published %} datetime="{{ row.article.published|date:'Y-m-d' }}"{% endif %}>{{ row.article|article_date }}</time>{% if row.article.section %} · {{ row.article.section|capfirst }}{% endif %}{% if row.article.copy_count %} · <a class="copies" href="{{ row.article.get_absolute_url }}#copies">+{{ row.article.copy_count }} cop{{ row.article.copy_count|pluralize:"y,ies" }}</a>{% endif %}</p>
    {% if row.snippet %}<p class="snippet">… {{ row.snippet|safe }} …</p>{% elif not state.q %}<p class="snippet">{{ row.article.body|truncatewords:30 }}</p>{% endif %}
    {% if row.quotes %}
    <ul class="result-quotes" aria-label="Matching quotes">
      {% for item in row.quotes %}<li>{% if item.quote.kind == "reported" %}<span class="paraphrase"><span class="paraphrase-label">paraphrase</span> {{ item.html }}</span>{% else %}<q>{{ item.html }}</q>{% endif %}{% if item.quote.speaker_name %} — {{ item.quote.speaker_name }}{% endif %}</li>{% endfor %}
    </ul>
    {% endif %}
  </li>
  {% endfor %}"""  # noqa: E501


def article(pk, copy_count=0, **fields):
    row = Article(pk=pk, slug=f"story-{pk}", **fields)
    row.copy_count = copy_count
    return row


def rows():
    full = article(
        1,
        copy_count=1,
        title='Tom & Jerry <say> "hi" it\'s',
        source=Source(name="Reuters & <Co>"),
        published=date(2018, 6, 4),
        date_precision=Article.Precision.DAY,
        section="politics & more",
        body="Unused.",
    )
    copies = article(2, copy_count=3, title="Wire", published=date(2018, 6, 1), date_precision="month")
    bare = article(3, title="Bare", body="<b>One</b> & " + "word " * 40)
    quotes = [
        {"quote": MatchingQuote("x", "reported", "Ana & <Bo>"), "html": mark_safe("the <mark>border</mark>")},
        {"quote": MatchingQuote("x", "direct", None), "html": "plain & <unsafe>"},
    ]
    return [
        {"article": full, "snippet": "the <em>border</em> & 'more'", "quotes": quotes},
        {"article": copies, "snippet": "", "quotes": []},
        {"article": bare, "snippet": "", "quotes": quotes[1:]},
    ]


@pytest.mark.parametrize("q", ["border", 'a&b "c" /x ü', "", None])
def test_rows_rendered_in_python_give_the_template_loops_html(q):
    loop = engines["django"].from_string(TEMPLATE_LOOP)
    expected = loop.render({"article_results": rows(), "state": {"q": q}}).removeprefix("\n  ")
    assert article_result_items(rows(), q) == expected


def test_no_rows_give_no_items():
    assert article_result_items([], "border") == ""
