"""Wire copies and near-duplicates: articles that tell one story in (nearly) the same words.

An agency story reprinted by several outlets differs from one outlet to the next in its headline,
its first paragraph, a sentence cut here and there; identical texts never get this far (the import
refuses a text it already holds: archive/models.py's content hash). Such articles are grouped,
never dropped: each stays an article of its own, and its `copy_group` names the others.

How alike two texts are is the Jaccard similarity of their sets of word shingles (SHINGLE_WORDS
consecutive words), estimated from MinHash signatures of NUM_HASHES values (the share of equal
values). Each signature is cut into BANDS bands of ROWS values, hashed to a key and stored
(`CopyBand`, locality-sensitive hashing): two articles with a similarity of 0.6 share at least one
band key with a probability of 97%, of 0.3 with one of 18%. So an article's candidates are found
by one indexed lookup of its keys, and only they are compared with it: a new article never costs
a pass over the archive.

Articles at least SIMILAR alike are in one `CopyGroup`, transitively (a copy of a copy too).

This is a small implementation of our own rather than datasketch's: the signatures are stored in
the database, so their hash functions must stay the same across library upgrades (ours are fixed
here), datasketch's LSH keeps its tables in memory or Redis rather than in our database, and its
MinHash is the same twenty lines of numpy as `signature()`.
"""

import hashlib
import re
import unicodedata
import zlib

import numpy as np
from django.db.models import Q

from archive.changes import record_articles
from archive.models import Article, CopyBand, CopyFingerprint, CopyGroup

SHINGLE_WORDS = 5
NUM_HASHES = 100
BANDS, ROWS = 25, 4  # BANDS * ROWS == NUM_HASHES
SIMILAR = 0.6  # estimated Jaccard similarity from which two articles are copies of one story
# Fewer shingles than this (a text of a few lines) say too little to tell a copy from a stock phrase.
MIN_SHINGLES = 20
SHINGLE_CHUNK = 20_000  # shingles hashed at once: bounds memory for a very long text
LOOKUP_CHUNK = 500

_PRIME = (1 << 61) - 1
_MASK = (1 << 32) - 1
# Fixed forever: stored signatures were computed with these (see the module docstring).
_random = np.random.default_rng(20261202)
_A = _random.integers(1, _MASK, size=NUM_HASHES, dtype=np.uint64)
_B = _random.integers(0, _MASK, size=NUM_HASHES, dtype=np.uint64)
_WORD_MIX = np.uint64(0x9E3779B97F4A7C15)
WORD = re.compile(r"\w+")


def words(text):
    """The text's words, lower-cased and Unicode-normalised (punctuation and spacing ignored)."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(text):
    """32-bit hashes of the text's distinct shingles (SHINGLE_WORDS consecutive words), as uint64."""
    found = words(text)
    if len(found) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.array([zlib.crc32(word.encode("utf-8")) for word in found], dtype=np.uint64)
    count = len(found) - SHINGLE_WORDS + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):  # a polynomial of the words, wrapping at 2**64
        mixed = mixed * _WORD_MIX + word_hashes[offset : offset + count]
    return np.unique((mixed >> np.uint64(32)) ^ (mixed & np.uint64(_MASK)))


def signature(text):
    """The MinHash signature of the text's shingles (NUM_HASHES uint32 values), or None for a text
    too short to compare (MIN_SHINGLES)."""
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    lowest = np.full(NUM_HASHES, _MASK, dtype=np.uint64)
    for start in range(0, len(hashes), SHINGLE_CHUNK):
        chunk = hashes[start : start + SHINGLE_CHUNK, None]
        permuted = ((_A * chunk + _B) % np.uint64(_PRIME)) & np.uint64(_MASK)
        lowest = np.minimum(lowest, permuted.min(axis=0))
    return lowest.astype(np.uint32)


def band_keys(sig):
    """The signature's BANDS band keys (signed 64-bit, as the database stores them)."""
    return [
        int.from_bytes(
            hashlib.blake2b(
                bytes([band]) + sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
            ).digest(),
            "big",
            signed=True,
        )
        for band in range(BANDS)
    ]


def similarity(first, second):
    """The estimated Jaccard similarity of two signatures' shingle sets, 0-1."""
    return float(np.mean(first == second))


def as_signature(stored):
    return np.frombuffer(bytes(stored), dtype=np.uint32)


def group_copies(articles):
    """Put each of `articles` (just stored, or given a new text) in one group with the archived
    articles it is a copy of, or in none. Call inside the transaction that stored them.

    An article whose text changed leaves its old group first (the others stay together). Every
    article whose group or fellow members changed is recorded in the change log (which copy is
    the original, and how many there are, is in their search documents); the others are not, so
    that grouping a whole archive (`manage.py find_copies`) re-indexes only the copies.
    """
    signatures = {article.pk: signature(article.body) for article in articles}
    _store_fingerprints(signatures)
    edges = _copies_found({pk: sig for pk, sig in signatures.items() if sig is not None})
    changed = set(signatures)
    before = memberships(changed | {other for _, other in edges})
    Article.objects.filter(pk__in=changed).update(copy_group=None)
    merged_groups = _join_groups(edges)
    after = memberships(set(before) | changed)
    for article in articles:  # the caller's instances show their group too
        article.copy_group_id = after[article.pk][0]
    emptied = {group for group, _ in before.values()} | merged_groups
    CopyGroup.objects.filter(pk__in=emptied - {None}, articles__isnull=True).delete()
    record_articles({pk for pk in set(before) | set(after) if before.get(pk) != after.get(pk)})


def memberships(pks):
    """{pk: (its group, the group's members)} for `pks` and every member of their groups ((None,
    {pk}) for an article in none)."""
    groups = dict(Article.objects.filter(pk__in=pks).values_list("pk", "copy_group"))
    members = {}
    grouped = Article.objects.filter(copy_group__in={g for g in groups.values() if g is not None})
    for pk, group in grouped.values_list("pk", "copy_group"):
        members.setdefault(group, set()).add(pk)
        groups[pk] = group
    return {
        pk: (group, frozenset(members[group]) if group else frozenset({pk})) for pk, group in groups.items()
    }


def _store_fingerprints(signatures):
    ids = list(signatures)
    CopyFingerprint.objects.filter(article_id__in=ids).delete()
    CopyBand.objects.filter(article_id__in=ids).delete()
    found = {pk: sig for pk, sig in signatures.items() if sig is not None}
    CopyFingerprint.objects.bulk_create(
        [CopyFingerprint(article_id=pk, signature=sig.tobytes()) for pk, sig in found.items()]
    )
    CopyBand.objects.bulk_create(
        [CopyBand(article_id=pk, key=key) for pk, sig in found.items() for key in band_keys(sig)],
        batch_size=LOOKUP_CHUNK,
    )


def _copies_found(signatures):
    """[(article, its copy)] for the articles of `signatures`: those sharing a band key with it
    (archived or in the same batch) and at least SIMILAR alike."""
    keys = {pk: set(band_keys(sig)) for pk, sig in signatures.items()}
    holders = {}  # band key → articles holding it
    every_key = sorted(set().union(*keys.values())) if keys else []
    for start in range(0, len(every_key), LOOKUP_CHUNK):
        bands = CopyBand.objects.filter(key__in=every_key[start : start + LOOKUP_CHUNK])
        for article_id, key in bands.values_list("article_id", "key"):
            holders.setdefault(key, set()).add(article_id)
    candidates = {pk: set().union(*(holders.get(key, ()) for key in own)) - {pk} for pk, own in keys.items()}
    others = sorted(set().union(*candidates.values()) - set(signatures)) if candidates else []
    stored = dict(signatures)
    for start in range(0, len(others), LOOKUP_CHUNK):
        rows = CopyFingerprint.objects.filter(article_id__in=others[start : start + LOOKUP_CHUNK])
        stored.update((pk, as_signature(sig)) for pk, sig in rows.values_list("article_id", "signature"))
    return [
        (pk, other)
        for pk, found in candidates.items()
        for other in sorted(found)
        if other in stored and similarity(signatures[pk], stored[other]) >= SIMILAR
    ]


def _join_groups(edges):
    """Give each connected set of `edges` (article, its copy) one group, merging the groups their
    articles were in; returns the groups merged into another."""
    parent = {}

    def root(pk):
        while parent.setdefault(pk, pk) != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for first, second in edges:
        parent[root(first)] = root(second)
    components = {}
    for pk in parent:
        components.setdefault(root(pk), set()).add(pk)
    merged = set()
    for members in components.values():
        groups = set(
            Article.objects.filter(pk__in=members, copy_group__isnull=False).values_list(
                "copy_group", flat=True
            )
        )
        target = min(groups) if groups else CopyGroup.objects.create().pk
        Article.objects.filter(Q(pk__in=members) | Q(copy_group__in=groups - {target})).update(
            copy_group=target
        )
        merged |= groups - {target}
    return merged
