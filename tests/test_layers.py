"""The layering of docs/architecture.md, checked on every import statement (top level or inside a
function) of each app's modules, so that a shortcut across layers fails here instead of silently
growing a cycle. The API and the exports are two renderers of one search request
(search/request.py): neither imports the other, and search imports neither."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = {"archive", "search", "pages", "api", "exports", "morgue"}
# app → the project apps its modules may import (itself included).
MAY_IMPORT = {
    "archive": {"archive"},
    "search": {"archive", "search"},
    "pages": {"archive", "search", "pages"},
    "api": {"archive", "search", "api"},
    "exports": {"archive", "search", "exports"},
}


def imported_apps(path):
    """{(project app, line)} of every absolute import in the module at `path`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update((name.split(".")[0], node.lineno) for name in names)
    return {(app, line) for app, line in found if app in PROJECT_APPS}


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_an_app_imports_only_the_layers_below_it(app):
    modules = sorted((ROOT / app).rglob("*.py"))
    assert modules, f"no modules under {app}/"
    crossings = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in modules
        for imported, line in sorted(imported_apps(path))
        if imported not in MAY_IMPORT[app]
    ]
    assert crossings == []


def test_the_checker_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def later():\n    from search.indexer import drain_outbox\n    import api.views\n")
    assert imported_apps(module) == {("search", 2), ("api", 3)}


STATUS_RULE = re.compile(r"\bStatus\.(PUBLISHED|DRAFT|EMBARGOED)\b|\bstatus__|\.published\(\)")


@pytest.mark.parametrize("app", ["search", "pages", "api", "exports", "morgue"])
def test_only_archive_knows_what_published_means(app):
    """Every other app asks archive/selectors.py for public rows; none tests an article's status."""
    spelled_out = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if STATUS_RULE.search(line)
    ]
    assert spelled_out == []
