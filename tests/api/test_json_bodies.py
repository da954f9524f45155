"""JSON that parses but cannot be taken as it is: a key named twice (parsers disagree on
which value wins) and a lone UTF-16 surrogate (no database or hash can store it) are a
400 with a sentence, nothing stored; a surrogate pair (an emoji written escaped) is text
like any other. Both databases."""
from __future__ import annotations

import json

import pytest

from tests.api.test_hostile_input import juror, nothing_stored, refused  # noqa: F401
from tests.api_support import new_id, payload
from tests.evidence_samples import jpeg


def put_raw(client, headers, body: str):
    return client.put(f"/api/v1/contacts/{new_id()}", data=body.encode(), headers=headers,
                      content_type="application/json")


@pytest.mark.parametrize("twice", ['"notes":"a","notes":"druga wartość"',
                                   '"measurements":{"rings":4,"rings":9}'],
                         ids=["notes", "a measurement"])
def test_a_key_named_twice_is_refused(app, client, juror, twice):  # noqa: F811
    assignment, headers = juror
    body = json.dumps({**payload(assignment), "notes": "", "measurements": {}})
    body = body[:-1] + "," + twice + "}"
    json.loads(body)  # valid JSON, last value wins for Python's parser
    answer = refused(put_raw(client, headers, body), 400)
    assert "więcej niż raz" in answer["message"]
    assert ("notes" if "notes" in twice else "rings") in answer["message"]
    nothing_stored(app)


@pytest.mark.parametrize("where", ["notes", "a measurement's name", "a score's key"])
def test_a_lone_surrogate_anywhere_is_refused(app, client, juror, where):  # noqa: F811
    assignment, headers = juror
    body = payload(assignment)
    if where == "notes":
        body["notes"] = "przed\udfffpo"
    elif where == "a measurement's name":
        body["measurements"] = {"\ud800": 1}
    else:
        body["scores"] = {"\ud800": 2}
    answer = refused(put_raw(client, headers, json.dumps(body)), 400)  # escaped: \ud800
    assert "surogat" in answer["message"]
    nothing_stored(app)


def test_an_escaped_emoji_is_plain_text(app, client, juror):  # noqa: F811
    assignment, headers = juror
    body = json.dumps({**payload(assignment), "notes": "Miła obsługa 😀"})  # \ud83d\ude00
    assert "\\ud83d\\ude00" in body
    answer = put_raw(client, headers, body)
    assert answer.status_code == 201, answer.json
    assert answer.json["notes"] == "Miła obsługa 😀"


def test_a_key_named_twice_in_a_login_is_refused(app, client):
    body = '{"email":"a@example.org","password":"x","password":"y","device_name":"T"}'
    answer = client.post("/api/v1/tokens", data=body, content_type="application/json")
    assert refused(answer, 400)["message"].startswith("Pole „password”")


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
@pytest.mark.parametrize("route", ["photo", "chunk"])
def test_a_photo_labelled_as_a_form_or_json_is_a_415_that_says_so(
        app, client, juror, content_type, route):  # noqa: F811
    assignment, headers = juror
    cid = new_id()
    assert client.put(f"/api/v1/contacts/{cid}", json=payload(assignment),
                      headers=headers).status_code == 201
    path = f"/api/v1/contacts/{cid}/photos/{new_id()}"
    if route == "chunk":
        path += "/chunks?offset=0&total=2000"
    # A JPEG's bytes: read as JSON or a form they would be "empty" or "too large".
    answer = client.put(path, data=jpeg()[:2000], content_type=content_type, headers=headers)
    message = refused(answer, 415)["message"]
    assert "nie jako formularz ani JSON" in message
