"""An app migrated with Alembic (as in production), so /healthz can see the head; a
backup of it and an empty app of the same kind to restore into."""
from __future__ import annotations

import uuid

import pytest
from flask_migrate import upgrade

from juror_app.core.extensions import db
from tests.conftest import create_database, make_test_app
from tests.ops.backups import fill


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


@pytest.fixture
def empty_target_url(migrated_url, tmp_path, request):
    """A second, empty database of the same kind as the source."""
    if migrated_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    return create_database(server, f"juror_restore_{uuid.uuid4().hex[:10]}")


@pytest.fixture
def target_app(empty_target_url, tmp_path):
    app = make_test_app(empty_target_url, tmp_path, MEDIA_DIR=str(tmp_path / "restored-media"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def archive(migrated_app, tmp_path):
    fill(migrated_app)
    path = tmp_path / "backups" / "juror.tar"
    result = migrated_app.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 media file(s)" in result.output
    db.session.remove()
    return path
