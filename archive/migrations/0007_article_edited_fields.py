"""Article.edited_fields: what an editor set in the admin, recorded when the admin saves.

It was recovered on every import by parsing the admin's LogEntry messages; the history written so
far is read once here, so an editor's earlier corrections stay protected.
"""

import json

from django.db import migrations, models
from django.utils.text import capfirst

ADDITION, CHANGE = 1, 2  # django.contrib.admin.models


def fields_named_in_admin_history(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="archive", model="article").first()
    if content_type is None:
        return
    editable = [field for field in Article._meta.fields if field.editable and not field.primary_key]
    field_by_label = {str(capfirst(field.verbose_name)): field.name for field in editable}
    named = {}
    entries = LogEntry.objects.filter(content_type=content_type, action_flag__in=[ADDITION, CHANGE])
    for object_id, action_flag, message in entries.values_list("object_id", "action_flag", "change_message"):
        fields = named.setdefault(object_id, set())
        if action_flag == ADDITION:
            fields.update(field_by_label.values())
        for label in changed_labels(message):
            fields.add(field_by_label.get(label, label))
    for object_id, fields in named.items():
        if object_id.isdigit():
            Article.objects.filter(pk=int(object_id)).update(edited_fields=sorted(fields))


def changed_labels(message):
    """The field labels of an admin change message ([{"changed": {"fields": [...]}}, ...])."""
    try:
        changes = json.loads(message or "[]")
    except ValueError:
        return []  # a free-text message written by code, not by the admin's change form
    if not isinstance(changes, list):
        return []
    return [
        label
        for change in changes
        if isinstance(change, dict)
        for label in change.get("changed", {}).get("fields", [])
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_change_log"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="edited_fields",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="Names of the fields an editor set in the admin (all of them for an article an "
                "editor created): importing new text at the article's URL leaves them as the editor wrote them.",
            ),
        ),
        migrations.RunPython(fields_named_in_admin_history, migrations.RunPython.noop),
    ]
