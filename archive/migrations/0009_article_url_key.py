"""Article.url_key: the normalised URL an imported story is matched by (archive/story_urls.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_wire_copies_and_dismissed_merges"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="url_key",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="The URL as stories are matched by: without tracking parameters, fragment or "
                "trailing slash (archive/story_urls.py). Set on every save.",
                max_length=1000,
            ),
        ),
    ]
