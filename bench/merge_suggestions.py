"""Time the admin's merge suggestions page (archive/merge_suggestions.py) on a copy of an archive.

    cp -a /work/bbc-data /tmp/morgue-bbc
    MORGUE_DATA_DIR=/tmp/morgue-bbc DEBUG=1 .venv/bin/python bench/merge_suggestions.py --compare REV

Each round GETs the page as a superuser through Django's test client (the whole view: the scan,
the counts of the suggested actors, the template). With `--compare REV` the rounds alternate
between this tree's module and the one at git revision REV, in one process, so that the ratio is
measured under the same load; both must list the same pairs. Writes a superuser into the copy.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")


def module_at(revision):
    """archive/merge_suggestions.py as it was at `revision`, as a module."""
    source = subprocess.run(
        ["git", "show", f"{revision}:archive/merge_suggestions.py"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    module = types.ModuleType(f"merge_suggestions_{revision}")
    exec(compile(source, module.__name__, "exec"), module.__dict__)  # noqa: S102 (our own file)
    return module


def timed_page(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    pairs = [(s.first.pk, s.second.pk) for s in response.context["suggestions"]]
    return elapsed, pairs


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", metavar="REV", help="alternate with the module at this git revision")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from archive import admin as actor_admin
    from archive import merge_suggestions
    from archive.models import Actor

    setup_test_environment()  # the test client records the template context
    user, _ = get_user_model().objects.get_or_create(
        username="bench-suggestions", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    url = reverse("admin:archive_actor_merge_suggestions")
    versions = {"this tree": merge_suggestions.probable_duplicates}
    if args.compare:
        versions[args.compare] = module_at(args.compare).probable_duplicates
    times = {name: [] for name in versions}
    listed = {}
    print(f"{Actor.objects.count():,} actors")
    for _ in range(args.rounds):
        for name, implementation in versions.items():
            actor_admin.probable_duplicates = implementation
            elapsed, listed[name] = timed_page(client, url)
            times[name].append(elapsed)
    actor_admin.probable_duplicates = merge_suggestions.probable_duplicates
    for name, seconds in times.items():
        median, low, high = statistics.median(seconds), min(seconds), max(seconds)
        print(f"{name}: median {median:.2f} s, min {low:.2f} s, max {high:.2f} s")
    if args.compare:
        ratio = statistics.median(times[args.compare]) / statistics.median(times["this tree"])
        same = listed[args.compare] == listed["this tree"]
        print(f"{args.compare} / this tree: {ratio:.1f}x; same pairs: {same}")


if __name__ == "__main__":
    main()
