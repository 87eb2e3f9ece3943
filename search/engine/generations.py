"""Index generations: each full build of the Whoosh index lives in ``<root>/gen-<stamp>/`` and
``<root>/current`` is a symlink to the live one, so a rebuild is written aside and switched to
atomically while searches go on (stock haystack deletes the live folder: concurrent searches raise
EmptyIndexError)."""

import os
import shutil
import time
from pathlib import Path

CURRENT_LINK = "current"
GENERATION_PREFIX = "gen-"


def live_index_dir(root):
    """The folder the `current` link points at, or None before the first index exists."""
    try:
        target = os.readlink(Path(root) / CURRENT_LINK)
    except FileNotFoundError:
        return None
    return (Path(root) / target).resolve()


def new_generation_dir(root):
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = root / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path.mkdir()
    return path


def link_first_generation(root, generation_dir):
    """Make `generation_dir` the live index unless another process linked one first; returns the
    live folder (`generation_dir`, or theirs, in which case `generation_dir` is deleted)."""
    try:
        os.symlink(Path(generation_dir).name, Path(root) / CURRENT_LINK)
    except FileExistsError:
        shutil.rmtree(generation_dir, ignore_errors=True)
        return live_index_dir(root)
    return Path(generation_dir)


def switch_live_index(root, generation_dir):
    """Point `current` at `generation_dir` atomically (rename over the old link)."""
    root = Path(root)
    tmp = root / f".{CURRENT_LINK}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(Path(generation_dir).name, tmp)
    os.replace(tmp, root / CURRENT_LINK)


def remove_old_generations(root, keep=2):
    """Delete all generations but the live one and the `keep - 1` newest others.

    The previous generation is kept so that a process which has not yet noticed the switch still
    finds the files of the index it has open.
    """
    live = live_index_dir(root)
    others = sorted(
        (p for p in Path(root).glob(f"{GENERATION_PREFIX}*") if p.resolve() != live),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = others[keep - 1 :]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
