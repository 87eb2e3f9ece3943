"""`{{ url|web_url }}`: a stored URL as a link target only if it is a web address;
`{% text_fragment_url url words %}`: that address scrolled to some words of the page.

Imported records carry URLs from anywhere (a JSON line or a CSV cell may hold `javascript:…`);
autoescaping does not stop such a link from running when clicked, so anything but http(s) becomes "".
"""

from urllib.parse import quote, urldefrag, urlsplit

from django import template

from archive.templatetags.citation import quoted_words

register = template.Library()
WEB_SCHEMES = ("http", "https")
FRAGMENT_EDGE_WORDS = 4  # a longer quote is found by its first and last words (textStart,textEnd)
QUOTATION_MARKS = "\"'“”‘’«»„‚"


@register.filter
def web_url(value):
    try:
        parts = urlsplit(str(value or "").strip())  # lowercases the scheme, drops tabs and newlines
    except ValueError:
        return ""
    return value if parts.scheme in WEB_SCHEMES and parts.netloc else ""


@register.simple_tag
def text_fragment_url(url, words):
    """`url` with a text fragment (`#:~:text=`, WICG Scroll-to-Text) that makes a browser scroll to
    and mark `words` on the page; "" if `url` is not a web address, `url` alone if `words` is empty.

    A quote of up to eight words is given whole, a longer one as its first and last four words
    (`text=start,end`), so a change of spacing or a line break inside it still matches. Each part
    is percent-encoded, `-`, `,` and `&` included: they are the directive's own syntax.
    """
    address = web_url(url)
    if not address:
        return ""
    words = quoted_words(str(words or "").strip().strip(QUOTATION_MARKS)).strip(QUOTATION_MARKS).split()
    if not words:
        return address
    if len(words) <= 2 * FRAGMENT_EDGE_WORDS:
        directive = _encoded(" ".join(words))
    else:
        start, end = words[:FRAGMENT_EDGE_WORDS], words[-FRAGMENT_EDGE_WORDS:]
        directive = f"{_encoded(' '.join(start))},{_encoded(' '.join(end))}"
    return f"{urldefrag(address).url}#:~:text={directive}"


def _encoded(text):
    return quote(text, safe="").replace("-", "%2D")  # quote() leaves "-" as is
