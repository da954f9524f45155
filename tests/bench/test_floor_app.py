"""The floor of `bench sync --floor` does what its figures claim: a new contact's PUT
inserts one row (under the floor's own id, not ours), and the resend finds it."""
from __future__ import annotations

import importlib
import random

import sqlalchemy as sa

from bench.bench_sync import new_puts, prepare


def test_the_floor_inserts_a_new_contact_once_and_finds_it_on_the_resend(tmp_path,
                                                                         monkeypatch):
    url = f"sqlite:///{tmp_path / 'floor.sqlite3'}"
    ctx = prepare(url, tmp_path / "media")
    monkeypatch.setenv("JUROR_DATABASE_URL", url)
    floor = importlib.reload(importlib.import_module("bench.floor_app"))
    client = floor.app.test_client()
    engine = sa.create_engine(url)

    def contacts() -> int:
        with engine.connect() as connection:
            return connection.scalar(sa.text("SELECT count(*) FROM contact"))

    before = contacts()
    requests = new_puts(ctx, 3, random.Random(3))
    first = [client.put(r.path, data=r.body, headers=r.headers).json for r in requests]
    assert contacts() == before + 3
    again = [client.put(r.path, data=r.body, headers=r.headers).json for r in requests]
    assert contacts() == before + 3
    assert [a["stored"] for a in first] == [False] * 3
    assert [a["stored"] for a in again] == [True] * 3
    assert all(a["client_id"] != r.path.rsplit("/", 1)[1]
               for a, r in zip(first, requests, strict=True))
    floor.engine.dispose()
    engine.dispose()
