"""The editors' desk: fix titles, dates, sources, speakers; review low-confidence quotes."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from archive.copies import group_copies
from archive.editing import default_survivor, dismiss_quotes, merge_actors
from archive.merge_suggestions import dismiss_pair, probable_duplicates
from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source

LOW_CONFIDENCE = 0.6
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
QUOTE_CONTEXT_CHARS = 400  # of the article's text shown either side of a quote on its edit page


def related_count(model, field):
    """How many `model` rows point at the actor, as a subquery: one join of mentions × quotes would
    count an actor's mentions times its quotes before DISTINCT (slow for the busiest actors)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


class EditorsDeskMedia:
    css = {"all": ["css/admin.css"]}
    js = ["js/admin.js"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage_url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS


class NamedInputs:
    """Admin inputs that assistive technology can name (axe-core finds none unnamed):

    a split date-time's date and time inputs (the admin writes "Date:" and "Time:" as bare text).
    static/js/admin.js names the autocompletes' boxes.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None:
            return field
        widget = getattr(field.widget, "widget", field.widget)  # inside RelatedFieldWidgetWrapper
        if isinstance(widget, forms.MultiWidget):
            for part, subwidget in zip(("date", "time"), widget.widgets, strict=False):
                subwidget.attrs["aria-label"] = f"{field.label} ({part})"
        return field


class LabelledInlineFormSet(BaseInlineFormSet):
    """Every input of a table row named for assistive technology: a column header is no label."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside RelatedFieldWidgetWrapper
            widget.attrs.setdefault("aria-label", str(field.label or name))


class LabelledTabularInline(NamedInputs, admin.TabularInline):
    formset = LabelledInlineFormSet
    template = "admin/archive/tabular_inline.html"


class QuoteInline(LabelledTabularInline):
    model = Quote
    extra = 0
    fields = ["text", "speaker", "start", "end", "cue", "kind", "confidence", "verified"]
    autocomplete_fields = ["speaker"]


class MentionInline(LabelledTabularInline):
    model = Mention
    extra = 0
    fields = ["actor", "role", "count", "first_offset", "verified"]
    autocomplete_fields = ["actor"]


class ArticleForm(forms.ModelForm):
    def clean_body(self):
        # Browsers submit a textarea's line breaks as CRLF; the stored body (and every quote
        # offset into it) uses LF, so an unchanged multi-paragraph body must stay byte-identical.
        return self.cleaned_data["body"].replace("\r\n", "\n")


@admin.register(Article)
class ArticleAdmin(NamedInputs, admin.ModelAdmin):
    Media = EditorsDeskMedia
    form = ArticleForm
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

    def save_model(self, request, obj, form, change):
        """Records the fields the editor set (every field of an article the editor creates): an
        import of new text at the article's URL leaves them as the editor wrote them. A new text
        is looked up among the wire copies (archive/copies.py)."""
        edited = form.changed_data if change else form.fields
        obj.edited_fields = sorted(set(obj.edited_fields) | set(edited))
        super().save_model(request, obj, form, change)
        if "body" in edited:
            group_copies([obj])

    def save_formset(self, request, form, formset, change):
        """Quotes and mentions an editor adds or changes are verified: re-extraction keeps them."""
        instances = formset.save(commit=False)
        if formset.model is Quote:
            dismiss_quotes(formset.deleted_objects)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if hasattr(obj, "verified"):
                obj.verified = True
            obj.save()
        formset.save_m2m()


class AliasInline(LabelledTabularInline):
    """Forms read in an article say which; a form an editor adds here has none and is public at once."""

    model = ActorAlias
    extra = 1
    fields = ["alias", "article"]
    readonly_fields = ["article"]


@admin.register(Actor)
class ActorAdmin(NamedInputs, admin.ModelAdmin):
    Media = EditorsDeskMedia
    list_display = ["name", "kind", "mention_count", "quote_count", "description", "merged_into", "verified"]
    list_filter = ["kind", "verified", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["merged_into"]
    inlines = [AliasInline]
    actions = ["merge_selected"]
    change_list_template = "admin/archive/actor/change_list.html"  # links to the merge suggestions

    def get_queryset(self, request):
        """With the counts that guide a merge: articles mentioning the actor, quotes attributed to it."""
        return (
            super()
            .get_queryset(request)
            .annotate(
                mention_count=related_count(Mention, "actor"), quote_count=related_count(Quote, "speaker")
            )
        )

    @admin.display(description="mentions", ordering="mention_count")
    def mention_count(self, obj):
        return obj.mention_count

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, obj):
        return obj.quote_count

    def save_model(self, request, obj, form, change):
        obj.verified = True
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view(self.merge_suggestions_view)
        suggestions = path("merge-suggestions/", view, name="archive_actor_merge_suggestions")
        dismiss = path(
            "merge-suggestions/dismiss/",
            self.admin_site.admin_view(self.dismiss_suggestion_view),
            name="archive_actor_dismiss_suggestion",
        )
        return [suggestions, dismiss, *super().get_urls()]

    def dismiss_suggestion_view(self, request):
        """POST first, second: the editor says the two actors are not the same; the pair is no
        longer suggested (nothing else changes)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = DismissSuggestionForm(request.POST)
        if form.is_valid():
            first, second = form.cleaned_data["first"], form.cleaned_data["second"]
            dismiss_pair(first, second)
            self.message_user(
                request, f"{first.name} and {second.name} are no longer suggested as one actor."
            )
        else:
            self.message_user(request, "That pair of actors could not be dismissed.", messages.ERROR)
        return redirect("admin:archive_actor_merge_suggestions")

    def merge_suggestions_view(self, request):
        """Probable duplicates, best first; each pair's button opens the usual merge confirmation."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Probable duplicate actors",
            "suggestions": probable_duplicates(self.get_queryset(request)),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/archive/actor/merge_suggestions.html", context)

    @admin.action(description="Merge selected actors into one…", permissions=["change"])
    def merge_selected(self, request, queryset):
        """Ask which actor survives (the most mentioned is preselected), then merge the others into it."""
        actors = list(
            queryset.annotate(
                mention_count=Count("mentions", distinct=True), quote_count=Count("quotes", distinct=True)
            )
            .prefetch_related("aliases")
            .order_by("name")
        )
        if len(actors) < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return None
        form = MergeActorsForm(request.POST if "survivor" in request.POST else None, actors=actors)
        if form.is_valid():
            survivor = form.cleaned_data["survivor"]
            merge_actors(survivor, actors)
            names = ", ".join(a.name for a in actors if a.pk != survivor.pk)
            self.message_user(request, f"Merged {names} into {survivor.name}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge actors",
            "actors": actors,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/archive/actor/merge_actors.html", context)


class DismissSuggestionForm(forms.Form):
    first = forms.ModelChoiceField(queryset=Actor.objects.all())
    second = forms.ModelChoiceField(queryset=Actor.objects.all())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("first") == cleaned.get("second"):
            raise forms.ValidationError("Two different actors are needed.")
        return cleaned


class MergeActorsForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=Actor.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="The others become its aliases; their mentions and quotes move to it.",
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = Actor.objects.filter(pk__in=[a.pk for a in actors])
        self.fields["survivor"].initial = default_survivor(actors)


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
class QuoteAdmin(NamedInputs, admin.ModelAdmin):
    Media = EditorsDeskMedia
    readonly_fields = ["in_context"]
    list_display = ["short_text", "speaker", "article", "cue", "confidence", "verified"]
    list_filter = ["verified", ConfidenceFilter, "kind", ("speaker", admin.EmptyFieldListFilter)]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["speaker", "article"]
    list_select_related = ["speaker", "article"]

    def save_model(self, request, obj, form, change):
        obj.verified = True
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        dismiss_quotes([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        dismiss_quotes(queryset)
        super().delete_queryset(request, queryset)

    def get_fields(self, request, obj=None):
        """The quote in its article's text first, then the fields to correct."""
        return ["in_context", *(name for name in super().get_fields(request, obj) if name != "in_context")]

    @admin.display(description="In the article")
    def in_context(self, obj):
        """The article's text around the quote, the quote marked: who said it is usually right there."""
        if not obj.pk or not obj.article_id:
            return "—"
        body = obj.article.body
        start, end = max(obj.start, 0), min(obj.end, len(body))
        before = body[max(start - QUOTE_CONTEXT_CHARS, 0) : start]
        after = body[end : end + QUOTE_CONTEXT_CHARS]
        return format_html(
            '<div class="quote-context">{}{}<mark>{}</mark>{}{}</div>',
            "…" if start > QUOTE_CONTEXT_CHARS else "",
            before,
            body[start:end],
            after,
            "…" if end + QUOTE_CONTEXT_CHARS < len(body) else "",
        )

    @admin.display(description="quote")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
