"""A throwaway Morgue install for the reliability runs (bench/stress_*.py, bench/load_run.py).

`Site` owns a fresh MORGUE_DATA_DIR in a temporary folder: it runs `manage.py` commands there,
starts and kills gunicorn (`-c gunicorn.conf.py`, so the master also runs the search indexer) on a
free loopback port, and, once `site.django()` has been called, lets the driver read the same
database and index in-process to compare them. `AdminClient` drives the real admin forms over
HTTP (login, GET the form, POST it back with the CSRF token and every field the browser would send).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/bbc")
# gunicorn's default access log line plus the time the worker spent on the request.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
ERRORS = re.compile(r'<ul class="errorlist[^>]*>(.*?)</ul>', re.S)
STAFF_USER, STAFF_PASSWORD = "stress-editor", "stress-password-123"


def corpus_files(count=None):
    """The BBC corpus files in a stable order (topics interleaved), the first `count` of them."""
    files = sorted(p for p in CORPUS.glob("*/*.txt"))
    by_topic = {}
    for path in files:
        by_topic.setdefault(path.parent.name, []).append(path)
    interleaved = [p for group in zip(*by_topic.values(), strict=False) for p in group]
    interleaved += [p for p in files if p not in set(interleaved)]
    return interleaved[:count] if count else interleaved


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Site:
    def __init__(self, data_dir=None, workers=2):
        self.data_dir = Path(data_dir or tempfile.mkdtemp(prefix="morgue-stress-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.workers = workers
        self.port = None
        self.server = None
        self.spawned = []
        self.env = {
            **os.environ,
            "MORGUE_DATA_DIR": str(self.data_dir),
            "SECRET_KEY": "stress-run-not-secret",
            "DEBUG": "0",
            "WEB_CONCURRENCY": str(workers),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DATABASE_URL", None)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def index_root(self):
        return self.data_dir / "whoosh_index"

    def manage(self, *args, check=True, **kwargs):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def manage_async(self, *args, log_name):
        log = open(self.data_dir / log_name, "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.spawned.append(process)
        return process

    def prepare(self):
        """migrate, collectstatic, a staff user; returns self."""
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser({STAFF_USER!r}, 'e@example.org', {STAFF_PASSWORD!r})",
        )
        return self

    def start_server(self, timeout=60):
        self.port = self.port or free_port()
        self.server_log = open(self.data_dir / "gunicorn.log", "a")  # noqa: SIM115
        self.server = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "--access-logformat", ACCESS_LOG_FORMAT, "morgue.wsgi"],
            cwd=ROOT,
            env={**self.env, "BIND": f"127.0.0.1:{self.port}"},
            stdout=self.server_log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.data_dir / 'gunicorn.log'}")
            # This master's own workers must be up: workers orphaned by a killed master may still
            # answer on the port while the new master cannot bind it.
            if len(self.worker_pids()) >= self.workers:
                try:
                    if (
                        requests.get(self.url + "/", timeout=60).status_code == 200
                    ):  # a cold home page at 100k: ~10 s
                        return self.server
                except requests.ConnectionError:
                    pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer in time")

    def stop_server(self):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
        self.server = None

    def close(self):
        """Stop the server and whatever manage_async() started that still runs."""
        for process in self.spawned:
            if process.poll() is None:
                process.kill()
                process.wait()
        self.stop_server()

    # --- processes under the master -------------------------------------------------------------

    def children(self, pid=None):
        pid = pid or self.server.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except FileNotFoundError:
            return []
        return [int(p) for p in text.split()]

    def indexer_pid(self):
        """The `run_indexer` process of this site (under the master or orphaned), or None."""
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
                environ = (proc / "environ").read_bytes()
            except (FileNotFoundError, PermissionError, ProcessLookupError):
                continue
            mine = b"run_indexer" in cmdline and f"MORGUE_DATA_DIR={self.data_dir}\0".encode() in environ
            if mine and Path(f"/proc/{proc.name}/stat").read_text().split()[2] != "Z":
                return int(proc.name)
        return None

    def worker_pids(self):
        indexer = self.indexer_pid()
        return [pid for pid in self.children() if pid != indexer]

    # --- in-process Django on the same data folder --------------------------------------------

    def django(self):
        os.environ.update({k: self.env[k] for k in ("MORGUE_DATA_DIR", "SECRET_KEY", "DEBUG")})
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()


def writer_open(pid):
    """True while process `pid` holds a Whoosh writer (its MAIN_WRITELOCK file is open)."""
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd).endswith("MAIN_WRITELOCK"):
                    return True
            except FileNotFoundError:
                continue
    except (FileNotFoundError, PermissionError):
        return False
    return False


def wait_for(predicate, timeout, poll=0.002):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    return None


# --- the admin over HTTP ------------------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields a browser would submit from the first <form> containing `marker` fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.fields = None
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.fields = []
            self.forms.append(self.fields)
        if self.fields is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            self.fields.append([name, a.get("value", "on" if kind in ("checkbox", "radio") else "")])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a:
                self.select["chosen"].append(value)

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # The HTML parser keeps the newline browsers drop right after <textarea>.
            if self.textarea[1].startswith("\n"):
                self.textarea[1] = self.textarea[1][1:]
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] or ([self.select["first"]] if self.select["first"] else [])
            self.fields.extend([self.select["name"], value] for value in chosen)
            self.select = None
        elif tag == "form":
            self.fields = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_fields(html, must_have):
    parser = FormParser()
    parser.feed(html)
    # The admin header has a logout form too: take the largest form with the field.
    candidates = [fields for fields in parser.forms if any(name == must_have for name, _ in fields)]
    if not candidates:
        raise ValueError(f"no form with a {must_have!r} field")
    return max(candidates, key=len)


def set_field(fields, name, value):
    for field in fields:
        if field[0] == name:
            field[1] = value
            return
    fields.append([name, value])


class AdminClient:
    """One editor's browser: every request's (label, status, seconds) is appended to `log`."""

    def __init__(self, base_url, log):
        self.base = base_url
        self.session = requests.Session()
        self.log = log
        self.last_error = None

    def request(self, label, method, path, **kwargs):
        started = time.monotonic()
        try:
            response = self.session.request(
                method, self.base + path, timeout=60, allow_redirects=False, **kwargs
            )
            status = response.status_code
        except requests.RequestException as exc:
            response, status = None, f"error: {type(exc).__name__}"
        self.log.append((label, status, time.monotonic() - started))
        return response

    def post_form(self, label, path, fields):
        """POST a form; a 200 means the admin refused it: its error messages go to `last_error`."""
        response = self.request(label, "POST", path, data=fields, headers={"Referer": self.base + path})
        self.last_error = None
        if response is not None and response.status_code == 200:
            self.last_error = [" ".join(e.split()) for e in ERRORS.findall(response.text)][:3]
        return response

    def login(self):
        page = self.request("login form", "GET", "/admin/login/")
        fields = form_fields(page.text, "csrfmiddlewaretoken")
        set_field(fields, "username", STAFF_USER)
        set_field(fields, "password", STAFF_PASSWORD)
        response = self.post_form("login", "/admin/login/?next=/admin/", fields)
        if response is None or response.status_code != 302:
            raise RuntimeError("admin login failed")

    def change(self, model, pk, changes):
        """Open the change form of archive.<model> pk, apply {field: value}, save. True on success."""
        path = f"/admin/archive/{model}/{pk}/change/"
        page = self.request(f"{model} form", "GET", path)
        if page is None or page.status_code != 200:
            return False
        fields = form_fields(page.text, "csrfmiddlewaretoken")
        for name, value in changes.items():
            set_field(fields, name, value)
        fields.append(["_save", "Save"])
        response = self.post_form(f"{model} save", path, fields)
        return response is not None and response.status_code == 302

    def delete(self, model, pk):
        path = f"/admin/archive/{model}/{pk}/delete/"
        page = self.request(f"{model} delete form", "GET", path)
        if page is None or page.status_code != 200:
            return False
        fields = form_fields(page.text, "post")
        response = self.post_form(f"{model} delete", path, fields)
        return response is not None and response.status_code == 302

    def merge_actors(self, pks, survivor):
        """The "Merge selected actors" action: select, confirm the survivor."""
        path = "/admin/archive/actor/"
        page = self.request("actor list", "GET", path)
        if page is None or page.status_code != 200:
            return False
        token = dict(form_fields(page.text, "csrfmiddlewaretoken"))["csrfmiddlewaretoken"]
        selection = [("csrfmiddlewaretoken", token), ("action", "merge_selected"), ("index", "0")]
        selection += [("_selected_action", str(pk)) for pk in pks]
        confirm = self.post_form("merge form", path, selection)
        if confirm is None or confirm.status_code != 200:
            return False
        fields = form_fields(confirm.text, "survivor")
        set_field(fields, "survivor", str(survivor))
        response = self.post_form("merge", path, fields)
        return response is not None and response.status_code == 302
