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
    from juror_app.core.extensions import db, limiter

    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
    # The limiter is one object for every app of the test run, and it still believes its
    # storage dead: the next app's first limited requests would be counted half in the
    # fallback, half in its own store (Flask-Limiter revives the storage on a timer).
    limiter._storage_dead = False


def test_logins_work_and_stay_limited_while_redis_is_down(app_with_dead_redis, caplog):
    client = app_with_dead_redis.test_client()
    codes = [client.post("/login", data={"email": "nikt@example.org", "password": "x" * 12})
             .status_code for _ in range(5)]
    assert 500 not in codes, codes
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429], codes


def limited_app(tmp_path, **limits):
    return make_test_app(f"sqlite:///{tmp_path / 'limits.sqlite3'}", tmp_path,
                         RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute", **limits)


def test_no_route_wide_limit_means_no_check_on_every_request(tmp_path):
    """Only the credential routes are limited: the limiter's per-request hook is gone (its
    cost is paid by every sync request), and a login is still limited by its decorator."""
    from juror_app.core.extensions import db, limiter

    app = limited_app(tmp_path)
    assert limiter._check_request_limit not in app.before_request_funcs[None]
    with app.app_context():
        db.create_all()
        client = app.test_client()
        assert all(client.get("/api/v1/health").status_code != 429 for _ in range(5))
        codes = [client.post("/login", data={"email": "nikt@example.org", "password": "x" * 12})
                 .status_code for _ in range(4)]
        db.session.remove()
        db.engine.dispose()
    assert codes == [401, 401, 401, 429], codes


def test_a_default_limit_set_by_the_office_covers_every_route(tmp_path):
    app = limited_app(tmp_path, RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()
    codes = [client.get("/api/v1/health").status_code for _ in range(3)]
    assert codes[2] == 429 and 429 not in codes[:2], codes
