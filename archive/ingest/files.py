"""Finding input files, turning their bytes into text, and the size limits every reader obeys.

Limits (so that a hostile or accidental huge input is refused in bounded memory):

- `MAX_INPUT_BYTES` (25 MB): the most bytes read for one article's input — a text or HTML file,
  one JSON line, one CSV record, one WARC record's payload. Larger inputs are refused without
  being read whole (HTML pages carry markup and inline images, hence the margin over the text).
- `MAX_ARTICLE_CHARS` (5,000,000 characters, about 5 MB of text): the longest article body stored.
"""

import glob
import io
import os
import re
from pathlib import Path

from archive.records import ReadError

MAX_INPUT_BYTES = 25_000_000
MAX_ARTICLE_CHARS = 5_000_000

# Bytes that never occur in text files; a NUL in the first block means the file is binary.
BINARY_SNIFF_BYTES = 8192

# Files found while walking a folder that document the folder rather than hold an article
# (the BBC corpus ships a README.TXT beside its topic folders).
DOCUMENTATION_FILE = re.compile(r"^(readme|licen[cs]e|copying|changelog)(\.\w+)?$", re.IGNORECASE)
READ_CHUNK = 1 << 20


def expand_paths(specs):
    """Files named by `specs` (files, folders searched recursively, or glob patterns), sorted.

    Returns (files, problems, skipped): `problems` lists (spec, reason) for specs that match
    nothing; `skipped` lists (path, reason) for documentation files found inside folders (a file
    named explicitly is always imported).
    """
    files, problems, skipped, seen = [], [], [], set()
    for spec in map(str, specs):
        path = Path(spec)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            skipped.extend((p, "documentation file") for p in matches if DOCUMENTATION_FILE.match(p.name))
            matches = [p for p in matches if not DOCUMENTATION_FILE.match(p.name)]
        elif path.exists():
            matches = [path]
        elif glob.has_magic(spec):
            matches = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        else:
            problems.append((spec, "no such file or folder"))
            continue
        if not matches:
            problems.append((spec, "matched no files"))
        for match in matches:
            key = match.resolve()
            if key not in seen:
                seen.add(key)
                files.append(match)
    return files, problems, skipped


def read_bounded(stream, what="the file"):
    """The rest of `stream`, refused with a ReadError once it passes MAX_INPUT_BYTES."""
    size = stream_size(stream)
    if size > MAX_INPUT_BYTES:
        raise ReadError(
            f"{what} is {_megabytes(size)}; the most one article may take is {_megabytes(MAX_INPUT_BYTES)}"
        )
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise ReadError(f"{what} is larger than {_megabytes(MAX_INPUT_BYTES)}, the most one article may take")
    return data


def stream_size(stream):
    """The stream's size in bytes when it is a file (so a huge one is refused unread), else 0."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return 0


def bounded_lines(stream):
    """Yield (line number, bytes) for each line of a binary stream, in bounded memory.

    A line longer than MAX_INPUT_BYTES is yielded as a ReadError (and skipped to its end)
    instead of being read into memory.
    """
    number = 0
    while True:
        line = stream.readline(MAX_INPUT_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_INPUT_BYTES and not line.endswith(b"\n"):
            _skip_to_line_end(stream)
            yield number, ReadError(f"the line is longer than {_megabytes(MAX_INPUT_BYTES)}")
        else:
            yield number, line


def _skip_to_line_end(stream):
    while chunk := stream.readline(READ_CHUNK):
        if chunk.endswith(b"\n"):
            return


def check_article_size(body: str):
    if len(body) > MAX_ARTICLE_CHARS:
        raise ReadError(
            f"the article text is {len(body):,} characters; the most one article may hold is "
            f"{MAX_ARTICLE_CHARS:,}"
        )


def decode_text(data: bytes, declared_encoding: str | None = None) -> str:
    """Decode a text file: the declared encoding if given and valid, else UTF-8 (with or without
    BOM), else cp1252. Binary and empty files fail."""
    if not data.strip():
        raise ReadError("the file is empty")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise ReadError("the file looks binary (it contains NUL bytes), not text")
    text = _decode_declared(data, declared_encoding) if declared_encoding else None
    if text is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"the text is neither UTF-8 nor cp1252 (byte {exc.start}: {exc.reason})"
                ) from exc
    if _control_ratio(text) > 0.05:
        raise ReadError("the file looks binary (too many control characters), not text")
    return text


def decode_line(data: bytes) -> str:
    """One line of a line-oriented file (JSON lines, CSV): UTF-8, else cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ReadError(f"the line is neither UTF-8 nor cp1252 (byte {exc.start}: {exc.reason})") from exc


def _decode_declared(data, encoding):
    """The text in its declared encoding, or None when the name is unknown or the bytes disagree."""
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark beats any declaration
        return None
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _control_ratio(text: str) -> float:
    sample = text[:BINARY_SNIFF_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def _megabytes(size):
    return f"{size / 1_000_000:.3g} MB"
