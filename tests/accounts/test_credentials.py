"""Unknown e-mails cost the same password hash as known ones (no enumeration by timing)."""
from __future__ import annotations

import pytest
from werkzeug import security

from juror_app.accounts import credentials
from juror_app.models import Role
from tests import factories


@pytest.fixture
def hash_calls(monkeypatch):
    """Count the real scrypt checks (the function still runs: timing stays real)."""
    calls = []

    def counting(pwhash, password):
        calls.append(pwhash.split("$", 1)[0])
        return security.check_password_hash(pwhash, password)

    monkeypatch.setattr(credentials, "check_password_hash", counting)
    monkeypatch.setattr("juror_app.models.people.check_password_hash", counting)
    return calls


def test_dummy_hash_uses_the_same_scrypt_settings_as_real_ones(app):
    user = factories.make_user()
    user.set_password(factories.PASSWORD)  # as the app sets it (the factory's is cheaper)
    assert credentials.dummy_hash().split("$", 1)[0] == user.password_hash.split("$", 1)[0]


@pytest.mark.parametrize("case", ["unknown", "wrong password", "inactive", "right"])
def test_every_login_checks_exactly_one_hash(app, client, hash_calls, case):
    known = factories.make_user(Role.JUROR)
    inactive = factories.make_user(Role.JUROR, active=False)
    email, password = {
        "unknown": ("nikt@example.org", "x"), "wrong password": (known.email, "x"),
        "inactive": (inactive.email, factories.PASSWORD), "right": (known.email,
                                                                 factories.PASSWORD),
    }[case]
    hash_calls.clear()
    client.post("/login", data={"email": email, "password": password})
    api = client.post("/api/v1/tokens", json={"email": email, "password": password,
                                              "device_name": "x"})
    assert api.status_code == (201 if case == "right" else 401)
    assert len(hash_calls) == 2 and len(set(hash_calls)) == 1, hash_calls
