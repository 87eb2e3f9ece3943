"""Reader for WARC web archives (ISO 28500, plain or gzip-compressed), via warcio.

Every `response` record with HTTP status 200 and an HTML content type becomes an article, read by
the HTML reader with the record's target URI (when the page names no canonical URL) and its
WARC-Date (when the page gives no publication date). Everything else — requests, metadata,
redirects, error pages, images, stylesheets, HTML pages with no article text (section fronts) —
is skipped and counted by reason. A damaged or truncated archive keeps the records before the damage.
"""

from email.message import Message

from warcio.archiveiterator import ArchiveIterator

from archive.records import ReadError, Skipped

from .dates import parse_date
from .files import MAX_INPUT_BYTES, READ_CHUNK, stream_size
from .html import NoArticleText, read_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream, name=""):
    """Yield (location, RawArticle, Skipped or ReadError) for each record of a binary stream."""
    archive = ArchiveIterator(stream)
    records = iter(archive)
    number = 0
    while True:
        number += 1
        try:
            record = next(records, None)
            if record is None:
                # warcio ends quietly when an uncompressed file stops inside a record's headers.
                if archive.offset < stream_size(stream):
                    yield f"record {number}", ReadError("the file ends inside a record: it is truncated")
                return
            location = f"record {number} ({record.rec_headers.get_header('WARC-Target-URI') or 'no URI'})"
            result = _article_or_skip(record, f"{name} record {number}")
            if _cut_short(record):
                yield location, ReadError("the file ends inside this record: it is truncated")
                return
        except Exception as exc:  # warcio raises many types (EOFError, zlib.error, ...) on damaged input
            yield (
                f"record {number}",
                ReadError(
                    f"the archive is damaged or truncated here ({type(exc).__name__}: {exc}); "
                    "the records before it were read"
                ),
            )
            return
        yield location, result


def _article_or_skip(record, imported_from):
    if record.rec_type != "response":
        return Skipped(f"{record.rec_type} record")
    headers = record.http_headers
    if headers is None:
        return Skipped("response without HTTP headers")
    status = headers.get_statuscode()
    if status != "200":
        return Skipped("redirect" if status.startswith("3") else "non-200 response")
    content_type = _content_type(headers.get_header("Content-Type") or "")
    if content_type.get_content_type() not in HTML_TYPES:
        return Skipped("non-HTML response")
    payload = record.content_stream().read(MAX_INPUT_BYTES + 1)
    if len(payload) > MAX_INPUT_BYTES:
        return ReadError(f"the page is larger than {MAX_INPUT_BYTES // 1_000_000} MB")
    try:
        captured, _ = parse_date(record.rec_headers.get_header("WARC-Date"))
    except ValueError:
        captured = None
    try:
        return read_html(
            payload,
            imported_from,
            url=record.rec_headers.get_header("WARC-Target-URI") or "",
            capture_date=captured,
            declared_encoding=content_type.get_content_charset(),
        )
    except NoArticleText:
        return Skipped("HTML page without article text")
    except ReadError as exc:
        return exc


def _cut_short(record):
    """True when the file ends inside `record` (in its headers, or before its declared length)."""
    if record.rec_type is None or record.length is None:
        return True
    while record.raw_stream.read(READ_CHUNK):
        pass  # what is left of the record; the iterator would otherwise skip it the same way
    return getattr(record.raw_stream, "limit", 0) > 0


def _content_type(value):
    message = Message()
    message["Content-Type"] = value
    return message
