"""How long an import takes to stop after Ctrl-C, in the middle of its first index checkpoint.

    .venv/bin/python bench/import_interrupt.py ../shared/corpus/bbc [--after 500] [--delay 1.0]

Imports the folder with `--processes 2` into a scratch data folder, waits until `--after`
articles are stored (the importer indexes a checkpoint every 500: it is then writing the index),
then `--delay` seconds more, and sends SIGINT to the whole process group, as a terminal's Ctrl-C
does. Prints the seconds until the command exited, its exit code and what it had stored.
"""

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--after", type=int, default=500, help="articles stored before the signal")
    parser.add_argument("--delay", type=float, default=1.0, help="seconds after that")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="morgue-interrupt-"))
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"MORGUE_DATA_DIR": str(data), "DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
    command = [*manage, "import_articles", "--processes", "2", str(args.folder)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    while stored(data) < args.after:
        if process.poll() is not None:
            sys.exit(f"the import ended before {args.after} articles were stored")
        time.sleep(0.05)
    time.sleep(args.delay)
    os.killpg(process.pid, signal.SIGINT)
    signalled = time.monotonic()
    out, _ = process.communicate()
    print(
        f"exited {time.monotonic() - signalled:.2f} s after SIGINT with code {process.returncode}; "
        f"{stored(data)} articles stored; {out.strip().splitlines()[-1] if out.strip() else ''}"
    )


def stored(data):
    try:
        with sqlite3.connect(data / "morgue.sqlite3", timeout=20) as db:
            return db.execute("SELECT count(*) FROM archive_article").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet
        return 0


if __name__ == "__main__":
    main()
