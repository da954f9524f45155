"""Rubric uploads that once answered 500, or were stored and then broke the results pages:
each is now a 422 listing the problem, and nothing is stored."""
from __future__ import annotations

import copy
import io
import json

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Rubric
from juror_app.rubric import default_rubric
from tests import factories


def mutated(mutate) -> bytes:
    rubric = copy.deepcopy(default_rubric())
    mutate(rubric)
    return json.dumps(rubric).encode()


@pytest.mark.parametrize("raw, message", [
    (mutated(lambda r: r.update(groups=5)), "„groups” musi być obiektem"),
    (json.dumps(default_rubric()).replace('"weight": 25', '"weight": NaN', 1).encode(),
     "„/channels/phone/weight”: liczba musi być skończona"),
    (mutated(lambda r: r["channels"]["phone"]["criteria"][0].update(max_points=float("inf"))),
     "liczba musi być skończona"),
    (mutated(lambda r: r["channels"]["phone"].update(label={"a": 1})),
     "Kanał „phone”: nazwa kanału"),
    (mutated(lambda r: r["channels"]["phone"]["measurements"][0].pop("label")),
     "pomiar „rings”: nazwa pomiaru"),
    (mutated(lambda r: r["channels"]["phone"].update(required="no")), "„required” musi mieć"),
])
def test_a_rubric_that_would_break_later_pages_is_refused(app, client, auth, raw, message):
    auth.login_as("coordinator")
    edition = factories.make_edition()
    response = client.post(f"/coordinator/editions/{edition.id}/rubric",
                           data={"file": (io.BytesIO(raw), "rubryka.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Rubric.id))) == 1
    assert client.get(f"/results/{edition.id}/ranking").status_code == 200
