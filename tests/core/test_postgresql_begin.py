"""PostgreSQL transactions begin at the first statement that is not a plain read
(juror_app.core.database.defer_postgresql_begin): reads before it send no BEGIN and leave
nothing to roll back; writes and row locks run inside the transaction as before."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from juror_app.core.database import begins_transaction
from juror_app.core.extensions import db
from juror_app.models import User
from tests import factories
from tests.conftest import app_with_schema, make_test_app


@pytest.mark.parametrize("statement, begins", [
    ("SELECT contact.id FROM contact WHERE contact.client_id = %(client_id)s", False),
    ("\n  select 1", False),
    ("SELECT contact.id FROM contact WHERE contact.id = %(id)s FOR UPDATE OF contact", True),
    ("SELECT x FROM t FOR NO KEY UPDATE", True),
    ("SELECT outbox_mail.id FROM outbox_mail LIMIT 5 FOR UPDATE SKIP LOCKED", True),
    ("SELECT x FROM t FOR SHARE", True),
    ("SELECT x FROM t FOR KEY SHARE", True),
    ("INSERT INTO contact (id) VALUES (%(id)s)", True),
    ("UPDATE device_token SET last_used_at=%(at)s", True),
    ("DELETE FROM photo", True),
    ("SAVEPOINT sa_savepoint_1", True),
    ("WITH moved AS (UPDATE t SET x = 1 RETURNING x) SELECT x FROM moved", True),
    ("CREATE TABLE t (x int)", True),
])
def test_only_a_plain_select_stays_outside_the_transaction(statement, begins):
    assert begins_transaction(statement) is begins


@pytest.fixture
def postgresql(postgres_url, tmp_path):
    """The app on PostgreSQL only (pysqlite already begins at the first write)."""
    with app_with_schema(make_test_app(postgres_url, tmp_path), postgres_url) as app:
        yield app


def transaction_status() -> str:
    return db.session.connection().connection.dbapi_connection.info.transaction_status.name


def test_a_read_opens_no_transaction_and_a_write_opens_one(postgresql):
    juror = factories.make_user()
    db.session.commit()
    db.session.scalars(sa.select(User).where(User.id == juror.id)).one()
    assert transaction_status() == "IDLE"  # no BEGIN went out: no ROLLBACK will either
    juror.name = "Zmienione imię"
    db.session.flush()
    assert transaction_status() == "INTRANS"
    db.session.rollback()
    assert db.session.get(User, juror.id).name != "Zmienione imię"


def test_reads_then_a_failing_write_leave_nothing_stored(postgresql):
    first = factories.make_user()
    db.session.commit()
    db.session.scalars(sa.select(User)).all()
    db.session.add(User(email="nowy@example.org", name="Nowy", role=first.role,
                        password_hash="x"))
    db.session.add(User(email=first.email, name="Kopia", role=first.role, password_hash="x"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_a_row_lock_is_held_until_the_transaction_ends(postgresql):
    juror = factories.make_user()
    db.session.commit()
    db.session.execute(sa.select(User.id).where(User.id == juror.id).with_for_update()).one()
    with db.engine.connect() as other:
        with pytest.raises(sa.exc.OperationalError, match="could not obtain lock"):
            other.execute(sa.select(User.id).where(User.id == juror.id)
                          .with_for_update(nowait=True)).one()
    db.session.rollback()
    with db.engine.connect() as other:
        assert other.execute(sa.select(User.id).where(User.id == juror.id)
                             .with_for_update(nowait=True)).one()
