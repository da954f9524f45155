"""A second baseline for `bench sync --floor`: the bare app plus the two reads no contact
PUT can avoid — the device token's row and the contact's row — through SQLAlchemy Core on
the same database. No rules, no ORM, no answer beyond small JSON.

Why: "ours / bare" mixes what any database-backed endpoint pays (a pooled connection, two
round trips, a transaction) with what our own code costs; "ours / floor" is the second
part alone, and "floor / bare" the ceiling a database-backed PUT can reach on the machine.
"""
from __future__ import annotations

import hashlib
import os

import sqlalchemy as sa
from flask import Flask, jsonify, request

from juror_app.models import Contact, DeviceToken

app = Flask(__name__)
engine = sa.create_engine(os.environ["JUROR_DATABASE_URL"])
TOKEN, CONTACT = DeviceToken.__table__, Contact.__table__
TOKEN_ROW = sa.select(TOKEN.c.id, TOKEN.c.user_id).where(
    TOKEN.c.token_hash == sa.bindparam("token_hash"))
CONTACT_ROW = sa.select(CONTACT).where(CONTACT.c.client_id == sa.bindparam("client_id"))


@app.put("/api/v1/contacts/<uuid:client_id>")
def put_contact(client_id):
    body = request.get_json()
    token = request.headers.get("Authorization", "").partition(" ")[2]
    with engine.connect() as connection:
        owner = connection.execute(
            TOKEN_ROW, {"token_hash": hashlib.sha256(token.encode()).hexdigest()}).first()
        stored = connection.execute(CONTACT_ROW, {"client_id": client_id}).first()
    return jsonify(client_id=str(client_id), assignment_id=body.get("assignment_id"),
                   user_id=owner.user_id if owner else None, stored=stored is not None), 200


@app.get("/api/v1/health")
def health():
    return jsonify(status="ok")
