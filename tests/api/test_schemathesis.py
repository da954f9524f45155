"""Schemathesis against the served OpenAPI document, as a juror and as a coordinator.

Bounded (a few valid and a few invalid requests per operation) and deterministic
(derandomized), so it is a test, not a soak: no 5xx, every status documented, every
answer valid by its schema, invalid requests refused. Both databases.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from juror_app.models import Role
from tests import factories
from tests.api_support import bearer

EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]
# Schemathesis's list of statuses that refuse invalid data, plus 413: a request refused for
# its size is refused too. A chunked upload that announces a `total` past the photo limit
# is answered 413 whatever else is wrong with it (found when a generated case combined a
# malformed `captured_at` with total=999999999999; the answer was right, the check's list
# too short). 5xx is left to not_a_server_error, which refuses it.
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}})


@pytest.fixture
def people(app):
    """A juror with an assignment and a coordinator; fresh tokens per request (one of the
    operations logs the device out)."""
    juror = factories.make_user(Role.JUROR)
    factories.make_assignment(juror=juror)
    return juror, factories.make_user(Role.COORDINATOR)


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)
    return [result.ok() for result in schema.get_all_operations()]


def exercise(operation, mode: GenerationMode, people) -> int:
    """A few generated requests of one kind against one operation, as each person;
    how many were sent."""
    sent = []

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        for person in people:
            case.call_and_validate(headers=bearer(person), checks=CHECKS)
            sent.append(case)

    run()
    return len(sent)


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
def test_generated_requests_as_juror_and_coordinator(app, people, mode):
    checked = operations(app)
    assert len(checked) >= 7
    for operation in checked:
        assert exercise(operation, mode, people) >= 2, operation.label
