"""A published edition with a laureate and a participant without the licence."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from juror_app.core.extensions import db
from juror_app.models import (
    Distinction,
    DistinctionKind,
    Edition,
    EditionStatus,
    Participant,
    utcnow,
)
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.mail.conftest import app_config, smtp  # noqa: F401  (fixtures)
from tests.results_helpers import SMALL_RUBRIC, scored_contact


@dataclass
class World:
    edition: Edition
    laureate: Participant
    other: Participant
    juror_name: str
    juror_email: str


def score(participant, juror, phone: dict, website: dict):
    assignment = make_assignment(juror, participant)
    scored_contact(assignment, "phone", phone, {"rings": 2}, rubric=SMALL_RUBRIC)
    scored_contact(assignment, "website", website, rubric=SMALL_RUBRIC)


@pytest.fixture
def world(app) -> World:
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=75.0)
    juror = make_user("juror", name="Tajemnicza Jurorka", email="jurorka@example.org")
    laureate = make_participant(edition, name="Gmina Wzorowa", city="Lublin",
                                email="wzorowa@example.org")
    other = make_participant(edition, name="Gmina Przeciętna", city="Radom",
                             email="przecietna@example.org")
    score(laureate, juror, {"courtesy": 5, "routing": 5}, {"content": 10, "mobile": 5})
    score(other, juror, {"courtesy": 1, "routing": 1}, {"content": 2, "mobile": 1})
    expert = make_user("expert")
    db.session.add(Distinction(edition_id=edition.id, participant_id=laureate.id,
                               kind=DistinctionKind.STATUETTE, justification="Wzór obsługi.",
                               expert_id=expert.id))
    db.session.commit()
    return World(edition, laureate, other, juror.name, juror.email)


def publish(edition: Edition) -> None:
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = utcnow()
    db.session.commit()
