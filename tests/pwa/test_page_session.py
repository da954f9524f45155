"""Whose session the app is in, told without /app/csrf (issue 15.8): the shell the browser
navigated to carries it, the copy the service worker caches never does, and the readable
`app_user` cookie follows every login and logout."""
import re

from juror_app.models import Role

NAVIGATE = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}


def cookie(client, name="app_user"):
    found = client.get_cookie(name)
    return found.value if found else None


def test_a_navigation_to_the_shell_carries_the_session_and_is_never_cached(client, auth):
    juror = auth.login_as(Role.JUROR)
    response = client.get("/app/", headers=NAVIGATE)
    page = response.get_data(as_text=True)
    assert re.search(rf'data-session-user="{juror.id}"', page)
    assert re.search(r'data-csrf="[^"]+"', page)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_workers_precache_fetch_gets_a_shell_without_any_user(client, auth):
    auth.login_as(Role.JUROR)
    # What the worker's install sends: a same-origin fetch, not a navigation.
    response = client.get("/app/", headers={"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"})
    page = response.get_data(as_text=True)
    assert "data-session-user" not in page and "data-csrf" not in page
    assert "no-store" not in response.headers.get("Cache-Control", "")
    plain = client.get("/app/").get_data(as_text=True)  # a browser without Sec-Fetch headers
    assert "data-session-user" not in plain


def test_the_app_user_cookie_follows_login_logout_and_the_next_juror(client, auth):
    first = auth.login_as(Role.JUROR)
    assert cookie(client) == str(first.id)
    client.get("/static/dist/app.js").close()  # a request that never looks at the session
    assert cookie(client) == str(first.id)
    auth.logout()
    assert cookie(client) is None
    second = auth.login_as(Role.JUROR)
    assert cookie(client) == str(second.id)
    set_cookie = client.get("/app/").headers.get("Set-Cookie", "")
    assert "app_user" not in set_cookie, "unchanged: not sent again"


def test_the_shell_paints_the_list_heading_before_any_script(client, auth):
    auth.login_as(Role.JUROR)
    page = client.get("/app/").get_data(as_text=True)
    view = re.search(r'<main id="view".*?</main>', page, re.S).group(0)
    assert "<h1>Moi uczestnicy</h1>" in view and 'class="hint list-hint"' in view
