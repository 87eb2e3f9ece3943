"""What changed between two versions of a story, as a reader wants to see it.

`compare(older, newer)` takes two states (archive/versions.py) and gives the metadata that changed,
the text paragraph by paragraph (unchanged runs folded, changed paragraphs diffed word by word)
and the quotes added, changed or dropped, each with its speaker. Plain data: the template marks
it up, escaping every piece.

Quotes have no identity across versions (an update re-reads them), so they are paired by their
words: the same words are the same quote (its speaker may have changed); of the rest, a dropped
and an added quote with mostly the same words are one quote reworded ("…beyond the legal limits"
→ "…beyond sixteen hours"). Whatever stays unpaired was added or dropped.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from archive.versions import state_of

SAME, ADDED, REMOVED, CHANGED, UNCHANGED = "same", "added", "removed", "changed", "unchanged"
REWORDED_SIMILARITY = 0.5  # share of words two quotes have in common to count as one quote reworded
METADATA_LABELS = {
    "title": "Headline",
    "byline": "Byline",
    "source": "Source",
    "section": "Section",
    "url": "Original address",
    "published": "Date",
    "caption": "Caption",
    "credit": "Credit",
}


@dataclass(frozen=True)
class Piece:
    """A run of text and whether it is in both versions, only the newer or only the older."""

    kind: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph only the newer text has (`kind` ADDED), only the older (REMOVED), one in both with
    words changed (CHANGED, `pieces` marking them), or a fold of `unchanged` paragraphs (UNCHANGED)."""

    kind: str
    pieces: tuple = ()
    unchanged: int = 0


@dataclass(frozen=True)
class QuoteChange:
    """A quote `added` or `dropped`, `reworded`, or given another `speaker`; old and new as stored
    in the versions ({text, speaker, role, kind, start})."""

    kind: str
    old: dict | None
    new: dict | None


@dataclass
class Changes:
    metadata: list = field(default_factory=list)  # [(label, old, new)]
    text: list = field(default_factory=list)  # [Paragraph], empty if the text did not change
    quotes: list = field(default_factory=list)  # [QuoteChange]

    def __bool__(self):
        return bool(self.metadata or self.text or self.quotes)


def history(versions):
    """[(version, Changes since the version before it; None for the first)], newest first."""
    versions = list(versions)
    entries = [(versions[0], None)] if versions else []
    entries += [(newer, compare(state_of(older), state_of(newer))) for older, newer in pairwise(versions)]
    return entries[::-1]


def compare(older, newer):
    """The Changes from state `older` to state `newer`."""
    return Changes(
        metadata=metadata_changes(older, newer),
        text=text_changes(older["body"], newer["body"]) if older["body"] != newer["body"] else [],
        quotes=quote_changes(older["quotes"], newer["quotes"]),
    )


def metadata_changes(older, newer):
    values = [(older["title"], newer["title"], "title")]
    values += [(older["metadata"].get(name), newer["metadata"].get(name), name) for name in METADATA_LABELS]
    return [(METADATA_LABELS[name], old or "", new or "") for old, new, name in values if old != new]


def paragraphs(body):
    return [line.strip() for line in body.split("\n") if line.strip()]


def text_changes(old_body, new_body):
    """[Paragraph] from the older body to the newer one."""
    old, new = paragraphs(old_body), paragraphs(new_body)
    changes = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(Paragraph(UNCHANGED, unchanged=i2 - i1))
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            changes.append(Paragraph(CHANGED, pieces=word_changes(old[i1 + k], new[j1 + k])))
        changes += [Paragraph(REMOVED, pieces=(Piece(REMOVED, text),)) for text in old[i1 + pairs : i2]]
        changes += [Paragraph(ADDED, pieces=(Piece(ADDED, text),)) for text in new[j1 + pairs : j2]]
    return changes


def word_changes(old, new):
    """The pieces of `new` and of `old` in reading order: words kept, removed, added."""
    old_tokens, new_tokens = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    pieces = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece(SAME, "".join(new_tokens[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece(REMOVED, "".join(old_tokens[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(ADDED, "".join(new_tokens[j1:j2])))
    return tuple(pieces)


def quote_changes(old_quotes, new_quotes):
    """[QuoteChange] between two versions' quote lists, in the newer text's order, dropped ones last."""
    unpaired_old = list(old_quotes)
    changes, unpaired_new = [], []
    for quote in new_quotes:
        same_words = next((old for old in unpaired_old if old["text"] == quote["text"]), None)
        if same_words is None:
            unpaired_new.append(quote)
            continue
        unpaired_old.remove(same_words)
        if same_words["speaker"] != quote["speaker"]:
            changes.append(QuoteChange("speaker", same_words, quote))
    for quote in unpaired_new:
        reworded = _most_similar(quote, unpaired_old)
        if reworded is None:
            changes.append(QuoteChange("added", None, quote))
            continue
        unpaired_old.remove(reworded)
        changes.append(QuoteChange("reworded", reworded, quote))
    changes += [QuoteChange("dropped", quote, None) for quote in unpaired_old]
    return changes


def _most_similar(quote, candidates):
    """The candidate sharing the most words with `quote`, if it shares enough to be the same quote."""
    words = quote["text"].split()
    scored = [(SequenceMatcher(None, old["text"].split(), words).ratio(), old) for old in candidates]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= REWORDED_SIMILARITY else None
