"""Extraction of a stream of batches, in this process or in worker processes (the importer's way)."""

import os
import signal
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context, parent_process

from .nlp import pipeline

# Batches read ahead per worker: enough to keep the workers busy while the caller indexes a
# checkpoint (500 articles take seconds to index), a few megabytes of text.
AHEAD_PER_WORKER = 16


def extract_batches(batches, extract, processes=1, body_of=lambda item: item):
    """Yield (batch, extract([body_of(item) for item in batch])) for each batch, in order.

    With processes > 1 the batches are extracted in that many worker processes — spaCy and the
    rules both, so that the caller's process stores results meanwhile — with at most
    AHEAD_PER_WORKER batches per worker read ahead. `extract` must then be picklable (a
    module-level function). Workers are spawned, never forked (a forked child would share the
    caller's database connections), load the model once, and ignore Ctrl-C, which the caller
    handles; closing the generator early (Ctrl-C) stops them at once: their batches would never
    be stored, and finishing them took up to half a minute.
    """
    if processes <= 1:
        for batch in batches:
            yield batch, extract([body_of(item) for item in batch])
        return
    context = get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker) as pool:
        pending = deque()
        try:
            for batch in batches:
                pending.append((batch, pool.submit(extract, [body_of(item) for item in batch])))
                if len(pending) >= AHEAD_PER_WORKER * processes:
                    batch, future = pending.popleft()
                    yield batch, future.result()
            while pending:
                batch, future = pending.popleft()
                yield batch, future.result()
        finally:
            if pending:
                _stop_workers(pool)


def _stop_workers(pool):
    """Cancel what is queued and end the workers without waiting for the batches they extract."""
    for process in list(pool._processes.values()):  # no public way before Python 3.14
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _start_worker():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, name="exit-with-parent", daemon=True).start()
    pipeline()


def _exit_with_parent():
    """End this worker when the importer is gone (SIGKILL, SIGTERM, a crash): no `finally` of the
    importer runs then, and a spawned worker would otherwise wait for batches forever."""
    parent_process().join()
    os._exit(1)
