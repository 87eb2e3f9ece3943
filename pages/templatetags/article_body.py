"""Presentation of an article: the body with its quotes marked, search terms highlighted, dates;
a quote in its paragraph (the quote page).

The body is stored verbatim and quote offsets point into it, so the renderer works on character
offsets of the raw text and escapes every piece it emits: article text is never marked safe as-is.
"""

import re
from dataclasses import dataclass
from itertools import pairwise

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from archive.models import Quote
from search.query import Prefix, parse

register = template.Library()

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
CLOSING_MARKS = "\"'”’»"
MAX_TERMS = 10
MAX_TERM_LENGTH = 60


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def paragraphs(body):
    """(start, end) offsets of each non-blank paragraph; paragraphs are separated by blank lines."""
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def search_terms(query, limit=MAX_TERMS):
    """The words and "quoted phrases" of a search query worth highlighting, as the search read
    them (search/query.py): a prefix keeps its `*`, and only uppercase AND, OR and NOT are operators.

    What the query excludes (-word, NOT word) and field filters (speaker:x) are left out: they
    name what the reader did not search the text for.
    """
    terms = []
    for leaf in parse(query or "").positive_leaves():
        if leaf.field is not None:
            continue
        term = (f"{leaf.stem}*" if isinstance(leaf, Prefix) else leaf.text)[:MAX_TERM_LENGTH]
        if len(term.rstrip("*")) >= 2 and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms[:limit]


def term_pattern(terms):
    """One case-insensitive regex matching any term as whole words; `word*` matches a prefix.

    The words of a term may be apart by any non-word characters, as the index splits them: the
    phrase "interest rates" spans a line break, "U.S." (the words U and S) matches itself."""
    parts = []
    for term in terms:
        prefix = term.endswith("*")
        words = term.rstrip("*").split()
        part = r"\W+".join(re.escape(w) for w in words)
        parts.append(part + (r"\w*" if prefix else ""))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def highlight_spans(body, terms):
    pattern = term_pattern(terms)
    return [Span(m.start(), m.end()) for m in pattern.finditer(body)] if pattern else []


def non_overlapping(quotes, body_length):
    """Quotes in body order, dropping any that overlaps an earlier one or lies outside the body."""
    kept, last_end = [], 0
    for quote in sorted(quotes, key=lambda q: (q.start, q.end)):
        if quote.start >= last_end and quote.end <= body_length and quote.end > quote.start:
            kept.append(quote)
            last_end = quote.end
    return kept


def speaker_html(quote):
    if quote.speaker is None:
        return mark_safe('<span class="speaker speaker-unknown">unattributed</span>')
    return format_html(
        '<a class="speaker" href="{}" title="Quote by {}">{}</a>',
        quote.speaker.get_absolute_url(),
        quote.speaker.name,
        quote.speaker.name,
    )


def speaker_anchor(body, quote, paragraph_end):
    """Where the speaker is shown: after the quote's closing quotation marks, if any."""
    anchor = quote.end
    while anchor < paragraph_end and body[anchor] in CLOSING_MARKS:
        anchor += 1
    return anchor


REPORTED = Quote.Kind.REPORTED


def opening_tag(quote, continued):
    """<q> for a quotation; reported speech is paraphrase, not quoted words: a marked <span>."""
    classes = "quote quote-continued" if continued else "quote"
    if quote.kind == REPORTED:
        return f'<span class="{classes} paraphrase" title="Paraphrase (reported speech)">'
    return f'<q class="{classes}">'


def closing_tag(quote):
    return "</span>" if quote.kind == REPORTED else "</q>"


def render_paragraph(body, start, end, quotes, highlights):
    """One paragraph as HTML: <q> for the quoted parts, <mark> for the search terms.

    Every quote, highlight and speaker position is a cut point; between two cut points the text is
    uniformly inside or outside a quote and a highlight, so the tags always nest properly (a <mark>
    is cut where a quote opens or closes; a quote running into the next paragraph is closed here and
    reopened there).
    """
    quotes_here = [q for q in quotes if q.start < end and q.end > start]
    anchors = {speaker_anchor(body, q, end): q for q in quotes_here if start < q.end <= end}
    cuts = {start, end, *anchors}
    for span in [*quotes_here, *highlights]:
        cuts.update(offset for offset in (span.start, span.end) if start < offset < end)
    cuts = sorted(cuts)

    html, open_quote = [], None
    for left, right in pairwise(cuts):
        if left in anchors and open_quote is None:
            html.append(speaker_html(anchors[left]))
        quote = next((q for q in quotes_here if q.start <= left and right <= q.end), None)
        if quote is not open_quote:
            if open_quote is not None:
                html.append(closing_tag(open_quote))
            if quote is not None:
                html.append(opening_tag(quote, continued=quote.start < start))
            open_quote = quote
        text = escape(body[left:right])
        if any(h.start <= left and right <= h.end for h in highlights):
            text = f"<mark>{text}</mark>"
        html.append(text)
        if right in anchors and open_quote is not None and right == open_quote.end:
            html.append(closing_tag(open_quote))
            open_quote = None
    if open_quote is not None:
        html.append(closing_tag(open_quote))
    if end in anchors:
        html.append(speaker_html(anchors[end]))
    return "".join(html)


def render_body(body, quotes=(), query=""):
    """The whole body as <p> paragraphs with quotes marked and the query's terms highlighted."""
    quotes = non_overlapping(quotes, len(body))
    highlights = highlight_spans(body, search_terms(query))
    rendered = []
    for start, end in paragraphs(body):
        here = [h for h in highlights if h.start < end and h.end > start]
        inner = render_paragraph(body, start, end, quotes, here)
        rendered.append(f"<p>{inner}</p>")
    # Safe: every piece of article text went through escape() in render_paragraph.
    return mark_safe("\n".join(rendered))  # noqa: S308


@register.simple_tag
def article_body(article, quotes, query=""):
    return render_body(article.body, quotes, query)


def passage_around(body, start, end):
    """(start, end) of the paragraphs holding body[start:end]: a quote's context on its own page."""
    around = [(s, e) for s, e in paragraphs(body) if s < end and start < e]
    return (around[0][0], around[-1][1]) if around else (start, end)


@register.simple_tag
def quote_in_passage(quote):
    """The paragraph(s) around a quote as HTML, the quoted words in <mark>: every piece escaped."""
    body = quote.article.body
    start, end = max(quote.start, 0), min(quote.end, len(body))
    first, last = passage_around(body, start, end)
    return format_html(
        '<p class="passage">{}<mark class="quoted">{}</mark>{}</p>',
        body[first:start],
        body[start:end],
        body[end:last],
    )
