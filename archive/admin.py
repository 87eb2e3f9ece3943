"""The editors' desk: fix titles, dates, sources, speakers; review low-confidence quotes."""

from django.contrib import admin
from django.db import models

from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source

LOW_CONFIDENCE = 0.6
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage_url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    fields = ["text", "speaker", "start", "end", "cue", "kind", "confidence", "verified"]
    autocomplete_fields = ["speaker"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["actor", "count", "first_offset", "verified"]
    autocomplete_fields = ["actor"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published", "date_precision", "status", "updated"]
    list_filter = ["status", "source", "section", "date_precision", ("published", admin.DateFieldListFilter)]
    search_fields = ["title", "body", "byline", "url"]
    date_hierarchy = "published"
    list_select_related = ["source"]
    readonly_fields = ["content_hash", "imported_from", "created", "updated"]
    inlines = [QuoteInline, MentionInline]
    formfield_overrides = HTTPS_URLS
    fieldsets = [
        (None, {"fields": ["title", "slug", "source", "section", "byline", "url"]}),
        (
            "Date and status",
            {"fields": [("published", "date_precision"), ("status", "embargo_until"), "language"]},
        ),
        ("Text", {"fields": ["caption", "credit", "body"]}),
        (
            "Provenance",
            {"fields": ["content_hash", "imported_from", "created", "updated"], "classes": ["collapse"]},
        ),
    ]


class AliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description", "merged_into", "verified"]
    list_filter = ["kind", "verified", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["merged_into"]
    inlines = [AliasInline]


class ConfidenceFilter(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"

    def lookups(self, request, model_admin):
        return [("low", f"Low (< {LOW_CONFIDENCE}) — review"), ("high", f"High (≥ {LOW_CONFIDENCE})")]

    def queryset(self, request, queryset):
        if self.value() == "low":
            return queryset.filter(confidence__lt=LOW_CONFIDENCE)
        if self.value() == "high":
            return queryset.filter(confidence__gte=LOW_CONFIDENCE)
        return queryset


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["short_text", "speaker", "article", "cue", "confidence", "verified"]
    list_filter = ["verified", ConfidenceFilter, "kind", ("speaker", admin.EmptyFieldListFilter)]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["speaker", "article"]
    list_select_related = ["speaker", "article"]

    @admin.display(description="quote")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
