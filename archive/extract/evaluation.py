"""Scoring extraction against a gold set: tests/gold/gold.jsonl, or one made from PolNeAR (polnear.py).

Quotes: a predicted quote matches a gold quote when their spans overlap by at least half of the
longer one; each gold quote matches at most one prediction (the largest overlap first). Speaker
accuracy is measured on matched quotes, a null speaker counting as a value to get right. Direct
and partial quotes are scored together; reported speech (a record's optional `reported` list
against the `reported` predictions) is scored apart, the same way. People: per-article sets of
full names, micro-averaged — every person named, or, for a record with `"people_scope":
"speakers"`, the persons credited with a direct or partial quote.
"""

import re
from dataclasses import dataclass, field

MIN_OVERLAP = 0.5
OPENING_MARKS = r"[“‘\"'«]"  # what a gold quote's text follows in its article


REPORTED = "reported"


@dataclass
class GoldQuote:
    text: str
    start: int
    end: int
    speaker: str | None
    kind: str
    speaker_from: str = "name"  # PolNeAR: how the gold speaker was resolved (polnear.SourceResolver)


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self):
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self):
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other):
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives


@dataclass
class ArticleResult:
    file: str
    quotes: Score
    people: Score
    speakers_right: int
    publisher: str = ""
    matches: list = field(default_factory=list)  # (gold quote, predicted RawQuote)
    speakers_wrong: list = field(default_factory=list)  # (gold quote, predicted speaker)
    missed: list = field(default_factory=list)  # gold quotes no prediction matched
    spurious: list = field(default_factory=list)  # predicted quotes no gold quote matched
    missing_people: set = field(default_factory=set)
    extra_people: set = field(default_factory=set)


@dataclass
class Evaluation:
    articles: list[ArticleResult] = field(default_factory=list)
    reported: list[ArticleResult] = field(default_factory=list)  # reported speech, scored apart
    headline_quotes: int = 0  # gold quotes in titles: not extracted, not scored

    def of_publisher(self, publisher):
        """The Evaluation restricted to one publisher's articles."""
        return Evaluation(
            articles=[a for a in self.articles if a.publisher == publisher],
            reported=[a for a in self.reported if a.publisher == publisher],
        )

    @property
    def publishers(self):
        return sorted({a.publisher for a in self.articles if a.publisher})

    def total(self, attribute):
        score = Score()
        for article in self.articles:
            score.add(getattr(article, attribute))
        return score

    def total_reported(self):
        score = Score()
        for article in self.reported:
            score.add(article.quotes)
        return score

    def by_confidence(self):
        """{confidence: (speakers right, matched quotes)} over all matched quotes."""
        table = {}
        for article in self.articles:
            for gold, predicted in article.matches:
                right, total = table.get(predicted.confidence, (0, 0))
                table[predicted.confidence] = (right + _same_name(gold.speaker, predicted.speaker), total + 1)
        return dict(sorted(table.items(), reverse=True))

    @property
    def kind_accuracy(self):
        pairs = [(g, p) for a in self.articles for g, p in a.matches]
        return sum(g.kind == p.kind for g, p in pairs) / len(pairs) if pairs else 1.0

    @property
    def speaker_accuracy(self):
        return speaker_accuracy(self.articles)

    @property
    def named_speaker_accuracy(self):
        """Speaker accuracy on the matched quotes whose gold speaker is named in their own source."""
        return speaker_accuracy(self.articles, lambda gold: gold.speaker_from == "name")

    @property
    def reported_speaker_accuracy(self):
        return speaker_accuracy(self.reported)


def speaker_accuracy(articles, counted=lambda gold: True):
    """Right speakers / matched quotes, over the matched quotes whose gold passes `counted`."""
    pairs = [(g, p) for a in articles for g, p in a.matches if counted(g)]
    right = sum(_same_name(g.speaker, p.speaker) for g, p in pairs)
    return right / len(pairs) if pairs else 1.0


def locate_gold_quotes(body, quotes, title=""):
    """(GoldQuotes with spans, gold quotes in the title): each text's first occurrence in the body
    after the previous gold quote.

    The importer stores a BBC headline as the title, not in the body, so a headline quote is
    returned apart (extraction never sees it). Raises ValueError naming a quote found in neither.
    """
    located, in_title, cursor = [], [], 0
    for quote in quotes:
        start = find_quote_text(body, quote["text"], cursor)
        if start == -1 and quote["text"] in title:
            in_title.append(quote)
            continue
        if start == -1:
            raise ValueError(f"gold quote not found in the article: {quote['text'][:60]!r}")
        end = start + len(quote["text"])
        located.append(
            GoldQuote(
                quote["text"],
                start,
                end,
                quote.get("speaker"),
                quote.get("kind", "direct"),
                quote.get("speaker_from", "name"),
            )
        )
        cursor = end
    return located, in_title


def find_quote_text(body, text, cursor=0):
    """Where a gold quote's `text` starts in `body` (-1: nowhere): right after a quotation mark,
    else where it is no part of a longer word, else anywhere (PolNeAR's Content spans of reported
    speech may start inside a word: `he party` for `the party`); after `cursor` first.

    A plain substring search found a short quote inside a word (`“no”` in `nominee`, `“1”` in
    `10 percent`), so such gold quotes counted as missed.
    """
    escaped = re.escape(text)
    before = r"(?<!\w)" if text[:1].isalnum() else ""
    after = r"(?!\w)" if text[-1:].isalnum() else ""
    patterns = [rf"{OPENING_MARKS}\s*({escaped})", rf"{before}({escaped}){after}", rf"({escaped})"]
    patterns = [re.compile(pattern) for pattern in patterns]
    for start_at in (cursor, 0):
        for pattern in patterns:
            match = pattern.search(body, start_at)
            if match:
                return match.start(1)
    return -1


def overlap(a_start, a_end, b_start, b_end):
    """Shared characters as a fraction of the longer span."""
    shared = min(a_end, b_end) - max(a_start, b_start)
    return max(shared, 0) / max(a_end - a_start, b_end - b_start, 1)


def score_article(file, gold_quotes, gold_people, predicted_quotes, predicted_people, publisher=""):
    """An ArticleResult comparing one article's predictions (RawQuotes, names) with its gold."""
    pairs = sorted(
        (
            (overlap(g.start, g.end, p.start, p.end), gi, pi)
            for gi, g in enumerate(gold_quotes)
            for pi, p in enumerate(predicted_quotes)
        ),
        reverse=True,
    )
    matched_gold, matched_predicted, matches = set(), set(), []
    for share, gi, pi in pairs:
        if share < MIN_OVERLAP:
            break
        if gi not in matched_gold and pi not in matched_predicted:
            matched_gold.add(gi)
            matched_predicted.add(pi)
            matches.append((gold_quotes[gi], predicted_quotes[pi]))
    wrong = [(g, p.speaker) for g, p in matches if _same_name(g.speaker, p.speaker) is False]
    gold_names = {_normal(n) for n in gold_people}
    predicted_names = {_normal(n) for n in predicted_people}
    return ArticleResult(
        file=file,
        publisher=publisher,
        quotes=Score(len(matches), len(predicted_quotes) - len(matches), len(gold_quotes) - len(matches)),
        people=Score(
            len(gold_names & predicted_names),
            len(predicted_names - gold_names),
            len(gold_names - predicted_names),
        ),
        speakers_right=len(matches) - len(wrong),
        matches=matches,
        speakers_wrong=wrong,
        missed=[g for i, g in enumerate(gold_quotes) if i not in matched_gold],
        spurious=[p for i, p in enumerate(predicted_quotes) if i not in matched_predicted],
        missing_people=gold_names - predicted_names,
        extra_people=predicted_names - gold_names,
    )


def _normal(name):
    """A name compared without case, spacing or middle initials, with or without their full stop
    ("Donald J. Trump" = "George W Bush" = "Donald Trump")."""
    if not name:
        return None
    return " ".join(w for w in name.split() if not re.fullmatch(r"[A-Z]\.?", w)).casefold()


def _same_name(gold, predicted):
    return _normal(gold) == _normal(predicted)
