"""More than a hundred malformed and hostile import files, made on the fly (nothing big is committed).

`write_hostile_files(folder)` writes them and returns {file name: expectation}: a reason the
import must give for refusing the file (a substring of its failure message), `STORED` when it
must import the file's article(s) whole, or `EITHER` when reading it is a judgement call (a
truncated page may still hold a whole paragraph) and the test only asks that the file be
accounted for: stored whole, skipped, or failed with a reason.
"""

import codecs
import csv
import gzip
import io
import json
import os
import random
import tempfile
import zlib
from pathlib import Path

from tests.ingest_fixtures import page, response, write_warc

STORED = "stored"
EITHER = "either"
SKIPPED = "skipped"  # no article and no failure: a WARC holding no HTML page, a folder of symlinks
NOT_STORED = "not stored"  # reported as failed or skipped, never stored

STORY = (
    "The harbour council met on Tuesday. “We have done our job,” said the mayor, who pushed for "
    "the plan for months. Opponents said the plan would raise the fees for the ferries."
)
XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)")
FIFTY_MB = 50_000_000


def binary_files():
    """Files of other types, renamed as text, pages, tables and archives."""
    magic = {
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "zip": b"PK\x03\x04\x14\x00\x00\x00",
        "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00",
        "elf": b"\x7fELF\x02\x01\x01\x00",
        "sqlite": b"SQLite format 3\x00",
        "wasm": b"\x00asm\x01\x00\x00\x00",
        "exe": b"MZ\x90\x00\x03\x00",
        "class": b"\xca\xfe\xba\xbe\x00\x00\x00\x34",
    }
    files = {}
    for number, (kind, header) in enumerate(magic.items()):
        noise = random.Random(number).randbytes(2000)
        for suffix in (".txt", ".html", ".csv", ".jsonl", ".warc"):
            files[f"binary-{kind}{suffix}"] = (header + noise, "looks binary")
        files[f"binary-{kind}.warc.gz"] = (header + noise, "not gzip-compressed")
    for seed in range(6):
        noise = random.Random(100 + seed).randbytes(10 ** (seed % 5 + 1))
        files[f"random-{seed}.txt"] = (b"\x00" + noise, "looks binary")
    files["control-characters.txt"] = (bytes(range(1, 9)) * 500, "too many control characters")
    files["bell-and-escape.txt"] = (b"\x07\x1b[31m" * 400 + b"text", "too many control characters")
    return files


def encoding_files():
    french = "Le café était fermé mercredi, a dit le maire. Les élèves sont rentrés chez eux à midi."
    return {
        "utf16-le-bom.txt": (codecs.BOM_UTF16_LE + french.encode("utf-16-le"), "UTF-16"),
        "utf16-be-bom.txt": (codecs.BOM_UTF16_BE + french.encode("utf-16-be"), "UTF-16"),
        "utf16-le-no-bom.txt": (french.encode("utf-16-le"), "looks binary"),
        "utf16-be-no-bom.txt": (french.encode("utf-16-be"), "looks binary"),
        "utf32.txt": (french.encode("utf-32"), "UTF-16"),
        "utf16.jsonl": (json.dumps({"body": french}).encode("utf-16"), "UTF-16"),
        "utf16.csv": (f"title,body\nCafé,{french}\n".encode("utf-16"), "UTF-16"),
        "latin1.txt": (french.encode("latin-1"), STORED),
        "cp1252-quotes.txt": (("“Smart quotes” – and a dash … " + french).encode("cp1252"), STORED),
        "utf8-bom.txt": (codecs.BOM_UTF8 + ("BOM " + french).encode(), STORED),
        "mixed-utf8-latin1.txt": (("Mixed " + french).encode() + french.encode("latin-1"), STORED),
        "undecodable.txt": (b"caf\xc3 \x81\x8d\x8f\x90\x9d text", "neither UTF-8 nor cp1252"),
        "encoded-surrogate.txt": (b"A lone surrogate \xed\xa0\x80 in the text of a story.", STORED),
        "latin1.jsonl": (
            json.dumps({"body": "Latin " + french}, ensure_ascii=False).encode("latin-1"),
            STORED,
        ),
        "latin1.csv": (csv_bytes([["title", "body"], ["Café", "CSV " + french]], "latin-1"), STORED),
        "undecodable.csv": (b"title,body\nBad,\x81\x8d\x8f\x90\x9d\n", "neither UTF-8 nor cp1252"),
        "rtl-and-combining.txt": (("\u202eRTL \u0301\u0302 combining 👩‍👩‍👧 " + french).encode(), STORED),
    }


def truncated_pages():
    whole = page(title="Harbour fees rise", paragraphs=[STORY, STORY.replace("Tuesday", "Friday")]).encode()
    files = {
        f"truncated-{share}pc.html": (whole[: len(whole) * share // 100], "truncated")
        for share in (5, 20, 40, 60, 80, 95)
    }
    files["truncated-in-tag.html"] = (b"<!DOCTYPE html><html><head><title>Cut", "truncated")
    files["truncated-in-comment.html"] = (
        b"<!DOCTYPE html><html><body><!-- never closed " + STORY.encode(),
        "truncated",
    )
    files["unclosed-script.html"] = (b"<html><body><script>var x = '" + STORY.encode(), "truncated")
    files["nested-deep.html"] = (
        b"<html><body>" + b"<div>" * 50_000 + STORY.encode() + b"</div>" * 10,
        "truncated",
    )
    return files


def warc_files():
    files = {}
    for share in (10, 50, 90, 99):
        plain, packed = _warc_pair(f"truncated {share}")
        files[f"truncated-{share}pc.warc"] = (plain[: len(plain) * share // 100], "truncated")
        # Cut in the first compressed block, the file no longer starts like a WARC; cut in the
        # gzip trailer, the record may still be whole.
        files[f"truncated-{share}pc.warc.gz"] = (
            packed[: len(packed) * share // 100],
            {10: "not a WARC", 99: EITHER}.get(share, "truncated"),
        )
    plain, packed = _warc_pair("damaged")
    corrupt = bytearray(packed)
    for position in range(40, len(corrupt), 97):
        corrupt[position] ^= 0xFF
    files["corrupt-gzip.warc.gz"] = (bytes(corrupt), EITHER)
    files["gzip-magic-then-junk.warc.gz"] = (
        b"\x1f\x8b\x08\x00" + random.Random(7).randbytes(3000),
        "not a WARC",
    )
    files["good-then-junk-member.warc.gz"] = (packed + b"\x1f\x8b\x08\x00garbage", "truncated")
    # warcio usually reports the bad checksum; for about 1 file in 13 (the record ids and dates are
    # random) it reads the damaged stream as a non-HTML record and skips it: either way, not stored.
    files["bad-crc.warc.gz"] = (packed[:-8] + b"\x00\x00\x00\x00" + packed[-4:], NOT_STORED)
    files["huge-content-length.warc"] = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nHTTP/1.1 200 OK\r\n",
        "damaged or truncated",
    )
    files["negative-content-length.warc"] = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -5\r\n\r\n",
        SKIPPED,  # counted as "response without HTTP headers"
    )
    files["no-headers.warc"] = (b"WARC/1.0\r\n\r\n\r\n", "truncated")
    files["only-magic.warc"] = (b"WARC/1.", "damaged or truncated")
    files["gzipped-empty.warc.gz"] = (gzip.compress(b""), "not a WARC")
    files["gzipped-text.txt.gz"] = (gzip.compress(STORY.encode()), "not a WARC")
    files["deflate-not-gzip.warc.gz"] = (zlib.compress(plain), "not gzip-compressed")
    files["binary-payload.warc.gz"] = (
        _warc_bytes([response("https://example.com/bin", b"\x00\x01\x02" * 500)], gzip_it=True),
        "looks binary",
    )
    files["script-only-page.warc.gz"] = (
        _warc_bytes(
            [response("https://example.com/js", "<html><body><script>alert(1)</script></body></html>")]
        ),
        SKIPPED,
    )
    return files


def tabular_files():
    lines = [
        {"body": 123},
        {"body": None},
        {"body": ["a", "list"]},
        {"body": {"an": "object"}},
        {"title": {"x": 1}, "body": "A body with an object as its title, in the harbour."},
        {"title": 5, "body": "A body with a number as its title, in the harbour town."},
        {"body": "Dated with a number, at the harbour office.", "date": 12345},
        {"body": "Dated with nonsense, at the harbour gate.", "date": "the day before yesterday-ish"},
        {"body": "Dated with a boolean, at the harbour wall.", "published": True},
        {"body": "Quotes that are a string, from the harbour.", "quotes": "x"},
        {"body": "Actors that are a number, near the harbour.", "actors": 5},
        {"body": "A bad status for the harbour.", "status": "deleted"},
        {"body": "A bad embargo for the harbour.", "status": "embargoed", "embargo_until": "garbage"},
        {"body": "Bad quote offsets near the harbour.", "quotes": [{"text": "Bad", "start": -5, "end": 900}]},
        {"body": "A source that is a list, harbour.", "source": ["a", "b"]},
        {"body": "A url that is a number, harbour.", "url": 42},
        {"body": "", "title": "Empty body"},
        {"body": "   \n\t  "},
    ]
    jsonl = "\n".join(json.dumps(line) for line in lines) + '\n"a string"\n42\nnull\ntrue\n[]\n{}\n'
    csv_rows = "\n".join(
        [
            "title,body,date,url",
            "Ragged,Too,many,cells,in,this,row",
            "Short",
            ",,,",
            "Bad date,A harbour story with a bad date.,2018-02-30,https://example.com/x",
            'Formula,"=HYPERLINK(""http://evil.example"") at the harbour",=1+1,@SUM(A1)',
        ]
    )
    return {
        "wrong-types.jsonl": (jsonl.encode(), EITHER),
        "wrong-types.csv": (csv_rows.encode(), EITHER),
        "header-only.csv": (b"title,body,date\n", "header row but no records"),
        "many-columns.csv": (
            (
                ",".join(f"c{i}" for i in range(10_000)) + ",body\n" + "x," * 10_000 + "A harbour body.\n"
            ).encode(),
            STORED,
        ),
        "nul-in-csv.csv": (b"title,body\nNUL,A body with a \x00 NUL\n", "looks binary"),
        "nul-in-jsonl.jsonl": (
            json.dumps({"body": "A body with a \u0000 NUL in the harbour."}).encode() + b"\n",
            EITHER,
        ),
        "deep-nesting.jsonl": (b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
        "top-level-array.jsonl": (b"[1, 2, 3]\n", "not list"),
        "broken-json.jsonl": (b'{"body": "unterminated\n', "invalid JSON"),
    }


def huge_field_files():
    big = "x" * 1_000_000
    record = {
        "body": "A story with huge fields, in the harbour.",
        "title": big,
        "byline": big,
        "source": big,
        "section": big,
        "url": "https://example.com/" + "a" * 100_000,
        "credit": big,
        "caption": big,
    }
    return {
        "huge-fields.jsonl": (json.dumps(record).encode() + b"\n", STORED),
        "huge-title.txt": (("T" * 200_000 + "\n\n" + STORY).encode(), STORED),
        "one-long-line.txt": (("word " * 1_000_000).encode(), STORED),
        "huge-csv-field.csv": (b'title,body\nBig,"' + b"y" * 26_000_000 + b'"\n', "25 MB"),
    }


def empty_files():
    return {
        "zero-bytes.txt": (b"", "empty"),
        "whitespace.txt": (b" \n\t\r\n   ", "empty"),
        "newlines.txt": (b"\n" * 1000, "empty"),
        "zero-bytes.jsonl": (b"", "empty"),
        "zero-bytes.csv": (b"", "empty"),
        "zero-bytes.html": (b"", "empty"),
        "zero-bytes.warc.gz": (b"", "not gzip-compressed"),
        "empty-page.html": (b"<!DOCTYPE html><html><head></head><body></body></html>", "no article text"),
    }


def script_files():
    """Markup and script in article text: stored as inert text (the pages escape it) or stripped."""
    title, image, link = XSS
    return {
        "script-in-text.txt": (
            f"{image} harbour headline\n\nThe harbour said {title} today.".encode(),
            STORED,
        ),
        "script-in-page.html": (
            page(paragraphs=[f"Harbour text with {title} inside it, and more text after."]).encode(),
            STORED,
        ),
        "onerror-in-page.html": (
            page(
                title=f"Harbour {image}",
                paragraphs=[f'The harbour <img src=x onerror="alert(1)"> reopened. {STORY}'],
            ).encode(),
            STORED,
        ),
        "javascript-canonical.html": (
            page(
                paragraphs=["A canonical link that runs a script. " + STORY],
                head=f'<link rel="canonical" href="{link}">',
            ).encode(),
            STORED,
        ),
        "script-in-fields.jsonl": (
            json.dumps(
                {
                    "title": image,
                    "body": f"{title} harbour {image}",
                    "byline": title,
                    "source": image,
                    "url": link,
                    "caption": title,
                    "section": image,
                }
            ).encode()
            + b"\n",
            STORED,
        ),
        "script-in-cells.csv": (
            csv_bytes([["title", "body", "url"], [image, f"{title} at the harbour.", "javascript:alert(2)"]]),
            STORED,
        ),
    }


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_hostile_files(folder):
    """Write every file into `folder` (a 50 MB one included) and return {name: expectation}."""
    expectations = {}
    for family in (
        binary_files,
        encoding_files,
        truncated_pages,
        warc_files,
        tabular_files,
        huge_field_files,
        empty_files,
        script_files,
    ):
        for name, (data, expected) in family().items():
            (folder / name).write_bytes(data)
            expectations[name] = expected
    with (folder / "fifty-megabytes.txt").open("wb") as huge:
        huge.write(b"All work and no play. " * (FIFTY_MB // 22 + 1))
    expectations["fifty-megabytes.txt"] = "the most one article may take is 25 MB"
    expectations.update(symlink_traps(folder))
    return expectations


def symlink_traps(folder):
    """A folder of symlink loops, dangling links and a FIFO: walked without hanging, nothing read."""
    traps = folder / "traps"
    traps.mkdir()
    (traps / "self").symlink_to(traps / "self")
    (traps / "loop-a").symlink_to(traps / "loop-b")
    (traps / "loop-b").symlink_to(traps / "loop-a")
    (traps / "parent").symlink_to(folder, target_is_directory=True)
    (traps / "dangling.txt").symlink_to(traps / "does-not-exist.txt")
    os.mkfifo(traps / "fifo.txt")
    return {
        f"traps/{name}": SKIPPED
        for name in ("self", "loop-a", "loop-b", "parent", "dangling.txt", "fifo.txt")
    }


def _warc_pair(label):
    """A one-page WARC file about `label`, uncompressed and gzip-compressed."""
    records = [response(f"https://example.com/{label}", page(title=label, paragraphs=[f"{label}: {STORY}"]))]
    return _warc_bytes(records, gzip_it=False), _warc_bytes(records, gzip_it=True)


def _warc_bytes(records, gzip_it=True):
    with tempfile.TemporaryDirectory() as folder:
        return write_warc(Path(folder) / "archive.warc", records, gzip=gzip_it).read_bytes()
