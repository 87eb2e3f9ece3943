"""The article body renderer: paragraphs, quotes marked with their speaker, search highlighting."""

from datetime import date
from types import SimpleNamespace

from archive.templatetags.citation import date_with_precision
from pages.templatetags.article_body import render_body, search_terms


def speaker(name, slug):
    return SimpleNamespace(name=name, get_absolute_url=lambda: f"/actors/{slug}/")


def quote(body, text, who=None, kind="direct"):
    start = body.index(text)
    return SimpleNamespace(start=start, end=start + len(text), speaker=who, kind=kind)


SESSIONS = speaker("Jeff Sessions", "jeff-sessions")


def test_blank_lines_separate_paragraphs():
    assert render_body("One.\n\nTwo.\n \n\nThree.") == "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>"


def test_quote_is_wrapped_and_speaker_linked_after_the_closing_mark():
    body = 'He said: "We will act." Then left.'
    html = render_body(body, [quote(body, "We will act.", SESSIONS)])
    assert html == (
        '<p>He said: &quot;<q class="quote">We will act.</q>&quot;'
        '<a class="speaker" href="/actors/jeff-sessions/" title="Quote by Jeff Sessions">Jeff Sessions</a>'
        " Then left.</p>"
    )


def test_quote_at_the_end_of_a_paragraph_still_gets_its_speaker():
    body = "Intro.\n\n“Enough”"
    html = render_body(body, [quote(body, "Enough", SESSIONS)])
    assert html.endswith('<p>“<q class="quote">Enough</q>”<a class="speaker" href="/actors/jeff-sessions/" '
                         'title="Quote by Jeff Sessions">Jeff Sessions</a></p>')  # fmt: skip


def test_unattributed_quote_says_so():
    body = '"Nobody knows," it was said.'
    assert 'class="speaker speaker-unknown">unattributed</span>' in render_body(
        body, [quote(body, "Nobody knows,")]
    )


def test_quote_crossing_a_paragraph_break_is_closed_and_reopened():
    body = '"First part.\n\nSecond part," she said.'
    html = render_body(body, [quote(body, "First part.\n\nSecond part,", SESSIONS)])
    assert html.startswith(
        '<p>&quot;<q class="quote">First part.</q></p>\n'
        '<p><q class="quote quote-continued">Second part,</q>&quot;'
    )
    assert html.count("<q ") == html.count("</q>") == 2
    assert html.count('class="speaker"') == 1


def test_html_in_the_body_is_escaped_and_a_script_stays_inert():
    body = 'A <script>alert("x")</script> & "<b>bold</b>" claim.'
    html = render_body(body, [quote(body, "<b>bold</b>", SESSIONS)], query="script")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp;" in html
    assert '<q class="quote">&lt;b&gt;bold&lt;/b&gt;</q>' in html


def test_speaker_name_is_escaped():
    body = '"Hi," said X.'
    html = render_body(body, [quote(body, "Hi,", speaker("<img src=x>", "x"))])
    assert "<img" not in html and "&lt;img src=x&gt;" in html


def test_search_terms_are_highlighted_as_whole_words_case_insensitively():
    html = render_body("Trade and trading: TRADE wars.", query="trade")
    assert html == "<p><mark>Trade</mark> and trading: <mark>TRADE</mark> wars.</p>"


def test_a_quoted_phrase_is_highlighted_as_one_mark_across_spacing():
    html = render_body("The interest   rates rose; rates fell.", query='"interest rates"')
    assert html == "<p>The <mark>interest   rates</mark> rose; rates fell.</p>"


def test_a_trailing_star_highlights_a_prefix():
    assert (
        render_body("Tariffs and tariff.", query="tariff*")
        == "<p><mark>Tariffs</mark> and <mark>tariff</mark>.</p>"
    )


def test_highlight_overlapping_a_quote_is_cut_at_the_quote_edge():
    body = "The bank will raise rates soon."
    html = render_body(body, [quote(body, "raise rates soon", SESSIONS)], query='"will raise"')
    assert html.startswith('<p>The bank <mark>will </mark><q class="quote"><mark>raise</mark> rates soon</q>')


def test_query_operators_exclusions_and_field_filters_are_not_highlighted():
    assert search_terms('trade AND -china speaker:sessions "free trade" (wto) a') == [
        "trade",
        "free trade",
        "wto",
    ]


def test_search_terms_are_capped_in_number_and_length():
    # Within what the search accepts (search/query.py: MAX_CHARS, MAX_TERMS); a longer query
    # finds nothing, so nothing is highlighted either.
    terms = search_terms(" ".join(f"w{i}" for i in range(15)) + " " + "x" * 100)
    assert len(terms) == 10 and all(len(t) <= 60 for t in terms)


def test_regex_characters_in_a_query_are_matched_literally():
    """The search reads only word characters ("est." is the word est, "a.b" the words a and b):
    punctuation never reaches the pattern, and the words match apart by any punctuation."""
    assert render_body("Cost (est.) 5.", query="(est.)") == "<p>Cost (<mark>est</mark>.) 5.</p>"
    assert render_body("axb a.b", query="a.b") == "<p>axb <mark>a.b</mark></p>"


def test_highlights_read_the_query_as_the_search_does():
    """The body's highlighter once parsed the query with rules of its own: a lowercase "and" was an
    operator (the search reads it as a word) and the word after NOT was highlighted (the search
    excludes it)."""
    assert search_terms("rock and roll") == ["rock", "and", "roll"]
    assert search_terms("trade NOT china") == ["trade"]
    assert (
        render_body("Trade with China.", query="trade NOT china") == "<p><mark>Trade</mark> with China.</p>"
    )


def test_overlapping_quotes_keep_the_first():
    body = '"one two three"'
    first = SimpleNamespace(start=1, end=8, speaker=None, kind="direct")
    second = SimpleNamespace(start=5, end=14, speaker=None, kind="direct")
    assert render_body(body, [second, first]).count("<q ") == 1


def test_dates_are_shown_as_precisely_as_known():
    day = date(2018, 4, 6)
    assert date_with_precision(day, "day") == "6 April 2018"
    assert date_with_precision(day, "month") == "April 2018"
    assert date_with_precision(day, "year") == "2018"
    assert date_with_precision(day, "unknown") == "Date unknown"
    assert date_with_precision(None, "day") == "Date unknown"


def test_reported_speech_is_marked_as_paraphrase_not_quoted():
    body = "Sessions said the department would hire <more> attorneys."
    html = render_body(
        body, [quote(body, "the department would hire <more> attorneys", SESSIONS, "reported")]
    )
    assert '<span class="quote paraphrase" title="Paraphrase (reported speech)">the department' in html
    assert "&lt;more&gt;" in html and "<q" not in html
