"""deploy/juror.env.example names every setting the app reads."""
from __future__ import annotations

import re
from pathlib import Path

from juror_app.core.config import Config
from tests.deploy.conftest import DEPLOY

PACKAGE = Path(__file__).resolve().parents[2] / "juror_app"
# Flask's and the tests' own keys, set in code rather than by an operator.
NOT_OPERATOR_SETTINGS = {"SQLALCHEMY_DATABASE_URI", "TESTING", "DEBUG", "SERVER_NAME",
                         "WTF_CSRF_ENABLED", "SECRET_KEY_FALLBACKS"}


def settings_the_app_reads() -> set[str]:
    names = {name for name in vars(Config) if name.isupper()}
    pattern = re.compile(r"config(?:\.get\(|\[)\"([A-Z][A-Z0-9_]+)\"")
    for source in PACKAGE.rglob("*.py"):
        names |= set(pattern.findall(source.read_text(encoding="utf-8")))
    return names - NOT_OPERATOR_SETTINGS


def test_every_setting_is_in_the_environment_template():
    template = (DEPLOY / "juror.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?JUROR_([A-Z0-9_]+)=", template, re.MULTILINE))
    missing = sorted(settings_the_app_reads() - listed)
    assert missing == [], f"add to deploy/juror.env.example: {missing}"
    assert {"DATABASE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI"} <= listed
