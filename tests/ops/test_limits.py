"""Rate limits when Redis is the store (JUROR_RATELIMIT_STORAGE_URI=redis://…) but down:
logins keep working and are still limited, counted in the worker's memory meanwhile.
(Redis shared by two real servers: tests/deploy/test_scale_out.py.)"""
from __future__ import annotations

import pytest

from tests.conftest import make_test_app
from tests.pg_cluster import free_port


@pytest.fixture
def app_with_dead_redis(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path / 'limits.sqlite3'}", tmp_path,
                        RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute",
                        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    from juror_app.core.extensions import db

    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_logins_work_and_stay_limited_while_redis_is_down(app_with_dead_redis, caplog):
    client = app_with_dead_redis.test_client()
    codes = [client.post("/login", data={"email": "nikt@example.org", "password": "x" * 12})
             .status_code for _ in range(5)]
    assert 500 not in codes, codes
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429], codes
