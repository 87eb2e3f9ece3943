from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0002_outbox_moves_to_archive")]

    operations = [
        migrations.CreateModel(
            name="IndexerLock",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("holder", models.CharField(blank=True, default="", max_length=200)),
                ("expires", models.DateTimeField(blank=True, null=True)),
            ],
        ),
    ]
