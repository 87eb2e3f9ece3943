"""Finding input files and turning their bytes into text."""

import glob
from pathlib import Path

from archive.records import ReadError

# Bytes that never occur in text files; a NUL in the first block means the file is binary.
BINARY_SNIFF_BYTES = 8192


def expand_paths(specs):
    """Files named by `specs` (files, folders searched recursively, or glob patterns), sorted.

    Returns (files, problems): `problems` lists (spec, reason) for specs that match nothing.
    """
    files, problems, seen = [], [], set()
    for spec in map(str, specs):
        path = Path(spec)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
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
    return files, problems


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else cp1252. Binary and empty files fail."""
    if not data.strip():
        raise ReadError("the file is empty")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise ReadError("the file looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ReadError(f"the text is neither UTF-8 nor cp1252 (byte {exc.start}: {exc.reason})") from exc
    if _control_ratio(text) > 0.05:
        raise ReadError("the file looks binary (too many control characters), not text")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:BINARY_SNIFF_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)
