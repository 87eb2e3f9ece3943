"""Reader for JSON lines: one article per line, in the format `export_articles` writes.

Required key: "body". Everything else is optional; "actors" and "quotes", when present, are kept
as given (with their verified flags) instead of being re-extracted.
"""

import json
from datetime import date

from archive.records import RawActor, RawArticle, RawQuote, ReadError

from .text import provisional_title

PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}


def read_jsonl(text: str, name: str = ""):
    """Yield (line number, RawArticle or ReadError) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, article_from_record(json.loads(line), name)
        except json.JSONDecodeError as exc:
            yield number, ReadError(f"invalid JSON ({exc.msg} at column {exc.colno})")
        except ReadError as exc:
            yield number, exc


def article_from_record(record, name=""):
    if not isinstance(record, dict):
        raise ReadError("a line must hold a JSON object")
    body = record.get("body") or record.get("text") or ""
    if not isinstance(body, str) or not body.strip():
        raise ReadError('the record has no "body" text')
    published, precision = parse_published(record.get("published"), record.get("date_precision"))
    return RawArticle(
        body=body,
        title=_text(record, "title") or provisional_title(body),
        source=_text(record, "source"),
        byline=_text(record, "byline"),
        url=_text(record, "url"),
        published=published,
        date_precision=precision,
        caption=_text(record, "caption"),
        credit=_text(record, "credit"),
        language=_text(record, "language") or "en",
        status=_text(record, "status") or "published",
        embargo_until=record.get("embargo_until") or None,
        imported_from=_text(record, "imported_from") or name,
        actors=_actors(record["actors"]) if isinstance(record.get("actors"), list) else None,
        quotes=_quotes(record["quotes"], body) if isinstance(record.get("quotes"), list) else None,
    )


def parse_published(value, precision=None):
    """'2018-04-06' → day precision, '2018-04' → month, '2018' → year; None → unknown."""
    if value in (None, ""):
        return None, "unknown"
    if not isinstance(value, str) or len(value) not in PRECISION_BY_LENGTH:
        raise ReadError(f'"published" must be YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}')
    padded = value + "-01" * ((10 - len(value)) // 3)
    try:
        parsed = date.fromisoformat(padded)
    except ValueError as exc:
        raise ReadError(f'"published" {value!r} is not a real date ({exc})') from exc
    return parsed, precision or PRECISION_BY_LENGTH[len(value)]


def _text(record, key):
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def _actors(items):
    actors = []
    for item in items:
        if not isinstance(item, dict) or not item.get("name"):
            raise ReadError('every actor needs a "name"')
        actors.append(
            RawActor(
                name=item["name"],
                kind=item.get("kind") or "person",
                aliases=[a for a in item.get("aliases") or [] if isinstance(a, str)],
                description=item.get("description") or "",
                count=int(item.get("count") or 1),
                first_offset=int(item.get("first_offset") or 0),
                verified=bool(item.get("verified")),
            )
        )
    return actors


def _quotes(items, body):
    quotes = []
    for item in items:
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ReadError('every quote needs integer "start" and "end" offsets') from exc
        text = item.get("text") or ""
        if not (0 <= start < end <= len(body)) or body[start:end] != text:
            raise ReadError(f"quote at {start}-{end} does not match the body text")
        quotes.append(
            RawQuote(
                text=text,
                start=start,
                end=end,
                speaker=item.get("speaker") or None,
                cue=item.get("cue") or "",
                kind=item.get("kind") or "direct",
                confidence=float(item.get("confidence", 1.0)),
                verified=bool(item.get("verified")),
            )
        )
    return quotes
