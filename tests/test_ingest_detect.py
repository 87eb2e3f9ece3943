"""Format detection: by content first, by file name only when the content has no signature."""

import gzip

import pytest

from archive.ingest.detect import detect_format
from archive.records import ReadError

WARC_HEAD = b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (WARC_HEAD, "crawl.warc", "warc"),
        (gzip.compress(WARC_HEAD, mtime=0), "crawl.warc.gz", "warc"),  # mtime=0: stable test ids (xdist)
        (gzip.compress(WARC_HEAD, mtime=0), "no-suffix", "warc"),
        (b"<!DOCTYPE html><html><body>", "story.txt", "html"),
        (b"\n  <HTML lang='en'><HEAD>", "story", "html"),
        (b"<head><title>x</title></head>", "story", "html"),
        (b'{"title": "A", "body": "B"}\n', "dump.txt", "jsonl"),
        (b'{"title": "A", "bo', "dump.jsonl", "jsonl"),
        (b"title,body,date\nA,B,2018-04-06\n", "table.txt", "csv"),
        (b"headline\ttext\nA\tB\n", "table", "csv"),
        (b"title;date\nA;2018\n", "table.csv", "csv"),
        (b"Council approves budget\n\nThe council approved it.", "001.txt", "text"),
        (b"Text, body and soul: a review\n\nIt was good.", "review.txt", "text"),
        (b"{not json at all} said the poet.\n", "poem.txt", "text"),
        (b"A page fragment without a doctype", "story.html", "html"),
    ],
)
def test_format_is_detected(head, name, expected):
    assert detect_format(head, name) == expected


def test_gzip_that_is_not_a_web_archive_is_refused():
    with pytest.raises(ReadError, match="gzip-compressed but is not a WARC"):
        detect_format(gzip.compress(b"plain text"), "notes.txt.gz")


def test_file_named_gz_that_is_not_gzip_is_refused():
    with pytest.raises(ReadError, match="not gzip-compressed"):
        detect_format(b"WARC? no, just text", "crawl.warc.gz")


def test_binary_file_is_refused():
    with pytest.raises(ReadError, match="binary"):
        detect_format(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt")
