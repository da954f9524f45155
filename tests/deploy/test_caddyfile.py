"""deploy/Caddyfile is valid for Caddy, in both TLS modes, with one or several servers."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.deploy.conftest import DEPLOY


def caddy_env(tmp_path, **settings) -> dict:
    # Caddy keeps certificates under $XDG_DATA_HOME: a throwaway folder, not the user's.
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    return {**env, **settings}


@pytest.mark.parametrize("settings", [
    {},
    {"JUROR_SITE": "juror.twoja-domena.pl", "JUROR_TLS": "acme"},
    {"JUROR_SITE": "192.168.1.10", "JUROR_TLS": "internal",
     "JUROR_UPSTREAMS": "10.0.0.11:8000 10.0.0.12:8000"},
], ids=["defaults", "real-domain", "trial-two-servers"])
def test_caddy_validates_the_caddyfile(caddy, tmp_path, settings):
    result = subprocess.run([caddy, "validate", "--config", str(DEPLOY / "Caddyfile"),
                             "--adapter", "caddyfile"], env=caddy_env(tmp_path, **settings),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


def adapted(caddy, tmp_path, **settings) -> str:
    result = subprocess.run([caddy, "adapt", "--config", str(DEPLOY / "Caddyfile")],
                            env=caddy_env(tmp_path, **settings), capture_output=True,
                            text=True, timeout=60, check=True)
    return json.dumps(json.loads(result.stdout))


def test_the_settings_reach_the_config(caddy, tmp_path):
    trial = adapted(caddy, tmp_path, JUROR_SITE="192.168.1.10", JUROR_TLS="internal",
                    JUROR_UPSTREAMS="10.0.0.11:8000 10.0.0.12:8000")
    assert '{"dial": "10.0.0.11:8000"}, {"dial": "10.0.0.12:8000"}' in trial
    assert '"module": "internal"' in trial
    assert '"health_checks"' in trial and '"/healthz"' in trial
    assert '"buffer_requests": true' in trial
    real = adapted(caddy, tmp_path, JUROR_SITE="juror.twoja-domena.pl")
    assert '"juror.twoja-domena.pl"' in real and '"module": "internal"' not in real
    # The app sends the CSP itself (accounts/core security headers): Caddy must not.
    assert "Content-Security-Policy" not in real
    assert "Strict-Transport-Security" in real
