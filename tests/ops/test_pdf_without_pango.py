"""A server without Pango (WeasyPrint's system libraries) still starts and serves; only
the certificate PDFs answer 503 with a clear message (README, Production: apt-get line)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.factories import full_marks, make_assignment, make_edition, make_participant
from tests.results_helpers import scored_contact

ROOT = Path(__file__).resolve().parents[2]

# What WeasyPrint's import does on a server without Pango: cffi's dlopen fails.
WITHOUT_PANGO = """
import sys
class NoPango:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': no such file")
sys.meta_path.insert(0, NoPango())
"""


def run(script: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})


def test_the_app_starts_and_serves_without_pango(tmp_path):
    result = run(WITHOUT_PANGO + f"""
from juror_app import create_app
app = create_app({{"TESTING": True, "SECRET_KEY": "k", "MEDIA_DIR": {str(tmp_path)!r},
                  "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path / 'db.sqlite3'}"}})
assert "weasyprint" not in sys.modules
print("login page", app.test_client().get("/login").status_code)
""", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "login page 200" in result.stdout


def test_rendering_a_certificate_leaves_pillow_refusing_truncated_images(tmp_path):
    """WeasyPrint's import turns LOAD_TRUNCATED_IMAGES on for the whole process."""
    result = run("""
from PIL import ImageFile
from juror_app.results.certificate_pdf import to_pdf
assert to_pdf("<p>Licencja Jakości</p>").startswith(b"%PDF")
print("truncated allowed:", ImageFile.LOAD_TRUNCATED_IMAGES)
""", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "truncated allowed: False" in result.stdout


def test_the_certificate_answers_503_with_a_clear_message(app, client, auth, monkeypatch,
                                                         caplog):
    edition = make_edition(name="II edycja 2025")
    winner = make_participant(edition, name="Gmina Świętochłowice")
    assignment = make_assignment(participant=winner)
    for channel in ("visit", "phone", "email", "social_media", "website"):
        scored_contact(assignment, channel, full_marks(channel),
                       {"rings": 1} if channel == "phone" else None)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` fails
    auth.login_as("coordinator")
    response = client.get(f"/results/{edition.id}/participants/{winner.id}/certificate.pdf")
    assert response.status_code == 503
    assert "Certyfikaty PDF są chwilowo niedostępne" in response.get_data(as_text=True)
    assert "libpango-1.0-0 libpangoft2-1.0-0" in caplog.text
