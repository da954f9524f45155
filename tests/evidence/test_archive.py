"""The evidence archive: streamed, complete, and `flask evidence verify` finds a changed byte."""
from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.evidence.archive_check import check_archive
from juror_app.models import Contact
from tests.api_support import juror_with_assignment, new_id, payload
from tests.evidence_samples import jpeg
from tests.review_support import decision_form

RETURN_COMMENT = "Brak zdjęcia tablicy urzędu — dodaj je, proszę."


@pytest.fixture
def evidence(app, client, auth):
    """Two contacts of one participant, two photos, one review decision (the first
    contact returned to the juror with a comment)."""
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
    first = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(cids[0])))
    auth.login_as("coordinator")
    decided = client.post(f"/review/contacts/{first.id}/return",
                          data=decision_form(first, comment=RETURN_COMMENT))
    assert decided.status_code == 302
    client.post("/logout")  # the archive tests sign in themselves
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
        review, untouched_review = (json.loads(zf.read(n)) for n in sorted(
            n for n in names if n.endswith("review.json")))
    assert sum(n.endswith(".display.jpg") for n in names) == 2
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    assert manifest["audit_chain_head"]["seq"] >= 4 and manifest["app_version"]
    assert contact["photos"][0]["received_sha256"] and contact["participant"]["name"]
    assert contact["photos"][0]["display_sha256"] == manifest["files"][
        next(n for n in names if n.endswith(".display.jpg") and n.startswith(
            f"contacts/{contact['id']:06d}/"))]
    assert contact["photos"][0]["digest_verified"] is False  # the fixture sent no digest
    assert [e["action"] for e in audit] == ["contact.create", "photo.create",
                                             "contact.return"]
    assert contact["status"] == "returned" and contact["review_comment"] == RETURN_COMMENT
    [decision] = review
    assert decision == audit[-1] and decision["actor_id"] != contact["juror"]["id"]
    assert decision["after"] == {"status": "returned", "review_comment": RETURN_COMMENT}
    assert untouched_review == []  # the second contact: no decision yet
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
    from juror_app.models import Photo

    contact = db.session.scalars(sa.select(Contact).order_by(Contact.id)).first()
    photo = db.session.scalars(sa.select(Photo).where(Photo.contact_id == contact.id)).one()
    auth.login_as("coordinator")
    page = client.get(f"/evidence/contacts/{contact.id}/sheet").get_data(as_text=True)
    assert "Karta dowodowa kontaktu" in page and photo.sha256 in page
    assert photo.display_sha256 and photo.display_sha256 in page
    sent_digest = "Skrót z telefonu zgodny z odebranym" in page
    assert sent_digest == (photo.client_sha256 is not None)
    assert contact.payload_hash in page
    # In Polish as on the review page: no channel, status or audit action as a code.
    assert "Przesłanie przez jurora" in page and "Dodanie zdjęcia" in page
    if contact.status == "returned":  # the fixture's first contact: one decision
        assert "Zwrot do poprawy" in page and "status: Zwrócony do poprawy" in page
    assert " · Telefon · " in page
    for code in ("contact.create", "photo.create", "contact.return", "· phone ·",
                 "status: returned", "status: submitted"):
        assert code not in page, code
    assert "Ostrzeżenia" in page
    review = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert f"/evidence/contacts/{contact.id}/sheet" in review


def reforge(source, target, name, change) -> None:
    """A consistent forgery: one member changed and re-hashed in manifest.json."""
    with zipfile.ZipFile(source) as zin:
        members = {n: zin.read(n) for n in zin.namelist()}
    members[name] = change(members[name])
    manifest = json.loads(members["manifest.json"])
    if name != "manifest.json":
        manifest["files"][name] = hashlib.sha256(members[name]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as zout:
        for member, data in members.items():
            zout.writestr(member, data)


def edit_json(edit):
    def change(data: bytes) -> bytes:
        document = json.loads(data)
        edit(document)
        return json.dumps(document).encode()
    return change


def rehashed_first_event(events):
    """The first event edited and given a hash of its own that matches it."""
    from types import SimpleNamespace

    from juror_app.audit.chain import event_hash
    from juror_app.evidence.archive_check import _parse_time

    events[0]["after"]["notes"] = "dopisane"
    fields = {k: v for k, v in events[0].items() if k not in ("hash", "id")}
    events[0]["hash"] = event_hash(SimpleNamespace(**{**fields,
                                                      "at": _parse_time(fields["at"])}))


def set_photo_sha(contact):
    contact["photos"][0]["received_sha256"] = "ab" * 32


def lower_head(manifest):
    manifest["audit_chain_head"]["seq"] = 1


FORGERIES = [
    ("contact.json", edit_json(lambda c: c.update(notes="Inna treść.")), "notes"),
    ("contact.json", edit_json(lambda c: c.update(status="approved")), "status"),
    ("contact.json", edit_json(lambda c: c.update(payload_sha256="cd" * 32)), "payload_sha256"),
    ("contact.json", edit_json(set_photo_sha), "in its audit event"),
    ("contact.json", edit_json(lambda c: c["photos"].clear()), "not in contact.json"),
    ("audit.json", edit_json(rehashed_first_event), "does not point at event"),
    ("audit.json", lambda data: b"[]", "no audit event records this contact"),
    ("manifest.json", edit_json(lower_head), "past the manifest's chain head"),
    (".display.jpg", lambda data: jpeg(), "not the one stored at capture"),
]


@pytest.mark.parametrize("member, change, words", FORGERIES)
def test_verify_finds_a_forgery_re_hashed_in_the_manifest(client, auth, evidence, runner,
                                                          tmp_path, member, change, words):
    original = tmp_path / "archive.zip"
    original.write_bytes(download(client, auth,
                                  f"/evidence/editions/{evidence.edition_id}/archive.zip"))
    names = zipfile.ZipFile(original).namelist()
    name = next(n for n in names if n.endswith(member))
    forged = tmp_path / "forged.zip"
    reforge(original, forged, name, change)
    result = runner.invoke(args=["evidence", "verify", str(forged)])
    assert result.exit_code == 1 and words in result.output, result.output
    assert "instead of" not in result.output  # every file matches the forged manifest
