"""What keeping a version costs an import update (new text at a known URL), per article.

    .venv/bin/python bench/version_overhead.py --from /work/bbc-data [-n 200]

`--from` is a data folder holding an imported, extracted archive (the BBC corpus); its database is
copied to a scratch folder and migrated there. Then `n` articles are each updated twice by
`archive.ingest.update.update_article`, as an import does (new text: a correction appended; the
article's quotes and mentions carried, as the extractor would find them again): once as it runs,
once with the version recording (`versions.snapshot`/`versions.record`) replaced by no-ops. The two
alternate, and which goes first alternates from one article to the next, so both see the same
machine load; the report gives each one's median and p95 and their ratio. (An update that follows
one made without recording also stores the state it finds as a version of its own: the figure
"with versions" is an upper bound.)
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from scale import copy_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="origin", type=Path, required=True, help="an imported data folder")
    parser.add_argument("-n", type=int, default=200, help="articles to update")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="morgue-version-overhead-"))
    copy_database(args.origin / "morgue.sqlite3", scratch / "morgue.sqlite3")
    os.environ["MORGUE_DATA_DIR"] = str(scratch)
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        report(*measure(args.n))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(n):
    """({mode: [seconds]}, articles): each article updated once per mode, the modes alternating."""
    from archive.models import Article

    articles = list(Article.objects.filter(quotes__isnull=False).distinct().order_by("pk")[:n])
    times = {"with versions": [], "without": []}
    for i, article in enumerate(articles):
        modes = ["with versions", "without"] if i % 2 == 0 else ["without", "with versions"]
        for mode in modes:
            times[mode].append(
                timed_update(article, f"Correction {i} ({mode}).", keep=mode == "with versions")
            )
    return times, len(articles)


def timed_update(article, correction, keep):
    from archive import versions
    from archive.ingest.update import update_article

    article.refresh_from_db()
    raw = raw_update(article, correction)
    snapshot, record = versions.snapshot, versions.record
    if not keep:
        versions.snapshot, versions.record = (lambda article: None), (lambda *args, **kwargs: None)
    try:
        start = time.perf_counter()
        update_article(article, raw)
        return time.perf_counter() - start
    finally:
        versions.snapshot, versions.record = snapshot, record


def raw_update(article, correction):
    """The article as an import would bring it back: its text with a correction appended, its
    quotes and mentions as extraction would read them again."""
    from archive.records import RawActor, RawArticle, RawQuote

    quotes = [
        RawQuote(text=q.text, start=q.start, end=q.end, speaker=q.speaker.name if q.speaker else None)
        for q in article.quotes.select_related("speaker")
    ]
    actors = [
        RawActor(name=m.actor.name, kind=m.actor.kind, count=m.count, first_offset=m.first_offset)
        for m in article.mentions.select_related("actor")
    ]
    return RawArticle(
        body=f"{article.body}\n\n{correction}", title=article.title, actors=actors, quotes=quotes
    )


def report(times, n):
    print(f"{n} articles, each updated once per mode (interleaved)")
    medians = {}
    for mode, values in times.items():
        values = sorted(values)
        medians[mode] = statistics.median(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"  {mode:14} median {medians[mode] * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms")
    print(f"  ratio (with / without): {medians['with versions'] / medians['without']:.2f}")


if __name__ == "__main__":
    main()
