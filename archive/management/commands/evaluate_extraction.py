"""python manage.py evaluate_extraction GOLD [--root DIR] [--details] [--by-publisher]"""

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.extract.actors import PERSON
from archive.extract.evaluation import REPORTED, Evaluation, locate_gold_quotes, score_article
from archive.ingest import read_path
from archive.records import ReadError


class Command(BaseCommand):
    help = (
        "Score quote and person extraction against a gold JSON-lines file: quote precision/recall/F1 "
        "(spans overlapping by at least 50 %), speaker accuracy on matched quotes, people P/R/F1, and "
        "reported speech P/R/F1 and speaker accuracy when the gold has reported speech (a PolNeAR "
        "gold from `manage.py polnear_gold`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path)
        parser.add_argument(
            "--root",
            type=Path,
            default=Path(settings.BASE_DIR).parent / "shared",
            help="Folder the gold records' file paths are relative to (default: ../shared).",
        )
        parser.add_argument("--details", action="store_true", help="List every error per article.")
        parser.add_argument(
            "--by-publisher", action="store_true", help="Also print the scores per publisher (PolNeAR)."
        )

    def handle(self, *args, gold, root, details=False, by_publisher=False, **options):
        records = read_gold(gold)
        articles = [read_article(root / record["file"]) for record in records]
        bodies = [article.body for article in articles]
        from archive.extract import extract_many  # loads the model; only this command needs it

        started = time.perf_counter()
        predictions = extract_many(bodies)
        seconds = time.perf_counter() - started
        evaluation = Evaluation()
        for record, article, (actors, quotes) in zip(records, articles, predictions, strict=True):
            score_record(evaluation, record, article, actors, quotes)
        if details:
            self.print_details(evaluation)
        rate = len(bodies) / seconds
        self.stdout.write(f"articles           {len(bodies)} ({rate:.1f} articles/s extracted)")
        self.print_summary(evaluation)
        if by_publisher:
            for publisher in evaluation.publishers:
                self.stdout.write(f"\n== {publisher}")
                self.print_summary(evaluation.of_publisher(publisher))

    def print_summary(self, evaluation):
        quotes, people = evaluation.total("quotes"), evaluation.total("people")
        self.stdout.write(
            f"quotes             P {quotes.precision:.3f}  R {quotes.recall:.3f}  F1 {quotes.f1:.3f}  "
            f"(matched {quotes.true_positives}, spurious {quotes.false_positives}, "
            f"missed {quotes.false_negatives})"
        )
        self.stdout.write(f"speaker accuracy   {evaluation.speaker_accuracy:.3f} on matched quotes")
        if any(g.speaker_from != "name" for a in evaluation.articles for g, _ in a.matches):
            self.stdout.write(
                f"  named sources    {evaluation.named_speaker_accuracy:.3f} (gold speaker named in its "
                "own source, not resolved from a pronoun or description)"
            )
        bands = ", ".join(
            f"{confidence:.2f}: {right}/{total}"
            for confidence, (right, total) in evaluation.by_confidence().items()
        )
        self.stdout.write(f"  by confidence    {bands}")
        self.stdout.write(
            f"kind accuracy      {evaluation.kind_accuracy:.3f} (direct/partial, matched quotes)"
        )
        if evaluation.headline_quotes:
            self.stdout.write(
                f"                   ({evaluation.headline_quotes} gold quotes are in headlines, which the "
                "importer stores as titles: not extracted, not scored)"
            )
        self.stdout.write(
            f"people             P {people.precision:.3f}  R {people.recall:.3f}  F1 {people.f1:.3f}  "
            f"(found {people.true_positives}, extra {people.false_positives}, "
            f"missed {people.false_negatives})"
        )
        if evaluation.reported:
            reported = evaluation.total_reported()
            self.stdout.write(
                f"reported speech    P {reported.precision:.3f}  R {reported.recall:.3f}  "
                f"F1 {reported.f1:.3f}  "
                f"(matched {reported.true_positives}, spurious {reported.false_positives}, "
                f"missed {reported.false_negatives})"
            )
            self.stdout.write(
                f"  speaker accuracy {evaluation.reported_speaker_accuracy:.3f} on matched reported speech"
            )

    def print_details(self, evaluation):
        for article in evaluation.articles + evaluation.reported:
            lines = [
                f"  wrong speaker: {g.text[:60]!r} gold {g.speaker} got {got}"
                for g, got in article.speakers_wrong
            ]
            lines += [f"  missed: {g.text[:60]!r} ({g.speaker})" for g in article.missed]
            lines += [f"  spurious: {q.text[:60]!r} ({q.speaker})" for q in article.spurious]
            if article.missing_people:
                lines.append(f"  people missed: {', '.join(sorted(article.missing_people))}")
            if article.extra_people:
                lines.append(f"  people extra: {', '.join(sorted(article.extra_people))}")
            if lines:
                self.stdout.write(article.file)
                self.stdout.write("\n".join(lines))


def score_record(evaluation, record, article, actors, quotes):
    """Add one gold record's scores (quotes, people, reported speech if annotated) to `evaluation`."""
    located = {}
    for key in ("quotes", "reported"):
        try:
            located[key], in_title = locate_gold_quotes(article.body, record.get(key, []), article.title)
        except ValueError as exc:
            raise CommandError(f"{record['file']}: {exc}") from exc
        if key == "quotes":
            evaluation.headline_quotes += len(in_title)
    direct = [q for q in quotes if q.kind != REPORTED]
    if record.get("people_scope") == "speakers":
        people = [q.speaker for q in direct if q.speaker and q.speaker_kind == PERSON]
    else:
        people = [a.name for a in actors if a.kind == PERSON]
    publisher = record.get("publisher", "")
    evaluation.articles.append(
        score_article(record["file"], located["quotes"], record["people"], direct, people, publisher)
    )
    if "reported" in record:
        reported = [q for q in quotes if q.kind == REPORTED]
        evaluation.reported.append(
            score_article(record["file"], located["reported"], [], reported, [], publisher)
        )


def read_gold(path):
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CommandError(f"cannot read the gold file {path}: {exc.strerror or exc}") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record["file"], record["quotes"], record["people"]  # noqa: B018 — required keys
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"{path} line {number} is not a gold record ({exc})") from exc
        records.append(record)
    return records


def read_article(path):
    """The RawArticle (title and body) exactly as the importer reads it."""
    if not path.is_file():
        raise CommandError(f"gold article not found: {path}")
    label, result = next(read_path(path))
    if isinstance(result, ReadError):
        raise CommandError(f"{label}: {result}")
    return result
