"""gunicorn settings for `make run`: serve Morgue and keep the one search indexer process alive.

The indexer (`manage.py run_indexer`, search/indexer.py) is the only writer of the search index. The
gunicorn master starts it before the workers, restarts it if it dies (checked every second by a
watchdog thread in the master) and stops it with SIGTERM when gunicorn exits, so `gunicorn -c
gunicorn.conf.py morgue.wsgi` stays the one command to run. If the master itself is killed (-9), the
indexer and the workers end with it, so that an immediate restart finds the port and the index lock
free (docs/reliability.md). Running it under systemd or another
supervisor instead works too: start `manage.py run_indexer` as its own service; a second indexer
refuses to start (it holds a lock in the index folder).
"""

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"
timeout = 30
# One request at a time per worker, as with sync workers, but the worker's heartbeat runs beside
# the request: a sync worker busy for `timeout` seconds is killed, which cut every export of more
# than about 30 seconds off mid-download (a common word at 100,000 articles: docs/benchmarks.md).
worker_class = "gthread"
threads = 1

INDEXER_COMMAND = [sys.executable, str(BASE_DIR / "manage.py"), "run_indexer"]
RESTART_DELAY_SECONDS = 1.0


class IndexerSupervisor:
    def __init__(self, log):
        self.log = log
        self.process = None
        self.stopping = threading.Event()

    def start(self):
        # --parent-pid: if the master is killed (-9), its indexer ends too instead of living on with
        # the index lock, which would keep the next master's indexer from starting.
        self.process = subprocess.Popen([*INDEXER_COMMAND, "--parent-pid", str(os.getpid())], cwd=BASE_DIR)
        self.log.info("search indexer started (pid %s)", self.process.pid)

    def watch(self):
        # gunicorn's SIGCHLD handler may reap the indexer first; poll() then reports it as ended.
        while not self.stopping.wait(RESTART_DELAY_SECONDS):
            if self.process.poll() is not None:
                self.log.error("search indexer exited; restarting it")
                self.start()

    def stop(self):
        self.stopping.set()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.info("search indexer stopped")


def on_starting(server):
    server.indexer = IndexerSupervisor(server.log)
    server.indexer.start()
    time.sleep(0.2)
    threading.Thread(target=server.indexer.watch, name="indexer-watchdog", daemon=True).start()


def on_exit(server):
    server.indexer.stop()


PR_SET_PDEATHSIG = 1


def post_fork(server, worker):
    """Linux: a worker gets SIGTERM (finish the request, exit) as soon as its master dies.

    Otherwise a master killed with -9 leaves its workers listening on the port until their next
    wake-up (up to timeout / 2 = 15 s), and a supervisor's immediate restart fails with "Connection
    in use" (measured with bench/stress_faults.py).
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != server.pid:  # the master died before the call above
            os.kill(os.getpid(), signal.SIGTERM)
