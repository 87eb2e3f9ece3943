#!/bin/sh
# How long the indexer takes to apply an import: bench/drain_time.sh N (from the repository root)
# imports the first N BBC files with extraction into a fresh folder while holding the daemon lock
# (so the import leaves its changes in the outbox, as with a running indexer), shows the pending
# entries, then times `run_indexer --once`. See docs/reliability.md.
D=$(mktemp -d /tmp/morgue-drain-XXXX); export MORGUE_DATA_DIR=$D SECRET_KEY=x
.venv/bin/python manage.py migrate -v0
FILES=$(.venv/bin/python -c "import sys; sys.path.insert(0,'bench'); from stress_env import corpus_files; print(' '.join(str(p) for p in corpus_files($1)))")
# hold the daemon lock so that the import leaves the outbox to "the indexer"
.venv/bin/python - "$D" <<'PY' &
import fcntl, os, sys, time
root = os.path.join(sys.argv[1], "whoosh_index"); os.makedirs(root, exist_ok=True)
fd = os.open(os.path.join(root, "indexer.lock"), os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX)
open(os.path.join(sys.argv[1], "locked"), "w").close(); time.sleep(3600)
PY
LOCKER=$!; while [ ! -f $D/locked ]; do sleep 0.1; done
.venv/bin/python manage.py import_articles $FILES | tail -1
kill $LOCKER
sqlite3 $D/morgue.sqlite3 "select label, count(*) from search_outboxentry where processed is null group by label"
/usr/bin/time -f "drain: %e s" .venv/bin/python manage.py run_indexer --once
