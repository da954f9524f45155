"""The offline app's server side: shell, session→token bridge, versioned service worker."""
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from juror_app.accounts.tokens import hash_token
from juror_app.core.extensions import db
from juror_app.models import DeviceToken
from juror_app.pwa.shell import precached_static, render_worker, version_stamp

STATIC = Path(__file__).resolve().parents[2] / "static"
NAVIGATE = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
# What the worker's install sends for /app/: a same-origin fetch, not a navigation.
PRECACHE_FETCH = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}


@pytest.fixture
def app_config():
    """A non-default photo size, to see the shell pass the server's setting on."""
    return {"PHOTO_UPLOAD_EDGE": 1200, "PHOTO_UPLOAD_QUALITY": 0.8, "PHOTO_MAX_PER_CONTACT": 12}


def worker_parts(client):
    body = client.get("/sw.js").get_data(as_text=True)
    version = re.search(r"const VERSION = '([0-9a-f]+)'", body).group(1)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    return version, precache


def test_worker_is_served_from_the_root_with_a_version_and_the_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    version, precache = worker_parts(client)
    assert len(version) == 12
    assert precache[0] == "/app/"
    paths = [url.split("?")[0] for url in precache]
    for url in ("/static/dist/app.js", "/static/dist/app.css",
                "/static/manifest.webmanifest", "/static/icons/icon-192.png"):
        assert url in paths
    assert all("?v=" in url for url in precache[1:]), "fingerprinted, as the shell links them"
    assert not any("vendor" in url for url in precache), "htmx is not part of the shell"
    for url in precache[1:]:
        response = client.get(url)
        response.close()  # static files are streamed; filterwarnings=error wants them closed
        assert response.status_code == 200, url


def test_version_follows_the_bytes_not_a_hand_kept_number(tmp_path):
    a, b = tmp_path / "a.js", tmp_path / "b.js"
    a.write_text("one")
    b.write_text("two")
    first = version_stamp([a, b])
    assert version_stamp([a, b]) == first
    b.write_text("two!")
    assert version_stamp([a, b]) != first


def test_precache_list_matches_the_static_folder():
    files = precached_static(STATIC)
    assert "dist/app.js" in files and "dist/app.css" in files
    assert not any(f.startswith("js/") for f in files), "the bundle replaces the modules"
    assert files == sorted(files)
    assert all(not f.startswith("js/vendor/") for f in files)


def test_render_worker_fills_both_placeholders():
    out = render_worker("const V='__VERSION__'; const P=__PRECACHE__;", "abc", ["/app/"])
    assert out == "const V='abc'; const P=[\"/app/\"];"


def test_shell_is_the_same_for_every_juror(client, auth):
    first = auth.login_as("juror", name="Anna Pierwsza")
    one = client.get("/app/")
    auth.logout()
    auth.login_as("juror", name="Bartosz Drugi")
    two = client.get("/app/")
    assert one.status_code == two.status_code == 200
    assert one.get_data() == two.get_data(), "cacheable: nothing per user inside"
    html = one.get_data(as_text=True)
    assert first.name not in html and first.email not in html
    assert 'rel="manifest"' in html and "dist/app.js" in html
    assert "Synchronizuj teraz" in html


@pytest.mark.parametrize("role", ["coordinator", "expert"])
def test_shell_is_for_jurors(client, auth, role):
    auth.login_as(role)
    assert client.get("/app/").status_code == 403
    assert client.post("/app/token").status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/app/", headers=NAVIGATE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/app/token").status_code == 302


def test_a_new_worker_installs_without_a_session(client, auth):
    """The phone's session cookie ended with the browser session; its device token lives
    on. The new worker's install fetches /app/ (not a navigation): it must get the shell,
    the very copy a juror's install gets, or the phone keeps the old release for good."""
    auth.login_as("juror")
    with_session = client.get("/app/", headers=PRECACHE_FETCH)
    client.delete_cookie("session")
    without = client.get("/app/", headers=PRECACHE_FETCH)
    assert without.status_code == 200, "a redirect failed the worker's install"
    assert without.get_data() == with_session.get_data()
    assert "data-session-user" not in without.get_data(as_text=True)
    for header in ("Content-Security-Policy", "Cache-Control"):
        assert without.headers.get(header) == with_session.headers.get(header)


def test_session_becomes_a_device_token_usable_on_the_api(client, auth):
    juror = auth.login_as("juror")
    response = client.post("/app/token", json={"device_name": "Telefon Anny"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    token = response.json["token"]
    row = db.session.scalar(sa.select(DeviceToken).where(DeviceToken.user_id == juror.id))
    assert row.device_name == "Telefon Anny"
    assert row.token_hash == hash_token(token) and token not in row.token_hash
    # The session expires (its cookie is gone) but the app keeps syncing with the token.
    client.delete_cookie("session")
    api = client.get("/api/v1/me/assignments", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200, "the token works without the session"


@pytest.mark.parametrize("body", [None, {"device_name": ""}, {"device_name": 7}, ["x"],
                                  {"device_name": "x" * 500}])
def test_odd_device_names_still_give_a_named_token(client, auth, body):
    auth.login_as("juror")
    response = client.post("/app/token", json=body)
    assert response.status_code == 201
    row = db.session.scalar(sa.select(DeviceToken))
    assert 0 < len(row.device_name) <= 120


def test_csrf_endpoint_gives_a_token_that_is_not_cached(client, auth):
    auth.login_as("juror")
    response = client.get("/app/csrf")
    assert response.status_code == 200 and response.json["csrf_token"]
    assert response.headers["Cache-Control"] == "no-store"


def test_manifest_is_installable():
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "/app/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"].removeprefix("/static/")).is_file()


def test_photo_shrinking_is_configured_by_the_server(client, auth):
    auth.login_as("juror")
    html = client.get("/app/").get_data(as_text=True)
    assert 'data-photo-edge="1200"' in html and 'data-photo-quality="0.8"' in html
    assert 'data-photo-max="12"' in html, "the phone stops at the server's cap (issue 8.9)"
