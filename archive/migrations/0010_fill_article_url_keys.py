"""The matching key of every archived article's URL, so that stories imported before it existed
are found by an update at a variant of their URL."""

from django.db import migrations

from archive.story_urls import normalised_url

BATCH = 1000


def fill_url_keys(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    max_length = Article._meta.get_field("url_key").max_length
    with_urls = Article.objects.exclude(url="").only("pk", "url").order_by("pk")
    changed = []
    for article in with_urls.iterator(chunk_size=BATCH):
        article.url_key = normalised_url(article.url)[:max_length]
        changed.append(article)
        if len(changed) == BATCH:
            Article.objects.bulk_update(changed, ["url_key"])
            changed = []
    Article.objects.bulk_update(changed, ["url_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_article_url_key"),
    ]

    operations = [
        migrations.RunPython(fill_url_keys, migrations.RunPython.noop),
    ]
