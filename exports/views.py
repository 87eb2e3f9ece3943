"""Downloads of a whole search: /search/export.csv and /search/export.jsonl with the page's parameters.

The export holds exactly what the search page lists for the same URL — every match, not one page,
in the page's order — because both run search/request.py. Rows stream out (search/hits.py loads
them in windows), so there is no row cap and memory does not grow with the number of matches.
A URL the search page would answer with an error message is a 400 with that message here: a
download should not quietly hold something other than what was asked for
(search/request.py: `SearchRequest.for_download`).
"""

from datetime import date

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.text import slugify

from archive.export import export_queryset
from archive.public_records import article_full, article_table_record, quote_record
from archive.selectors import public_articles
from exports.slots import StreamInSlot, take_slot
from exports.writers import csv_chunks, jsonl_chunks
from search import service
from search.request import InvalidSearch, SearchRequest

ARTICLE_COLUMNS = (
    "id",
    "published",
    "date_precision",
    "title",
    "source",
    "section",
    "byline",
    "people",
    "organisations",
    "places",
    "speakers",
    "quote_count",
    "snippet",
    "url",
    "archive_url",
)
SNIPPET_WORDS = 40  # of the article's text in the CSV's snippet column
SNIPPET_LEAD_CHARS = 120  # of text kept before the first match
QUOTE_COLUMNS = (
    "id",
    "published",
    "speaker",
    "text",
    "cue",
    "kind",
    "confidence",
    "verified",
    "article_id",
    "article_title",
    "source",
    "archive_url",
    "quote_url",
)
LIST_SEPARATOR = "; "


def export_csv(request):
    return export(request, "csv")


def export_jsonl(request):
    return export(request, "jsonl")


def export(request, file_format):
    try:
        search = SearchRequest.for_download(request.GET)
        results = search.run_strictly()
    except InvalidSearch as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    if search.tab == "quotes":
        records = (quote_record(quote, request) for quote in results.iter_rows())
        header, flatten = QUOTE_COLUMNS, quote_cells
    else:
        rows = results.iter_rows(export_queryset(public_articles()))
        as_record = article_table_record if file_format == "csv" else article_full
        records = (as_record(article, request) for article in rows)
        words = results.parsed.words()
        pattern = service.words_pattern(words) if words else None
        header, flatten = ARTICLE_COLUMNS, lambda record: article_cells(record, pattern)
    if file_format == "csv":
        chunks = csv_chunks(header, (flatten(record) for record in records))
        content_type = "text/csv; charset=utf-8"
    else:
        chunks = jsonl_chunks(records)
        content_type = "application/x-ndjson; charset=utf-8"
    slot = take_slot()  # last: nothing may fail between taking the slot and the response owning it
    if slot is None:
        return exports_busy()
    response = StreamingHttpResponse(StreamInSlot(chunks, slot), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(search.state, file_format)}"'
    return response


def exports_busy():
    message = (
        f"{settings.EXPORT_SLOTS} exports are already being prepared, the most the archive runs at once. "
        "Try again in a minute."
    )
    response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "30"
    return response


def file_name(state, extension):
    """morgue-articles-zero-tolerance-2026-11-22.csv: ASCII only, so every browser keeps it."""
    words = slugify(state["q"])[:50].strip("-") or "search"
    return f"morgue-{state['tab']}-{words}-{date.today().isoformat()}.{extension}"


def snippet(body, pattern):
    """About SNIPPET_WORDS words of plain text around the first match of `pattern` (or the opening)."""
    match = pattern.search(body) if pattern is not None else None
    start = 0
    if match and match.start() > SNIPPET_LEAD_CHARS:
        start = body.rfind(" ", 0, match.start() - SNIPPET_LEAD_CHARS) + 1
    words = body[start:].split(maxsplit=SNIPPET_WORDS)
    text = " ".join(words[:SNIPPET_WORDS])
    return ("… " if start else "") + text + (" …" if len(words) > SNIPPET_WORDS else "")


def article_cells(record, pattern):
    """A CSV row from an article's public record (archive/public_records.py): a snippet of the body
    around the query's first match instead of the body, names joined."""
    names = {kind: [] for kind in ("person", "organisation", "place")}
    for actor in record["actors"]:
        names.setdefault(actor["kind"], []).append(actor["name"])
    speakers = sorted({quote["speaker"] for quote in record["quotes"] if quote["speaker"]})
    values = {
        **record,
        "people": LIST_SEPARATOR.join(sorted(names["person"])),
        "organisations": LIST_SEPARATOR.join(sorted(names["organisation"])),
        "places": LIST_SEPARATOR.join(sorted(names["place"])),
        "speakers": LIST_SEPARATOR.join(speakers),
        "quote_count": len(record["quotes"]),
        "snippet": snippet(record["body"], pattern),
    }
    return [values[column] for column in ARTICLE_COLUMNS]


def quote_cells(record):
    article = record["article"]
    values = {
        **record,
        "published": article["published"],
        "speaker": record["speaker"]["name"] if record["speaker"] else "",
        "article_id": article["id"],
        "article_title": article["title"],
        "source": article["source"],
        "archive_url": article["archive_url"],
        "quote_url": record["archive_url"],
    }
    return [values[column] for column in QUOTE_COLUMNS]
