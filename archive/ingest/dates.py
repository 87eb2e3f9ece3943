"""Publication dates as files write them: ISO (at day, month or year precision), RFC 2822 e-mail
dates, and written-out dates ("6 April 2018", "April 6, 2018") in the article's language.

`parse_date` returns (date, precision) or raises ValueError; callers turn that into a warning and
keep the article with an unknown date.
"""

import re
from datetime import date
from email.utils import parsedate_to_datetime

import dateparser

ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ]\d)")
PRECISIONS = ("day", "month", "year", "unknown")
LONGEST_DATE = 100

# Absolute dates only: "yesterday" or "3 days ago" in a file would be read relative to the day of
# the import, which is never the publication date.
DATEPARSER_SETTINGS = {"PARSERS": ["custom-formats", "absolute-time"], "PREFER_DAY_OF_MONTH": "first"}


def parse_date(value, precision=None, language="en"):
    """(date, precision) for a date written as a string; (None, "unknown") for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "unknown"
    if not isinstance(value, str):
        raise ValueError(f"the date {value!r} is not text")
    value = value.strip()
    if len(value) > LONGEST_DATE:
        raise ValueError(f"the date {value[:40]!r}… is too long to be a date")
    parsed = _iso(value) or _rfc2822(value) or _written_out(value, language)
    if parsed is None:
        raise ValueError(f"the date {value!r} is not a date this archive can read")
    found, found_precision = parsed
    return found, precision if precision in PRECISIONS and precision != "unknown" else found_precision


def _iso(value):
    match = ISO_PREFIX.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        found = date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"the date {value!r} is not a real date ({exc})") from exc
    return found, "day" if day else "month" if month else "year"


def _rfc2822(value):
    try:
        return parsedate_to_datetime(value).date(), "day"
    except (TypeError, ValueError, IndexError):
        return None


def _written_out(value, language):
    # The article's own language first, English as the fallback most archives need.
    languages = list(dict.fromkeys([(language or "en").split("-")[0].lower(), "en"]))
    for parts, precision in ((["day", "month", "year"], "day"), (["month", "year"], "month")):
        try:
            found = dateparser.parse(
                value, languages=languages, settings={**DATEPARSER_SETTINGS, "REQUIRE_PARTS": parts}
            )
        except (ValueError, OverflowError):
            return None
        if found:
            return found.date(), precision
    return None
