"""deploy/juror.env.example names every setting the app reads."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from juror_app.core.config import Config
from tests.deploy.conftest import DEPLOY

PACKAGE = Path(__file__).resolve().parents[2] / "juror_app"
# Flask's and the tests' own keys, set in code rather than by an operator.
NOT_OPERATOR_SETTINGS = {"SQLALCHEMY_DATABASE_URI", "TESTING", "DEBUG", "SERVER_NAME",
                         "WTF_CSRF_ENABLED", "SECRET_KEY_FALLBACKS"}
SETTING = re.compile(r"[A-Z][A-Z0-9_]+")


def config_lookup(node: ast.AST) -> ast.expr | None:
    """The key of `….config.get(KEY, …)` or `….config[KEY]`, else None."""
    if isinstance(node, ast.Subscript) and getattr(node.value, "attr", "") == "config":
        return node.slice
    if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get"
            and getattr(node.func.value, "attr", getattr(node.func.value, "id", "")) == "config"
            and node.args):
        return node.args[0]
    return None


def called_name(call: ast.Call) -> str:
    return getattr(call.func, "id", getattr(call.func, "attr", ""))


def settings_in(tree: ast.AST, helpers: set[str]) -> set[str]:
    """Settings named literally: config.get("X"), config["X"], or helper("X", …) where a
    helper passes its argument on as the key (e.g. coordinator.forms.upload_limit)."""
    names = set()
    for node in ast.walk(tree):
        key = config_lookup(node)
        if key is None and isinstance(node, ast.Call) and called_name(node) in helpers:
            key = node.args[0] if node.args else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str) \
                and SETTING.fullmatch(key.value):
            names.add(key.value)
    return names


def config_helpers(trees: list[ast.AST]) -> set[str]:
    """Functions that look a setting up by a parameter: `def f(name): … config.get(name)`."""
    helpers = set()
    for tree in trees:
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            parameters = {arg.arg for arg in function.args.args}
            for node in ast.walk(function):
                key = config_lookup(node)
                if isinstance(key, ast.Name) and key.id in parameters:
                    helpers.add(function.name)
    return helpers


def settings_the_app_reads() -> set[str]:
    trees = [ast.parse(source.read_text(encoding="utf-8"))
             for source in PACKAGE.rglob("*.py")]
    helpers = config_helpers(trees)
    names = {name for name in vars(Config) if name.isupper()}
    for tree in trees:
        names |= settings_in(tree, helpers)
    return names - NOT_OPERATOR_SETTINGS


def test_settings_read_through_a_helper_are_found():
    """upload_limit("RUBRIC_MAX_BYTES", …) reads the setting as surely as config.get."""
    assert "upload_limit" in config_helpers([ast.parse(
        (PACKAGE / "coordinator" / "forms.py").read_text(encoding="utf-8"))])
    assert {"RUBRIC_MAX_BYTES", "CSV_MAX_BYTES", "ORGANISER_NAME"} <= settings_the_app_reads()


def test_every_setting_is_in_the_environment_template():
    template = (DEPLOY / "juror.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?JUROR_([A-Z0-9_]+)=", template, re.MULTILINE))
    missing = sorted(settings_the_app_reads() - listed)
    assert missing == [], f"add to deploy/juror.env.example: {missing}"
    assert {"DATABASE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI"} <= listed
