"""Hypothesis strategies for hostile GET requests to every public URL, and the check each response
must pass (tests/test_hostile_queries.py runs a few hundred, tests/stress/ ten thousand and more).

A request is a path (search, exports, feed, autocomplete, every API list and detail, the archive's
pages) and a raw query string built here byte by byte, so it can hold what a browser never sends:
invalid UTF-8, encoded lone surrogates, NUL, stray ``%`` and ``&``, repeated and unknown parameters.
"""

import json
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Every parameter any public URL reads (search/forms.py, api/params.py, docs/openapi.json,
# pages/views.py), plus names nobody reads.
KNOWN_PARAMS = (
    "q",
    "tab",
    "source",
    "person",
    "organisation",
    "speaker",
    "year",
    "month",
    "date_from",
    "date_to",
    "sort",
    "page",
    "page_size",
    "kind",
    "name",
    "letter",
    "quotes",
    "articles",
)
UNKNOWN_PARAMS = ("format", "callback", "__proto__", "q[]", "id", "fields", "utf8", "")

FRAGMENTS = (
    '"',
    "'",
    "(",
    ")",
    "((",
    "))",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "*",
    "?",
    "~",
    "^",
    ":",
    "\\",
    "title:",
    "speaker:",
    "actor:",
    "source:",
    "content:",
    "published:",
    "django_ct:",
    "id:",
    "bogus:",
    "TO",
    "[",
    "]",
    "{",
    "}",
    "harbour",
    "López",
    "immigr*",
    "a*",
    "\x00",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "مرفأ",
    "עברית",
    "e\u0301\u0302\u0303",  # combining marks
    "\u0300" * 20,
    "🦀",
    "👩‍👩‍👧",
    "\ufeff",
    "\ud800",  # a lone surrogate: sent as the bytes UTF-8 would give it (%ED%A0%80)
    "\udfff",
    "\u2028",
    "%",
    "%zz",
    "&",
    "=",
    "#",
    "<script>alert(1)</script>",
    "\t",
    "\n",
    " ",
)
RAW_BYTES = (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\x80abc")
DATES = (
    "2018-04-06",
    "2018-02-30",
    "2018-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2018-01-01",
    "2018-4-6",
    "20180406",
    "2018/04/06",
    "yesterday",
    "2018-04",
    "2018",
    "18",
)
NUMBERS = ("0", "-1", "1", "2", "99999999", "1e3", "0x10", "١٢", "²", "1.5", " 3", "NaN", "inf", "9" * 5000)


def hostile_text(max_fragments=12):
    """Text built from the fragments above, arbitrary unicode (surrogates included), bad dates and
    numbers; each kind about as likely as the others."""
    joined = st.lists(st.sampled_from(FRAGMENTS), max_size=max_fragments).flatmap(
        lambda parts: st.sampled_from(("", " ")).map(lambda sep: sep.join(parts))
    )
    return st.one_of(
        joined,
        st.text(max_size=40),
        st.text(st.characters(codec=None, categories=("Cs", "Cc", "Mn", "So", "Zs")), max_size=20),
        st.sampled_from(DATES),
        st.sampled_from(NUMBERS),
        st.integers(-(10**30), 10**30).map(str),
    )


def huge_text():
    """10,000 to 30,000 characters: one fragment repeated, or words and operators mixed."""
    return st.tuples(st.sampled_from(FRAGMENTS + ("harbour ", "word ")), st.integers(10_000, 30_000)).map(
        lambda pair: (pair[0] * (pair[1] // max(len(pair[0]), 1) + 1))[: pair[1]]
    )


def param_value():
    return st.one_of(hostile_text(), huge_text())


def param_name():
    """Mostly the parameters the URLs read, so the values reach the code that parses them."""
    return st.sampled_from(KNOWN_PARAMS * 4 + UNKNOWN_PARAMS).flatmap(
        lambda name: st.just(name) if name else st.text(max_size=10)
    )


def encode(text):
    """Percent-encode `text` as UTF-8, lone surrogates as the (invalid) bytes they would take."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def query_string():
    """A raw query string: name=value pairs, some raw invalid bytes, some bare junk between them."""
    pair = st.tuples(param_name(), param_value()).map(lambda p: f"{encode(p[0])}={encode(p[1])}")
    harbour = st.just("q=harbour")  # a query that matches, so filters and pages act on results
    raw = st.sampled_from(RAW_BYTES).map(lambda b: "q=" + quote(b, safe=""))
    junk = st.sampled_from(("&", "=", "q", "q=", "==", "%", "%zz", "page=&page=2", ";"))
    return st.lists(st.one_of(pair, pair, pair, harbour, raw, junk), max_size=8).map("&".join)


def path_number():
    return st.one_of(
        st.integers(0, 10**30).map(str),
        st.sampled_from(("0", "00001", "13", "10000", "99999999999", "9" * 30, "9" * 5000)),
    )


def path_slug():
    return st.one_of(st.from_regex(r"\A[-a-zA-Z0-9_]{1,300}\Z"), st.just("-"), st.just("_" * 5000))


def endpoints(known):
    """{name: strategy of paths} for every public URL; `known` (see `known_objects`) fills the detail
    URLs with real objects, and each detail URL also gets invented ids and slugs."""
    article_pk, article_slug = known["article"]
    number, slug = path_number(), path_slug()

    def real_or(real, invented):
        return st.one_of(st.just(real), invented)

    return {
        "search": st.just("/search/"),
        "search help": st.just("/search/help/"),
        "autocomplete": st.just("/search/actors/autocomplete"),
        "export csv": st.just("/search/export.csv"),
        "export jsonl": st.just("/search/export.jsonl"),
        "feed": st.just("/search/feed/"),
        "api index": st.just("/api/v1/"),
        "api articles": st.just("/api/v1/articles/"),
        "api quotes": st.just("/api/v1/quotes/"),
        "api actors": st.just("/api/v1/actors/"),
        "api search": st.just("/api/v1/search/"),
        "api openapi": st.just("/api/v1/openapi.json"),
        "api article": real_or(f"/api/v1/articles/{article_pk}/", number.map("/api/v1/articles/{}/".format)),
        "api quote": real_or(f"/api/v1/quotes/{known['quote']}/", number.map("/api/v1/quotes/{}/".format)),
        "api actor": real_or(f"/api/v1/actors/{known['actor']}/", slug.map("/api/v1/actors/{}/".format)),
        "api unknown": st.text(max_size=30).map(lambda text: "/api/v1/" + encode(text)),
        "home": st.just("/"),
        "article": real_or(
            f"/articles/{article_pk}/{article_slug}/",
            st.tuples(number, slug).map(lambda pair: "/articles/{}/{}/".format(*pair)),
        ),
        "article short": real_or(f"/articles/{article_pk}/", number.map("/articles/{}/".format)),
        "article versions": real_or(
            f"/articles/{article_pk}/versions/", number.map("/articles/{}/versions/".format)
        ),
        "quote": real_or(f"/quotes/{known['quote']}/", number.map("/quotes/{}/".format)),
        "actor": real_or(f"/actors/{known['actor']}/", slug.map("/actors/{}/".format)),
        "browse": st.just("/browse/"),
        "sources": st.just("/browse/sources/"),
        "source": real_or(f"/browse/sources/{known['source']}/", slug.map("/browse/sources/{}/".format)),
        "months": st.just("/browse/months/"),
        "month": real_or(
            "/browse/months/{}/{}/".format(*known["month"]),
            st.tuples(number, number).map(lambda pair: "/browse/months/{}/{}/".format(*pair)),
        ),
        "people": st.just("/browse/people/"),
        "organisations": st.just("/browse/organisations/"),
    }


PLACEHOLDERS = {"article": (1, "a"), "quote": 1, "actor": "a", "source": "a", "month": (1, 1)}
ENDPOINT_NAMES = tuple(endpoints(PLACEHOLDERS))


def send(client, known, endpoint, data):
    """Draw a hostile request for `endpoint` (a name in ENDPOINT_NAMES), send it, check the answer."""
    path = data.draw(endpoints(known)[endpoint])
    query = data.draw(query_string())
    url = f"{path}?{query}" if query else path
    response = client.get(url)
    check(response, url)
    return response


def check(response, url):
    """No server error; a client error says what is wrong in words (JSON `error`, text or a page)."""
    assert response.status_code < 500, f"{response.status_code} for {url!r}"
    if response.streaming:  # an export: a failure while streaming would raise here
        body = b"".join(response.streaming_content).decode("utf-8")
    else:
        body = response.content.decode("utf-8")
    if response.status_code < 400:
        return
    content_type = response["Content-Type"]
    if content_type.startswith("application/json"):
        error = json.loads(body)["error"]
        assert isinstance(error, str) and len(error) > 10, f"{url!r}: {body}"
        for field, messages in json.loads(body)["fields"].items():
            assert messages and all(isinstance(m, str) and m for m in messages), f"{url!r}: {field}: {body}"
    elif content_type.startswith("text/plain"):
        assert len(body.strip()) > 10 and body.strip()[-1] in ".)", f"{url!r}: {body!r}"
    else:
        assert content_type.startswith("text/html"), f"{url!r}: {content_type}"
        assert response.status_code == 404 and "We could not find that page" in body, f"{url!r}: {body}"


def hostile_settings(examples_per_url):
    """hypothesis settings shared by the fast and the long run of the hostile-request property."""
    return settings(
        max_examples=examples_per_url,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def known_objects(archive):
    """Real objects of an `archive` fixture (tests/fixtures.py) for the detail URLs."""
    article = archive["lopez"]
    quote = article.quotes.first()
    return {
        "article": (article.pk, article.slug),
        "quote": quote.pk,
        "actor": quote.speaker.slug,
        "source": article.source.slug,
        "month": (article.published.year, article.published.month),
    }
