"""Reader for web pages: the article's main text and its metadata, extracted by trafilatura.

trafilatura (with htmldate for the publication date) finds the main text, title, author, date,
site name and canonical URL, and leaves out navigation, comments, and every <script> and <style>
element: script code never reaches the stored body, which is plain text anyway (templates escape
it). Paragraphs are separated by a blank line, as in the plain-text format.

Decoding follows the browser's order: a byte-order mark, then the charset the server declared
(a WARC record's Content-Type), then the page's own <meta charset>, then UTF-8, then cp1252.
"""

import logging
import re
from urllib.parse import urlsplit

import trafilatura

from archive.records import RawArticle, ReadError

from .dates import parse_date
from .files import decode_text
from .text import provisional_title

# trafilatura logs every page it gives up on, without saying which file it came from; the import
# reports those pages itself, with the file and record.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# The browser's "prescan": a charset named in the first bytes of the page.
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
META_CHARSET_BYTES = 2048
# A page cut off in transfer or on disk stops before </html>; its text would be a fragment.
OPENING_HTML_TAG = re.compile(rb"<html[\s>]", re.IGNORECASE)
CLOSING_HTML_TAG = re.compile(rb"</html\s*>", re.IGNORECASE)
TAIL_BYTES = 8192
EXTRACTION_OPTIONS = {
    # Precision over recall: on short pages the balanced mode lets navigation links and the byline
    # line into the text, and boilerplate in a body pollutes search and quote extraction.
    "favor_precision": True,
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "deduplicate": False,
}


class NoArticleText(ReadError):
    """The page parsed, but holds no main text (a section front, a login page)."""


def read_html(data: bytes, name="", url="", capture_date=None, declared_encoding=None) -> RawArticle:
    """Parse one page. `url` and `capture_date` (a date) come from a web archive, when there is one.

    Raises ReadError when the page holds no article text.
    """
    if OPENING_HTML_TAG.search(data[:META_CHARSET_BYTES]) and not CLOSING_HTML_TAG.search(data[-TAIL_BYTES:]):
        raise ReadError("the page is truncated (it opens <html> but never closes it)")
    tree = trafilatura.load_html(decode_text(data, declared_encoding or declared_charset(data)))
    if tree is None:
        raise ReadError("the page cannot be parsed as HTML")
    language = (tree.get("lang") or "en").strip()[:12] or "en"
    # The address helps htmldate: news URLs often carry the date (/2019/05/03/story).
    document = trafilatura.bare_extraction(tree, url=url or None, **EXTRACTION_OPTIONS)
    if document is None or not (document.text or "").strip():
        raise NoArticleText("no article text found in the page")
    title = " ".join((document.title or "").split())
    body = _body(document.text, title)
    if not body:
        raise NoArticleText("no article text found in the page")
    warnings = []
    published, precision = _published(document.date, capture_date, warnings)
    return RawArticle(
        body=body,
        title=title or provisional_title(body),
        source=(document.sitename or "").strip(),
        byline=(document.author or "").strip(),
        url=canonical_url(document.url, url),
        published=published,
        date_precision=precision,
        language=language,
        imported_from=name,
        warnings=warnings,
    )


def declared_charset(data: bytes):
    match = META_CHARSET.search(data[:META_CHARSET_BYTES])
    return match[1].decode("ascii") if match else None


def canonical_url(found, page_url=""):
    """The canonical URL the page names (trafilatura keeps only absolute ones), else its address."""
    for candidate in (found, page_url):
        if candidate and urlsplit(candidate).scheme in ("http", "https"):
            return candidate
    return ""


def _body(extracted, title):
    paragraphs = [" ".join(line.split()) for line in extracted.splitlines() if line.strip()]
    # trafilatura keeps the page's <h1>, which repeats the title: the body starts after it.
    if paragraphs and title and " ".join(paragraphs[0].split()) == title:
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _published(found, capture_date, warnings):
    try:
        published, precision = parse_date(found)
    except ValueError as exc:
        warnings.append(f"{exc}; the date is left unknown")
        published, precision = None, "unknown"
    if published is None and capture_date is not None:
        warnings.append(f"the page gives no publication date; using the capture date {capture_date}")
        return capture_date, "day"
    return published, precision
