"""Precision and recall of wire-copy grouping (archive/copies.py) on the BBC corpus and PolNeAR.

    DEBUG=1 .venv/bin/python bench/wire_copies.py [--reprints 400] [--show 40]

The texts are read as the importer reads them (archive/ingest/text.py) and grouped with the same
signatures, band keys and threshold the import uses; the band lookup is done in memory here
instead of in the database's `CopyBand` table (the same keys, so the same candidates).

* Exact duplicates: texts whose normalised body is the same (the import stores one of them and
  counts the others as duplicates). Recall: the share of their pairs found alike.
* Reprints: for `--reprints` texts drawn at random, a copy made the way outlets reprint an agency
  story: another headline, the first paragraph replaced by another text's first paragraph, and
  the last paragraph cut. Recall: the share of reprints grouped with their text; a reprint
  grouped with any text that is not its own (or a duplicate of it) counts against precision.
* Precision among the corpus's own texts: every other pair grouped is listed (`--show`) with its
  true shingle Jaccard, for reading; the docs report the verdicts.
"""

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_texts():
    """[(label, body)] of every BBC and PolNeAR text, read as the importer reads it."""
    from archive.ingest.files import decode_text
    from archive.ingest.text import read_text

    paths = sorted((CORPUS / "bbc").glob("*/*.txt")) + sorted((CORPUS / "polnear").glob("*/text/*.txt"))
    texts = []
    for path in paths:
        raw = read_text(decode_text(path.read_bytes()), path.name)
        texts.append((str(path.relative_to(CORPUS)), raw.body))
    return texts


def reprint(body, lead_from, rng):
    """`body` as another outlet prints it: another first paragraph, the last one cut."""
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    lead = next((p for p in lead_from.split("\n\n") if p.strip()), "")
    kept = paragraphs[1:-1] if len(paragraphs) > 3 else paragraphs[1:]
    return "\n\n".join([lead, *kept])


class Grouping:
    """The import's grouping, in memory: band keys → texts, union of the alike ones."""

    def __init__(self):
        from archive import copies

        self.copies = copies
        self.holders = defaultdict(set)
        self.signatures = {}
        self.parent = {}

    def add(self, label, body):
        """Add one text, as an import adds one article: look up its band keys, compare, join."""
        sig = self.copies.signature(body)
        self.parent.setdefault(label, label)
        if sig is None:
            return
        keys = self.copies.band_keys(sig)
        candidates = set().union(*(self.holders[key] for key in keys))
        for other in candidates:
            if self.copies.similarity(sig, self.signatures[other]) >= self.copies.SIMILAR:
                self.parent[self.root(label)] = self.root(other)
        self.signatures[label] = sig
        for key in keys:
            self.holders[key].add(label)

    def root(self, label):
        while self.parent[label] != label:
            self.parent[label] = self.parent[self.parent[label]]
            label = self.parent[label]
        return label

    def same(self, first, second):
        return self.root(first) == self.root(second)

    def grouped_pairs(self):
        groups = defaultdict(list)
        for label in self.parent:
            groups[self.root(label)].append(label)
        return {tuple(sorted(pair)) for members in groups.values() for pair in combinations(members, 2)}


def jaccard(copies, first, second):
    a, b = set(copies.shingle_hashes(first).tolist()), set(copies.shingle_hashes(second).tolist())
    return len(a & b) / len(a | b) if a | b else 1.0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reprints", type=int, default=400)
    parser.add_argument("--show", type=int, default=40, help="grouped pairs of the corpus to list")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    import django

    django.setup()
    from archive import copies
    from archive.models import content_hash

    if not (CORPUS / "bbc").is_dir():
        sys.exit(f"the corpus is not at {CORPUS}")
    texts = corpus_texts()
    bodies = dict(texts)
    by_hash = defaultdict(list)
    for label, body in texts:
        by_hash[content_hash(body)].append(label)
    exact_pairs = {tuple(sorted(p)) for group in by_hash.values() for p in combinations(group, 2)}

    rng = random.Random(args.seed)
    sources = rng.sample([label for label, _ in texts], args.reprints)
    reprints = {}
    for label in sources:
        lead_from = bodies[rng.choice(texts)[0]]
        reprints[f"reprint of {label}"] = (label, reprint(bodies[label], lead_from, rng))

    grouping = Grouping()
    start = time.perf_counter()
    for label, body in texts:
        grouping.add(label, body)
    for label, (_, body) in reprints.items():
        grouping.add(label, body)
    elapsed = time.perf_counter() - start
    count = len(texts) + len(reprints)
    rate = count / elapsed
    print(
        f"{len(texts):,} corpus texts + {len(reprints)} reprints grouped in {elapsed:.1f} s ({rate:,.0f}/s)"
    )
    found = grouping.grouped_pairs()

    exact_found = sum(grouping.same(*pair) for pair in exact_pairs)
    recall = exact_found / len(exact_pairs)
    print(f"exact duplicates: {len(exact_pairs)} pairs, {exact_found} grouped (recall {recall:.3f})")

    reprint_found = {label: grouping.same(label, source) for label, (source, _) in reprints.items()}
    found_count = sum(reprint_found.values())
    recall = found_count / len(reprints)
    print(f"reprints: {len(reprints)}, {found_count} grouped with their text (recall {recall:.3f})")
    by_likeness = defaultdict(list)
    for label, (source, body) in reprints.items():
        by_likeness[jaccard(copies, bodies[source], body) >= copies.SIMILAR].append(reprint_found[label])
    for alike, found_flags in sorted(by_likeness.items(), reverse=True):
        share = sum(found_flags) / len(found_flags)
        side = "at least" if alike else "below"
        print(f"  true Jaccard {side} {copies.SIMILAR}: {len(found_flags)} reprints, recall {share:.3f}")
    # A reprint's own group: its text and whatever the corpus alone groups with that text.
    corpus_only = Grouping()
    for label, body in texts:
        corpus_only.add(label, body)
    reprint_pairs = [pair for pair in found if any(side in reprints for side in pair)]
    wrong = [pair for pair in reprint_pairs if not own_group(pair, reprints, corpus_only)]
    print(f"pairs with a reprint: {len(reprint_pairs)}, {len(wrong)} with a text outside its own group")
    for pair in wrong[: args.show]:
        print(f"  {pair[0]}  {pair[1]}")

    corpus_pairs = sorted(pair for pair in found if not any(side in reprints for side in pair))
    near = [pair for pair in corpus_pairs if pair not in exact_pairs]
    exact = len(corpus_pairs) - len(near)
    print(f"corpus pairs grouped: {len(corpus_pairs)} ({exact} exact duplicates, {len(near)} not)")
    for first, second in near[: args.show]:
        similarity = jaccard(copies, bodies[first], bodies[second])
        print(f"  J={similarity:.2f}  {first}  {second}")
        print(f"      {bodies[first][:90]!r}")
        print(f"      {bodies[second][:90]!r}")


def own_group(pair, reprints, corpus_only):
    """Whether both sides of `pair` are reprints of, or texts grouped with, the same corpus text."""
    origins = [reprints[side][0] if side in reprints else side for side in pair]
    return corpus_only.same(*origins)


if __name__ == "__main__":
    main()
