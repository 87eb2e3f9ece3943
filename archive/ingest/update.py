"""A story imported again with changed text: the article at the same URL is updated in place.

The rules (README, "Importing and exporting"):

- An incoming article whose content hash is new but whose URL is that of an archived article
  updates that article (the most recent one, should several share the URL). URLs are compared by
  their normalised form (`Article.url_key`, archive/story_urls.py): a tracking parameter, a
  fragment, a trailing slash or the case of the host does not make another story.
- Editors' work wins. Metadata fields (title, byline, source, section, date, caption, credit,
  language) take the new values unless an editor changed that field in the admin
  (`Article.edited_fields`, recorded when the admin saves) — and an empty new value never blanks a
  filled one. Status, embargo,
  slug and URL are never touched.
- Verified quotes are moved to where their words are in the new text (the occurrence nearest their
  old position; differences in spacing and quotation-mark style are tolerated). If the new text
  no longer contains the words of a verified quote, the article is NOT updated: the import reports
  it as failed, naming the quotes, so that an editor decides (correct or un-verify the quote, then
  import again). An automatic import never discards what an editor has vouched for.
- The article as it was is kept as a version (archive/versions.py), with the quotes it had.
- Verified mentions are kept. Unverified quotes and mentions are replaced by those of the new
  text (from the import's extractor, or carried by the record); new quotes overlapping a kept
  verified quote are left out.
"""

import re

from django.db import transaction

from archive import versions
from archive.copies import group_copies
from archive.models import Article, ArticleVersion
from archive.story_urls import normalised_url

from .store import article_metadata, attach_annotations, fitted, source_named

QUOTE_MARKS = {'"': '"“”„«»', "“": '"“”„«»', "”": '"“”„«»', "'": "'‘’‚", "‘": "'‘’‚", "’": "'‘’‚"}


class VerifiedQuotesLost(Exception):
    """The new text drops quotes an editor verified; the article is left as it was."""


def story_key(url):
    """The key a record's URL is matched by, as `Article.url_key` stores it ("" for no URL)."""
    return fitted(Article, "url_key", normalised_url(url))


def article_at_url(url):
    """The archived article an incoming record with this URL would update, or None."""
    key = story_key(url)
    if not key:
        return None
    return Article.objects.filter(url_key=key).order_by("-created", "-pk").first()


def update_article(article, raw):
    """Replace `article`'s text with `raw`'s, keeping editors' work. Raises VerifiedQuotesLost."""
    with transaction.atomic():
        article = Article.objects.select_for_update(of=("self",)).select_related("source").get(pk=article.pk)
        before = versions.snapshot(article)
        verified = list(article.quotes.filter(verified=True))
        moved, lost = relocate_quotes(verified, raw.body)
        if lost:
            names = "; ".join(f"“{quote.text[:80]}”" for quote in lost)
            raise VerifiedQuotesLost(
                f"the new text at {article.url} no longer contains {len(lost)} verified quote(s) of "
                f"article {article.pk} ({names}); the article was not updated — correct or un-verify "
                "the quote(s) in the admin, then import again"
            )
        _refresh_fields(article, raw)
        article.save()
        for quote in moved:
            quote.save(update_fields=["text", "start", "end"])
        kept_mentions = list(article.mentions.select_related("actor"))
        for mention in kept_mentions:
            mention.first_offset = _first_offset(mention.actor, raw.body)
            mention.save(update_fields=["first_offset"])
        # Replaces unverified items; skips actors and spans an editor verified.
        attach_annotations(article, raw.actors or [], raw.quotes or [])
        versions.record(article, before, ArticleVersion.Origin.IMPORT)
        group_copies([article])  # the new text may be another story's copy, or no longer one
    return article


def relocate_quotes(quotes, body):
    """(moved, lost): each quote given the span of its words in `body`, or listed as lost."""
    moved, lost = [], []
    for quote in quotes:
        spans = [m.span() for m in re.finditer(_tolerant_pattern(quote.text), body)]
        if not spans:
            lost.append(quote)
            continue
        quote.start, quote.end = min(spans, key=lambda span: abs(span[0] - quote.start))
        quote.text = body[quote.start : quote.end]
        moved.append(quote)
    return moved, lost


def _refresh_fields(article, raw):
    protected = set(article.edited_fields)
    for name, value in article_metadata(raw, source_named(raw.source)).items():
        if name not in protected and value:
            setattr(article, name, value)
            if name == "published":
                article.date_precision = raw.date_precision
    article.body = raw.body
    article.imported_from = fitted(Article, "imported_from", raw.imported_from)


def _tolerant_pattern(text):
    """A regex for `text` that ignores spacing and quotation-mark style."""

    def char(ch):
        return f"[{re.escape(QUOTE_MARKS[ch])}]" if ch in QUOTE_MARKS else re.escape(ch)

    return r"\s+".join("".join(map(char, word)) for word in text.split())


def _first_offset(actor, body):
    forms = [actor.name, *actor.aliases.values_list("alias", flat=True)]
    offsets = [body.find(form) for form in forms if form and form in body]
    return min(offsets, default=0)
