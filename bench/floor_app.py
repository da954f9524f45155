"""A second baseline for `bench sync --floor`: the bare app plus what no contact PUT can
avoid — the device token's row and the contact's row read, and a new contact's row
inserted and committed — through SQLAlchemy Core on the same database, with the app's
engine options (its SQLite writers queue). No rules, no ORM, no answer beyond small JSON.

Why: "ours / bare" mixes what any database-backed endpoint pays (a pooled connection, two
round trips, a transaction, for a new contact one INSERT and a commit) with what our own
code costs; "ours / floor" is the second part alone, and "floor / bare" the ceiling a
database-backed PUT can reach on the machine.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, jsonify, request

from juror_app.core.database import queue_sqlite_writers
from juror_app.models import Contact, DeviceToken

app = Flask(__name__)
# The same engine options as the app's: on a SQLite file its writers queue as ours do.
config = {"SQLALCHEMY_DATABASE_URI": os.environ["JUROR_DATABASE_URL"]}
queue_sqlite_writers(config)
engine = sa.create_engine(config["SQLALCHEMY_DATABASE_URI"],
                          **config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
TOKEN, CONTACT = DeviceToken.__table__, Contact.__table__
TOKEN_ROW = sa.select(TOKEN.c.id, TOKEN.c.user_id).where(
    TOKEN.c.token_hash == sa.bindparam("token_hash"))
CONTACT_ROW = sa.select(CONTACT).where(CONTACT.c.client_id == sa.bindparam("client_id"))
NEW_CONTACT = sa.insert(CONTACT)
FLOOR_IDS = uuid.UUID("6f1c0f7e-4c39-4b8e-9d0a-5a4f2b1c0d00")


@app.put("/api/v1/contacts/<uuid:client_id>")
def put_contact(client_id):
    body = request.get_json()
    # Ours has stored this contact already (it runs each scenario first): the floor keeps its
    # own copy under an id derived from the phone's, so its new PUTs write too.
    client_id = uuid.uuid5(FLOOR_IDS, str(client_id))
    token = request.headers.get("Authorization", "").partition(" ")[2]
    with engine.begin() as connection:
        owner = connection.execute(
            TOKEN_ROW, {"token_hash": hashlib.sha256(token.encode()).hexdigest()}).first()
        stored = connection.execute(CONTACT_ROW, {"client_id": client_id}).first()
        if stored is None and owner is not None:
            connection.execute(NEW_CONTACT, new_contact(client_id, body, owner.user_id))
    return jsonify(client_id=str(client_id), assignment_id=body.get("assignment_id"),
                   user_id=owner.user_id if owner else None, stored=stored is not None), 200


def new_contact(client_id, body: dict, juror_id: int) -> dict:
    """The contact row as it arrived, with no rules applied."""
    now = datetime.now(UTC)
    return {"client_id": client_id, "assignment_id": body.get("assignment_id"),
            "juror_id": juror_id, "channel": str(body.get("channel")), "started_at": now,
            "status": "submitted", "payload_hash": hashlib.sha256(request.data).hexdigest(),
            "measurements": body.get("measurements") or {}, "notes": str(body.get("notes"))}


@app.get("/api/v1/health")
def health():
    return jsonify(status="ok")
