"""The outbox is now the archive's change log (archive.0006_change_log took over its table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_outbox"),
        ("archive", "0006_change_log"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="OutboxEntry")]),
    ]
