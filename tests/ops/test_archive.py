"""The plain parts of the backup archive: member names and pg_dump's connection settings."""
from __future__ import annotations

import pytest

from juror_app.ops.archive import libpq_environment, safe_member_name


@pytest.mark.parametrize("name", ["database.pgdump", "media/ab/ab12-3f.display.jpg"])
def test_plain_relative_names_are_safe(name):
    assert safe_member_name(name)


@pytest.mark.parametrize("name", ["/etc/passwd", "media/../../x", "media//x", "", "a\\b",
                                  "media/"])
def test_names_that_could_escape_the_folder_are_not(name):
    assert not safe_member_name(name)


def test_the_password_goes_to_the_environment_not_the_command_line():
    env = libpq_environment(
        "postgresql+psycopg://juror:s3cret@10.0.0.5:5433/juror?connect_timeout=5&sslmode=require")
    assert {k: env[k] for k in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE",
                                "PGCONNECT_TIMEOUT", "PGSSLMODE")} == {
        "PGHOST": "10.0.0.5", "PGPORT": "5433", "PGUSER": "juror", "PGPASSWORD": "s3cret",
        "PGDATABASE": "juror", "PGCONNECT_TIMEOUT": "5", "PGSSLMODE": "require"}


def test_a_local_socket_database_needs_only_its_name():
    env = libpq_environment("postgresql+psycopg:///juror")
    assert env["PGDATABASE"] == "juror"
