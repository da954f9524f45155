"""A reviewer racing a juror: a decision taken while the juror's change or photo is on its
way never lands on content the reviewer was not shown, nor the change on a decided
contact. The interleavings are forced: the juror's request waits at a step until the
reviewer has tried. Both databases."""
from __future__ import annotations

import threading
import uuid
from pathlib import Path

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Contact, ContactStatus, Photo, totals
from tests.evidence_samples import jpeg
from tests.review.test_decision_version import juror_sent_contact, shown_version

WAIT_S = 20


def paused_at(monkeypatch, target: str):
    """Make `target` (module.attribute) wait, on its first call, until released."""
    reached, release = threading.Event(), threading.Event()
    module, name = target.rsplit(".", 1)
    real = getattr(__import__(module, fromlist=[name]), name)

    def waiting(*args, **kwargs):
        if not reached.is_set():
            reached.set()
            release.wait(WAIT_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, waiting)
    return reached, release


def in_background(call) -> tuple[threading.Thread, dict]:
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("answer", call()))
    thread.start()
    return thread, result


def kept_equals_rebuilt(edition_id: int) -> None:
    kept = totals.read(db.session, edition_id)
    with db.engine.begin() as connection:
        totals.rebuild(connection, [edition_id])
    db.session.expire_all()
    assert totals.read(db.session, edition_id) == kept


def test_an_approval_during_a_jurors_change_waits_for_it_and_is_refused(
        app, client, auth, monkeypatch):
    phone, key, body, headers, contact = juror_sent_contact(app)
    auth.login_as("coordinator")
    contact_id = contact.id  # read here: the threads' requests have no session of ours
    seen = shown_version(client, contact_id)
    # The juror's changed PUT stops after it has re-read the contact to decide, before
    # it writes: the window in which an approval used to slip in (SQLite has no row lock).
    reached, release = paused_at(monkeypatch, "juror_app.sync.service.rubric_errors")
    body["notes"] = "Dopisane po namyśle."
    juror, juror_result = in_background(
        lambda: phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers))
    assert reached.wait(WAIT_S)
    reviewer, reviewer_result = in_background(
        lambda: client.post(f"/review/contacts/{contact_id}/approve", data={"version": seen}))
    reviewer.join(1.0)
    assert reviewer.is_alive(), "the approval must wait for the juror's change"
    release.set()
    juror.join(WAIT_S), reviewer.join(WAIT_S)

    assert juror_result["answer"].status_code == 200
    assert reviewer_result["answer"].status_code == 409  # it was not the version shown
    db.session.expire_all()
    stored = db.session.get(Contact, contact.id)
    assert stored.status == ContactStatus.SUBMITTED and stored.notes == "Dopisane po namyśle."
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "contact.approve" not in actions
    kept_equals_rebuilt(stored.assignment.edition_id)


def test_a_photo_decoded_while_the_contact_was_approved_is_refused_and_leaves_no_file(
        app, client, auth, monkeypatch):
    phone, key, _body, headers, contact = juror_sent_contact(app)
    auth.login_as("coordinator")
    reached, release = paused_at(monkeypatch, "juror_app.evidence.workers.run")
    upload, upload_result = in_background(lambda: phone.put(
        f"/api/v1/contacts/{key}/photos/{uuid.uuid4()}", data=jpeg(),
        content_type="image/jpeg", headers=headers))
    assert reached.wait(WAIT_S)  # the photo is being decoded: the reviewer sees none yet
    approve = client.post(f"/review/contacts/{contact.id}/approve",
                          data={"version": shown_version(client, contact.id)})
    assert approve.status_code == 302
    release.set()
    upload.join(WAIT_S)

    answer = upload_result["answer"]
    assert answer.status_code == 409 and "zatwierdzony" in answer.json["message"]
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.APPROVED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0
    assert [p for p in Path(app.config["MEDIA_DIR"]).rglob("*") if p.is_file()] == []

