"""Highlighted passages of a hit's text: Whoosh's own fragments, from a cheaper token stream.

Whoosh's `highlight()` runs the field's whole analyser over each hit's text — a tokenizer and two
filters as chained generators, a Token object per word, its text lower-cased and stemmed — and
then keeps only the few words that match: 41 % of the search page's time on the BBC corpus
(pyinstrument, bench/peers.py queries). Here one generator does the same for the content
analyser (StemmingAnalyzer: regex tokens, lower case, Porter stems), with each distinct word's
stem looked up once per process, and a single reused token object for the words that do not
match (the fragmenter only keeps copies of matched ones). Fragments, their scores and the HTML are
Whoosh's (ContextFragmenter, BasicFragmentScorer, haystack's WhooshHtmlFormatter), so the output
is the same, character for character (tests/test_search_backend.py compares them).
"""

from haystack.backends.whoosh_backend import WhooshHtmlFormatter
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.highlight import FIRST, BasicFragmentScorer, ContextFragmenter, top_fragments
from whoosh.highlight import highlight as whoosh_highlight

FRAGMENTS = 3  # per hit, Whoosh's default
STEMS_KEPT = 200_000
_stems = {}


class _Token:
    """What ContextFragmenter, the scorer and the formatter read of a token."""

    __slots__ = ("text", "startchar", "endchar", "matched", "boost")

    def __init__(self, text, startchar, endchar, matched):
        self.text, self.startchar, self.endchar, self.matched = text, startchar, endchar, matched
        self.boost = 1.0

    def copy(self):
        return _Token(self.text, self.startchar, self.endchar, self.matched)


def highlight(text, terms, analyzer):
    """Up to three `<em>`-marked fragments of `text` around the (stemmed) `terms`, as Whoosh's
    highlight(text, terms, analyzer, ContextFragmenter(), WhooshHtmlFormatter("em")) returns them."""
    formatter = WhooshHtmlFormatter("em")
    parts = _stemming_parts(analyzer)
    if parts is None:  # another analyser: Whoosh's own way
        return whoosh_highlight(text, terms, analyzer, ContextFragmenter(), formatter)
    tokens = _matched_tokens(text, frozenset(terms), *parts)
    fragments = ContextFragmenter().fragment_tokens(text, tokens)
    return formatter(text, top_fragments(fragments, FRAGMENTS, BasicFragmentScorer(), FIRST))


def _stemming_parts(analyzer):
    """(token pattern, stem function) of a regex | lowercase | stem analyser, else None."""
    items = getattr(analyzer, "items", ())
    kinds = [type(item) for item in items]
    if kinds != [RegexTokenizer, LowercaseFilter, StemFilter] or items[0].gaps or items[2].ignore:
        return None
    return items[0].expression, items[2].stemfn


def _matched_tokens(text, termset, expression, stem):
    unmatched = _Token("", 0, 0, False)
    stems = _stems
    if len(stems) > STEMS_KEPT:
        stems.clear()
    for match in expression.finditer(text):
        word = match.group().lower()
        stemmed = stems.get(word)
        if stemmed is None:
            stemmed = stems[word] = stem(word)
        if stemmed in termset:
            yield _Token(stemmed, match.start(), match.end(), True)
        else:
            unmatched.startchar, unmatched.endchar = match.start(), match.end()
            yield unmatched
