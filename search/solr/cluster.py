"""Start, inspect and stop a local SolrCloud: `python -m search.solr` or `SolrCloud(...)` in tests."""

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

SOLR_DIR = Path(__file__).resolve().parent
CONFIGSET = SOLR_DIR / "configset" / "conf"
TARGET = SOLR_DIR / "target"
CLASSPATH_FILE = TARGET / "classpath.txt"
LAUNCHER_CLASS = "org.morgue.solrcloud.Launcher"
REPLY_PREFIX = "morgue-solr: "  # the launcher's answers; other lines on its stdout are Solr's logging
REPLY_TIMEOUT = 120  # seconds a node may take to stop or start


class SolrCloudError(RuntimeError):
    """The launcher could not be built, did not come up in time, or refused a command."""


def build_launcher():
    """Compile the launcher with Maven unless its classes are newer than every source file."""
    sources = [SOLR_DIR / "pom.xml", *(SOLR_DIR / "src").rglob("*.java")]
    built = TARGET / "classes" / "org" / "morgue" / "solrcloud" / "Launcher.class"
    if built.exists() and CLASSPATH_FILE.exists():
        newest_source = max(path.stat().st_mtime for path in sources)
        if built.stat().st_mtime >= newest_source:
            return
    result = subprocess.run(
        ["mvn", "-q", "-B", "package"], cwd=SOLR_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SolrCloudError(f"mvn package failed in {SOLR_DIR}:\n{result.stdout}{result.stderr}")


class SolrCloud:
    """A SolrCloud of `nodes` Solr nodes with one `shards` × `replicas` collection.

    The cluster runs in one JVM (the launcher); `stop_node(i)` takes a node away — its Jetty
    and cores shut down, as when a machine leaves — and `start_node(i)` brings it back.
    """

    def __init__(self, workdir, *, nodes=2, shards=2, replicas=2, collection="morgue", heap="1g"):
        self.workdir = Path(workdir)
        self.options = {"nodes": nodes, "shards": shards, "replicas": replicas, "collection": collection}
        self.heap = heap
        self.process = None
        self.description = None
        self.replies = queue.Queue()

    @property
    def collection_url(self):
        return self.description["collection_url"]

    @property
    def node_urls(self):
        return list(self.description["nodes"])

    def start(self, *, timeout=240):
        build_launcher()
        self.workdir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.workdir / "cluster", ignore_errors=True)  # a throwaway cluster each time
        ready_file = self.workdir / "ready.json"
        ready_file.unlink(missing_ok=True)
        self.log_path = self.workdir / "launcher.log"
        self.process = subprocess.Popen(
            self._command(ready_file),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log_path.open("wb"),
            text=True,
            cwd=SOLR_DIR,
        )
        threading.Thread(target=self._sort_output, args=(self.workdir / "solr.log",), daemon=True).start()
        self._wait_for(ready_file, timeout)
        self.description = json.loads(ready_file.read_text())
        return self

    def _command(self, ready_file):
        classpath = f"{TARGET / 'classes'}:{CLASSPATH_FILE.read_text().strip()}"
        arguments = [word for name, value in self.options.items() for word in (f"--{name}", str(value))]
        return [
            "java",
            f"-Xmx{self.heap}",
            f"-Dsolr.log.dir={self.workdir}",
            "-cp",
            classpath,
            LAUNCHER_CLASS,
            "--dir",
            str(self.workdir / "cluster"),
            "--configset",
            str(CONFIGSET),
            "--ready-file",
            str(ready_file),
            *arguments,
        ]

    def _wait_for(self, ready_file, timeout):
        deadline = time.monotonic() + timeout
        while not ready_file.exists():
            if self.process.poll() is not None:
                raise SolrCloudError(f"SolrCloud exited with {self.process.returncode}; see {self.log_path}")
            if time.monotonic() > deadline:
                self.close()
                raise SolrCloudError(f"SolrCloud not ready after {timeout} s; see {self.log_path}")
            time.sleep(0.5)
        self._read_reply(expect="ready ")

    def stop_node(self, index):
        self._command_line(f"stop {index}", expect=f"stopped {index}")

    def start_node(self, index):
        self._command_line(f"start {index}", expect=f"started {index}")

    def _command_line(self, line, *, expect):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        self._read_reply(expect=expect)

    def _sort_output(self, solr_log):
        """Read the launcher's stdout for as long as it runs: its answers to the reply queue, Solr's
        logging to `solr_log`. Unread, the pipe would fill and Solr's logging would block every
        thread that logs (requests hung until their time-out, measured)."""
        with solr_log.open("a", encoding="utf-8") as log:
            for line in self.process.stdout:
                if line.startswith(REPLY_PREFIX):
                    self.replies.put(line[len(REPLY_PREFIX) :].strip())
                else:
                    log.write(line)
        self.replies.put(None)  # the launcher exited

    def _read_reply(self, *, expect):
        try:
            answer = self.replies.get(timeout=REPLY_TIMEOUT)
        except queue.Empty:
            message = f"no answer from SolrCloud in {REPLY_TIMEOUT} s; see {self.log_path}"
            raise SolrCloudError(message) from None
        if answer is None:
            raise SolrCloudError(f"SolrCloud exited; see {self.log_path}")
        if not answer.startswith(expect):
            raise SolrCloudError(f"SolrCloud answered {answer!r}, expected {expect!r}")
        return answer

    def close(self, *, timeout=60):
        """Shut the cluster down (end of input), and kill it if it has not gone within `timeout`."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.process.stdin.close()
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.close()
