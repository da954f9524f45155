"""The evidence archive: streamed, complete, and `flask evidence verify` finds a changed byte."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from juror_app.evidence.archive_check import check_archive
from tests.api_support import juror_with_assignment, new_id, payload
from tests.evidence_samples import jpeg


@pytest.fixture
def evidence(app, client):
    """Two contacts of one participant, two photos, one review decision."""
    juror, assignment, headers = juror_with_assignment()
    cids = []
    for day in (6, 7):
        cid = new_id()
        body = payload(assignment, started_at=f"2025-10-0{day}T11:00:00+02:00",
                       ended_at=f"2025-10-0{day}T11:07:30+02:00")
        assert client.put(f"/api/v1/contacts/{cid}", json=body, headers=headers).status_code == 201
        response = client.put(f"/api/v1/contacts/{cid}/photos/{new_id()}", data=jpeg(),
                              content_type="image/jpeg", headers=headers)
        assert response.status_code == 201
        cids.append(cid)
    return assignment


def download(client, auth, url) -> bytes:
    auth.login_as("coordinator")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.is_streamed
    return response.get_data()


def test_edition_archive_holds_contacts_photos_events_and_a_manifest(client, auth, evidence,
                                                                     tmp_path):
    data = download(client, auth, f"/evidence/editions/{evidence.edition_id}/archive.zip")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        contact = json.loads(zf.read(next(n for n in names if n.endswith("contact.json"))))
        audit = json.loads(zf.read(next(n for n in names if n.endswith("audit.json"))))
    assert sum(n.endswith(".display.jpg") for n in names) == 2
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    assert manifest["audit_chain_head"]["seq"] >= 4 and manifest["app_version"]
    assert contact["photos"][0]["received_sha256"] and contact["participant"]["name"]
    assert [e["action"] for e in audit] == ["contact.create", "photo.create"]
    path = tmp_path / "a.zip"
    path.write_bytes(data)
    assert check_archive(path) == []


def test_participant_archive_and_access(client, auth, evidence):
    assert client.get(f"/evidence/participants/{evidence.participant_id}/archive.zip"
                      ).status_code in (302, 401)
    data = download(client, auth, f"/evidence/participants/{evidence.participant_id}/archive.zip")
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def rewrite(source, target, name, change) -> None:
    """A copy of the archive with one member's bytes changed (CRC recomputed)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item.filename, change(data) if item.filename == name else data)


def test_verify_finds_a_changed_byte_and_an_edited_audit_event(client, auth, evidence, runner,
                                                               tmp_path):
    original = tmp_path / "archive.zip"
    original.write_bytes(download(client, auth,
                                  f"/evidence/editions/{evidence.edition_id}/archive.zip"))
    ok = runner.invoke(args=["evidence", "verify", str(original)])
    assert ok.exit_code == 0, ok.output
    names = zipfile.ZipFile(original).namelist()
    photo = next(n for n in names if n.endswith(".jpg"))
    flipped = tmp_path / "photo.zip"
    rewrite(original, flipped, photo,
            lambda d: d[:100] + bytes([d[100] ^ 1]) + d[101:])
    result = runner.invoke(args=["evidence", "verify", str(flipped)])
    assert result.exit_code == 1 and photo in result.output and "SHA-256" in result.output

    audit = next(n for n in names if n.endswith("audit.json"))

    def forge(data):
        events = json.loads(data)
        events[0]["after"]["notes"] = "dopisane"
        return json.dumps(events).encode()

    edited = tmp_path / "audit.zip"
    rewrite(original, edited, audit, forge)
    assert any(audit in p for p in check_archive(edited))


def test_cli_writes_the_same_archive(app, evidence, runner, tmp_path):
    out = tmp_path / "cli.zip"
    result = runner.invoke(args=["evidence", "archive", "--edition", str(evidence.edition_id),
                                 str(out)])
    assert result.exit_code == 0, result.output
    assert check_archive(out) == []
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr("extra.txt", b"x")
    assert "extra.txt: not listed in the manifest" in check_archive(out)


def test_pages_link_to_the_archives(client, auth, evidence):
    auth.login_as("coordinator")
    dashboard = client.get("/coordinator/").get_data(as_text=True)
    assert f"/evidence/editions/{evidence.edition_id}/archive.zip" in dashboard


def test_the_evidence_sheet_shows_timeline_hashes_and_flags(client, auth, evidence):
    from juror_app.core.extensions import db
    from juror_app.models import Contact, Photo

    contact = db.session.scalars(sa.select(Contact)).first()
    photo = db.session.scalars(sa.select(Photo).where(Photo.contact_id == contact.id)).one()
    auth.login_as("coordinator")
    page = client.get(f"/evidence/contacts/{contact.id}/sheet").get_data(as_text=True)
    assert "Karta dowodowa kontaktu" in page and photo.sha256 in page
    assert contact.payload_hash in page and "contact.create" in page and "photo.create" in page
    assert "Ostrzeżenia" in page
    review = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert f"/evidence/contacts/{contact.id}/sheet" in review
