"""/healthz: green when the server can work, red (503) naming what fails, no secrets."""
from __future__ import annotations

from flask_migrate import downgrade

from juror_app.core.extensions import db
from tests.conftest import make_test_app
from tests.pg_cluster import free_port


def test_green_on_a_migrated_database(migrated_app):
    response = migrated_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok", "checks": {"database": "ok", "media": "ok", "migrations": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"
    assert migrated_app.test_client().get("/api/v1/health").status_code == 200


def test_red_when_the_database_is_down(tmp_path, caplog):
    dead = f"postgresql+psycopg://juror:s3cret-pw@127.0.0.1:{free_port()}/juror"
    app = make_test_app(dead, tmp_path)
    with app.app_context():
        response = app.test_client().get("/healthz")
        db.engine.dispose()
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "fail"
    assert body["checks"]["media"] == "ok"
    text = response.get_data(as_text=True)
    assert "s3cret" not in text and "127.0.0.1" not in text and "juror@" not in text
    assert "database unreachable" in caplog.text  # the detail goes to the log


def test_red_when_the_schema_is_behind_the_code(migrated_app):
    downgrade(revision="0001")
    db.session.remove()
    response = migrated_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {
        "database": "ok", "media": "ok", "migrations": "fail"}


def test_red_when_media_is_not_a_folder(migrated_app, tmp_path):
    """(Read-only folders cannot be tested as root, which writes into them anyway.)"""
    blocked = tmp_path / "media-is-a-file"
    blocked.write_text("not a folder")
    migrated_app.config["MEDIA_DIR"] = str(blocked)
    response = migrated_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["media"] == "fail"


def test_red_when_media_is_gone(migrated_app, tmp_path):
    migrated_app.config["MEDIA_DIR"] = str(tmp_path / "unmounted" / "media")
    response = migrated_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["media"] == "fail"
