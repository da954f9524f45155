"""What /healthz checks: the database answers, the media folder takes a file, the schema
is at the migration head. Failures are logged here in full and answered without detail,
so a monitor learns *what* is wrong and nobody learns a host name or a path."""
from __future__ import annotations

import os
import tempfile

import sqlalchemy as sa
from flask import current_app

from juror_app.core.extensions import db
from juror_app.ops.migrations import code_heads, database_heads, head_text, migrations_directory

OK, FAIL = "ok", "fail"


def database_and_migrations() -> tuple[str, str]:
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
            current = database_heads(conn)
    except Exception:  # any driver error means the same to a monitor: unreachable
        current_app.logger.warning("healthz: database unreachable", exc_info=True)
        return FAIL, FAIL
    expected = code_heads(migrations_directory())
    if current != expected:
        current_app.logger.warning("healthz: database at migration %s, code expects %s",
                                   head_text(current), head_text(expected))
        return OK, FAIL
    return OK, OK


def media_writable() -> str:
    try:
        with tempfile.NamedTemporaryFile(dir=current_app.config["MEDIA_DIR"],
                                         prefix=".healthz-") as probe:
            probe.write(b"ok")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError:
        current_app.logger.warning("healthz: media folder not writable", exc_info=True)
        return FAIL
    return OK


def report() -> tuple[dict, bool]:
    database, migrations = database_and_migrations()
    checks = {"database": database, "media": media_writable(), "migrations": migrations}
    healthy = all(value == OK for value in checks.values())
    return {"status": OK if healthy else FAIL, "checks": checks}, healthy
