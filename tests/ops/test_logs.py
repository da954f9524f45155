"""Request ids in responses and log lines; JSON log lines; start-up checks."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from juror_app import create_app
from juror_app.core.config import ConfigError
from juror_app.ops.logs import request_id_from
from tests.conftest import make_test_app


@pytest.fixture
def sqlite_app(tmp_path):
    def build(**overrides):
        return make_test_app(f"sqlite:///{tmp_path / 'logs.sqlite3'}", tmp_path, **overrides)
    return build


def noisy_route(app):
    """A route that logs one line (the app's own views log only when something is off)."""
    from juror_app.accounts.access import public

    @app.route("/log-something")
    @public
    def log_something():
        app.logger.warning("photo rejected: %s", "too big")
        return "ok"


def test_request_id_is_made_and_sent_back(sqlite_app):
    client = sqlite_app().test_client()
    first = client.get("/api/v1/health").headers["X-Request-ID"]
    second = client.get("/api/v1/health").headers["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_request_id_from_the_proxy_is_kept_in_the_response_and_the_log(sqlite_app, capsys):
    app = sqlite_app()
    noisy_route(app)
    response = app.test_client().get("/log-something", headers={"X-Request-ID": "caddy-42"})
    assert response.headers["X-Request-ID"] == "caddy-42"
    [line] = [ln for ln in capsys.readouterr().err.splitlines() if "photo rejected" in ln]
    assert "[caddy-42]" in line and "WARNING" in line


@pytest.mark.parametrize("hostile", ["a b", "x" * 129, "id\nFAKE LOG LINE", ""])
def test_a_strange_request_id_is_replaced_not_logged(hostile):
    made = request_id_from(hostile)
    assert made != hostile and len(made) == 32


def test_json_log_lines_parse(sqlite_app, capsys):
    app = sqlite_app(LOG_FORMAT="json")
    noisy_route(app)
    app.test_client().get("/log-something", headers={"X-Request-ID": "r-7"})
    [line] = [ln for ln in capsys.readouterr().err.splitlines() if "photo rejected" in ln]
    record = json.loads(line)
    assert record["message"] == "photo rejected: too big"
    assert record["level"] == "WARNING" and record["logger"] == "juror_app"
    assert record["request_id"] == "r-7" and record["path"] == "/log-something"
    assert record["time"].endswith("+00:00")


def test_an_unknown_log_format_stops_the_start(sqlite_app):
    with pytest.raises(ValueError, match="JUROR_LOG_FORMAT"):
        sqlite_app(LOG_FORMAT="xml")


def test_one_line_per_message_after_several_apps(sqlite_app, capsys):
    sqlite_app()
    app = sqlite_app()
    noisy_route(app)
    app.test_client().get("/log-something")
    assert capsys.readouterr().err.count("photo rejected") == 1


def production_config(tmp_path, **overrides):
    return {"MEDIA_DIR": str(tmp_path / "media"), **overrides}


def test_missing_secret_key_on_postgresql_stops_the_start(tmp_path):
    config = production_config(tmp_path, DATABASE_URL="postgresql://juror@db.internal/juror")
    with pytest.raises(ConfigError, match="JUROR_SECRET_KEY is not set.*PostgreSQL"):
        create_app(config)


def test_missing_secret_key_with_the_multi_server_flag_stops_the_start(tmp_path):
    config = production_config(tmp_path, MULTI_SERVER=True,
                               DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(ConfigError, match="JUROR_MULTI_SERVER"):
        create_app(config)


def test_the_templates_placeholder_secret_stops_the_start(tmp_path):
    """Copied unchanged from deploy/juror.env.example, the key would be public."""
    template = (Path(__file__).resolve().parents[2] / "deploy" / "juror.env.example")
    [placeholder] = re.findall(r"^JUROR_SECRET_KEY=(.*)$", template.read_text(), re.MULTILINE)
    config = production_config(tmp_path, SECRET_KEY=placeholder,
                               DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(ConfigError, match="JUROR_SECRET_KEY is still the template's"):
        create_app(config)


def test_single_sqlite_server_keeps_its_generated_key(tmp_path, monkeypatch):
    monkeypatch.setenv("JUROR_DATABASE_URL", f"sqlite:///{tmp_path / 'one.sqlite3'}")
    first = create_app(production_config(tmp_path)).config["SECRET_KEY"]
    again = create_app(production_config(tmp_path)).config["SECRET_KEY"]
    assert first == again and len(first) > 40


def warnings_at_start(caplog, config) -> str:
    """What create_app warned about, for this config."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="juror_app"):
        create_app(config)
    return caplog.text


def test_memory_rate_limits_warn_at_a_production_start(tmp_path, caplog):
    config = production_config(tmp_path, SECRET_KEY="k",
                               DATABASE_URL=f"sqlite:///{tmp_path / 'w.sqlite3'}")
    assert "RATE LIMITS ARE PER PROCESS" in warnings_at_start(caplog, config)
    redis = {**config, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}
    assert "RATE LIMITS" not in warnings_at_start(caplog, redis)


def test_tests_start_without_the_warning(sqlite_app, caplog):
    with caplog.at_level(logging.WARNING, logger="juror_app"):
        sqlite_app(RATELIMIT_ENABLED=True)
    assert "RATE LIMITS" not in caplog.text


def test_mail_without_a_base_url_warns_that_links_follow_the_request_host(tmp_path, caplog):
    config = dict(SECRET_KEY="x" * 32, MEDIA_DIR=str(tmp_path / "m"), MAIL_HOST="smtp.test",
                  DATABASE_URL=f"sqlite:///{tmp_path / 'l.sqlite3'}")
    assert "MAILED LINKS TAKE THE REQUEST'S HOST" in warnings_at_start(caplog, config)
    with_base = {**config, "BASE_URL": "https://jury.example.org"}
    assert "MAILED LINKS" not in warnings_at_start(caplog, with_base)
    printed = {**config, "MAIL_HOST": ""}  # mails printed, not sent: nobody to fool
    assert "MAILED LINKS" not in warnings_at_start(caplog, printed)
