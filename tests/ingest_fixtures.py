"""Builders for import test inputs: web pages and WARC archives made on the fly (no binary blobs)."""

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_DATE = "2019-03-01T12:00:00Z"


def page(title="Council approves budget", paragraphs=None, *, head="", byline="Jane Doe"):
    """A news page with a navigation bar, an <article>, a script inside it, and a footer."""
    paragraphs = paragraphs or [
        "The city council approved the budget on Tuesday after a long debate about schools and roads.",
        '"We have done our job," said the mayor, who had pushed for the plan for months.',
        "Opponents said the plan would raise taxes for families in the northern districts.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} - The Example Times</title>
{head}
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>{title}</h1>
<p class="byline">By {byline}</p>
{body}
<script>document.write("injected")</script>
</article>
<footer>Copyright The Example Times</footer>
</body></html>"""


def response(uri, payload, *, status="200 OK", content_type="text/html; charset=utf-8", date=WARC_DATE):
    return ("response", uri, payload, status, content_type, date)


def write_warc(path, records, *, gzip=True):
    """Write `records` (tuples from `response`, or ("request", uri)) to a WARC file at `path`."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for record in records:
        if record[0] == "request":
            http = StatusAndHeaders(f"GET {record[1]} HTTP/1.1", [], is_http_request=True)
            warc_record = writer.create_warc_record(
                record[1], "request", payload=io.BytesIO(b""), http_headers=http
            )
        else:
            _, uri, payload, status, content_type, date = record
            data = payload.encode() if isinstance(payload, str) else payload
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            warc_record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(data),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
        writer.write_record(warc_record)
    path.write_bytes(buffer.getvalue())
    return path
