"""ArticleVersion: the states an article went through, kept when it changes (archive/versions.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_article_url_not_indexed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.PositiveIntegerField(
                        help_text="1 for the article as first archived, then 2, 3, ..."
                    ),
                ),
                ("recorded", models.DateTimeField(help_text="When the article took this state.")),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("archived", "First archived"),
                            ("import", "Updated by an import"),
                            ("editor", "Edited"),
                            ("quotes", "Quotes re-read or corrected"),
                            ("embargo", "Published when its embargo ended"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "editor_name",
                    models.CharField(
                        blank=True,
                        help_text="The editor's name as it was then (kept if the account goes).",
                        max_length=300,
                    ),
                ),
                (
                    "changed_fields",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The fields this change set (an editor's: those the form changed).",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("published", "Published"),
                            ("draft", "Draft"),
                            ("embargoed", "Embargoed until"),
                        ],
                        max_length=10,
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("body", models.TextField()),
                (
                    "metadata",
                    models.JSONField(default=dict, help_text="Byline, source, section, date and the rest."),
                ),
                (
                    "quotes",
                    models.JSONField(
                        default=list, help_text="[{text, speaker, role, kind, start}] in text order."
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="archive.article",
                    ),
                ),
                (
                    "editor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["article", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("article", "number"), name="unique_version_number")
                ],
            },
        ),
    ]
