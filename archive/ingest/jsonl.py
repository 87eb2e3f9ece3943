"""Reader for JSON lines: one article per line.

The format `export_articles` writes reads back unchanged (actors and quotes, with their verified
flags, are kept as given instead of being re-extracted; a new article keeps its versions). Records
from elsewhere may use the common column names listed in RECORD_FIELDS (the CSV reader shares
them): "text" for the body, "date" for the publication date, "author" for the byline, and so on.
Keys are matched case-insensitively.
"""

import json
from datetime import UTC

from django.utils.dateparse import parse_datetime

from archive.records import RawActor, RawArticle, RawQuote, ReadError

from .dates import parse_date
from .files import bounded_lines, decode_line
from .text import provisional_title

# Article field → the record keys that may carry it, first match wins.
RECORD_FIELDS = {
    "title": ("title", "headline"),
    "body": ("body", "text", "content"),
    "published": ("published", "date", "published_at", "pubdate"),
    "url": ("url", "link"),
    "source": ("source", "site", "publication"),
    "byline": ("byline", "author", "authors"),
    "section": ("section", "topic", "category"),
    "caption": ("caption",),
    "credit": ("credit",),
    "language": ("language", "lang"),
    "status": ("status",),
    "imported_from": ("imported_from",),
}
STATUSES = ("published", "draft", "embargoed")
ORIGINS = ("archived", "import", "editor", "quotes", "embargo")  # archive.models.ArticleVersion.Origin
VERSION_TEXTS = ("origin", "editor_name", "status", "title", "body")
VERSION_QUOTE_FIELDS = {"text": str, "speaker": str, "role": str, "kind": str, "start": int}


def read_jsonl(stream, name=""):
    """Yield (line number, RawArticle or ReadError) for each non-blank line of a binary stream.

    A file without one non-blank line is an error, so that it is reported rather than passed over.
    """
    blank = True
    for number, line in bounded_lines(stream):
        if isinstance(line, ReadError):
            blank = False
            yield number, line
            continue
        if not line.strip():
            continue
        blank = False
        try:
            yield number, article_from_record(json.loads(decode_line(line)), name)
        except json.JSONDecodeError as exc:
            yield number, ReadError(f"invalid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            yield number, ReadError("invalid JSON (nested too deeply)")
        except ReadError as exc:
            yield number, exc
    if blank:
        yield 1, ReadError("the file is empty")


def article_from_record(record, name=""):
    """A RawArticle from one record (a JSON object or a CSV row as a dict)."""
    if not isinstance(record, dict):
        raise ReadError(f"a line must hold a JSON object, not {type(record).__name__}")
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    body = _field(fields, "body")
    if not body.strip():
        raise ReadError(f"the record has no body text (looked for {', '.join(RECORD_FIELDS['body'])})")
    warnings = []
    language = _field(fields, "language") or "en"
    try:
        published, precision = parse_date(_first(fields, "published"), fields.get("date_precision"), language)
    except ValueError as exc:
        published, precision = None, "unknown"
        warnings.append(f"{exc}; the date is left unknown")
    status = _field(fields, "status") or "published"
    if status not in STATUSES:
        raise ReadError(f'"status" must be one of {", ".join(STATUSES)}, not {status!r}')
    return RawArticle(
        body=body,
        title=_field(fields, "title") or provisional_title(body),
        source=_field(fields, "source"),
        byline=_field(fields, "byline"),
        url=_field(fields, "url"),
        section=_field(fields, "section"),
        published=published,
        date_precision=precision,
        caption=_field(fields, "caption"),
        credit=_field(fields, "credit"),
        language=language,
        status=status,
        embargo_until=_embargo_end(fields.get("embargo_until"), status),
        imported_from=_field(fields, "imported_from") or name,
        warnings=warnings,
        actors=_actors(fields["actors"]) if isinstance(fields.get("actors"), list) else None,
        quotes=_quotes(fields["quotes"], body) if isinstance(fields.get("quotes"), list) else None,
        versions=_versions(fields["versions"]) if isinstance(fields.get("versions"), list) else [],
    )


def _embargo_end(value, status):
    """The aware datetime an embargo ends (the export writes ISO 8601); a ReadError naming the field
    for anything else, and for an embargoed record without one."""
    if value in (None, ""):
        if status == "embargoed":
            raise ReadError('an embargoed record needs "embargo_until", the date and time its embargo ends')
        return None
    end = _datetime(value)
    if end is None:
        raise ReadError(f'"embargo_until" must be a date and time like 2026-12-01T09:00:00Z, not {value!r}')
    return end


def _first(fields, name):
    """The value of the first key that carries article field `name` with something in it."""
    for key in RECORD_FIELDS[name]:
        if fields.get(key) not in (None, "", []):
            return fields[key]
    return None


def _field(fields, name):
    """Article field `name` as stripped text; a list of names (several authors) is joined."""
    value = _first(fields, name)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = ", ".join(item.strip() for item in value)
    if not isinstance(value, str):
        return ""
    return value if name == "body" else value.strip()


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


def _versions(items):
    """An export's versions (archive/export.py, `version_record`), checked field by field: a
    version page shows them as they are."""
    versions = [_version(item) for item in items]
    if len({version["number"] for version in versions}) < len(versions):
        raise ReadError("two versions have the same number")
    return versions


def _version(item):
    if not isinstance(item, dict):
        raise ReadError("every version must be an object")
    number, recorded = item.get("number"), _datetime(item.get("recorded"))
    if type(number) is not int or number < 1 or recorded is None:
        raise ReadError('every version needs a "number" from 1 and a "recorded" date and time')
    if not all(isinstance(item.get(name), str) for name in VERSION_TEXTS):
        raise ReadError(f"every version needs the texts {', '.join(VERSION_TEXTS)}")
    if item["origin"] not in ORIGINS or item["status"] not in STATUSES:
        raise ReadError(
            f"a version's origin is one of {', '.join(ORIGINS)}; its status one of {', '.join(STATUSES)}"
        )
    changed, metadata, quotes = item.get("changed_fields"), item.get("metadata"), item.get("quotes")
    if not (isinstance(changed, list) and all(isinstance(name, str) for name in changed)):
        raise ReadError('a version\'s "changed_fields" must be a list of names')
    if (
        not isinstance(metadata, dict)
        or not isinstance(quotes, list)
        or not all(map(_is_version_quote, quotes))
    ):
        raise ReadError(
            'a version needs "metadata" (an object) and "quotes" '
            "(objects with text, speaker, role, kind and start)"
        )
    return {
        **{name: item[name] for name in VERSION_TEXTS},
        "number": number,
        "recorded": recorded,
        "changed_fields": changed,
        "metadata": metadata,
        "quotes": quotes,
    }


def _datetime(value):
    """An aware datetime from ISO 8601 text (a naive one is UTC), or None."""
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if moment is None:
        return None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def _is_version_quote(quote):
    return isinstance(quote, dict) and all(
        isinstance(quote.get(k), t) for k, t in VERSION_QUOTE_FIELDS.items()
    )
