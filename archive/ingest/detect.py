"""Which reader a file needs, decided from its first bytes (the file name only breaks ties).

Order: WARC (plain or gzip-compressed) → binary (refused) → HTML → JSON lines → CSV → plain text.
Content wins over the name, so a page saved as `story.txt` is read as HTML; the name decides only
when the content has no signature of its own (a `.csv` without a body column is then reported as
a CSV problem instead of being imported as one odd plain-text article).
"""

import codecs
import json
import re
import zlib
from pathlib import PurePath

from archive.records import ReadError

from .files import BINARY_SNIFF_BYTES
from .tabular import csv_header

DETECT_BYTES = 64 * 1024

GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/1."
HTML_SIGNATURE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]", re.IGNORECASE)
HTML_SIGNATURE_BYTES = 1024
SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".warc": "warc",
    ".gz": "warc",
}


def detect_format(head: bytes, name: str = "") -> str:
    """The reader a file starting with `head` needs: "text", "html", "jsonl", "csv" or "warc".

    Raises ReadError for binary files and for compressed files that are not web archives.
    """
    suffix = _suffix(name)
    if head.startswith(GZIP_MAGIC):
        if _gunzip_start(head).startswith(WARC_MAGIC):
            return "warc"
        raise ReadError("the file is gzip-compressed but is not a WARC file; unpack it and import the result")
    if head.startswith(WARC_MAGIC):
        return "warc"
    if suffix == ".gz":
        raise ReadError("the file is named .gz but is not gzip-compressed")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("the file is UTF-16 text; save it as UTF-8 and import it again")
    if b"\x00" in head[:BINARY_SNIFF_BYTES]:
        raise ReadError("the file looks binary (it contains NUL bytes), not text")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if HTML_SIGNATURE.search(head[:HTML_SIGNATURE_BYTES]):
        return "html"
    if text.startswith("{") and (_first_line_is_json_object(text) or SUFFIX_FORMATS.get(suffix) == "jsonl"):
        return "jsonl"
    if csv_header(text.partition("\n")[0]):
        return "csv"
    return SUFFIX_FORMATS.get(suffix, "text")


def _suffix(name):
    lowered = name.lower()
    return ".gz" if lowered.endswith(".gz") else PurePath(lowered).suffix


def _gunzip_start(head):
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def _first_line_is_json_object(text):
    line, newline, _ = text.partition("\n")
    if not newline and len(text) >= DETECT_BYTES // 2:
        return False  # a first line longer than the sample: let the name decide
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
