"""Forged evidence archives, re-hashed as anyone with the published code could: what the
archive's own audit events catch offline, and what only the live chain catches."""
from __future__ import annotations

import json
import uuid
import zipfile

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.evidence.archive_check import check_archive, verify_archive
from juror_app.models import AuditEvent, Contact, User
from tests.api_support import juror_with_assignment, new_id, payload
from tests.evidence.test_archive import download, edit_json, reforge
from tests.evidence_samples import jpeg
from tests.review_support import decision_form

CAPTURE = {"captured_at": "2025-10-06T10:58:12+02:00", "latitude": "50.0614",
           "longitude": "19.9366"}


@pytest.fixture
def sent(app, client, auth):
    """A participant's two contacts with a photo each (capture time and place from the
    phone); the first returned by a coordinator. Returns the edition's id."""
    juror, assignment, headers = juror_with_assignment()

    def send(day):
        cid = new_id()
        body = payload(assignment, started_at=f"2025-10-0{day}T11:00:00+02:00",
                       ended_at=f"2025-10-0{day}T11:07:30+02:00")
        assert client.put(f"/api/v1/contacts/{cid}", json=body, headers=headers).status_code == 201
        assert client.put(f"/api/v1/contacts/{cid}/photos/{new_id()}", data=jpeg(),
                          content_type="image/jpeg", headers=headers,
                          query_string=CAPTURE).status_code == 201
        return cid

    first = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(send(6))))
    auth.login_as("coordinator")
    assert client.post(f"/review/contacts/{first.id}/return",
                       data=decision_form(first, comment="Nie ta placówka.")).status_code == 302
    client.post("/logout")
    send(7)  # after the decision: its event is not the chain's head
    return assignment.edition_id


@pytest.fixture
def archive(client, auth, sent, tmp_path):
    path = tmp_path / "archive.zip"
    path.write_bytes(download(client, auth, f"/evidence/editions/{sent}/archive.zip"))
    return path


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def decided_base(path) -> str:
    return next(n.rsplit("/", 1)[0] for n, data in members(path).items()
                if n.endswith("review.json") and json.loads(data))


def verify(runner, path, *options):
    result = runner.invoke(args=["evidence", "verify", *options, str(path)])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), repr(result.exception)
    return result


def first_score_changed(contact):
    score = contact["scores"][0]
    score["points"] = 0 if score["points"] else score["max_points"]


def photo_moved(contact):
    contact["photos"][0].update(captured_at="2020-01-01T00:00:00+00:00", latitude=1.0)


@pytest.mark.parametrize("change, words", [
    (first_score_changed, "contact.json scores"),
    (lambda c: c.update(channel="visit" if c["channel"] != "visit" else "phone"),
     "contact.json channel"),
    (lambda c: c["position"] and c["position"].update(latitude=1.0) or c.update(
        position={"latitude": 1.0, "longitude": 2.0, "accuracy_m": 5}), "contact.json position"),
    (photo_moved, "captured_at"),
    (lambda c: c["photos"][0].update(capture_sources={"captured_at": "exif"}),
     "capture_sources"),
    (lambda c: c["juror"].update(id=c["juror"]["id"] + 1000), "names juror"),
])
def test_a_changed_field_of_contact_json_needs_a_forged_event(archive, tmp_path, change,
                                                               words):
    forged = tmp_path / "forged.zip"
    reforge(archive, forged, f"{decided_base(archive)}/contact.json", edit_json(change))
    assert any(words in p for p in check_archive(forged)), check_archive(forged)


def test_the_photo_event_records_capture_time_place_and_source(app, sent):
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "photo.create")).first()
    assert event.after["captured_at"] == "2025-10-06T08:58:12+00:00"
    assert (event.after["latitude"], event.after["longitude"]) == (50.0614, 19.9366)
    assert event.after["capture_sources"] == {"captured_at": "device", "position": "device"}


def test_the_archive_names_every_actor_and_a_stranger_is_found(app, archive, tmp_path):
    base = decided_base(archive)
    contact = json.loads(members(archive)[f"{base}/contact.json"])
    [decision] = json.loads(members(archive)[f"{base}/review.json"])
    reviewer = db.session.get(User, decision["actor_id"])
    assert {"id": reviewer.id, "name": reviewer.name, "role": "coordinator"} in contact["actors"]
    assert {"id": contact["juror"]["id"], "name": contact["juror"]["name"],
            "role": "juror"} in contact["actors"]

    def stranger(document):
        document["actors"] = [a for a in document["actors"] if a["id"] != reviewer.id]

    forged = tmp_path / "forged.zip"
    reforge(archive, forged, f"{base}/contact.json", edit_json(stranger))
    assert any(f"names actor {reviewer.id}, who is not" in p for p in check_archive(forged))


def rehash(event):
    from types import SimpleNamespace

    from juror_app.audit.chain import event_hash
    from juror_app.evidence.archive_check import _parse_time

    fields = {k: v for k, v in event.items() if k not in ("hash", "id")}
    event["hash"] = event_hash(SimpleNamespace(**{**fields, "at": _parse_time(fields["at"])}))


def write(path, files):
    import hashlib

    manifest = json.loads(files["manifest.json"])
    manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in files.items()
                         if n != "manifest.json"}
    files = {**files, "manifest.json": json.dumps(manifest).encode()}
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def decision_forged(path, base, tmp_path):
    """The decision given another reviewer and time, re-hashed, in every list of it."""
    files = members(path)
    audit = json.loads(files[f"{base}/audit.json"])
    decision = audit[-1]
    decision.update(actor_id=audit[0]["actor_id"], at="2026-12-31T23:59:59.000000Z")
    rehash(decision)
    manifest = json.loads(files["manifest.json"])
    manifest["events"] = [[s, decision["hash"] if s == decision["seq"] else h]
                          for s, h in manifest["events"]]
    files.update({f"{base}/audit.json": json.dumps(audit).encode(),
                  f"{base}/review.json": json.dumps([decision]).encode(),
                  "manifest.json": json.dumps(manifest).encode()})
    return write(tmp_path / "decision.zip", files), f"#{decision['seq']}"


def decision_removed(path, base, tmp_path):
    """The decision dropped and the contact put back as it was before it."""
    files = members(path)
    audit = json.loads(files[f"{base}/audit.json"])
    decision = audit.pop()
    contact = json.loads(files[f"{base}/contact.json"])
    contact.update(decision["before"])
    manifest = json.loads(files["manifest.json"])
    manifest["events"] = [p for p in manifest["events"] if p[0] != decision["seq"]]
    files.update({f"{base}/audit.json": json.dumps(audit).encode(),
                  f"{base}/review.json": b"[]",
                  f"{base}/contact.json": json.dumps(contact).encode(),
                  "manifest.json": json.dumps(manifest).encode()})
    return write(tmp_path / "removed.zip", files), f"#{decision['seq']}"


def contact_left_out(path, base, tmp_path):
    files = members(path)
    audit = json.loads(files[f"{base}/audit.json"])
    contact = json.loads(files[f"{base}/contact.json"])
    gone = {e["seq"] for e in audit}
    manifest = json.loads(files["manifest.json"])
    manifest["events"] = [p for p in manifest["events"] if p[0] not in gone]
    files = {n: d for n, d in files.items() if not n.startswith(base + "/")}
    files["manifest.json"] = json.dumps(manifest).encode()
    return write(tmp_path / "left_out.zip", files), f"contact {contact['id']} ("


@pytest.mark.parametrize("forge, words", [
    (decision_forged, "in the live chain's event"),
    (decision_removed, "is in the live chain but not in the archive"),
    (contact_left_out, "but not in the archive"),
])
def test_only_the_live_chain_finds_a_consistent_forgery(archive, runner, tmp_path, forge,
                                                         words):
    forged, named = forge(archive, decided_base(archive), tmp_path)
    assert check_archive(forged) == []  # consistent: offline, nothing to see …
    offline = verify(runner, forged, "--offline")
    assert offline.exit_code == 0 and "Not checked: the live database was not used" in \
        offline.output  # … and it says what it could not check
    online = verify(runner, forged)
    assert online.exit_code == 1 and words in online.output, online.output
    assert named in online.output


def test_a_renamed_participant_is_found_on_the_server(archive, runner, tmp_path):
    forged = tmp_path / "forged.zip"
    reforge(archive, forged, f"{decided_base(archive)}/contact.json",
            edit_json(lambda c: c["participant"].update(name="Inne Miasto")))
    assert check_archive(forged) == []
    result = verify(runner, forged)
    assert result.exit_code == 1 and "'Inne Miasto' differs from the database" in result.output


def test_an_intact_archive_verifies_against_the_live_chain(archive, runner):
    manifest = json.loads(members(archive)["manifest.json"])
    assert manifest["format"] == "juror-evidence-archive/2" and manifest["events"]
    assert len(verdict_events := verify_archive(archive).events) == len(manifest["events"])
    assert all(isinstance(s, int) for s in verdict_events)
    result = verify(runner, archive)
    assert result.exit_code == 0, result.output
    assert "matches the live chain" in result.output and "Not checked" not in result.output


def test_an_archive_from_before_still_verifies_and_says_what_it_could_not_check(
        app, client, auth, monkeypatch, runner, tmp_path):
    """Made before capture data, actors and the seq list: as an older version wrote it."""
    from juror_app.evidence import service

    monkeypatch.setattr(service, "capture_record", lambda processed: {})
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    assert client.put(f"/api/v1/contacts/{cid}", json=payload(assignment),
                      headers=headers).status_code == 201
    assert client.put(f"/api/v1/contacts/{cid}/photos/{new_id()}", data=jpeg(),
                      content_type="image/jpeg", headers=headers,
                      query_string=CAPTURE).status_code == 201
    files = members(write(tmp_path / "new.zip", members(_download(
        client, auth, assignment.edition_id, tmp_path))))
    manifest = json.loads(files["manifest.json"])
    del manifest["events"]
    manifest["format"] = "juror-evidence-archive/1"
    files["manifest.json"] = json.dumps(manifest).encode()
    for name in [n for n in files if n.endswith("contact.json")]:
        files[name] = edit_json(lambda c: [c.pop("actors"), c["photos"][0].pop(
            "capture_sources")])(files[name])
    old = write(tmp_path / "old.zip", files)
    for options in ((), ("--offline",)):
        result = verify(runner, old, *options)
        assert result.exit_code == 0, result.output
        assert "Not checked: capture time and place of 1 photo(s)" in result.output
        assert "predates its actors list" in result.output
        assert "lists no seq → hash" in result.output


def _download(client, auth, edition_id, tmp_path):
    path = tmp_path / "download.zip"
    path.write_bytes(download(client, auth, f"/evidence/editions/{edition_id}/archive.zip"))
    return path
