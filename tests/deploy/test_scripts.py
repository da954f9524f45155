"""deploy/juror-flask reads /etc/juror/juror.env the way systemd does, caller first."""
from __future__ import annotations

import getpass
import json
import multiprocessing
import os
import runpy
import stat
import subprocess
import urllib.request

from tests.deploy.conftest import DEPLOY
from tests.deploy.stack import wait_until


def test_juror_flask_passes_the_settings_and_the_command(tmp_path):
    app_dir = tmp_path / "app"
    (app_dir / ".venv" / "bin").mkdir(parents=True)
    fake_flask = app_dir / ".venv" / "bin" / "flask"
    fake_flask.write_text('#!/bin/sh\necho "args=$*"\necho "cwd=$(pwd)"\nenv | grep ^JUROR_\n')
    fake_flask.chmod(0o755)
    env_file = tmp_path / "juror.env"
    env_file.write_text("# comment\n\nJUROR_DATABASE_URL=postgresql:///juror\n"
                        "JUROR_RATELIMIT_LOGIN=10 per minute\n"
                        "JUROR_MAIL_SENDER=Lider <jury@example.org>\n"
                        "JUROR_MEDIA_DIR=/srv/juror/media\n"
                        "not a setting line\n")
    env = {"PATH": os.environ["PATH"], "JUROR_ENV_FILE": str(env_file),
           "JUROR_APP_DIR": str(app_dir), "JUROR_APP_USER": getpass.getuser(),
           "JUROR_MEDIA_DIR": "/srv/restore-test-media"}
    result = subprocess.run([str(DEPLOY / "juror-flask"), "backup", "/tmp/b.tar"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    lines = set(result.stdout.splitlines())
    assert "args=--app app backup /tmp/b.tar" in lines
    assert f"cwd={app_dir}" in lines
    assert {"JUROR_DATABASE_URL=postgresql:///juror", "JUROR_RATELIMIT_LOGIN=10 per minute",
            "JUROR_MAIL_SENDER=Lider <jury@example.org>"} <= lines
    assert "JUROR_MEDIA_DIR=/srv/restore-test-media" in lines  # the caller's value wins


def test_nightly_backup_keeps_its_folder_private(tmp_path):
    """The folder holds every password hash and photo: 0700, even if it existed as 0755."""
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o755)
    fake_flask = tmp_path / "juror-flask"
    fake_flask.write_text('#!/bin/sh\n[ "$1" = backup ] && echo archive > "$2"\n')
    fake_flask.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "BACKUP_DIR": str(backups),
           "JUROR_APP_USER": getpass.getuser(), "JUROR_FLASK": str(fake_flask)}
    result = subprocess.run([str(DEPLOY / "backup-nightly")], env=env, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    [archive] = backups.glob("juror-*.tar")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # the script's umask, too


def test_gunicorn_takes_an_empty_worker_count_as_the_default(monkeypatch):
    """deploy/juror.env.example lists GUNICORN_WORKERS= empty: 2 per CPU, at most 8."""
    monkeypatch.setenv("GUNICORN_WORKERS", "")
    monkeypatch.setenv("GUNICORN_THREADS", "")
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["workers"] == min(2 * multiprocessing.cpu_count(), 8)
    assert settings["threads"] == 4
    template = (DEPLOY / "juror.env.example").read_text()
    assert "#GUNICORN_WORKERS=\n" in template and "2 per CPU, at most 8" in template


def test_the_scripts_are_valid_shell():
    for script in ("juror-flask", "backup-nightly"):
        result = subprocess.run(["sh", "-n", str(DEPLOY / script)], capture_output=True,
                                text=True, timeout=10)
        assert result.returncode == 0, result.stderr


def test_gunicorn_writes_json_access_lines_with_the_request_id(tmp_path):
    from flask_migrate import upgrade

    from juror_app.core.extensions import db
    from tests.conftest import make_test_app
    from tests.deploy.stack import AppServer, stop

    url = f"sqlite:///{tmp_path / 'json.sqlite3'}"
    app = make_test_app(url, tmp_path)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    server = AppServer("json", {"JUROR_DATABASE_URL": url, "JUROR_SECRET_KEY": "k",
                                "JUROR_MEDIA_DIR": str(tmp_path / "media"),
                                "JUROR_LOG_FORMAT": "json"}, tmp_path).start()
    try:
        server.wait()
        request = urllib.request.Request(f'http://127.0.0.1:{server.port}/healthz?x="q"',
                                         headers={"X-Request-ID": "probe-1"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
        wait_until(lambda: "probe-1" in server.log.read_text(), "access line")
    finally:
        stop(server.process)
    [line] = [json.loads(x) for x in server.log.read_text().splitlines() if "probe-1" in x]
    assert line["logger"] == "gunicorn.access" and line["status"] == "200"
    assert line["path"] == "/healthz" and line["request_id"] == "probe-1"
    assert line["query"] == 'x="q"'  # a quote from the URL, escaped, still one JSON line
