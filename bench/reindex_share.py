"""CPU time of one `reindex` worker's job: writing every Nth document of each model as a build part.

    MORGUE_DATA_DIR=/tmp/morgue-10k DEBUG=1 .venv/bin/python bench/reindex_share.py --every 16
    MORGUE_DATA_DIR=/tmp/morgue-10k DEBUG=1 .venv/bin/python bench/reindex_share.py --every 16 --code /tmp/old
    MORGUE_DATA_DIR=/tmp/morgue-10k DEBUG=1 .venv/bin/python bench/reindex_share.py --profile out.raw

A whole `reindex` of a large archive takes most of an hour on a shared machine, so old and new
code are compared on a share: the documents one of `reindex --processes N` workers would write
(`search.indexer.write_part`: read from the database, prepared by haystack, written by Whoosh
into a part of its own), every `--every`-th primary key of each indexed model. The part is
written in a scratch folder and deleted; the archive's database and index are only read.

`--code DIR` runs another checkout's `write_part` (e.g. `git worktree add --detach DIR main`) on
the same database, so runs can alternate old/new. `--memory-mb` sets the writer's posting pool
(search/engine/writing.py WRITER_MEMORY_MB): a share is ~1/100th of a 100,000-article worker's
postings, so a smaller pool reproduces the spilling to sorted runs a whole build does.
`--profile FILE` samples the run with py-spy (raw folded stacks), if py-spy is installed: a
sampler adds no cost per Python call, where cProfile multiplies the per-call parts. `--postings`
also prints the part's terms and postings per field.

Prints the documents written, process CPU time, wall-clock and peak RSS.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=16, help="write every Nth document (default 16)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code writes")
    parser.add_argument("--memory-mb", type=float, help="the writer's posting pool (default: the code's)")
    parser.add_argument("--profile", type=Path, help="py-spy raw output file")
    parser.add_argument("--postings", action="store_true", help="print the part's postings per field")
    args = parser.parse_args()
    if args.every < 1:
        parser.error("--every must be at least 1")
    if args.profile:
        sys.exit(profiled(args))
    sys.path.insert(0, str(args.code.resolve()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
    import django

    django.setup()
    if args.memory_mb:
        from search.engine import writing

        writing.WRITER_MEMORY_MB = args.memory_mb
    share = shares(args.every)
    counts = {label: len(pks) for label, pks in share.items()}
    print(f"{args.code}: {sum(counts.values())} documents {counts}")
    print(timed_part(share, args.postings))


def profiled(args):
    """Run this script again under py-spy, without --profile; returns its exit status."""
    command = [sys.executable, __file__, "--every", str(args.every), "--code", str(args.code)]
    if args.memory_mb:
        command += ["--memory-mb", str(args.memory_mb)]
    spy = shutil.which("py-spy")
    if spy is None:
        return "py-spy is not on PATH (pip install py-spy in a benchmark venv)"
    sampler = [spy, "record", "-r", "100", "--nonblocking", "-f", "raw", "-o", str(args.profile), "--"]
    return subprocess.run(sampler + command).returncode


def shares(every):
    """{model label: every `every`-th primary key of its index_queryset()}."""
    from haystack import connections

    share = {}
    for search_index in connections["default"].get_unified_index().get_indexes().values():
        pks = sorted(search_index.index_queryset().values_list("pk", flat=True))
        share[search_index.get_model()._meta.label_lower] = pks[::every]
    return share


def timed_part(share, postings=False):
    from search.indexer import write_part

    scratch = tempfile.mkdtemp(prefix="reindex-share-")
    try:
        cpu, wall = time.process_time(), time.monotonic()
        write_part(str(Path(scratch) / "part"), share)
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        if postings:
            print_postings(Path(scratch) / "part")
    finally:
        shutil.rmtree(scratch)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return f"CPU {cpu:.1f} s, wall {wall:.1f} s, peak RSS {peak_mb} MB"


def print_postings(location):
    from collections import Counter

    from whoosh import index

    reader = index.open_dir(str(location)).reader()
    postings, terms = Counter(), Counter()
    for fieldname, text in reader.all_terms():
        terms[fieldname] += 1
        postings[fieldname] += reader.doc_frequency(fieldname, text)
    total = sum(postings.values())
    print(f"{reader.doc_count()} documents, {sum(terms.values())} terms, {total} postings")
    for fieldname, count in postings.most_common():
        print(f"  {fieldname:22} {count:9} postings ({count / total:5.1%}) {terms[fieldname]:8} terms")


if __name__ == "__main__":
    main()
