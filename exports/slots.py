"""At most settings.EXPORT_SLOTS exports stream at once, across every gunicorn worker.

An export reads and writes every match of a search (seconds to minutes); a few at once could
occupy every worker. Each running export holds an flock on one of EXPORT_SLOTS files in the data
folder, released when its response is closed (finished, or the client went away) — the kernel
releases it too if the worker dies.
"""

import fcntl
import os
from pathlib import Path

from django.conf import settings


def slot_folder():
    folder = Path(settings.EXPORT_SLOT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def take_slot():
    """The descriptor of a free slot's locked file, or None when every slot is taken."""
    for number in range(settings.EXPORT_SLOTS):
        descriptor = os.open(slot_folder() / f"{number}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        return descriptor
    return None


class StreamInSlot:
    """A response's chunks that give their slot back when the response is closed.

    A class rather than a generator: a generator that was never started runs no `finally` on
    close(), so a HEAD request or a client gone before the first chunk would keep its slot."""

    def __init__(self, chunks, descriptor):
        self.chunks = iter(chunks)
        self.descriptor = descriptor

    def __iter__(self):
        return self.chunks

    def close(self):
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing the descriptor releases the flock
            self.descriptor = None

    def __del__(self):
        # A response dropped without being closed (not what a WSGI server does) frees its slot too.
        self.close()
