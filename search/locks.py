"""The indexer's named locks (search/indexer.py): one process at a time drains, rebuilds or runs
as the daemon.

Where they live is the engine's choice (its `shared_by_machines`):

* `file_lock`: an flock in the engine's local `lock_dir` (Whoosh: one machine, one disk); the
  operating system frees it the moment its process dies;
* `database_lock`: a lease on a row of search.IndexerLock, for an index several machines write
  (Solr): file locks cannot coordinate machines, the database all of them use can. Taking it is one
  conditional UPDATE, atomic on SQLite and PostgreSQL alike; a holder that dies frees it when its
  lease runs out, so a long holder renews the lease (`Lease.renew()`).

Both yield a Lease; `with lock(...) as lease:`.
"""

import fcntl
import os
import socket
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from search.models import IndexerLock

# How long a database lock stays taken without a renewal. The daemon renews it on each loop; a
# drain or a rebuild renews it between batches. Long enough for one bulk batch (about a minute per
# 50,000 entries), short enough that a crashed holder blocks the others only briefly.
LEASE = timedelta(minutes=5)
POLL = 0.05


class IndexerBusy(Exception):
    pass


class FileLease:
    """An flock stays held until its process closes it or dies: nothing to renew."""

    def renew(self):
        pass


@contextmanager
def file_lock(root, name, timeout):
    """An exclusive flock on `root`/`name`; timeout 0 means try once. Raises IndexerBusy."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / name, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexerBusy(f"{root / name} is held by another process") from None
                time.sleep(POLL)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield FileLease()
    finally:
        os.close(fd)  # closing the descriptor releases the flock


class DatabaseLease:
    """The lease this process holds on the lock row `name`."""

    def __init__(self, name, lease=LEASE):
        self.name = name
        self.lease = lease
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self.taken_at = None

    def due(self):
        """Whether a third of the lease has passed since it was taken or renewed."""
        return time.monotonic() - self.taken_at >= self.lease.total_seconds() / 3

    def take(self):
        """True if the lock was free (or its lease over) and is now ours."""
        now = timezone.now()
        free = Q(holder="") | Q(expires__lt=now)
        taken = IndexerLock.objects.filter(free, name=self.name).update(
            holder=self.holder, expires=now + self.lease
        )
        self.taken_at = time.monotonic()
        return taken == 1

    def renew(self):
        """Extend the lease once a third of it has passed (the daemon calls this ten times a
        second); IndexerBusy if it ran out and another process took the lock."""
        if not self.due():
            return
        self.taken_at = time.monotonic()
        renewed = IndexerLock.objects.filter(name=self.name, holder=self.holder).update(
            expires=timezone.now() + self.lease
        )
        if not renewed:
            raise IndexerBusy(f"the {self.name} lock was taken over: this process held it past its lease")

    def release(self):
        IndexerLock.objects.filter(name=self.name, holder=self.holder).update(holder="", expires=None)

    def describe_holder(self):
        row = IndexerLock.objects.filter(name=self.name).first()
        if row is None or not row.holder:
            return "nobody (it was just released)"
        return f"{row.holder} until {row.expires:%Y-%m-%d %H:%M:%S} UTC"


@contextmanager
def database_lock(name, timeout, lease=LEASE):
    """The database lock `name`; timeout 0 means try once. Raises IndexerBusy naming its holder."""
    ensure_row(name)
    held = DatabaseLease(name, lease)
    deadline = time.monotonic() + timeout
    while not held.take():
        if time.monotonic() >= deadline:
            raise IndexerBusy(f"the {name} lock in the database is held by {held.describe_holder()}")
        time.sleep(POLL)
    try:
        yield held
    finally:
        held.release()


def ensure_row(name):
    if IndexerLock.objects.filter(name=name).exists():
        return
    try:
        with transaction.atomic():
            IndexerLock.objects.create(name=name)
    except IntegrityError:
        pass  # another process created it first
