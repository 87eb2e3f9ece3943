"""Probable duplicate actors for editors to review: "Labour Party"/"Labour party", "Mr Blair"/"Tony Blair".

Nothing here merges: editors decide, through the admin's merge confirmation. Comparing every pair
of names would be quadratic (5,000+ people on the BBC corpus), so names are first put in blocks
that a duplicate would share (the same folded name, the same surname, the same first word) and only
pairs inside a block are scored with rapidfuzz. A pair is suggested when its names are similar
enough (a surname or short form alone only with an article in common); pairs that share articles
rank higher, since the same person named two ways in one story is the commonest duplicate.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from archive.models import Actor, Mention
from archive.names import TITLE_WORDS

TITLES = frozenset(word.casefold() for word in TITLE_WORDS)  # "Mr", "Senator", "Prime Minister"
MIN_SIMILARITY = 85  # rapidfuzz scores 0-100; below this, name pairs were mostly different people
SHORTENED = 90  # a name shortened the usual way: below the same name, above most typos
LARGEST_BLOCK = 300  # a block this big is a common word ("party"), not a name: it pairs nothing
SHARED_ARTICLE_BONUS = 5  # per shared article, up to MAX_BONUS, added to the name similarity
MAX_BONUS = 15


@dataclass(frozen=True)
class Suggestion:
    first: Actor
    second: Actor
    similarity: int  # of the folded names, 0-100
    shared_articles: int

    @property
    def pair(self):
        return (self.first, self.second)

    @property
    def score(self):
        return self.similarity + min(MAX_BONUS, SHARED_ARTICLE_BONUS * self.shared_articles)


def fold(actor):
    """The name as a duplicate would share it: no case, accents or punctuation, and for a person no
    leading titles ("Mr Blair", "Prime Minister Blair"; "General Motors" keeps its first word)."""
    decomposed = unicodedata.normalize("NFKD", actor.name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[^\w\s]", " ", letters).split()
    while actor.kind == Actor.Kind.PERSON and len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Folded:
    """An actor's folded name, split once: every pair it is in compares these."""

    key: str
    words: tuple
    word_set: frozenset

    @classmethod
    def of(cls, actor):
        key = fold(actor)
        return cls(key, tuple(key.split()), frozenset(key.split()))


def is_short_form(first, second, *, person):
    """Whether one folded name is how the other is shortened: a person's surname ("Blair" for "Tony
    Blair") or name without middle names, an organisation's or place's leading words ("Labour" for
    "Labour Party"), never any word inside a name ("England" for "Bank of England")."""
    shorter, longer = sorted((first, second), key=lambda folded: len(folded.words))
    if len(shorter.words) == len(longer.words) or not shorter.word_set <= longer.word_set:
        return False
    size = len(shorter.words)
    if not person:
        return shorter.words == longer.words[:size]
    without_middle_names = shorter.words[0] == longer.words[0] and shorter.words[-1] == longer.words[-1]
    return shorter.words == longer.words[-size:] or without_middle_names  # "George W Bush"


def similarity(first, second, *, short_form):
    """How alike two folded names are, 0-100: 100 for the same, SHORTENED for a short form,
    otherwise rapidfuzz's ratio of the sorted words (typos, word order), 0 below MIN_SIMILARITY."""
    if first.key == second.key:
        return 100
    if short_form:
        return SHORTENED
    if first.word_set < second.word_set or second.word_set < first.word_set:
        return 0  # a word inside a longer name, not its short form
    return round(fuzz.token_sort_ratio(first.key, second.key, score_cutoff=MIN_SIMILARITY))


def blocks(actors, folded):
    """Actors grouped by what a duplicate pair would share; an actor sits in up to three blocks."""
    grouped = defaultdict(list)
    for actor in actors:
        name = folded[actor.pk]
        if not name.words:
            continue
        grouped["name", name.key].append(actor)
        grouped[actor.kind, "last", name.words[-1]].append(actor)
        grouped[actor.kind, "first", name.words[0]].append(actor)
    return [members for members in grouped.values() if 1 < len(members) <= LARGEST_BLOCK]


def candidate_pairs(actors):
    """Each pair of actors that shares a block, once, as (pair, similarity, short form or not)."""
    folded = {actor.pk: Folded.of(actor) for actor in actors}
    seen = {}
    for members in blocks(actors, folded):
        for first, second in combinations(members, 2):
            pair = (first, second) if first.pk < second.pk else (second, first)
            if (pair[0].pk, pair[1].pk) in seen:
                continue
            person = Actor.Kind.PERSON in (first.kind, second.kind)
            short_form = is_short_form(folded[first.pk], folded[second.pk], person=person)
            alike = similarity(folded[first.pk], folded[second.pk], short_form=short_form)
            seen[pair[0].pk, pair[1].pk] = (pair, alike, short_form)
    return [found for found in seen.values() if found[1] >= MIN_SIMILARITY]


def articles_by_actor(actor_ids):
    rows = Mention.objects.filter(actor_id__in=actor_ids).values_list("actor_id", "article_id")
    by_actor = defaultdict(set)
    for actor_id, article_id in rows:
        by_actor[actor_id].add(article_id)
    return by_actor


def probable_duplicates(actors, limit=100):
    """The `limit` likeliest duplicate pairs among `actors` (a queryset) not yet merged, best first."""
    actors = list(actors.filter(merged_into__isnull=True))
    pairs = candidate_pairs(actors)
    articles = articles_by_actor({actor.pk for pair, *_ in pairs for actor in pair})
    suggestions = [
        Suggestion(first, second, alike, len(articles[first.pk] & articles[second.pk]))
        for (first, second), alike, short_form in pairs
        # A surname or short form alone names too many actors to suggest without a shared article.
        if not short_form or articles[first.pk] & articles[second.pk]
    ]
    suggestions.sort(key=lambda s: (-s.score, s.first.name.casefold(), s.second.name.casefold()))
    return suggestions[:limit]
