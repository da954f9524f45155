"""The demo tells the truth: dates inside its edition, trails that match statuses, real
photos, and a participant that earns the licence."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.demo.loader import load_demo
from juror_app.evidence.storage import path_for
from juror_app.models import Contact, Edition, Photo
from juror_app.results.ranking import compute_ranking
from juror_app.review import detail, queries

TODAY = date(2026, 11, 20)
WARSAW = ZoneInfo("Europe/Warsaw")


def test_every_contact_lies_inside_the_editions_fieldwork(app):
    load_demo(today=TODAY)
    edition = db.session.scalar(sa.select(Edition))
    days = {c.started_at.astimezone(WARSAW).date() for c in db.session.scalars(sa.select(Contact))}
    assert edition.starts_on <= min(days) and max(days) <= min(edition.ends_on, TODAY)
    assert edition.year == edition.starts_on.year and str(edition.year) in edition.name


def test_review_rounds_match_each_contacts_status(app):
    load_demo(today=TODAY)
    seen = set()
    for contact in db.session.scalars(sa.select(Contact)):
        view = detail.build(contact, queries.contact_events(contact))
        last = view.rounds[-1]
        decided = last.decision["after"]["status"] if last.decision else None
        expected = {"approved": "approved", "returned": "returned", "submitted": None,
                    "resubmitted": None}[contact.status]
        assert decided == expected, (contact.id, contact.status)
        if contact.status == "resubmitted":
            assert len(view.rounds) == 2 and any(view.changes.values())
        seen.add(contact.status)
    assert seen == {"approved", "returned", "submitted", "resubmitted"}


def test_a_few_visits_have_real_photos_stored_by_the_evidence_pipeline(app):
    load_demo(today=TODAY)
    photos = db.session.scalars(sa.select(Photo)).all()
    assert len(photos) == 3 and all(p.contact.channel == "visit" for p in photos)
    for photo in photos:
        for size in ("display", "thumb"):
            assert path_for(app.config["MEDIA_DIR"], photo.storage_key, size).stat().st_size
    assert all(p.width == 1200 and p.height == 900 for p in photos)


def test_one_participant_earns_the_licence(app):
    load_demo(today=TODAY)
    ranking = compute_ranking(db.session, db.session.scalar(sa.select(Edition)))
    assert "Gmina Wieliszew" in {r.name for r in ranking.licensed}
