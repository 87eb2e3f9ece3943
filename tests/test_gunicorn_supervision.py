"""gunicorn.conf.py: a master killed with -9 leaves no web worker and no indexer behind.

Orphans would keep the port (the next gunicorn fails with "Connection in use") and the index's
daemon lock (the next master's indexer would be refused and restarted every second, forever).
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import slow_stream_app
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)"),
]


def children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_env(tmp_path):
    env = {
        **os.environ,
        "MORGUE_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "test-only",
        "BIND": f"127.0.0.1:{free_port()}",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("DATABASE_URL", None)  # its own SQLite file in tmp_path
    return env


def start_gunicorn(tmp_path, env, *args):
    log = (tmp_path / "gunicorn.log").open("w")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    master = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", *args], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    return master, log


def test_a_master_killed_with_9_takes_its_workers_and_indexer_along(tmp_path):
    env = gunicorn_env(tmp_path)
    master, log = start_gunicorn(tmp_path, env, "morgue.wsgi")
    spawned = []
    try:
        assert wait_until(lambda: len(children(master.pid)) == 3, 30), "2 workers + the indexer"
        assert wait_until(lambda: "indexer running" in (tmp_path / "gunicorn.log").read_text(), 30)
        spawned = children(master.pid)
        os.kill(master.pid, signal.SIGKILL)
        master.wait()
        assert wait_until(lambda: not any(alive(pid) for pid in spawned), 10)
    finally:
        for pid in [master.pid, *spawned, *children(master.pid)]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()


def test_a_response_streaming_longer_than_the_timeout_is_not_cut_off(tmp_path):
    """A sync worker busy with one request for `timeout` seconds is killed mid-response, so every
    long export was cut off; the configured workers keep their heartbeat while a request runs."""
    env = {**gunicorn_env(tmp_path), "WEB_CONCURRENCY": "1"}
    # 2 s, under the 3 s the response streams for: a gthread worker's loop notifies the master
    # about once a second (its poll waits up to 1 s), so a 1 s timeout killed it now and then.
    master, log = start_gunicorn(tmp_path, env, "--timeout", "2", "tests.slow_stream_app:app")
    try:
        assert wait_until(lambda: len(children(master.pid)) == 2, 30), "1 worker + the indexer"
        host, port = env["BIND"].split(":")
        body = b""
        assert wait_until(lambda: port_open(host, int(port)), 30)
        with socket.create_connection((host, int(port)), timeout=30) as connection:
            connection.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
            while piece := connection.recv(65536):
                body += piece
        assert body.endswith(b"".join(f"{n}\n".encode() for n in range(slow_stream_app.PIECES))), body
    finally:
        for pid in [*children(master.pid), master.pid]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        master.wait()
        log.close()


def port_open(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False
