"""The page's highlighted passages are Whoosh's own, computed from a cheaper token stream."""

import pytest
from haystack.backends.whoosh_backend import WhooshHtmlFormatter
from whoosh.analysis import StandardAnalyzer
from whoosh.highlight import ContextFragmenter
from whoosh.highlight import highlight as whoosh_highlight

from search.engine import highlight as highlighting
from search.engine.highlight import FRAGMENT_SEPARATOR, _analysis, highlight
from search.engine.schema import content_analyzer
from tests.conftest import SAMPLES

WORDS = ["border", "said", "the", "polic", "secur", "toi", "presid", "a", "zero", "toler", "nomatch"]
EDGE_CASES = [
    "",
    "Toys, toy and TOY: the toy's toys.",
    "Blair's aides and Mr Blair’s critics: the Blairs' borders, blair's border's end.",
    "said " * 5000,  # past Whoosh's 32,768-character limit
    "x" * 250 + " border " + "y" * 250,  # a word longer than a fragment
    "3.14 e.g. U.S. border-control border_patrol café Café naïve",
]


def texts():
    return [path.read_text() for path in sorted(SAMPLES.glob("*.txt"))] + EDGE_CASES


def whoosh_passages(text, terms, analyzer):
    formatter = WhooshHtmlFormatter("em", between=FRAGMENT_SEPARATOR)
    return whoosh_highlight(text, terms, analyzer, ContextFragmenter(), formatter)


@pytest.mark.parametrize("terms", [[word] for word in WORDS] + [WORDS[:3], ["zero", "toler"], WORDS])
def test_passages_are_whooshs_character_for_character(terms):
    analyzer = content_analyzer()
    for text in texts():
        assert highlight(text, terms, analyzer) == whoosh_passages(text, terms, analyzer)


def test_passages_stay_whooshs_when_the_remembered_words_are_forgotten(monkeypatch):
    monkeypatch.setattr(highlighting, "STEMS_KEPT", 5)  # every text holds more words: forgotten each time
    analyzer = content_analyzer()
    for text in texts():
        assert highlight(text, ["border", "said"], analyzer) == whoosh_passages(
            text, ["border", "said"], analyzer
        )


def test_another_analyser_is_left_to_whoosh():
    analyzer = StandardAnalyzer()
    text = "The border and the borders"
    assert highlight(text, ["border"], analyzer) == whoosh_passages(text, ["border"], analyzer)


def test_passages_of_the_bbc_corpus_are_whooshs(corpus_dir):
    analyzer = content_analyzer()
    for path in sorted(corpus_dir.rglob("*.txt"))[:300]:
        text = path.read_text(errors="replace")
        assert highlight(text, WORDS, analyzer) == whoosh_passages(text, WORDS, analyzer), path


def test_the_content_analyser_is_replayed_not_left_to_whoosh():
    """The possessive-dropping content analyser takes the fast path (a fallback would be silent)."""
    assert _analysis(content_analyzer()) is not None
