"""The OpenAPI document: valid, complete, its examples valid — and true of the server."""
from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from juror_app.accounts.shapes import TOKEN_REQUEST
from juror_app.api.openapi import document
from juror_app.api.spec_contacts import CLIENT_ID, PAYLOAD_EXAMPLE
from juror_app.core.extensions import db
from tests import factories
from tests.api_support import bearer
from tests.evidence_samples import jpeg

METHODS = ("get", "put", "post", "delete", "patch")


def validator(doc: dict, name: str) -> Draft202012Validator:
    """A validator for a named schema, resolving $refs inside the whole document."""
    return at_pointer(doc, f"/components/schemas/{name}")


def at_pointer(doc: dict, pointer: str) -> Draft202012Validator:
    """A validator for the schema at a JSON pointer into the document (inline or $ref)."""
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(
        doc, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"urn:openapi#{pointer}"}, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def operations(doc):
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def json_media(path, method, operation):
    """(where, pointer to the schema, example) for every JSON body of an operation."""
    base = f"/paths/{escape(path)}/{method}"
    media = "content/application~1json"
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        yield "request", f"{base}/requestBody/{media}/schema", body.get("example")
    for status, response in operation["responses"].items():
        body = response.get("content", {}).get("application/json")
        if body:
            yield status, f"{base}/responses/{status}/{media}/schema", body.get("example")


def test_the_served_document_is_valid_openapi(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json == document()
    validate(response.json)
    assert response.json["openapi"].startswith("3.")


def test_every_example_matches_its_schema():
    doc = document()
    checked = 0
    for path, method, operation in operations(doc):
        for where, pointer, example in json_media(path, method, operation):
            assert example is not None, (path, method, where, "has no example")
            errors = [e.message for e in at_pointer(doc, pointer).iter_errors(example)]
            assert errors == [], (path, method, where, errors)
            checked += 1
    assert checked >= 20


def test_every_operation_has_an_example_body_and_every_api_route_is_documented(app):
    doc = document()
    for _path, method, operation in operations(doc):
        assert operation["operationId"] and operation["summary"]
        if method in ("put", "post"):
            content = operation["requestBody"]["content"]
            assert "example" in content.get("application/json", {"example": True})
        assert any(s.startswith("2") for s in operation["responses"])
    documented = {(re.sub(r"{(\w+)}", r"<\1>", path), method.upper())
                  for path, method, _ in operations(doc)}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint in ("api.health",
                                                                    "api.openapi_json"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"<\1>", rule.rule[len("/api/v1"):])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, (path, method)


def test_fragments_merge_automatically_and_refuse_clashes(monkeypatch):
    import juror_app.api.openapi as openapi

    modules = openapi.fragments()
    assert {m.__name__.rsplit(".", 1)[1] for m in modules} >= {
        "spec_common", "spec_tokens", "spec_assignments", "spec_contacts", "spec_photos"}
    monkeypatch.setattr(openapi, "fragments", lambda: modules + [modules[-1]])
    openapi.document.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="redefines"):
            openapi.document()
    finally:
        openapi.document.cache_clear()


def test_the_documented_examples_work_against_the_server(app, client):
    """Send the request examples; check the real answers against the documented schemas."""
    doc = document()
    factories.make_user(email=TOKEN_REQUEST["email"], password=TOKEN_REQUEST["password"])
    token = client.post("/api/v1/tokens", json=TOKEN_REQUEST)
    assert token.status_code == 201
    validator(doc, "Token").validate(token.json)
    headers = {"Authorization": f"Bearer {token.json['token']}"}
    juror = db.session.get(factories.User, token.json["user"]["id"])
    assignment = factories.make_assignment(juror=juror)
    body = {**PAYLOAD_EXAMPLE, "assignment_id": assignment.id}
    created = client.put(f"/api/v1/contacts/{CLIENT_ID}", json=body, headers=headers)
    assert created.status_code == 201, created.json
    photo = client.put(f"/api/v1/contacts/{CLIENT_ID}/photos/{doc_photo_id(doc)}",
                       data=jpeg(), content_type="image/jpeg", headers=headers,
                       query_string={"captured_at": "2025-10-06T10:58:12+02:00",
                                     "latitude": 50.0614, "longitude": 19.9366})
    assert photo.status_code == 201
    validator(doc, "Photo").validate(photo.json)
    contact = client.get(f"/api/v1/contacts/{CLIENT_ID}", headers=headers)
    validator(doc, "Contact").validate(contact.json)
    validator(doc, "Worklist").validate(
        client.get("/api/v1/me/assignments", headers=headers).json)
    invalid = client.put(f"/api/v1/contacts/{CLIENT_ID}", headers=headers,
                         json={**body, "started_at": "2025-10-06T11:00:00"})
    validator(doc, "ValidationError").validate(invalid.json)
    other = bearer(factories.make_user())
    validator(doc, "Error").validate(
        client.get(f"/api/v1/contacts/{CLIENT_ID}", headers=other).json)
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204


def doc_photo_id(doc) -> str:
    params = doc["paths"]["/contacts/{client_id}/photos/{photo_id}"]["parameters"]
    return next(p["example"] for p in params if p["name"] == "photo_id")


def test_the_schemas_are_generated_from_the_types_that_parse_and_answer():
    from juror_app.sync.contract import ContactPayload
    from juror_app.sync.shapes import Contact

    schemas = document()["components"]["schemas"]
    assert set(schemas["ContactPayload"]["properties"]) == set(ContactPayload.model_fields)
    assert set(schemas["Contact"]["properties"]) == set(Contact.model_fields)
    assert schemas["ContactPayload"]["properties"]["notes"]["anyOf"][0]["maxLength"] == 5000


def test_a_position_on_another_channel_than_a_visit_is_invalid_by_the_schema_too(app, client):
    doc = document()
    here = {"latitude": 50.0614, "longitude": 19.9366}
    payload = validator(doc, "ContactPayload")
    assert payload.is_valid({**PAYLOAD_EXAMPLE, "channel": "visit", "position": here})
    assert payload.is_valid({**PAYLOAD_EXAMPLE, "position": None})
    assert not payload.is_valid({**PAYLOAD_EXAMPLE, "position": here})
    juror = factories.make_user()
    assignment = factories.make_assignment(juror=juror)
    refused = client.put(f"/api/v1/contacts/{CLIENT_ID}", headers=bearer(juror),
                         json={**PAYLOAD_EXAMPLE, "assignment_id": assignment.id,
                               "position": here})
    assert refused.status_code == 422 and list(refused.json["fields"]) == ["position"]


def test_juror_operations_document_the_403_a_coordinator_gets(app, client):
    doc = document()
    coordinator = bearer(factories.make_user(factories.Role.COORDINATOR))
    juror_only = [("/me/assignments", "get"), ("/contacts/{client_id}", "put"),
                  ("/contacts/{client_id}/photos/{photo_id}", "put")]
    for path, method in juror_only:
        assert "403" in doc["paths"][path][method]["responses"], (path, method)
    assert client.get("/api/v1/me/assignments", headers=coordinator).status_code == 403
    answer = client.put(f"/api/v1/contacts/{CLIENT_ID}", json=PAYLOAD_EXAMPLE,
                        headers=coordinator)
    assert answer.status_code == 403
    validator(doc, "Error").validate(answer.json)
