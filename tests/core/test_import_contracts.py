"""The boundaries of ARCHITECTURE.md, checked on the real import graph.

The contracts in pyproject.toml ([tool.importlinter]) keep rules modules free of Flask and
of the database session; the test below adds what import-linter cannot say in one contract:
no feature imports another feature's views (a view module is a blueprint, or imports one).
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
# The app factory registers every blueprint; that is its job.
FACTORY = "juror_app"
# How a module's docstring says it is plain: "No Flask here", "(plain)", "Plain module".
CLAIMS_PLAIN = re.compile(r"\bno flask\b|\(plain\b|\bplain (?:module|python|rules)\b", re.I)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("juror_app", include_external_packages=True)


def feature_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def view_modules(graph) -> set[str]:
    return {m for m in graph.modules
            if m.endswith(".blueprint")
            or any(i.endswith(".blueprint") for i in graph.find_modules_directly_imported_by(m))
            or "Blueprint" in module_source(m)}


def module_source(module: str) -> str:
    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = ROOT / module.replace(".", "/") / "__init__.py"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def contract_sources() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {m for contract in config["tool"]["importlinter"]["contracts"]
            for m in contract["source_modules"]}


def modules_claiming_plain() -> set[str]:
    """Modules whose docstring says they import no Flask (package docstrings speak of
    their modules, not of themselves, so packages are left to test_package_inits_…)."""
    found = set()
    for path in (ROOT / "juror_app").rglob("*.py"):
        if path.name == "__init__.py":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if CLAIMS_PLAIN.search(doc):
            found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_a_module_that_says_it_is_plain_is_held_to_it():
    # A docstring's promise is only kept if import-linter checks it.
    claims = modules_claiming_plain()
    assert {"juror_app.sync.payload", "juror_app.sync.shapes", "juror_app.pwa.shell",
            "juror_app.results.ranking"} <= claims
    assert sorted(claims - contract_sources()) == []


def test_features_do_not_import_each_others_views(graph):
    crossings = sorted(
        f"{importer} -> {view}"
        for view in view_modules(graph)
        for importer in graph.find_modules_that_directly_import(view)
        if importer != FACTORY and feature_of(importer) != feature_of(view)
    )
    assert crossings == []


def test_the_view_finder_sees_the_views(graph):
    # Guards the test above against passing on an empty set.
    views = view_modules(graph)
    assert {"juror_app.review.actions", "juror_app.evidence.views",
            "juror_app.api.contacts"} <= views


def test_package_inits_import_no_flask(graph):
    # Importing a rules module runs its package's __init__ first: keep that free of Flask.
    heavy = sorted(
        f"{package} -> {imported}"
        for package in graph.modules
        if package.startswith("juror_app.") and graph.find_children(package)
        for imported in graph.find_modules_directly_imported_by(package)
        if imported.split(".")[0].startswith("flask") or imported.endswith(".blueprint")
    )
    assert heavy == []
