"""An app migrated with Alembic (as in production), so /healthz can see the head."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade

from juror_app.core.extensions import db
from tests.conftest import make_test_app


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def migrated_app(migrated_url, tmp_path):
    app = make_test_app(migrated_url, tmp_path)
    with app.app_context():
        upgrade()
        db.session.remove()
        yield app
        db.session.remove()
        db.engine.dispose()
