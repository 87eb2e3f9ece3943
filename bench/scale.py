"""A scaled archive for search benchmarks: real articles copied, re-dated and re-identified to N.

    MORGUE_DATA_DIR=/tmp/morgue-100k .venv/bin/python bench/scale.py --from /tmp/bbc-data -n 100000
    MORGUE_DATA_DIR=/tmp/morgue-100k DEBUG=1 .venv/bin/python bench/search.py

`--from` is a data folder holding an imported, extracted archive (e.g. the BBC corpus imported by
`manage.py import_articles`). Its database is copied into $MORGUE_DATA_DIR, then every article is
copied with its mentions and quotes until the archive holds N articles. Copy k of an article:

* is re-identified: its title gains " (k)", its body a closing line "[Archive copy k.]" (so its
  content hash differs) and its URL, if any, a "#copy-k" fragment;
* is re-dated: its date moves k × 37 days later, so copies spread over years and months;
* keeps the article's source, actors (shared, as real recurring names are) and quotes (same words,
  speakers and offsets; the offsets stay valid because the marker is appended at the end).

The copies are written with bulk inserts (no outbox entries); the index is then rebuilt aside with
`manage.py reindex`, as a large archive would be. Real text, synthetic volume: say so when quoting
figures measured on it.
"""

import argparse
import os
import shutil
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")

SHIFT = timedelta(days=37)
BULK = 2000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="origin", type=Path, required=True, help="an imported data folder")
    parser.add_argument("-n", type=int, default=100_000, help="articles wanted (default 100,000)")
    parser.add_argument(
        "--no-reindex", action="store_true", help="only the database: time `manage.py reindex` apart"
    )
    args = parser.parse_args()
    data_dir = Path(os.environ["MORGUE_DATA_DIR"])
    copy_database(args.origin / "morgue.sqlite3", data_dir / "morgue.sqlite3")
    django.setup()
    from django.core.management import call_command

    from archive.ingest import refresh_planner_statistics

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    total = grow(args.n)
    refresh_planner_statistics()
    print(f"{total} articles in the database ({time.perf_counter() - started:.0f} s of copying)")
    if args.no_reindex:
        return
    started = time.perf_counter()
    call_command("reindex")
    print(f"index rebuilt in {time.perf_counter() - started:.0f} s")


def copy_database(origin, target):
    if not origin.exists():
        sys.exit(f"no database at {origin}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        sys.exit(f"{target} exists; use an empty MORGUE_DATA_DIR")
    with sqlite3.connect(origin) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    shutil.rmtree(target.parent / "whoosh_index", ignore_errors=True)


def grow(wanted):
    from django.db import transaction

    from archive.models import Article

    originals = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    total, copy_number = len(originals), 0
    while total < wanted:
        copy_number += 1
        for start in range(0, len(originals), BULK):
            chunk = originals[start : start + BULK][: wanted - total]
            if not chunk:
                break
            with transaction.atomic():
                copy_articles(chunk, copy_number)
            total += len(chunk)
        print(f"  copy {copy_number}: {total} articles", flush=True)
    return total


def copy_articles(pks, k):
    from archive.models import Article, Mention, Quote, content_hash

    originals = Article.objects.filter(pk__in=pks).prefetch_related("mentions", "quotes")
    copies = []
    for article in originals:
        body = f"{article.body}\n\n[Archive copy {k}.]"
        copies.append(
            Article(
                title=f"{article.title} ({k})"[:300],
                slug=article.slug,
                body=body,
                content_hash=content_hash(body),
                source_id=article.source_id,
                byline=article.byline,
                url=f"{article.url}#copy-{k}" if article.url else "",
                section=article.section,
                published=article.published + SHIFT * k if article.published else None,
                date_precision=article.date_precision,
                language=article.language,
                status=article.status,
                imported_from=article.imported_from,
            )
        )
    created = Article.objects.bulk_create(copies)
    mentions, quotes = [], []
    for article, copy in zip(originals, created, strict=True):
        mentions += [
            Mention(article=copy, actor_id=m.actor_id, count=m.count, first_offset=m.first_offset)
            for m in article.mentions.all()
        ]
        quotes += [
            Quote(
                article=copy,
                speaker_id=q.speaker_id,
                text=q.text,
                start=q.start,
                end=q.end,
                cue=q.cue,
                kind=q.kind,
                confidence=q.confidence,
            )
            for q in article.quotes.all()
        ]
    Mention.objects.bulk_create(mentions)
    Quote.objects.bulk_create(quotes)


if __name__ == "__main__":
    main()
