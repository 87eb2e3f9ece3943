"""Article.url loses its index: stories are looked up by url_key now, never by the raw URL."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_fill_article_url_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="url",
            field=models.URLField(blank=True, max_length=1000),
        ),
    ]
