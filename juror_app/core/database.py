"""Connection settings: SQLite gets WAL and foreign keys on every connection."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

_configured: set[int] = set()


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite" or id(engine) in _configured:
        return
    _configured.add(id(engine))

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets the gunicorn workers read while one writes; busy_timeout waits
        # for a writer instead of failing at once.
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
