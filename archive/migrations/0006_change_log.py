"""The index outbox (search.OutboxEntry) becomes the archive's change log: same rows, archive's table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_actor_provenance"),
        ("search", "0001_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChangeLogEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("label", models.CharField(help_text='Model label, lower case: "archive.article".', max_length=60)),
                        ("object_pk", models.BigIntegerField()),
                        ("created", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("processed", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "search_outboxentry",
                        "verbose_name_plural": "change log entries",
                        "indexes": [
                            models.Index(condition=models.Q(("processed__isnull", True)), fields=["id"], name="outbox_pending")
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="changelogentry", table=None),
        migrations.RenameIndex(model_name="changelogentry", new_name="changelog_pending", old_name="outbox_pending"),
    ]
