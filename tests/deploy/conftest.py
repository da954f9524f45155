"""Deployment tests use the real Debian programs (caddy, redis-server, gunicorn)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        skip_or_fail(f"{name} not found (install Debian's {name} package; .ci/run does)")
    return found


@pytest.fixture(scope="session")
def caddy() -> str:
    return program("caddy")
