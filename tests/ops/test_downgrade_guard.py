"""A downgrade refuses to drop data the upgrade cannot bring back; with none it proceeds.

Found by a review: going below 0010 and up again emptied photo.display_sha256 and
contact.flags for good, and every later evidence archive failed `flask evidence verify`.
"""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from juror_app.core.extensions import db
from juror_app.models import MailOptOut, Photo, ResetRequest, record
from tests.factories import make_contact, make_user

FLAG = [{"code": "night", "text": "Kontakt w nocy", "params": {}}]


def photo_with_digests() -> None:
    contact = make_contact(channel="visit")
    db.session.add(Photo(client_id=uuid.uuid4(), contact=contact, sha256="a" * 64,
                         client_sha256="a" * 64, display_sha256="b" * 64,
                         content_type="image/jpeg", byte_size=1, width=1, height=1,
                         storage_key="x.jpg"))


# revision refused → what puts data only it guards into the database (at the head)
CASES = {
    "0014_reset_request": lambda: db.session.add(ResetRequest(
        email="a@example.org", base_url="https://juror.example.org")),
    "0010_photo_digests": photo_with_digests,
    "0008_evidence_flags": lambda: make_contact(flags=FLAG, flag_count=1),
    "0007_account_sessions": lambda: make_user("juror", session_version=2),
    "0005_mail": lambda: db.session.add(MailOptOut(user_id=make_user("juror").id,
                                                         kind="digest")),
    "0003_audit_chain": lambda: record(db.session, actor_id=None, action="edition.create",
                                       entity_type="edition", entity_id="1", after={}),
    "0002": lambda: make_contact(latitude=50.06, longitude=19.94),
    "0001": lambda: make_user("coordinator"),
}


def refusal(capfd) -> str:
    """What `flask db downgrade` prints (Alembic's logging writes to the stderr it found)."""
    return " ".join(capfd.readouterr().err.split())


@pytest.mark.parametrize("revision", list(CASES))
def test_each_downgrade_refuses_while_its_data_is_there(migrated_app, capfd, revision):
    CASES[revision]()
    db.session.commit()
    db.session.remove()
    with pytest.raises(SystemExit) as refused:
        downgrade(revision="base")
    assert refused.value.code == 1  # `flask db downgrade`: one "Error: …" line, exit 1
    message = refusal(capfd)
    assert f"Downgrade of migration {revision} refused: it would delete" in message
    assert "restore a backup taken by that release" in message
    upgrade()  # back to the head with everything still there
    with db.engine.connect() as conn:
        rows = sum(conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar()
                   for t in ("user", "reset_request", "audit_event"))
    assert rows


def test_a_round_trip_with_photos_and_flags_refuses_and_keeps_them(migrated_app, capfd):
    """The review's case: digests and flags survive, because the downgrade stops."""
    photo_with_digests()
    make_contact(flags=FLAG, flag_count=1)
    db.session.commit()
    db.session.remove()
    with pytest.raises(SystemExit):
        downgrade(revision="0001")
    assert "photos' SHA-256 as sent by the phone and of the display copy" in refusal(capfd)
    upgrade()
    with db.engine.connect() as conn:
        digests = conn.execute(sa.text("SELECT display_sha256 FROM photo")).scalars().all()
        flags = conn.execute(sa.text("SELECT flag_count FROM contact ORDER BY id")).all()
    assert digests == ["b" * 64]
    assert [f for (f,) in flags] == [0, 1]


def test_a_round_trip_without_data_goes_down_to_nothing_and_up_again(migrated_app):
    downgrade(revision="base")
    with db.engine.connect() as conn:
        left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
    upgrade()
    with db.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert left == set()
    assert {"photo", "contact", "reset_request", "audit_chain_head"} <= tables
