"""Freezing and publishing: after that, scores and distinctions do not change."""
from __future__ import annotations

import re

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Distinction, EditionStatus
from juror_app.results import lifecycle
from juror_app.results.ranking import compute_ranking
from tests.factories import full_marks, make_edition
from tests.results_helpers import licensed_participant, scored_contact
from tests.review_support import decision_form


def scored_edition():
    """An open edition whose one participant holds the Licence (full marks where required)."""
    edition = make_edition()
    return edition, licensed_participant(edition, name="Gmina Żółkiewka")


FREEZE = {"confirm": "y", "without_distinctions": "y"}


def actions():
    return db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_freeze_needs_the_confirmation_box(app, client, auth):
    edition, _ = scored_edition()
    auth.login_as("coordinator")
    page = client.get(f"/results/{edition.id}/freeze")
    assert page.status_code == 200 and "nie można cofnąć" in page.get_data(as_text=True)
    response = client.post(f"/results/{edition.id}/freeze", data={})
    assert response.status_code == 400
    assert "Zaznacz potwierdzenie" in response.get_data(as_text=True)
    assert db.session.get(type(edition), edition.id).status == EditionStatus.OPEN


def test_freeze_warns_about_contacts_still_waiting_for_review(app, client, auth):
    edition, participant = scored_edition()
    scored_contact(participant.assignments[0], "phone", full_marks("phone"),
                   {"rings": 1}, status="submitted")
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/freeze").get_data(as_text=True)
    assert "Czekają na przegląd: 1" in body and "Zwrócone jurorom" not in body


def test_publish_only_after_freeze_then_everything_is_locked(app, client, auth):
    edition, participant = scored_edition()
    coordinator = auth.login_as("coordinator")
    refused = client.post(f"/results/{edition.id}/publish", data={"confirm": "y"})
    assert refused.status_code == 409
    assert "Najpierw zamroź wyniki" in refused.get_data(as_text=True)
    assert client.post(f"/results/{edition.id}/freeze", data=FREEZE).status_code == 302
    published = client.post(f"/results/{edition.id}/publish", data={"confirm": "y"})
    assert published.status_code == 302
    edition = db.session.get(type(edition), edition.id)
    assert edition.status == EditionStatus.PUBLISHED and edition.published_at is not None
    assert actions()[-2:] == ["edition.freeze", "edition.publish"]
    events = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.entity_type == "edition")).all()
    assert {e.actor_id for e in events} == {coordinator.id}
    again = client.post(f"/results/{edition.id}/freeze", data=FREEZE)
    assert again.status_code == 409 and "już opublikowane" in again.get_data(as_text=True)


def test_after_publication_distinctions_cannot_be_awarded_or_withdrawn(app, client, auth):
    edition, participant = scored_edition()
    expert = auth.login_as("expert")
    client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": participant.id, "kind": "statuette",
        "justification": "Świetna obsługa"})
    distinction = db.session.scalar(sa.select(Distinction))
    before = compute_ranking(db.session, edition)
    lifecycle.freeze(db.session, edition, expert)
    lifecycle.publish(db.session, edition, expert)
    db.session.commit()
    award = client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": participant.id, "kind": "extraordinary",
        "justification": "Jeszcze jedno"})
    assert award.status_code == 409
    assert "zamrożone" in award.get_data(as_text=True)
    withdraw = client.post(f"/results/distinctions/{distinction.id}/withdraw")
    assert withdraw.status_code == 409 and "zamrożone" in withdraw.get_data(as_text=True)
    after = compute_ranking(db.session, edition)
    assert db.session.scalars(sa.select(Distinction.kind)).all() == ["statuette"]
    assert [(r.score, r.rank, [d.kind for d in r.distinctions]) for r in after.rows] == \
        [(r.score, r.rank, [d.kind for d in r.distinctions]) for r in before.rows]


def test_the_domain_rules_refuse_changes_to_a_frozen_edition(app):
    edition, participant = scored_edition()
    expert = db.session.get(type(participant.assignments[0].juror),
                            participant.assignments[0].juror_id)
    edition.status = EditionStatus.FROZEN
    db.session.commit()
    try:
        lifecycle.award(db.session, edition, expert, participant.id, "statuette", "Za jakość")
    except lifecycle.ResultsError as error:
        assert error.status == 409 and "zamrożone" in str(error)
    else:
        raise AssertionError("a frozen edition accepted a distinction")


def test_after_freezing_review_refuses_and_the_ranking_matches_the_frozen_one(app, client,
                                                                               auth):
    edition, participant = scored_edition()
    zeros = dict.fromkeys(full_marks("phone"), 0)
    waiting = scored_contact(participant.assignments[0], "phone", zeros, {"rings": 30},
                             status="submitted")
    auth.login_as("coordinator")
    client.post(f"/results/{edition.id}/freeze", data=FREEZE)
    refused = client.post(f"/review/contacts/{waiting.id}/approve",
                          data=decision_form(waiting))
    assert refused.status_code == 409
    assert db.session.get(type(waiting), waiting.id).status == "submitted"
    body = client.get(f"/results/{edition.id}/ranking").get_data(as_text=True)
    assert "zgodny ze stanem z chwili zamrożenia" in body
    # Should anything slip past the locks, the page says so instead of hiding it.
    db.session.execute(sa.update(type(waiting)).where(type(waiting).id == waiting.id)
                       .values(status="approved"))
    db.session.commit()
    body = client.get(f"/results/{edition.id}/ranking").get_data(as_text=True)
    assert "różni się od stanu z chwili zamrożenia" in body


def test_freeze_page_says_no_distinction_was_awarded_and_asks_to_choose(app, client, auth):
    edition, _ = scored_edition()
    auth.login_as("coordinator")
    page = client.get(f"/results/{edition.id}/freeze").get_data(as_text=True)
    assert "Przyznane wyróżnienia: 0" in page and 'name="without_distinctions"' in page
    assert f'/results/{edition.id}/distinctions"' in page  # or go back and wait
    refused = client.post(f"/results/{edition.id}/freeze", data={"confirm": "y"})
    assert refused.status_code == 422
    assert "bez wyróżnień" in refused.get_data(as_text=True)
    assert db.session.get(type(edition), edition.id).status == EditionStatus.OPEN
    assert client.post(f"/results/{edition.id}/freeze", data=FREEZE).status_code == 302
    assert db.session.get(type(edition), edition.id).status == EditionStatus.FROZEN


def test_freeze_page_counts_the_awarded_distinctions(app, client, auth):
    edition, participant = scored_edition()
    auth.login_as("expert")
    client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": participant.id, "kind": "statuette", "justification": "Wzorowo"})
    auth.logout()
    auth.login_as("coordinator")
    page = client.get(f"/results/{edition.id}/freeze").get_data(as_text=True)
    assert "Przyznane wyróżnienia: 1." in page and "without_distinctions" not in page
    assert client.post(f"/results/{edition.id}/freeze", data={"confirm": "y"}).status_code == 302


def test_returned_contacts_are_counted_apart_from_those_waiting_for_review(app, client, auth):
    edition, participant = scored_edition()
    assignment = participant.assignments[0]
    for status in ("submitted", "resubmitted", "returned", "rejected"):
        scored_contact(assignment, "phone", full_marks("phone"), {"rings": 1}, status=status)
    assert lifecycle.freeze_check(db.session, edition.id) == lifecycle.FreezeCheck(2, 1, 0)
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/freeze").get_data(as_text=True)
    assert "Czekają na przegląd: 2" in body and "Zwrócone jurorom do poprawy: 1" in body


def test_a_justification_with_control_characters_is_refused(app, client, auth):
    edition, participant = scored_edition()
    auth.login_as("expert")
    answer = client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": participant.id, "kind": "statuette",
        "justification": "Świetna\x01 obsługa"})
    assert answer.status_code in (400, 422)
    assert "znaki sterujące" in answer.get_data(as_text=True)
    assert db.session.scalars(sa.select(Distinction)).all() == []


def test_a_contact_awaiting_its_reply_is_named_so_and_its_link_shows_it(app, client, auth):
    edition, participant = scored_edition()
    scored_contact(participant.assignments[0], "email", full_marks("email"), {},
                   status="awaiting_reply")
    assert lifecycle.freeze_check(db.session, edition.id) == lifecycle.FreezeCheck(0, 0, 0, 1)
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/freeze").get_data(as_text=True)
    assert "Czekają na przegląd" not in body
    assert "Czekają na odpowiedź uczestnika (wysłane e-maile i wiadomości): 1" in body
    link = re.search(r'href="([^"]*status=awaiting_reply[^"]*)"', body).group(1)
    queue = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Żaden kontakt nie pasuje" not in queue and participant.name in queue
