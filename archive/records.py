"""Plain records passed between the pipeline steps (read → extract → store), free of Django."""

from dataclasses import dataclass, field
from datetime import date, datetime


class ReadError(Exception):
    """A file (or a record in it) that cannot become an article; the message says why."""


@dataclass
class Skipped:
    """A record that is not an article and is left out on purpose (an image in a web archive).

    `reason` names a category ("non-HTML response"), so that the import can count them by reason.
    """

    reason: str


@dataclass
class RawActor:
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    count: int = 1
    first_offset: int = 0
    verified: bool = False


@dataclass
class RawQuote:
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_kind: str = "person"
    cue: str = ""
    kind: str = "direct"
    confidence: float = 1.0
    verified: bool = False


@dataclass
class RawArticle:
    """An article as read from a file, before extraction and storage.

    `actors` and `quotes` are None when the file carries no annotations (plain text, HTML):
    extraction fills them in. An export re-imported carries them, and they are kept as given.
    """

    body: str
    title: str = ""
    source: str = ""
    byline: str = ""
    url: str = ""
    section: str = ""
    published: date | None = None
    date_precision: str = "unknown"
    caption: str = ""
    credit: str = ""
    language: str = "en"
    status: str = "published"
    embargo_until: datetime | None = None
    imported_from: str = ""
    warnings: list[str] = field(default_factory=list)
    actors: list[RawActor] | None = None
    quotes: list[RawQuote] | None = None
    versions: list[dict] = field(default_factory=list)  # an export's versions (archive/export.py)
