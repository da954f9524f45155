"""The OpenAPI document, assembled from every `juror_app/api/spec_*.py` fragment.

A fragment names its PATHS (hand-written: summaries, examples, error codes) and the
MODELS it cites; the component schemas are generated from those types — the ones that
parse the requests and build the answers — in one pass, so a type cited by two fragments
is one schema and the document cannot drift from the code.
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Any

from flask import jsonify
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from juror_app.accounts.access import public
from juror_app.api.blueprint import bp
from juror_app.api.spec_common import errors

NUL = ("bad_request", "Przesłany tekst zawiera niedozwolony znak NUL. Usuń go i spróbuj "
                      "ponownie.")

INFO = {
    "title": "Juror field app — sync API",
    "version": "1.0.0",
    "description": "API synchronizacji aplikacji jurora konkursu „Lider Zaufania "
                   "Mieszkańców”. Wszystkie wywołania poza POST /tokens wysyłają nagłówek "
                   "`Authorization: Bearer <token>`. Błędy mają postać "
                   "`{error, message, fields}`; komunikaty są po polsku.",
}


def fragments() -> list[Any]:
    """Every spec_* module of this package, in name order, found without a registry."""
    package = importlib.import_module("juror_app.api")
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__)
                   if m.name.startswith("spec_"))
    return [importlib.import_module(f"juror_app.api.{name}") for name in names]


class Schemas(GenerateJsonSchema):
    """pydantic's JSON Schema without a title on every property (noise in the document)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False


def generated(models: list[type]) -> dict[str, Any]:
    """Component schemas of the request (validation) and answer (serialization) types."""
    pairs = [(m, "validation" if m.__name__.endswith(("Payload", "Request")) else
              "serialization") for m in dict.fromkeys(models)]
    _, top = models_json_schema(pairs, ref_template="#/components/schemas/{model}",
                                schema_generator=Schemas)
    return top["$defs"]


@functools.cache
def document() -> dict[str, Any]:
    """Merge PATHS and schemas; a path or schema defined twice is a programming error."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    models: list[type] = []
    for module in fragments():
        models.extend(getattr(module, "MODELS", ()))
        for target, part in ((paths, module.PATHS), (schemas, getattr(module, "SCHEMAS", {}))):
            clash = set(target) & set(part)
            if clash:
                raise RuntimeError(f"{module.__name__} redefines {sorted(clash)}")
            target.update(part)
    schemas.update(generated(models))
    for item in paths.values():
        for method, operation in item.items():
            if method != "parameters":
                # Any request may be refused at the door (core.guard): NUL in a text.
                operation["responses"].setdefault("400", errors(400, sample=NUL)["400"])
    return {
        "openapi": "3.1.0",
        "info": INFO,
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Token z POST /tokens."}},
        },
    }


@bp.route("/openapi.json")
@public
def openapi_json():
    """The API's description, for any client (not only our PWA)."""
    return jsonify(document())
