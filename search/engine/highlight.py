"""Highlighted passages of a hit's text: Whoosh's fragments, without analysing the whole text.

Whoosh's `highlight()` runs the field's analyser over each hit's whole text — a tokenizer and two
filters as chained generators, a Token object per word, each lower-cased and stemmed — and feeds
every token to its fragmenter, to mark the few that match: 41 % of the search page's time on the
BBC corpus (pyinstrument, bench/peers.py queries). For Morgue's content analyser (regex tokens,
possessives dropped, lower case, Porter stems) the same passages are found here with C-speed
regex scans:

1. the text's distinct words are stemmed (each word once per process) to find those matching;
2. one regex finds where those words stand as whole tokens;
3. Whoosh's ContextFragmenter loop is replayed from a little before each match (its state before
   a match depends only on the tokens within `surround` characters of the token preceding it),
   so only the tokens around matches are read.

Scores and HTML are Whoosh's (BasicFragmentScorer, haystack's WhooshHtmlFormatter): the output is
the same, character for character (tests/test_search_highlight.py, 2,400 BBC text/term pairs).
"""

import re
from collections import deque

from haystack.backends.whoosh_backend import WhooshHtmlFormatter
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.highlight import (
    DEFAULT_CHARLIMIT,
    FIRST,
    BasicFragmentScorer,
    ContextFragmenter,
    mkfrag,
    top_fragments,
)
from whoosh.highlight import highlight as whoosh_highlight

from search.query import without_possessives

FRAGMENTS = 3  # per hit, Whoosh's default
MAXCHARS, SURROUND = 200, 20  # ContextFragmenter's defaults
# Between two passages of one snippet (Whoosh's default "..." glued them: "not...a").
FRAGMENT_SEPARATOR = " … "
CAPTURING_GROUP = re.compile(r"(?<!\\)\((?!\?)")
LAST_TOKEN_CHAR = re.compile(r"[\w*][^\w*]*\Z")
# After a character no token of the content analysers holds (Whoosh's words, possessives): a token
# boundary for either, so reading may resume there.
LAST_BOUNDARY = re.compile(r"[^\w*.'’][\w*.'’]*\Z")
STEMS_KEPT = 200_000
_stems = {}  # word → the term it analyses to
_words_of = {}  # term → the words met so far that analyse to it


class _Token:
    """What the scorer and the formatter read of a matched token."""

    __slots__ = ("text", "startchar", "endchar", "matched", "boost")

    def __init__(self, text, startchar, endchar):
        self.text, self.startchar, self.endchar = text, startchar, endchar
        self.matched, self.boost = True, 1.0


def highlight(text, terms, analyzer, between=FRAGMENT_SEPARATOR):
    """Up to three `<em>`-marked fragments of `text` around the (stemmed) `terms`, as Whoosh's
    highlight(text, terms, analyzer, ContextFragmenter(), WhooshHtmlFormatter("em", between=between))
    returns them."""
    formatter = WhooshHtmlFormatter("em", between=between)
    analysis = _analysis(analyzer)
    lowered = text.lower()
    if analysis is None or len(lowered) != len(text):  # another analyser, or offsets would move
        return whoosh_highlight(text, terms, analyzer, ContextFragmenter(), formatter)
    token, word, normalise = analysis
    termset = frozenset(terms)
    matching = _words_to(termset, set(word.findall(lowered)), normalise)
    if not matching:
        return ""
    whole_tokens = "|".join(re.escape(w) for w in sorted(matching, key=len, reverse=True))
    found = re.compile(rf"(?<![\w*])(?<![\w*]\.)(?:{whole_tokens})(?![\w*])(?!\.[\w*])")
    matches = {m.start(): m.end() for m in found.finditer(lowered)}
    fragments = _fragments(text, lowered, matches, token)
    return formatter(text, top_fragments(fragments, FRAGMENTS, BasicFragmentScorer(), FIRST))


def _analysis(analyzer):
    """(token regex, the same without groups, word → term) of a content analyser this module
    replays: a RegexTokenizer, optionally the possessive filter, then lower case and Porter stems."""
    items = list(getattr(analyzer, "items", ()))
    possessive = len(items) == 4 and getattr(items[1], "drops_possessives", False)
    if possessive:
        del items[1]
    if [type(item) for item in items] != [RegexTokenizer, LowercaseFilter, StemFilter]:
        return None
    tokenizer, _, stemmer = items
    if tokenizer.gaps or stemmer.ignore:
        return None
    pattern = tokenizer.expression.pattern
    word = re.compile(CAPTURING_GROUP.sub("(?:", pattern), tokenizer.expression.flags)
    stem = stemmer.stemfn
    if possessive:
        return tokenizer.expression, word, lambda w: stem(without_possessives(w))
    return tokenizer.expression, word, stem


def _words_to(terms, words, normalise):
    """The words of the set `words` that `normalise` makes one of `terms`, found with set
    operations: each word is analysed once per process (words recur across hits), and testing
    every word of every hit's text in Python took a quarter of the highlighting."""
    unknown = words.difference(_stems)
    if len(_stems) + len(unknown) > STEMS_KEPT:
        _stems.clear()
        _words_of.clear()
        unknown = words
    for word in unknown:
        term = _stems[word] = normalise(word)
        _words_of.setdefault(term, set()).add(word)
    return words.intersection(set().union(*[_words_of.get(term, ()) for term in terms]))


def _fragments(text, lowered, matches, token_pattern):
    """ContextFragmenter.fragment_tokens(text, tokens) for tokens matched at `matches`
    ({start: end}), reading only the tokens near them (its loop, line for line, plus the jumps)."""
    starts = sorted(matches)
    upcoming = 0  # index in `starts` of the next match not yet reached
    resumed_for = None  # the match whose resume point was taken (again, it would not move)
    first, firsts, countdown, tks, endchar, currentlen = None, deque(), -1, [], None, 0
    position = 0
    while True:
        if countdown < 0:  # outside a fragment: skip to a little before the next match
            while upcoming < len(starts) and starts[upcoming] < position:
                upcoming += 1
            if upcoming == len(starts):
                break
            if resumed_for != upcoming:
                resumed_for = upcoming
                target = _resume_point(lowered, position, starts[upcoming])
                if target > position:
                    position, firsts = target, deque()
        token = token_pattern.search(lowered, position)
        if token is None:
            break
        startchar, endchar = token.span()
        position = endchar
        tlength = endchar - startchar
        if endchar > DEFAULT_CHARLIMIT:
            break
        matched = matches.get(startchar) == endchar
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > SURROUND:
                firsts.popleft()
        elif currentlen + tlength > MAXCHARS:
            countdown = 0
        elif matched:
            countdown = SURROUND
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += SURROUND
            tks.append(_Token(_stems[lowered[startchar:endchar]], startchar, endchar))
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield mkfrag(text, tks, startchar=first, endchar=endchar)
                tks, firsts, first, currentlen = [], deque(), None, 0
    if tks:
        yield mkfrag(text, tks, startchar=first, endchar=endchar)


def _resume_point(lowered, position, match_start):
    """Where reading tokens may resume (≥ `position`) without changing the fragmenter's state at
    the match: a token boundary more than SURROUND characters before the end of the token that
    precedes the match (earlier tokens would have left the fragmenter's context window)."""
    before = _last(LAST_TOKEN_CHAR, lowered, position, match_start)
    if before is None:
        return position
    limit = before.start() + 1 - SURROUND - 1
    boundary = _last(LAST_BOUNDARY, lowered, position, max(position, limit))
    return boundary.start() + 1 if boundary else position


def _last(pattern, text, start, end, near=64):
    """pattern.search(text, start, end) for a pattern anchored at `end`, trying the last
    `near` characters first: what it finds there is what the whole range would give."""
    if end - near > start:
        found = pattern.search(text, end - near, end)
        if found is not None:
            return found
    return pattern.search(text, start, end)
