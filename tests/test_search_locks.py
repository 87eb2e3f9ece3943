"""The indexer's locks in the database (search/locks.py), used when several machines share the
index (Solr). Run on SQLite and, with DATABASE_URL=postgres://…, on PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search import indexer
from search.locks import DatabaseLease, IndexerBusy, database_lock
from search.models import IndexerLock

pytestmark = pytest.mark.django_db


def holder_of(name):
    return IndexerLock.objects.get(name=name).holder


def test_a_held_lock_refuses_a_second_holder_and_names_the_first():
    with database_lock("drain.lock", timeout=0) as lease:
        assert holder_of("drain.lock") == lease.holder
        refused = pytest.raises(IndexerBusy, match=f"held by {lease.holder} until")
        with refused, database_lock("drain.lock", timeout=0.2):
            pass
    assert holder_of("drain.lock") == ""


def test_a_released_lock_can_be_taken_again():
    with database_lock("drain.lock", timeout=0):
        pass
    with database_lock("drain.lock", timeout=0) as lease:
        assert holder_of("drain.lock") == lease.holder


def test_locks_of_different_names_do_not_exclude_each_other():
    with database_lock("drain.lock", timeout=0), database_lock("reindex.lock", timeout=0):
        assert holder_of("drain.lock") != holder_of("reindex.lock") != ""


def test_a_lease_that_ran_out_is_taken_over_and_its_old_holder_learns_it():
    with database_lock("indexer.lock", timeout=0, lease=timedelta(minutes=5)) as crashed:
        IndexerLock.objects.filter(name="indexer.lock").update(expires=timezone.now() - timedelta(seconds=1))
        with database_lock("indexer.lock", timeout=0) as successor:
            assert holder_of("indexer.lock") == successor.holder
            crashed.taken_at -= crashed.lease.total_seconds()  # its next renewal is due
            with pytest.raises(IndexerBusy, match="taken over"):
                crashed.renew()
        # The old holder leaving does not free the successor's lock.
    assert holder_of("indexer.lock") == ""


def test_a_renewal_extends_the_lease_only_when_a_third_of_it_has_passed():
    with database_lock("indexer.lock", timeout=0, lease=timedelta(minutes=3)) as lease:
        first = IndexerLock.objects.get(name="indexer.lock").expires
        lease.renew()
        assert IndexerLock.objects.get(name="indexer.lock").expires == first  # not due: no write
        lease.taken_at -= 61
        lease.renew()
        assert IndexerLock.objects.get(name="indexer.lock").expires > first


def test_a_lease_is_not_taken_while_it_runs():
    IndexerLock.objects.create(
        name="drain.lock", holder="elsewhere:1:x", expires=timezone.now() + timedelta(minutes=1)
    )
    assert not DatabaseLease("drain.lock").take()
    assert holder_of("drain.lock") == "elsewhere:1:x"


def test_the_indexer_takes_database_locks_for_an_index_shared_by_machines(monkeypatch):
    engine = type(indexer.search_engine())
    monkeypatch.setattr(engine, "shared_by_machines", True)
    with indexer.drain_lock():
        assert holder_of("drain.lock")
    monkeypatch.setattr(engine, "shared_by_machines", False)
    with indexer.drain_lock():
        assert not IndexerLock.objects.filter(name="drain.lock", holder__gt="").exists()
