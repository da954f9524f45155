"""What create_app sets only in a serving gunicorn worker: the GIL hand-over and the
photo processes (never for a CLI command or a test client)."""
from __future__ import annotations

import os
import sys

import pytest

from juror_app import create_app
from juror_app.evidence import workers


@pytest.fixture
def switch_interval():
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


def test_a_gunicorn_worker_hands_the_gil_over_sooner_and_starts_its_photo_processes(
        tmp_path, monkeypatch, switch_interval):
    monkeypatch.setattr(workers, "_pools", {})
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}",
                "THREAD_SWITCH_SECONDS": 0.002, "PHOTO_PROCESSES": 1})
    assert sys.getswitchinterval() == pytest.approx(0.002)
    pool = workers._pools.pop(os.getpid())
    pool.shutdown()


def test_elsewhere_nothing_changes(tmp_path, monkeypatch, switch_interval):
    monkeypatch.setattr(workers, "_pools", {})
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    before = sys.getswitchinterval()
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}",
                "THREAD_SWITCH_SECONDS": 0.002, "PHOTO_PROCESSES": 1})
    assert sys.getswitchinterval() == before and workers._pools == {}
