"""SQLite's planner statistics for the indexes of 0014: refreshed where statistics exist.

An archive filled by `import_articles` has statistics (archive.ingest.refresh_planner_statistics)
that do not cover indexes created after them, and SQLite then guesses: at 100,000 articles it walked
all published articles through `article_public_newest` to fetch a search page's 20 rows by id (4 s
instead of 1 ms). A database without statistics is left without them, as it was.
"""

from django.db import migrations


def refresh_statistics(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # PostgreSQL's autovacuum keeps its own statistics
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("ANALYZE archive_article")


class Migration(migrations.Migration):
    dependencies = [("archive", "0014_article_public_indexes")]

    operations = [migrations.RunPython(refresh_statistics, migrations.RunPython.noop)]
