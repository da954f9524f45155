"""The OpenAPI document, assembled from every `juror_app/api/spec_*.py` fragment."""
from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Any

from flask import jsonify

from juror_app.accounts.access import public
from juror_app.api.blueprint import bp

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


@functools.cache
def document() -> dict[str, Any]:
    """Merge PATHS and SCHEMAS; a path or schema defined twice is a programming error."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for module in fragments():
        for target, part in ((paths, module.PATHS), (schemas, module.SCHEMAS)):
            clash = set(target) & set(part)
            if clash:
                raise RuntimeError(f"{module.__name__} redefines {sorted(clash)}")
            target.update(part)
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
