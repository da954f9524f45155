"""The committed migrations build the schema the models describe, on both databases."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from juror_app.core.extensions import db
from juror_app.models import Photo
from tests.conftest import make_test_app
from tests.factories import make_contact


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    return request.getfixturevalue("fresh_postgres_url")


def test_upgrade_from_empty_leaves_no_pending_diff(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
    assert {"user", "edition", "participant", "contact", "photo", "audit_event"} <= tables


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path / 'pragma.sqlite3'}", tmp_path)
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_contact_position_downgrades_and_upgrades_with_contacts_and_photos(empty_database_url,
                                                                           tmp_path):
    """0002 goes down and up again under rows that point at contact (foreign keys on).
    (A contact without a position: with one, the downgrade refuses — tests/ops/
    test_downgrade_guard.py.)"""
    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade()
        contact = make_contact(channel="visit")
        db.session.add(Photo(client_id=uuid.uuid4(), contact=contact, sha256="0" * 64,
                             content_type="image/jpeg", byte_size=1, width=1, height=1,
                             storage_key="x.jpg"))
        db.session.commit()
        db.session.remove()
        downgrade(revision="0001")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("contact")}
            rows = conn.execute(sa.text("SELECT count(*) FROM photo")).scalar()
        upgrade()
        with db.engine.connect() as conn:
            kept = conn.execute(sa.text("SELECT latitude FROM contact")).scalars().all()
        db.engine.dispose()
    assert not {"latitude", "longitude", "position_accuracy_m"} & columns
    assert rows == 1 and kept == [None]
