"""The test client shares the fixture's app context, so Flask-Login's user cached in `g`
would outlive a request; a real request never sees the previous one's `g`. Forget it
first, so these tests see exactly what the session cookie says."""
import pytest
from flask import g


@pytest.fixture(autouse=True)
def fresh_login_per_request(request):
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")

    def forget_cached_user():
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, forget_cached_user)
    yield
