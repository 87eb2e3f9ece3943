"""Edits and searches while the indexer runs and `reindex` rebuilds: are updates lost or late?

Two roles, run at the same time against one data folder (see docs/search.md for the driver):

    python bench/search_concurrency.py edit           # 40 title edits, then 5 deletes
    python bench/search_concurrency.py search SECONDS # search in a loop

`edit` prints the slowest save and how long each edit took to become searchable; `search` prints
how many searches found something, found nothing, or raised. The edited titles stay edited.
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
django.setup()

from haystack.query import SearchQuerySet  # noqa: E402

from archive.models import Article  # noqa: E402

EDITS, DELETES = 40, 5
GIVE_UP_SECONDS = 30


def edit():
    ids = list(Article.objects.published().values_list("pk", flat=True)[: EDITS + DELETES])
    save_times, visible_after = [], []
    for n, pk in enumerate(ids[:EDITS]):
        article = Article.objects.get(pk=pk)
        article.title = f"Zanzibar{n} edited"
        started = time.monotonic()
        article.save()
        save_times.append(time.monotonic() - started)
        while not SearchQuerySet().auto_query(f"Zanzibar{n}").count():
            if time.monotonic() - started > GIVE_UP_SECONDS:
                sys.exit(f"edit {n} (article {pk}) not searchable after {GIVE_UP_SECONDS} s")
            time.sleep(0.02)
        visible_after.append(time.monotonic() - started)
        time.sleep(0.2)
    for pk in ids[EDITS:]:
        Article.objects.get(pk=pk).delete()
    visible_after.sort()
    print(
        f"saves: max {max(save_times) * 1000:.0f} ms; searchable after: "
        f"p50 {visible_after[len(visible_after) // 2]:.2f} s, max {max(visible_after):.2f} s"
    )


def search(seconds):
    end = time.monotonic() + seconds
    found = empty = failed = 0
    while time.monotonic() < end:
        try:
            hits = SearchQuerySet().auto_query("government").count()
        except Exception as exc:  # counted: any exception is a failure
            failed += 1
            print(repr(exc))
        else:
            found += hits > 0
            empty += hits == 0
    print(f"searches: {found} found, {empty} zero-hit, {failed} exceptions")


if __name__ == "__main__":
    if sys.argv[1:2] == ["edit"]:
        edit()
    else:
        search(float(sys.argv[2]))
