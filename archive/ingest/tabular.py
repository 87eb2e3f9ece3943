"""Reader for CSV (and TSV) files: a header row, then one article per record.

The columns are those of the JSON-lines reader (`RECORD_FIELDS`: title, body|text|content,
date|published|published_at, url|link, source|site|publication, author|byline, ...); at least one
body column is required. Fields may hold commas, quotes and newlines (standard CSV quoting).

The delimiter is taken from the header row: the first of `,` `TAB` `;` `|` that splits it into
column names including a body column. That is steadier than csv.Sniffer, which guesses from the
data rows and is easily misled by commas and quotes inside article text.
"""

import csv
import re

from archive.records import ReadError

from .files import MAX_INPUT_BYTES, bounded_lines, decode_line
from .jsonl import RECORD_FIELDS, article_from_record

DELIMITERS = (",", "\t", ";", "|")
BODY_COLUMNS = RECORD_FIELDS["body"]
COLUMN_NAME = re.compile(r"^[A-Za-z_][\w-]{0,39}$")


def csv_header(line: str):
    """(delimiter, column names) when `line` is a CSV header with a body column, else None."""
    for delimiter in DELIMITERS:
        names = [name.strip() for name in next(csv.reader([line], delimiter=delimiter), [])]
        if (
            len(names) >= 2
            and all(COLUMN_NAME.match(name) for name in names)
            and any(name.lower() in BODY_COLUMNS for name in names)
        ):
            return delimiter, names
    return None


def read_csv(stream, name=""):
    """Yield (line number, RawArticle or ReadError) for each record of a binary stream."""
    # The csv module's default field limit (128 KB) is smaller than a long article.
    csv.field_size_limit(MAX_INPUT_BYTES)
    lines = _decoded_lines(stream)
    try:
        first_line = next(lines)
    except StopIteration:
        yield 1, ReadError("the file is empty")
        return
    except ReadError as exc:
        yield 1, exc
        return
    header = csv_header(first_line.rstrip("\r\n"))
    if header is None:
        yield (
            1,
            ReadError(
                "the header row has no body column (one of: "
                f"{', '.join(BODY_COLUMNS)}); it reads {first_line.strip()[:120]!r}"
            ),
        )
        return
    delimiter, names = header
    # strict: a quoted field still open at the end of the file (a truncated file) is an error,
    # not a record that silently swallowed the rest of the file.
    yield from _records(csv.reader(lines, delimiter=delimiter, strict=True), names, name)


def _records(reader, names, name):
    """Yield (line number, RawArticle or ReadError) per record; a table without one is an error."""
    found = False
    while True:
        start = reader.line_num + 2  # the header, line 1, was read before this reader started
        try:
            row = next(reader)
        except StopIteration:
            if not found:
                yield 2, ReadError("the file has a header row but no records")
            return
        except (csv.Error, ReadError) as exc:
            # The reader cannot find the next record boundary after a broken one: stop here.
            yield start, ReadError(f"unreadable CSV ({exc}); the rest of the file is not imported")
            return
        if not any(cell.strip() for cell in row):
            continue
        found = True
        if len(row) > len(names):
            yield start, ReadError(f"the record has {len(row)} fields but the header names {len(names)}")
            continue
        try:
            yield start, article_from_record(dict(zip(names, row, strict=False)), name)
        except ReadError as exc:
            yield start, exc


def _decoded_lines(stream):
    for _number, line in bounded_lines(stream):
        if isinstance(line, ReadError):
            raise line
        yield decode_line(line)
