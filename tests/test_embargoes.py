"""Embargo release is the archive's job (archive/embargoes.py): it works with no search indexer."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from haystack.query import SearchQuerySet

from archive.models import Article, ChangeLogEntry
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def embargoed(title, until):
    return make_article(
        title, f"{title}: the harbour reopens.", published=date(2018, 6, 1),
        status=Article.Status.EMBARGOED, embargo_until=until,
    )  # fmt: skip


def test_the_command_releases_due_embargoes_and_records_them_for_the_index(client, drain_index, capsys):
    due = embargoed("Cranes", timezone.now() - timedelta(minutes=1))
    later = embargoed("Ferries", timezone.now() + timedelta(days=1))
    drain_index()
    assert client.get(due.get_absolute_url()).status_code == 404

    call_command("release_embargoes")  # no indexer runs
    assert f"released 1 embargo(es): [{due.pk}]" in capsys.readouterr().out
    assert client.get(due.get_absolute_url()).status_code == 200
    assert Article.objects.get(pk=later.pk).status == Article.Status.EMBARGOED
    pending = ChangeLogEntry.objects.filter(processed__isnull=True)
    assert list(pending.values_list("label", "object_pk")) == [("archive.article", due.pk)]

    drain_index()  # whenever the index next catches up
    assert [int(hit.pk) for hit in SearchQuerySet().models(Article).filter(content="harbour")] == [due.pk]


def test_a_second_run_releases_nothing(drain_index):
    embargoed("Cranes", timezone.now() - timedelta(minutes=1))
    call_command("release_embargoes", verbosity=0)
    before = ChangeLogEntry.objects.count()
    call_command("release_embargoes", verbosity=0)
    assert ChangeLogEntry.objects.count() == before
