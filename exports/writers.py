"""Streaming CSV and JSON-lines writers: rows in, UTF-8 byte chunks out, constant memory.

CSV follows RFC 4180 (commas, quotes and newlines quoted by Python's csv module, CRLF line ends) and
starts with a UTF-8 byte-order mark so spreadsheet programs read "López" as López, not LÃ³pez.
A text cell that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
return, OWASP "CSV injection") is prefixed with an apostrophe, which makes it plain text.
"""

import csv
import json

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
# Rows are joined into chunks of about this many characters: one write per chunk, not per row.
CHUNK_CHARS = 64 * 1024


class LineBuffer:
    """A file-like object for csv.writer that hands back each formatted row instead of storing it."""

    def write(self, text):
        return text


def cell(value):
    """A value as CSV text: booleans as in JSON (true/false), None empty, formulas neutralised."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header, rows):
    """Byte chunks of a CSV file: `header`, then each row (a sequence of cell values)."""
    writer = csv.writer(LineBuffer())
    lines = (writer.writerow([cell(value) for value in row]) for row in rows)
    return encoded_chunks(BYTE_ORDER_MARK + writer.writerow(header), lines)


def jsonl_chunks(records):
    """Byte chunks of a JSON-lines file: one JSON object per line, non-ASCII text kept as is."""
    return encoded_chunks("", (json.dumps(record, ensure_ascii=False) + "\n" for record in records))


def encoded_chunks(first, lines):
    """`first` (the header) at once, so the download starts before the search runs; then the lines."""
    if first:
        yield first.encode("utf-8")
    chunk, size = [], 0
    for line in lines:
        chunk.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            yield "".join(chunk).encode("utf-8")
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk).encode("utf-8")
