"""Only search/engine/ may import Whoosh (or haystack's Whoosh backend): every other module of the
project talks to the engine through its face (search/engine/__init__.py), so another engine can
take its place. Read from each module's syntax tree, so an import inside a function counts too.

Excepted: tests/ (they check the engine's Whoosh internals and compare with Whoosh's own output)
and bench/ (benchmarks that time raw Whoosh beside the engine).
"""

import ast

from tests.conftest import ROOT

ENGINE = ROOT / "search" / "engine"
EXCEPTED = {ROOT / "tests", ROOT / "bench", ROOT / ".venv", ROOT / "node_modules"}


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if not any(path.is_relative_to(folder) for folder in EXCEPTED | {ENGINE}):
            yield path


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def is_whoosh(module):
    return any(part in ("whoosh", "whoosh_backend") for part in module.split("."))


def test_no_module_outside_the_engine_imports_whoosh():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in project_modules()
        for module in imported_modules(path)
        if is_whoosh(module)
    ]
    assert offenders == []


def test_the_check_sees_imports_of_whoosh_in_any_form(tmp_path):
    module = tmp_path / "leaky.py"
    module.write_text(
        "import whoosh.query\n"
        "from haystack.backends import whoosh_backend\n"
        "def later():\n"
        "    from whoosh import index\n"
    )
    found = {m for m in imported_modules(module) if is_whoosh(m)}
    assert found == {"whoosh.query", "haystack.backends.whoosh_backend", "whoosh", "whoosh.index"}


def test_the_project_is_walked():
    walked = {path.relative_to(ROOT).as_posix() for path in project_modules()}
    assert {"search/service.py", "search/indexer.py", "search/hits.py", "morgue/settings.py"} <= walked
    assert not any(path.startswith(("search/engine/", "tests/", ".venv/")) for path in walked)
