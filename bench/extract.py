"""Extraction throughput: articles/second of extraction over BBC articles, as the importer runs it.

    .venv/bin/python bench/extract.py [-n 500] [--batch-sizes 16,64] [--processes 1,2] [--code DIR]

Reads the bodies the way the importer does, loads the model once in this process (not timed), then
times `extract_batches` (batches of `batch size` bodies; with processes > 1, worker processes that
each load the model: their start-up is timed) per (batch size, processes) setting. No database is
touched. With one process the CPU seconds are printed too: on the shared machine they vary less
with other sessions' load than the wall time. `--code DIR` times the extraction code of another
checkout (`git worktree add --detach /tmp/old COMMIT`), so old and new run from one command.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=500, help="number of articles (default 500)")
    parser.add_argument("--batch-sizes", default="16,64", help="comma-separated nlp.pipe batch sizes")
    parser.add_argument("--processes", default="1,2", help="comma-separated nlp.pipe process counts")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code to time")
    args = parser.parse_args()

    sys.path.insert(0, str(args.code.resolve()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from archive.extract import extract_many
    from archive.extract.batches import extract_batches
    from archive.extract.nlp import pipeline
    from archive.ingest import read_path

    files = sorted(p for p in args.corpus.rglob("*.txt") if p.name != "README.TXT")[: args.n]
    if not files:
        sys.exit(f"no articles under {args.corpus}")
    bodies = [result.body for path in files for _, result in read_path(path) if hasattr(result, "body")]
    characters = sum(map(len, bodies))
    started = time.perf_counter()
    pipeline()
    extract_many(bodies[:1])  # loads whatever else extraction uses (the sentence parser)
    print(f"{len(bodies)} articles, {characters / len(bodies):.0f} characters on average")
    print(f"model load: {time.perf_counter() - started:.2f} s (once per process, not included below)")
    for processes in map(int, args.processes.split(",")):
        for batch_size in map(int, args.batch_sizes.split(",")):
            started, cpu_started = time.perf_counter(), time.process_time()
            batches = (bodies[start : start + batch_size] for start in range(0, len(bodies), batch_size))
            extracted = extract_batches(batches, extract_many, processes)
            results = [pair for _, pairs in extracted for pair in pairs]
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            quotes = sum(len(q) for _, q in results)
            per_cpu = f", {len(bodies) / cpu:.1f} articles/CPU-s" if processes == 1 else ""
            print(
                f"processes={processes} batch_size={batch_size:<3}  {len(bodies) / seconds:6.1f} articles/s"
                f"{per_cpu}  ({seconds:.1f} s, {quotes} quotes)"
            )


if __name__ == "__main__":
    main()
