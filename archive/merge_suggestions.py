"""Probable duplicate actors for editors to review: "Labour Party"/"Labour party", "Mr Blair"/"Tony Blair".

Nothing here merges: editors decide, through the admin's merge confirmation. Comparing every pair
of names would be quadratic (5,000+ people on the BBC corpus), so names are first put in blocks
that a duplicate would share (the same folded name, the same surname, the same first word) and only
pairs inside a block are scored with rapidfuzz. A pair is suggested when its names are similar
enough; pairs that also share articles rank higher, since the same person named two ways in one
story is the commonest duplicate.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from archive.extract.actors import TITLE_WORDS
from archive.models import Actor, Mention

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


def similarity(first, second):
    """How alike two actors' folded names are, 0-100.

    The same folded name is 100. A shorter name inside a longer one is 90 when it is how the longer
    is shortened: a person's surname ("Blair" for "Tony Blair"), an organisation's or place's leading
    words ("Labour" for "Labour Party"), never "England" for "Bank of England". Otherwise rapidfuzz's
    ratio of the sorted words, which forgives typos and word order.
    """
    first_key, second_key = fold(first), fold(second)
    if first_key == second_key:
        return 100
    shorter, longer = sorted((first_key.split(), second_key.split()), key=len)
    if len(shorter) < len(longer) and set(shorter) <= set(longer):
        is_person = Actor.Kind.PERSON in (first.kind, second.kind)
        shortened = longer[-len(shorter) :] if is_person else longer[: len(shorter)]
        return SHORTENED if shorter == shortened else 0
    return round(fuzz.token_sort_ratio(first_key, second_key))


def blocks(actors):
    """Actors grouped by what a duplicate pair would share; an actor sits in up to three blocks."""
    grouped = defaultdict(list)
    for actor in actors:
        key = fold(actor)
        if not key:
            continue
        words = key.split()
        grouped["name", key].append(actor)
        grouped[actor.kind, "last", words[-1]].append(actor)
        grouped[actor.kind, "first", words[0]].append(actor)
    return [members for members in grouped.values() if 1 < len(members) <= LARGEST_BLOCK]


def candidate_pairs(actors):
    """Each pair of actors that shares a block, once, with the similarity of their folded names."""
    seen = {}
    for members in blocks(actors):
        for first, second in combinations(members, 2):
            pair = (first, second) if first.pk < second.pk else (second, first)
            key = (pair[0].pk, pair[1].pk)
            if key not in seen:
                seen[key] = (pair, similarity(first, second))
    return [(pair, alike) for pair, alike in seen.values() if alike >= MIN_SIMILARITY]


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
    articles = articles_by_actor({actor.pk for pair, _ in pairs for actor in pair})
    suggestions = [
        Suggestion(first, second, alike, len(articles[first.pk] & articles[second.pk]))
        for (first, second), alike in pairs
    ]
    suggestions.sort(key=lambda s: (-s.score, s.first.name.casefold(), s.second.name.casefold()))
    return suggestions[:limit]
