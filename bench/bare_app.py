"""The baseline of `bench sync`: a bare Flask app that parses a JSON PUT and answers JSON.

No database, no auth, no checks: the floor a Python web app on the same gunicorn settings
cannot go below. The photo route reads the body and answers, as a proxy for "receive bytes".
"""
from __future__ import annotations

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.put("/api/v1/contacts/<uuid:client_id>")
def put_contact(client_id):
    body = request.get_json()
    return jsonify(client_id=str(client_id), assignment_id=body.get("assignment_id"),
                   status="submitted"), 200


@app.put("/api/v1/contacts/<uuid:client_id>/photos/<uuid:photo_id>")
def put_photo(client_id, photo_id):
    data = request.get_data()
    return jsonify(client_id=str(photo_id), byte_size=len(data)), 201


@app.get("/api/v1/health")
def health():
    return jsonify(status="ok")
