"""The archive's data: sources, articles, the actors they mention and the quotes they carry.

Offsets (`Mention.first_offset`, `Quote.start`/`Quote.end`) are character offsets into
`Article.body`, which is stored verbatim so they stay valid.
"""

import hashlib
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


def content_hash(body: str) -> str:
    """The dedup key: SHA-256 of the body after Unicode (NFC) and whitespace normalisation.

    Two files that differ only in line endings or trailing spaces are the same article.
    """
    normalised = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def unique_slug(model, text, max_length=80, exclude_pk=None):
    """A slug for `text` that no other row of `model` uses (suffixes -2, -3, ... on collision)."""
    base = slugify(text)[:max_length].strip("-") or "untitled"
    slug, n = base, 1
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
    return slug


class Source(models.Model):
    """A publication the articles come from."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    homepage_url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: the one definition used by every public path."""
        return self.filter(status=Article.Status.PUBLISHED)

    def release_due_embargoes(self, now=None):
        """Publish embargoed articles whose embargo has passed; returns their ids."""
        now = now or timezone.now()
        due = list(
            self.filter(status=Article.Status.EMBARGOED, embargo_until__lte=now).values_list("pk", flat=True)
        )
        for article in self.filter(pk__in=due):
            article.status = Article.Status.PUBLISHED
            article.save(update_fields=["status", "updated"])
        return due


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        DRAFT = "draft", "Draft"
        EMBARGOED = "embargoed", "Embargoed until"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"
        UNKNOWN = "unknown", "Unknown"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    body = models.TextField(help_text="The full text, kept verbatim: quote offsets point into it.")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True, db_index=True)
    section = models.CharField(
        max_length=100, blank=True, help_text="The publication's section or topic (business, sport)."
    )
    published = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.UNKNOWN)
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=12, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    embargo_until = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    imported_from = models.CharField(max_length=1000, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="embargoed") | Q(embargo_until__isnull=False),
                name="embargoed_article_has_embargo_date",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
        ]
        indexes = [models.Index(fields=["source", "published"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.body)
        if not self.slug:
            self.slug = slugify(self.title)[:80].strip("-") or "article"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:article", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        if self.status == self.Status.EMBARGOED and not self.embargo_until:
            raise ValidationError({"embargo_until": "An embargoed article needs the date its embargo ends."})
        if not (self.title or "").strip():
            raise ValidationError({"title": "An article needs a title."})


class ActorQuerySet(models.QuerySet):
    def active(self):
        """Actors that have not been merged into another one."""
        return self.filter(merged_into__isnull=True)


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PLACE = "place", "Place"

    name = models.CharField(max_length=200, help_text="Canonical name, without titles (Jeff Sessions).")
    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True, help_text="Role or affiliation.")
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_actors",
        help_text="Set when an editor merged this actor into another; extraction then uses the survivor.",
    )
    verified = models.BooleanField(default=False, help_text="An editor created or corrected this actor.")

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_actor_name_kind")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Actor, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:actor", kwargs={"slug": self.slug})

    def survivor(self):
        """Follow merges to the actor that now stands for this one."""
        actor, seen = self, set()
        while actor.merged_into_id and actor.pk not in seen:
            seen.add(actor.pk)
            actor = actor.merged_into
        return actor


class ActorAlias(models.Model):
    """A surface form seen in text for an actor ("Sessions", "Mr. Sessions")."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"
        constraints = [models.UniqueConstraint(fields=["actor", "alias"], name="unique_alias_per_actor")]
        indexes = [models.Index(fields=["alias"])]

    def __str__(self):
        return self.alias


class Mention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(default=0)
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["first_offset"]
        constraints = [
            models.UniqueConstraint(fields=["article", "actor"], name="unique_mention_per_article")
        ]

    def __str__(self):
        return f"{self.actor} in {self.article_id}"

    def clean(self):
        if self.article_id and self.first_offset > len(self.article.body):
            raise ValidationError({"first_offset": "The offset lies beyond the end of the article body."})


class QuoteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(article__status=Article.Status.PUBLISHED)


class Quote(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        PARTIAL = "partial", "Partial"
        REPORTED = "reported", "Reported (paraphrase)"  # indirect speech: the text is not verbatim

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = models.TextField(help_text="The quoted words, without the quotation marks.")
    start = models.PositiveIntegerField(
        help_text="Character offset of the first quoted character in the body."
    )
    end = models.PositiveIntegerField(help_text="Offset just past the last quoted character.")
    cue = models.CharField(
        max_length=40, blank=True, help_text="The attribution verb (said, insisted, wrote)."
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.DIRECT)
    confidence = models.FloatField(default=0.0)
    verified = models.BooleanField(default=False, help_text="An editor confirmed or corrected this quote.")

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="quote_end_after_start"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="quote_confidence_in_0_1"
            ),
        ]
        indexes = [models.Index(fields=["article", "start"]), models.Index(fields=["confidence"])]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if not self.article_id:
            return
        body = self.article.body
        if self.end is not None and self.end > len(body):
            raise ValidationError({"end": f"The quote ends past the article body ({len(body)} characters)."})
        if self.start is not None and self.end is not None and body[self.start : self.end] != self.text:
            raise ValidationError({"text": "The text must be exactly the body between start and end."})


class DismissedQuote(models.Model):
    """A span an editor deleted as not being a quote: re-extraction does not bring it back."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dismissed_quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="unique_dismissed_span"),
        ]

    def __str__(self):
        return self.text[:80]
