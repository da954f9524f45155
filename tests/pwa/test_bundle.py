"""The offline app ships one bundle and one stylesheet (static/dist/, esbuild from npm),
committed so `make run` needs no node; this test rebuilds them and fails when they are
stale (run `make assets`). Static URLs are fingerprinted and cached a year (issues 15.8,
11.2)."""
import re
import shutil
import subprocess
from pathlib import Path

from juror_app.assets.fingerprint import YEAR_SECONDS, fingerprint
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "static" / "dist"


def test_committed_bundle_is_what_the_sources_build(tmp_path):
    if not (ROOT / "node_modules" / ".bin" / "esbuild").exists() or not shutil.which("npm"):
        skip_or_fail("esbuild missing: run `npm ci` (make test does)")
    subprocess.run(["npm", "run", "-s", "build", "--", f"--outdir={tmp_path}"], cwd=ROOT,
                   check=True, timeout=120)
    for name in ("app.js", "app.css"):
        assert (tmp_path / name).read_bytes() == (DIST / name).read_bytes(), (
            f"static/dist/{name} is stale: run `make assets` and commit it")


def test_shell_loads_the_bundle_with_fingerprints(client, auth):
    auth.login_as("juror")
    html = client.get("/app/").get_data(as_text=True)
    js = f"/static/dist/app.js?v={fingerprint(ROOT / 'static', 'dist/app.js')}"
    assert f'<link rel="modulepreload" href="{js}">' in html
    assert f'<script type="module" src="{js}">' in html
    assert "js/app/main.js" not in html, "no module graph to walk on a cold load"
    statics = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert statics and all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in statics)


def test_a_fingerprinted_file_is_cached_a_year_an_old_one_is_not(client):
    path = "dist/app.css"
    current = client.get(f"/static/{path}?v={fingerprint(ROOT / 'static', path)}")
    assert current.status_code == 200
    assert current.cache_control.max_age == YEAR_SECONDS and current.cache_control.immutable
    stale = client.get(f"/static/{path}?v=000000000000")
    assert stale.status_code == 200
    assert stale.cache_control.max_age != YEAR_SECONDS and not stale.cache_control.immutable
    current.close()
    stale.close()


def test_fingerprint_follows_the_bytes_and_stays_in_its_folder(tmp_path):
    (tmp_path / "a.css").write_text("a{}")
    first = fingerprint(tmp_path, "a.css")
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    (tmp_path / "a.css").write_text("a{color:red}")
    assert fingerprint(tmp_path, "a.css") != first
    assert fingerprint(tmp_path, "missing.css") is None
    assert fingerprint(tmp_path / "sub", "../a.css") is None
