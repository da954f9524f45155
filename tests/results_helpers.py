"""Helpers shared by the results tests: scored contacts and a small hand-checkable rubric."""
from __future__ import annotations

from juror_app.core.extensions import db
from juror_app.models import ContactStatus, CriterionScore
from juror_app.rubric import default_rubric
from juror_app.rubric.scoring import criterion_results
from tests.factories import make_assignment, make_contact, make_participant, make_user

# Three channels with easy numbers: phone ×3 and website ×1 required, e-mail ×2 optional.
SMALL_RUBRIC = {
    "format": 1,
    "name": "Rubryka testowa",
    "groups": {"service": "Kultura obsługi", "info": "Informacja"},
    "channels": {
        "phone": {
            "label": "Telefon", "weight": 3, "required": True,
            "measurements": [{"key": "rings", "label": "Sygnały", "unit": "", "min": 0,
                              "max": 60}],
            "criteria": [
                {"key": "answer_speed", "label": "Szybkość odebrania", "group": "service",
                 "max_points": 5, "weight": 1, "measurement": "rings",
                 "rule": {"kind": "thresholds", "steps": [{"up_to": 3, "points": 5},
                                                          {"up_to": 5, "points": 3}],
                          "otherwise": 0}},
                {"key": "courtesy", "label": "Uprzejmość", "group": "service",
                 "max_points": 5, "weight": 2},
                {"key": "routing", "label": "Przekierowanie", "group": "info",
                 "max_points": 5, "weight": 1, "allow_na": True},
            ],
        },
        "website": {
            "label": "Strona", "weight": 1, "required": True, "measurements": [],
            "criteria": [
                {"key": "content", "label": "Treść", "group": "info", "max_points": 10,
                 "weight": 1},
                {"key": "mobile", "label": "Wersja mobilna", "group": "info",
                 "max_points": 5, "weight": 2, "allow_na": True},
            ],
        },
        "email": {
            "label": "E-mail", "weight": 2, "required": False, "measurements": [],
            "criteria": [{"key": "reply", "label": "Odpowiedź", "group": "info",
                          "max_points": 4, "weight": 1}],
        },
    },
}


def set_scores(contact, scores: dict, measurements: dict | None = None, rubric=None) -> None:
    """Replace the contact's criterion rows with those the rubric derives from the input."""
    spec = (rubric or default_rubric())["channels"][contact.channel]
    contact.measurements = measurements or {}
    contact.scores.clear()
    db.session.flush()
    for r in criterion_results(spec, scores, contact.measurements):
        contact.scores.append(CriterionScore(criterion_key=r.key, points=r.points,
                                             max_points=r.max_points, weight=r.weight))


def scored_contact(assignment, channel: str, scores: dict, measurements: dict | None = None,
                   status: ContactStatus = ContactStatus.APPROVED, rubric=None, commit=True):
    """A contact with criterion rows computed exactly as the sync API would."""
    contact = make_contact(assignment, channel=channel, status=status, commit=False)
    set_scores(contact, scores, measurements, rubric)
    if commit:
        db.session.commit()
    return contact


def licensed_participant(edition, juror=None, **participant_fields):
    """A participant holding the Licence: full marks in every channel the edition's rubric
    requires (distinctions go only to holders; juror_app.results.lifecycle)."""
    rubric = edition.rubric.data
    participant = make_participant(edition, **participant_fields)
    assignment = make_assignment(juror or make_user("juror"), participant)
    for channel, spec in rubric["channels"].items():
        if spec.get("required"):
            full = {c["key"]: c["max_points"] for c in spec["criteria"] if "rule" not in c}
            scored_contact(assignment, channel, full, rubric=rubric, commit=False)
    db.session.commit()
    return participant
