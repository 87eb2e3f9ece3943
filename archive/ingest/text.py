"""Reader for plain-text articles in the format of the archive's first samples.

    [photo caption ending with a credit, e.g. "... crimes. Nicholas Kamm/AFP/Getty Images)"]
    [blank line]
    [ date YYYY-MM-DD] first sentence of the body ...
    body paragraphs ...

or in the shape of the BBC corpus (and many other text dumps):

    Headline on a line of its own
    [blank line]
    body paragraphs ...

A headline is a first line of at most HEADLINE_MAX_CHARS characters, followed by a blank line,
that does not end like a sentence or a clause (. , ; :). Question marks and closing quotes are
allowed: BBC headlines end with them ("Is Blair's future in doubt?", "Shares 'set to rise'").
Without a headline, a provisional title is derived from the first sentence.
"""

import html
import re
from datetime import date

from archive.records import RawArticle, ReadError

TITLE_MAX_CHARS = 170  # a provisional title: a whole first sentence or clause up to this long
TITLE_CUT_CHARS = 110  # else the sentence cut at a word within this, with "…"
HEADLINE_MAX_CHARS = 120

# A credit is the tail of the caption: "Name/Agency/Getty Images)" or "(AP Photo/Name)".
CAPTION_WITH_CREDIT = re.compile(
    r"""^(?P<caption>.*[.!?’”"'])\s+\(?(?P<credit>
        [^()\n]*?/[^()\n]*?                                   # Person/Agency style
      | [^()\n]*?\b(?:Getty\ Images|AP\ Photo|Reuters|AFP|Photo)\b[^()\n]*?
    )\)\s*$""",
    re.VERBOSE,
)
DATE_HEADER = re.compile(r"^\s*date\s+(?P<value>\S+)[ \t]*", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
CLAUSE_END = re.compile(r"(?<!\.\.)[.,;:]$")  # "Rivals of the £400 Apple..." is still a headline
SENTENCE_END = re.compile(r"(?<=[.!?])[’”\"']?\s+(?=[“\"‘A-Z0-9])")
CLAUSE_BREAK = re.compile(r"\s*[,;:]\s+|\s+[—–]\s+")
MIN_CLAUSE_TITLE_CHARS = 40
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# The BBC corpus writes a lost apostrophe as &#191; ("¿") inside a word: "Mr Blair&#191;s".
MISENCODED_APOSTROPHE = re.compile(r"(?<=\w)¿(?=\w)")


def read_text(text: str, name: str = "") -> RawArticle:
    """Parse one plain-text article. Raises ReadError if there is no body."""
    text = decode_entities(text.replace("\r\n", "\n").replace("\r", "\n"))
    warnings = []
    caption, credit, rest = split_caption(text)
    headline, rest = ("", rest) if caption else split_headline(rest)
    published, rest, date_warning = split_date_header(rest)
    if date_warning:
        warnings.append(date_warning)
    body = rest.strip()
    if not body:
        raise ReadError("the file has no article text")
    return RawArticle(
        body=body,
        title=headline or provisional_title(body),
        caption=caption,
        credit=credit,
        published=published,
        date_precision="day" if published else "unknown",
        imported_from=name,
        warnings=warnings,
    )


def split_caption(text: str):
    """Split off a leading photo-caption paragraph that ends with a credit."""
    first, sep, rest = text.lstrip("\n").partition("\n")
    match = CAPTION_WITH_CREDIT.match(first.strip())
    if not match or not sep or not rest.strip():
        return "", "", text
    return match["caption"].strip(), match["credit"].strip(), rest


def split_headline(text: str):
    """Split off a headline line followed by a blank line; ("", text) when there is none."""
    first, blank, rest = text.lstrip("\n").partition("\n\n")
    headline = first.strip()
    if (
        not blank
        or "\n" in first
        or not headline
        or len(headline) > HEADLINE_MAX_CHARS
        or CLAUSE_END.search(headline)
        or DATE_HEADER.match(headline)
        or not rest.strip()
    ):
        return "", text
    return headline, rest


def split_date_header(text: str):
    """Take an optional `date YYYY-MM-DD` header off the front of the body.

    Returns (date or None, remaining text, warning or None). A header with an impossible date is
    removed from the body and reported, and the article keeps an unknown date.
    """
    stripped = text.lstrip()
    match = DATE_HEADER.match(stripped)
    if not match:
        return None, text, None
    rest = stripped[match.end() :]
    value = match["value"]
    iso = ISO_DATE.match(value)
    if not iso:
        return None, rest, f"date header {value!r} is not YYYY-MM-DD; the date is left unknown"
    try:
        return date(*map(int, iso.groups())), rest, None
    except ValueError as exc:
        return None, rest, f"date header {value!r} is not a real date ({exc}); the date is left unknown"


def decode_entities(text: str) -> str:
    """HTML character references as the characters they stand for ("caf&#233;" → "café").

    Text dumps of web pages keep them; left in, they show verbatim and defeat search. "¿" between
    two letters is the corpus's stand-in for an apostrophe ("Blair&#191;s" → "Blair's")."""
    if "&" not in text:
        return text
    decoded = ENTITY.sub(lambda match: html.unescape(match.group()), text)
    return MISENCODED_APOSTROPHE.sub("'", decoded)


def provisional_title(body: str) -> str:
    """A readable title from the first sentence; never empty.

    A long sentence is cut after its longest opening clause that fits (at a comma, semicolon,
    colon or dash), so the title reads as a whole phrase; only a sentence without such a break
    is cut at a word, with "…".
    """
    first_paragraph = body.strip().split("\n", 1)[0].strip()
    sentence = SENTENCE_END.split(first_paragraph, 1)[0].strip() or first_paragraph
    sentence = " ".join(sentence.split())
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence.rstrip(".") or "Untitled article"
    clause_ends = [m.start() for m in CLAUSE_BREAK.finditer(sentence, 0, TITLE_MAX_CHARS + 1)]
    fitting = [end for end in clause_ends if MIN_CLAUSE_TITLE_CHARS <= end <= TITLE_MAX_CHARS]
    if fitting:
        return sentence[: fitting[-1]]
    cut = sentence[:TITLE_CUT_CHARS].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return f"{cut}…"
