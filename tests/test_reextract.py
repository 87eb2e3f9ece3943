"""Corrections that stick: re-extraction replaces only what no editor touched; merges move everything."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.editing import dismiss_quotes, merge_actors
from archive.extract import extract_many
from archive.ingest import import_paths
from archive.models import Actor, ActorAlias, Article, Mention, Quote
from tests.conftest import SEED_ONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article():
    report = import_paths([SEED_ONE], extractor=extract_many)
    return Article.objects.get(pk=report.article_ids[0])


def reextract(article):
    call_command("reextract", str(article.pk), verbosity=0)


def test_import_with_extraction_stores_quotes_at_their_offsets(tmp_path):
    call_command("import_articles", str(SEED_ONE), verbosity=0)
    article = Article.objects.get()
    quotes = list(article.quotes.exclude(kind="reported").select_related("speaker"))
    assert len(quotes) == 10
    assert all(article.body[q.start : q.end] == q.text for q in quotes)
    assert {q.speaker.name for q in quotes} == {
        "Jeff Sessions",
        "Eleanor Acer",
        "Eric Fish",
        "Alex Mensing",
        "Nicole Ramos",
    }


def test_reextract_restores_unverified_quotes(seed_article):
    before = sorted(seed_article.quotes.values_list("start", "end", "speaker__name"))
    seed_article.quotes.update(speaker=None)
    reextract(seed_article)
    assert sorted(seed_article.quotes.values_list("start", "end", "speaker__name")) == before


def test_reextract_keeps_a_verified_quote_and_does_not_duplicate_its_span(seed_article):
    quote = seed_article.quotes.get(text__startswith="People are not going")
    editor_choice = Actor.objects.get(name="Thomas Homan")
    Quote.objects.filter(pk=quote.pk).update(speaker=editor_choice, verified=True)
    reextract(seed_article)
    kept = Quote.objects.get(pk=quote.pk)
    assert (kept.speaker, kept.verified) == (editor_choice, True)
    overlapping = seed_article.quotes.filter(start__lt=quote.end, end__gt=quote.start)
    assert list(overlapping) == [kept]
    assert seed_article.quotes.exclude(kind="reported").count() == 10


def test_import_stores_reported_speech_as_paraphrase(seed_article):
    reported = seed_article.quotes.filter(kind="reported")
    assert all(seed_article.body[q.start : q.end] == q.text for q in reported)
    hire = reported.get(text__startswith="the Justice Department hired 35 more")
    assert (hire.speaker.name, hire.cue) == ("Jeff Sessions", "announced")


def test_reextract_replaces_unverified_reported_speech_and_keeps_a_verified_one(seed_article):
    reported = seed_article.quotes.filter(kind="reported")
    before = sorted(reported.values_list("start", "end", "speaker__name"))
    kept = reported.get(text__startswith="the Justice Department hired")
    editor_choice = Actor.objects.get(name="Thomas Homan")
    Quote.objects.filter(pk=kept.pk).update(speaker=editor_choice, verified=True)
    reported.exclude(pk=kept.pk).update(speaker=None)
    reextract(seed_article)
    assert (Quote.objects.get(pk=kept.pk).speaker, Quote.objects.get(pk=kept.pk).verified) == (
        editor_choice,
        True,
    )
    after = sorted(seed_article.quotes.filter(kind="reported").values_list("start", "end", "speaker__name"))
    expected = [(s, e, "Thomas Homan" if s == kept.start else name) for s, e, name in before]
    assert after == expected


def test_reextract_keeps_a_verified_mention(seed_article):
    mention = seed_article.mentions.get(actor__name="Eric Fish")
    Mention.objects.filter(pk=mention.pk).update(count=99, verified=True)
    reextract(seed_article)
    assert Mention.objects.get(pk=mention.pk).count == 99


def test_reextract_does_not_bring_back_a_quote_an_editor_deleted(seed_article):
    quote = seed_article.quotes.get(text="is simply barbaric,")
    dismiss_quotes([quote])
    quote.delete()
    reextract(seed_article)
    assert not seed_article.quotes.filter(text="is simply barbaric,").exists()
    assert seed_article.quotes.exclude(kind="reported").count() == 9


def test_reextract_leaves_merged_actors_merged(seed_article):
    survivor = Actor.objects.create(name="Eric S. Fish", kind="person")
    fish = Actor.objects.get(name="Eric Fish")
    reported_by_fish = fish.quotes.filter(kind="reported").count()
    assert reported_by_fish
    merge_actors(survivor, [survivor, fish])
    reextract(seed_article)
    fish.refresh_from_db()
    assert fish.merged_into == survivor
    assert not fish.mentions.exists() and not fish.quotes.exists()
    assert seed_article.quotes.filter(speaker=survivor).exclude(kind="reported").count() == 2
    assert seed_article.quotes.filter(speaker=survivor, kind="reported").count() == reported_by_fish


def test_reextract_needs_ids_or_all():
    with pytest.raises(CommandError, match="--all"):
        call_command("reextract", verbosity=0)


def test_reextract_names_unknown_article_ids():
    with pytest.raises(CommandError, match="No article with id 12345"):
        call_command("reextract", "12345", verbosity=0)


def test_merge_moves_aliases_mentions_and_quotes_to_the_survivor(seed_article):
    sessions = Actor.objects.get(name="Jeff Sessions")
    duplicate = Actor.objects.create(name="Jefferson Sessions", kind="person")
    ActorAlias.objects.create(actor=duplicate, alias="Beauregard")
    Mention.objects.create(article=seed_article, actor=duplicate, count=2, first_offset=5)
    quote = seed_article.quotes.first()
    Quote.objects.filter(pk=quote.pk).update(speaker=duplicate)
    sessions_count = Mention.objects.get(article=seed_article, actor=sessions).count

    merge_actors(sessions, [sessions, duplicate])

    duplicate.refresh_from_db()
    assert duplicate.merged_into == sessions and not duplicate.aliases.exists()
    assert {"Jefferson Sessions", "Beauregard"} <= set(sessions.aliases.values_list("alias", flat=True))
    mention = Mention.objects.get(article=seed_article, actor=sessions)
    assert (mention.count, mention.first_offset) == (sessions_count + 2, 5)
    assert Quote.objects.get(pk=quote.pk).speaker == sessions
    assert Actor.objects.get(pk=sessions.pk).verified


def test_merging_into_a_merged_actor_merges_into_its_survivor(seed_article):
    fish, ramos = Actor.objects.get(name="Eric Fish"), Actor.objects.get(name="Nicole Ramos")
    survivor = Actor.objects.create(name="E. Fish", kind="person")
    merge_actors(survivor, [fish])
    merge_actors(fish, [ramos])
    ramos.refresh_from_db()
    assert ramos.merged_into == survivor


def test_web_pages_do_not_import_the_language_model():
    import subprocess
    import sys

    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'tests.settings'; django.setup(); "
        "import morgue.urls, archive.admin, pages.views; "
        "assert 'spacy' not in sys.modules and 'archive.extract' not in sys.modules, 'model imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SEED_ONE.parent.parent.parent)


def test_a_dismissed_quote_stays_dismissed_when_the_text_moves(seed_article):
    quote = seed_article.quotes.get(text="is simply barbaric,")
    dismiss_quotes([quote])
    quote.delete()
    Article.objects.filter(pk=seed_article.pk).update(body="Updated. " + seed_article.body)
    seed_article.refresh_from_db()
    reextract(seed_article)
    assert not seed_article.quotes.filter(text="is simply barbaric,").exists()
    assert all(seed_article.body[q.start : q.end] == q.text for q in seed_article.quotes.all())
