"""Cookie sessions (juror_app.core.cookie_sessions): a request without the cookie opens an
empty session without building Flask's signer; one with it is read and checked as ever."""
from __future__ import annotations

import pytest
from flask import session

from juror_app.accounts.access import public
from tests.conftest import make_test_app


@pytest.fixture
def signer_calls(tmp_path, monkeypatch):
    app = make_test_app("sqlite://", tmp_path)

    @app.get("/test/remember")
    @public
    def remember():
        session["seen"] = "tak"
        return "ok"

    @app.get("/test/recall")
    @public
    def recall():
        return session.get("seen", "nic")

    calls = []
    interface = app.session_interface
    real = interface.get_signing_serializer
    monkeypatch.setattr(interface, "get_signing_serializer",
                        lambda app: calls.append(1) or real(app))
    return app, calls


def test_a_request_without_the_cookie_builds_no_signer(signer_calls):
    app, calls = signer_calls
    client = app.test_client(use_cookies=False)
    assert client.get("/test/recall").get_data(as_text=True) == "nic"
    assert calls == []


def test_the_cookie_is_still_signed_read_and_checked(signer_calls):
    app, calls = signer_calls
    client = app.test_client()
    client.get("/test/remember")  # saving signs it
    assert client.get("/test/recall").get_data(as_text=True) == "tak"
    assert len(calls) >= 2
    client.set_cookie("session", "tak-bez-podpisu")
    assert client.get("/test/recall").get_data(as_text=True) == "nic"
