"""The archive's data: sources, articles, the actors they mention and the quotes they carry.

What an article says about an actor (a role, a name form) is stored with that article: the role on
its `Mention`, the form as an `ActorAlias` pointing at it. An actor's public face (`public_role`,
`public_aliases`) is derived from published articles only, plus what an editor wrote in the admin,
so a draft or embargoed article never shows through an actor, and publishing, unpublishing or
deleting an article changes what its actors show without anything to recompute by hand.

Offsets (`Mention.first_offset`, `Quote.start`/`Quote.end`) are character offsets into
`Article.body`, which is stored verbatim so they stay valid.
"""

import hashlib
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify

from archive.story_urls import normalised_url


def content_hash(body: str) -> str:
    """The dedup key: SHA-256 of the body after Unicode (NFC) and whitespace normalisation.

    Two files that differ only in line endings or trailing spaces are the same article.
    """
    normalised = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def slug_base(text, max_length=80):
    """The slug `text` gets when no other row has it (unique_slug)."""
    return slugify(text)[:max_length].strip("-") or "untitled"


def unique_slug(model, text, max_length=80, exclude_pk=None, reserved=frozenset()):
    """A slug for `text` that no other row of `model` uses (suffixes -2, -3, ... on collision), nor
    any of `reserved` (slugs given to rows about to be created together)."""
    base = slug_base(text, max_length)
    slug, n = base, 1
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while slug in reserved or taken.filter(slug=slug).exists():
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


def is_published(path=""):
    """The published rule, for rows reached through `path` ("article__" for quotes): what the public
    may see. The one place it is written; archive/selectors.py builds every public list on it."""
    return Q(**{f"{path}status": Article.Status.PUBLISHED})


# The columns Article.save() derives from another: saving the one alone saves the other too.
DERIVED_FIELDS = {"body": "content_hash", "url": "url_key"}
# Addresses under /articles/<id>/ that are not an article's slug (pages/urls.py).
RESERVED_ARTICLE_SLUGS = {"versions"}


class CopyGroup(models.Model):
    """Articles telling one story: the same text (an agency's) published by several outlets, each
    with its own headline or first paragraph. archive/copies.py finds them; none is ever dropped.

    A group holds every article found alike, whatever its status; what the public sees of it (the
    original, the other published copies) is decided from its published members only
    (archive/selectors.py).
    """

    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"copy group {self.pk}"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: the one definition used by every public path."""
        return self.filter(is_published())


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
    url = models.URLField(max_length=1000, blank=True)
    url_key = models.CharField(
        max_length=1000,
        blank=True,
        db_index=True,
        editable=False,
        help_text="The URL as stories are matched by: without tracking parameters, fragment or trailing "
        "slash (archive/story_urls.py). Set on every save.",
    )
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
    edited_fields = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Names of the fields an editor set in the admin (all of them for an article an editor "
        "created): importing new text at the article's URL leaves them as the editor wrote them.",
    )
    copy_group = models.ForeignKey(
        CopyGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        editable=False,
        help_text="The wire copies and near-duplicates of this article (archive/copies.py); empty "
        "while none is known.",
    )
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
        # The public lists run over every published article: by status first, each index holds
        # what its query reads, so a 100,000-article archive is not read row by row
        # (docs/benchmarks.md: the home page). The newest (home, feeds), the counts and months of
        # the timelines, the articles per source.
        indexes = [
            models.Index(fields=["source", "published"]),
            models.Index(fields=["status", "published", "id"], name="article_public_newest"),
            models.Index(fields=["status", "date_precision", "published"], name="article_public_dates"),
            models.Index(fields=["status", "source", "published", "id"], name="article_public_source"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.body)
        self.url_key = normalised_url(self.url)[: self._meta.get_field("url_key").max_length]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:  # a field saved alone takes the one derived from it along
            kwargs["update_fields"] = {
                *update_fields,
                *(DERIVED_FIELDS[f] for f in update_fields if f in DERIVED_FIELDS),
            }
        if not self.slug:
            self.slug = slugify(self.title)[:80].strip("-") or "article"
        if self.slug in RESERVED_ARTICLE_SLUGS:
            self.slug = f"{self.slug}-article"
        if not self._state.adding and not args and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = self.fields_a_save_writes()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:article", kwargs={"pk": self.pk, "slug": self.slug})

    def fields_a_save_writes(self):
        """Every loaded field but `copy_group`: archive/copies.py alone writes it, by UPDATE, and an
        instance loaded before it regrouped the article (an edit form, an import) would put the old
        group back."""
        deferred = self.get_deferred_fields()
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.name != "copy_group" and field.attname not in deferred
        ]

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        if self.status == self.Status.EMBARGOED and not self.embargo_until:
            raise ValidationError({"embargo_until": "An embargoed article needs the date its embargo ends."})
        if not (self.title or "").strip():
            raise ValidationError({"title": "An article needs a title."})


class CopyFingerprint(models.Model):
    """An article's MinHash signature over its text's word shingles (archive/copies.py): what a new
    article's signature is compared with to tell a copy from a story that only shares a few phrases."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="copy_fingerprint"
    )
    signature = models.BinaryField()

    def __str__(self):
        return f"signature of article {self.article_id}"


class CopyBand(models.Model):
    """One LSH band of an article's signature, hashed: articles sharing a band key are candidate
    copies. A lookup by key finds them without comparing a new article with every other one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="copy_bands")
    key = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.article_id}: {self.key}"


class ActorQuerySet(models.QuerySet):
    def active(self):
        """Actors that have not been merged into another one."""
        return self.filter(merged_into__isnull=True)

    def called(self, text, *, exact=False):
        """Actors whose name or a public alias (`ActorAlias.objects.public()`) is `text`, in any case,
        or with `exact=False` contains it: a form read only in a draft finds nobody."""
        lookup = "iexact" if exact else "icontains"
        aliased = ActorAlias.objects.public().filter(actor=OuterRef("pk"), **{f"alias__{lookup}": text})
        return self.filter(Q(**{f"name__{lookup}": text}) | Exists(aliased))

    def with_public_profile(self):
        """Prefetches what `Actor.public_aliases` and `Actor.public_role` read."""
        return self.prefetch_related(public_aliases_prefetch(), public_role_prefetch())


def public_aliases_prefetch(path=""):
    """The prefetch behind `Actor.public_aliases` for actors reached through `path` ("actor__")."""
    public = ActorAlias.objects.public()
    return models.Prefetch(f"{path}aliases", queryset=public, to_attr="public_alias_rows")


def public_role_prefetch(path=""):
    """The prefetch behind `Actor.public_role` for actors reached through `path`."""
    return models.Prefetch(
        f"{path}mentions", queryset=Mention.objects.public_roles(), to_attr="public_role_mentions"
    )


def editor_aliases_prefetch(path=""):
    """Prefetches `editor_alias_rows`: the forms an editor gave an actor, in no article."""
    given = ActorAlias.objects.filter(article__isnull=True)
    return models.Prefetch(f"{path}aliases", queryset=given, to_attr="editor_alias_rows")


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PLACE = "place", "Place"

    name = models.CharField(max_length=200, help_text="Canonical name, without titles (Jeff Sessions).")
    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Role or affiliation, as an editor gives it. Left empty, the public role is the one the "
        "earliest published article gives.",
    )
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
        # Storage matches a batch's names whatever their case (store._actors_named: lower(name) IN …).
        indexes = [models.Index(Lower("name"), name="archive_actor_name_lower")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Actor, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:actor", kwargs={"slug": self.slug})

    @property
    def public_aliases(self):
        """The other names it goes by in published articles or by an editor's word, sorted."""
        rows = getattr(self, "public_alias_rows", None)
        if rows is None:
            rows = ActorAlias.objects.public().filter(actor=self)
        return sorted({row.alias for row in rows} - {self.name})

    @property
    def public_role(self):
        """The editor's description, else the role the earliest published article gives ("" if none)."""
        if self.description:
            return self.description
        mentions = getattr(self, "public_role_mentions", None)
        if mentions is None:
            mentions = Mention.objects.public_roles().filter(actor=self)[:1]
        return next((mention.role for mention in mentions), "")

    def survivor(self):
        """Follow merges to the actor that now stands for this one."""
        actor, seen = self, set()
        while actor.merged_into_id and actor.pk not in seen:
            seen.add(actor.pk)
            actor = actor.merged_into
        return actor


class ActorAliasQuerySet(models.QuerySet):
    def public(self):
        """Forms an editor gave, or read in a published article."""
        return self.filter(Q(article__isnull=True) | is_published("article__"))


class ActorAlias(models.Model):
    """A surface form of an actor ("Sessions", "Mr. Sessions") and the article it was read in.

    One row per article that uses the form; no article means an editor gave it (admin, merge).
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actor_aliases",
        help_text="The article the form was read in; empty for a form an editor gave.",
    )

    objects = ActorAliasQuerySet.as_manager()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "alias", "article"], name="unique_alias_per_article"),
            models.UniqueConstraint(
                fields=["actor", "alias"], condition=Q(article__isnull=True), name="unique_editor_alias"
            ),
        ]
        indexes = [models.Index(fields=["alias"])]

    def __str__(self):
        return self.alias


class MentionQuerySet(models.QuerySet):
    def public_roles(self):
        """Mentions in published articles that give the actor a role, the earliest first."""
        return self.filter(is_published("article__")).exclude(role="").order_by("pk")


class Mention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(default=0)
    role = models.CharField(
        max_length=300, blank=True, help_text="The actor's role or affiliation as this article gives it."
    )
    verified = models.BooleanField(default=False)

    objects = MentionQuerySet.as_manager()

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
        return self.filter(is_published("article__"))


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

    def get_absolute_url(self):
        return reverse("archive:quote", kwargs={"pk": self.pk})

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


class ArticleVersion(models.Model):
    """One state of an article — text, metadata, status and quotes with their speakers — kept
    when the article changed (archive/versions.py writes them; docs/versions.md says why this is
    a model of our own rather than django-simple-history).

    Versions are stored only for articles that changed: the first change also stores the state
    before it, as version 1. Each version copies what it shows (quotes and speakers' names
    included), so a version page needs no other row and later merges or re-extraction never
    rewrite what an earlier version said. `status` is the article's status when the version was
    stored: only versions stored while the article was published are ever public.
    """

    class Origin(models.TextChoices):
        ARCHIVED = "archived", "First archived"
        IMPORT = "import", "Updated by an import"
        EDITOR = "editor", "Edited"
        QUOTES = "quotes", "Quotes re-read or corrected"
        EMBARGO_ENDED = "embargo", "Published when its embargo ended"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the article as first archived, then 2, 3, ...")
    recorded = models.DateTimeField(help_text="When the article took this state.")
    origin = models.CharField(max_length=10, choices=Origin.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    editor_name = models.CharField(
        max_length=300, blank=True, help_text="The editor's name as it was then (kept if the account goes)."
    )
    changed_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="The fields this change set (an editor's: those the form changed).",
    )
    status = models.CharField(max_length=10, choices=Article.Status.choices)
    title = models.CharField(max_length=300)
    body = models.TextField()
    metadata = models.JSONField(default=dict, help_text="Byline, source, section, date and the rest.")
    quotes = models.JSONField(default=list, help_text="[{text, speaker, role, kind, start}] in text order.")

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_version_number"),
        ]

    def __str__(self):
        return f"{self.article_id} v{self.number}"


class DismissedMerge(models.Model):
    """A pair of actors an editor said are not the same: the merge suggestions leave it out.

    Stored with the lower primary key first, so a pair has one row whichever way it was shown."""

    first = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_dismissed_merge"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="dismissed_merge_ordered"),
        ]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"


class ChangeLogEntry(models.Model):
    """One row of the archive's change log: "the row `label` `object_pk` (or what hangs off it) changed".

    Written in the SAME transaction as the change it records (archive/changes.py), so a rolled back
    change leaves no row and a committed one always does, even if the process dies right after the
    commit. The search indexer consumes the log (search/indexer.py): it drains unprocessed rows,
    re-reads the current state of every document they touch, marks them processed, and keeps
    processed rows a day so that a rebuild can replay the changes made meanwhile.
    """

    label = models.CharField(max_length=60, help_text='Model label, lower case: "archive.article".')
    object_pk = models.BigIntegerField()
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    processed = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "change log entries"
        indexes = [
            models.Index(fields=["id"], condition=models.Q(processed__isnull=True), name="changelog_pending"),
        ]

    def __str__(self):
        return f"{self.label}.{self.object_pk}"
