"""python manage.py polnear_gold SPLIT --output FILE [--corpus DIR]"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.extract.polnear import convert_split

SHARED = Path(settings.BASE_DIR).parent / "shared"


class Command(BaseCommand):
    help = (
        "Write a development gold set (direct and partial quotes, reported speech, speakers) made "
        "from PolNeAR's train or dev split, for `evaluate_extraction`. The texts stay in the corpus "
        "folder: the file names them and holds only the annotated spans."
    )

    def add_arguments(self, parser):
        parser.add_argument("split", choices=["train", "dev"])
        parser.add_argument("--output", type=Path, required=True, help="JSON-lines file to write.")
        parser.add_argument(
            "--corpus",
            type=Path,
            default=SHARED / "corpus" / "polnear",
            help="The PolNeAR folder (default: ../shared/corpus/polnear).",
        )

    def handle(self, *args, split, output, corpus, **options):
        corpus = corpus.resolve()
        if not (corpus / split / "text").is_dir():
            raise CommandError(f"no PolNeAR {split} split in {corpus} (expected {split}/text/*.txt)")
        records = convert_split(corpus, split)
        prefix = _relative_to_shared(corpus)
        with output.open("w", encoding="utf-8") as out:
            for record in records:
                record["file"] = f"{prefix}/{record['file']}"
                record["people_scope"] = "speakers"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        quotes = sum(len(r["quotes"]) for r in records)
        reported = sum(len(r["reported"]) for r in records)
        self.stdout.write(
            f"{output}: {len(records)} articles, {quotes} quotes, {reported} reported-speech attributions"
        )


def _relative_to_shared(corpus):
    """The corpus folder as evaluate_extraction's default --root (../shared) reaches it, else absolute."""
    try:
        return str(corpus.relative_to(SHARED.resolve()))
    except ValueError:
        return str(corpus)
