"""deploy/juror-flask reads /etc/juror/juror.env the way systemd does, caller first."""
from __future__ import annotations

import getpass
import os
import subprocess

from tests.deploy.conftest import DEPLOY


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


def test_the_scripts_are_valid_shell():
    for script in ("juror-flask", "backup-nightly"):
        result = subprocess.run(["sh", "-n", str(DEPLOY / script)], capture_output=True,
                                text=True, timeout=10)
        assert result.returncode == 0, result.stderr
