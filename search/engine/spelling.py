""" "Did you mean …": corrections from the words live documents hold (see
search/engine/writing.py: BulkSegmentWriter.add_document).

The index holds only public documents and each spelling posting belongs to its document, so
nothing unpublished or deleted is ever suggested.
"""

import re

from django.utils.encoding import force_str
from whoosh.reading import TermNotFound

SPELLING_MAX_WORDS = 12
WORD = re.compile(r"\w+")


def suggestion(reader, field, spell_field, text, reserved_words):
    """`text` with each word unknown to the index replaced by its closest known word, or None.
    Costly (tens of ms per word): called only when a search found nothing."""
    suggested, changed = text, False
    for word in list(dict.fromkeys(WORD.findall(force_str(text))))[:SPELLING_MAX_WORDS]:
        lower = word.lower()
        if word in reserved_words or has_live_posting(reader, spell_field, lower):
            continue
        best = closest_live_word(reader, field, spell_field, lower)
        if best:
            suggested = re.sub(rf"\b{re.escape(word)}\b", best, suggested)
            changed = True
    return suggested if changed else None


def differences(reader, field, field_type, id_field, only=None, wordless=lambda stored: False):
    """Ids of live documents whose spelling words differ from their text's words (`only`: check
    just these ids). An index written before spelling postings belonged to their documents files
    every word under one document, deleted documents' words included.

    A document for which `wordless(stored fields)` is true is written without spelling words (a
    quote: its article brings them); an index written before that holds its text's words, which
    are as right: words of a live document, gone with it."""
    spell_field = field_type.spelling_fieldname(field)
    wanted = dict(reader.iter_docs())
    if only is not None:
        only = set(only)
        wanted = {docnum: stored for docnum, stored in wanted.items() if stored.get(id_field) in only}
    posted = {docnum: set() for docnum in wanted}
    if spell_field in reader.indexed_field_names():
        for word in reader.field_terms(spell_field):
            for docnum in reader.postings(spell_field, word).all_ids():
                if docnum in posted:
                    posted[docnum].add(word)
    return sorted(
        stored[id_field]
        for docnum, stored in wanted.items()
        if posted[docnum] != set(field_type.spellable_words(stored.get(field) or ""))
        and not (wordless(stored) and not posted[docnum])
    )


def has_live_posting(reader, fieldname, word):
    """True when a document that is not deleted holds `word` (Whoosh's `in reader` counts deleted ones)."""
    try:
        return reader.postings(fieldname, word).is_active()
    except TermNotFound:
        return False


def closest_live_word(reader, field, spell_field, word, maxdist=2):
    """The live word nearest to `word` (edit distance, then the most documents, then A-Z), or None.

    Whoosh's corrector ranks the same way but also offers words only deleted documents held."""
    for distance in range(1, maxdist + 1):
        candidates = [
            force_str(candidate)
            for candidate in reader.terms_within(field, word, distance, prefix=1)
            if has_live_posting(reader, spell_field, candidate)
        ]
        if candidates:
            return min(candidates, key=lambda c: (-reader.doc_frequency(spell_field, c), c))
    return None
