"""Long runs, excluded from `make test` (pyproject's addopts deselect the `stress` marker every test
here carries); run them with `make stress`. Each run's request tally is printed at the end."""

from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).parent
TALLY = Counter()


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(HERE):
            item.add_marker(pytest.mark.stress)


@pytest.fixture
def tally():
    """Counts responses by status class ("2xx", "4xx", "5xx", ...) for the end-of-run summary."""
    return TALLY


def pytest_terminal_summary(terminalreporter):
    if TALLY:
        total = sum(TALLY.values())
        classes = ", ".join(f"{name} {count}" for name, count in sorted(TALLY.items()))
        terminalreporter.write_line(f"hostile requests: {total} ({classes})")
