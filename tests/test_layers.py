"""Which app may import which: the API and the exports are two renderers of one search request
(search/request.py), so neither imports the other, and search imports neither."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_apps(package):
    """{(module path, imported top-level package)} for every import in `package`'s modules."""
    found = set()
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found |= {(str(path.relative_to(ROOT)), name.split(".")[0]) for name in names}
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"), [("api", {"exports"}), ("exports", {"api"}), ("search", {"api", "exports"})]
)
def test_an_app_does_not_import_its_peers_or_the_apps_above_it(package, forbidden):
    assert imported_apps(package), package  # the walk sees the package's imports
    assert {(path, name) for path, name in imported_apps(package) if name in forbidden} == set()
