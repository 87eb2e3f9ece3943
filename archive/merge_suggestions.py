"""Probable duplicate actors for editors to review: "Labour Party"/"Labour party", "Mr Blair"/"Tony Blair".

Nothing here merges: editors decide, through the admin's merge confirmation, or dismiss a pair as
two actors (`dismiss_pair`), which is then never suggested again. Comparing every pair
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
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from archive.models import Actor, DismissedMerge, Mention
from archive.names import TITLE_WORDS

TITLES = frozenset(word.casefold() for word in TITLE_WORDS)  # "Mr", "Senator", "Prime Minister"
MIN_SIMILARITY = 85  # rapidfuzz scores 0-100; below this, name pairs were mostly different people
SHORTENED = 90  # a name shortened the usual way: below the same name, above most typos
LARGEST_BLOCK = 300  # a block this big is a common word ("party"), not a name: it pairs nothing
SHARED_ARTICLE_BONUS = 5  # per shared article, up to MAX_BONUS, added to the name similarity
MAX_BONUS = 15
FOLDED_CACHE = 100_000  # folded names kept per process (folded_name)
SMALL_BLOCK = 12  # a block this small is scored pair by pair: cheaper than rapidfuzz's cdist call


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
        return self.score_of(self.similarity, self.shared_articles)

    @staticmethod
    def score_of(similarity, shared_articles):
        return similarity + min(MAX_BONUS, SHARED_ARTICLE_BONUS * shared_articles)


class Named(NamedTuple):
    """What the scan reads of an actor: loading 12,000 model instances with their counts took most
    of the page's time on the BBC archive; only the suggested pairs' actors are loaded whole."""

    pk: int
    name: str
    kind: str


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
        return folded_name(actor.name, actor.kind)


@lru_cache(maxsize=FOLDED_CACHE)
def folded_name(name, kind):
    """Folded.of, kept: folding 12,000 names (Unicode decomposition, titles) took a third of the
    suggestions page's time, and names do not change."""
    key = fold(Named(0, name, kind))
    return Folded(key, tuple(key.split()), frozenset(key.split()))


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


def similarity(first, second, *, person):
    """(how alike two folded names are, 0-100; whether one is the other's short form): 100 for the
    same, SHORTENED for a short form, 0 for a word inside a longer name, otherwise rapidfuzz's ratio
    of the sorted words (typos, word order), 0 below MIN_SIMILARITY."""
    if first.key == second.key:
        return 100, False
    if first.word_set < second.word_set or second.word_set < first.word_set:
        short_form = is_short_form(first, second, person=person)
        return (SHORTENED if short_form else 0), short_form
    return round(fuzz.token_sort_ratio(first.key, second.key, score_cutoff=MIN_SIMILARITY)), False


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


def candidate_pairs(actors, dismissed=frozenset()):
    """Each pair of actors (Named) that shares a block, once, as (pair, similarity, short form or
    not), lower pk first, leaving out the `dismissed` pairs of pks.

    Only the pairs that can score MIN_SIMILARITY are scored one by one: those rapidfuzz rates
    alike, computed for a whole block at once (`cdist`), and those where one name's words are
    some of the other's (a short form). Scoring each of the 70,000 pairs of the BBC archive's
    blocks in Python took most of the page's time.
    """
    folded = {actor.pk: Folded.of(actor) for actor in actors}
    seen = set(dismissed)
    found = []
    for members in blocks(actors, folded):
        names = [folded[actor.pk] for actor in members]
        for i, j in sorted(alike_by_ratio(names) | one_inside_the_other(names)):
            first, second = sorted((members[i], members[j]), key=lambda actor: actor.pk)
            if (first.pk, second.pk) in seen:
                continue
            seen.add((first.pk, second.pk))
            person = PERSON in (first.kind, second.kind)
            alike, short_form = similarity(folded[first.pk], folded[second.pk], person=person)
            if alike >= MIN_SIMILARITY:
                found.append(((first, second), alike, short_form))
    return found


def alike_by_ratio(names):
    """{(i, j)}, i < j: the pairs of `names` (Folded) whose sorted words rapidfuzz rates alike."""
    keys = [name.key for name in names]
    if len(keys) <= SMALL_BLOCK:
        return {
            (i, j)
            for i in range(len(keys))
            for j in range(i + 1, len(keys))
            if fuzz.token_sort_ratio(keys[i], keys[j], score_cutoff=MIN_SIMILARITY)
        }
    ratios = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=MIN_SIMILARITY)
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(ratios, 1)), strict=True)}


def one_inside_the_other(names):
    """{(i, j)}, i < j: the pairs of `names` where one name's words are some of the other's."""
    sets = [name.word_set for name in names]
    return {
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if len(sets[i]) != len(sets[j]) and (sets[i] < sets[j] or sets[j] < sets[i])
    }


PERSON = Actor.Kind.PERSON


def articles_by_actor(actor_ids):
    rows = Mention.objects.filter(actor_id__in=actor_ids).values_list("actor_id", "article_id")
    by_actor = defaultdict(set)
    for actor_id, article_id in rows:
        by_actor[actor_id].add(article_id)
    return by_actor


def dismissed_pairs():
    return set(DismissedMerge.objects.values_list("first_id", "second_id"))


def dismiss_pair(first, second):
    """Record that two actors are not the same: the pair is no longer suggested."""
    low, high = sorted((first.pk, second.pk))
    DismissedMerge.objects.get_or_create(first_id=low, second_id=high)


def probable_duplicates(actors, limit=100):
    """The `limit` likeliest duplicate pairs among `actors` (a queryset) not yet merged nor
    dismissed, best first; each pair's actors are rows of `actors` (with its annotations)."""
    actors = actors.filter(merged_into__isnull=True)
    named = [Named(*row) for row in actors.values_list("pk", "name", "kind")]
    pairs = candidate_pairs(named, dismissed_pairs())
    articles = articles_by_actor({actor.pk for pair, *_ in pairs for actor in pair})
    ranked = [
        (pair, alike, len(articles[pair[0].pk] & articles[pair[1].pk]))
        for pair, alike, short_form in pairs
        # A surname or short form alone names too many actors to suggest without a shared article.
        if not short_form or articles[pair[0].pk] & articles[pair[1].pk]
    ]
    score = Suggestion.score_of
    ranked.sort(key=lambda r: (-score(r[1], r[2]), r[0][0].name.casefold(), r[0][1].name.casefold()))
    ranked = ranked[:limit]
    loaded = actors.in_bulk({actor.pk for pair, *_ in ranked for actor in pair})
    return [
        Suggestion(loaded[first.pk], loaded[second.pk], alike, shared)
        for (first, second), alike, shared in ranked
    ]
