"""Coordinator: assignments — create, edit, delete; no double assignment, no conflicts."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from juror_app.coordinator import assignments as assignment_views
from juror_app.core.extensions import db
from juror_app.models import (
    Assignment,
    AuditEvent,
    ConflictOfInterest,
    Contact,
    ContactStatus,
    EditionStatus,
    Participant,
)
from juror_app.rubric import default_rubric
from tests import factories


def url(edition, tail=""):
    return f"/coordinator/editions/{edition.id}/assignments{tail}"


def form(participant, juror, **changes):
    data = {"participant_ids": [str(participant.id)], "juror_id": str(juror.id),
            "channels": ["visit", "phone"], "due_on": "2025-11-30"}
    return data | changes


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Assignment.id)))


def test_create_stores_channels_and_due_date(app, client, coordinator, edition):
    participant, juror = factories.make_participant(edition), factories.make_user()
    response = client.post(url(edition, "/new"), data=form(participant, juror))
    assert response.status_code == 302
    assignment = db.session.scalar(sa.select(Assignment))
    assert assignment.channels == ["visit", "phone"] and assignment.due_on == date(2025, 11, 30)
    assert assignment.edition_id == edition.id and assignment.juror_id == juror.id
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.action == "assignment.create" and event.after["channels"] == ["visit", "phone"]


def test_new_form_offers_active_jurors_and_current_participants(
        app, client, coordinator, edition):
    factories.make_participant(edition, name="Gmina Aktywna")
    factories.make_participant(edition, name="Gmina Zarchiwizowana", archived=True)
    factories.make_participant(factories.make_edition(), name="Gmina Z Innej Edycji")
    factories.make_user(name="Juror Aktywny")
    factories.make_user(name="Juror Nieaktywny", active=False)
    body = client.get(url(edition, "/new")).get_data(as_text=True)
    assert "Gmina Aktywna" in body and "Juror Aktywny" in body
    for absent in ("Zarchiwizowana", "Z Innej Edycji", "Juror Nieaktywny"):
        assert absent not in body
    # The rubric's required channels are ticked by default.
    required = [k for k, c in default_rubric()["channels"].items() if c.get("required", True)]
    ticked = re.findall(r'<input checked id="channels-\d" name="channels" type="checkbox" '
                        r'value="(\w+)"', body)
    assert body.count('name="channels" type="checkbox"') == 5 and ticked == required
    assert body.count('name="participant_ids" type="checkbox"') == 1  # Gmina Aktywna


def test_same_juror_twice_for_one_participant_is_refused(app, client, coordinator, edition):
    participant, juror = factories.make_participant(edition), factories.make_user()
    factories.make_assignment(juror, participant)
    response = client.post(url(edition, "/new"), data=form(participant, juror))
    assert response.status_code == 422
    assert f"{juror.name} ma już zadanie dla: „{participant.name}”." in response.get_data(
        as_text=True)
    assert count() == 1


def test_a_race_past_the_check_is_caught_by_the_unique_constraint(
        app, client, coordinator, edition, monkeypatch):
    participant, juror = factories.make_participant(edition), factories.make_user()
    factories.make_assignment(juror, participant)
    participant_id = participant.id
    # As if a second coordinator saved the same assignment between our check and our insert
    # (the participant as the request's own session reads it).
    monkeypatch.setattr(assignment_views, "assignment_problems",
                        lambda *args: ([db.session.get(Participant, participant_id)], {}))
    response = client.post(url(edition, "/new"), data=form(participant, juror))
    assert response.status_code == 422
    assert "W tym samym czasie ktoś przydzielił" in response.get_data(as_text=True)
    assert count() == 1
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_conflict_of_interest_blocks_the_assignment_and_is_named(
        app, client, coordinator, edition):
    participant = factories.make_participant(edition, name="Urząd Gminy Zawoja")
    juror = factories.make_user(name="Jan Kowalski")
    db.session.add(ConflictOfInterest(juror=juror, participant=participant,
                                      reason="pracuje tam moja siostra"))
    db.session.commit()
    response = client.post(url(edition, "/new"), data=form(participant, juror))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Jan Kowalski zgłosił(a) konflikt interesów wobec „Urząd Gminy Zawoja”" in body
    assert "pracuje tam moja siostra" in body
    assert count() == 0


@pytest.mark.parametrize("changes, field, message", [
    ({"channels": []}, "channels", "Zaznacz co najmniej jeden kanał."),
    ({"channels": ["fax"]}, "channels", "Nieznany kanał kontaktu."),
    ({"due_on": "jutro"}, "due_on", "Nieprawidłow"),
    ({"participant_ids": ["0"]}, "participant_ids", "Wybierz uczestników tej edycji"),
    ({"participant_ids": []}, "participant_ids", "Wybierz uczestników tej edycji"),
    ({"participant_ids": ["abc"]}, "participant_ids", "Nieprawidłow"),
    ({"juror_id": "0"}, "juror_id", "Wybierz aktywnego jurora."),
])
def test_create_refuses_bad_values(app, client, coordinator, edition, changes, field, message):
    participant, juror = factories.make_participant(edition), factories.make_user()
    response = client.post(url(edition, "/new"), data=form(participant, juror, **changes))
    assert response.status_code == 422
    error = response.get_data(as_text=True).split(f'id="{field}-err">')[1].split("</p>")[0]
    assert message in error
    assert count() == 0


@pytest.mark.parametrize("who", ["archived participant", "other edition", "inactive juror",
                                 "expert"])
def test_ids_outside_the_choices_are_refused(app, client, coordinator, edition, who):
    participant, juror = factories.make_participant(edition), factories.make_user()
    if who == "archived participant":
        participant = factories.make_participant(edition, archived=True)
    elif who == "other edition":
        participant = factories.make_participant(factories.make_edition())
    elif who == "inactive juror":
        juror = factories.make_user(active=False)
    else:
        juror = factories.make_user("expert")
    response = client.post(url(edition, "/new"), data=form(participant, juror))
    assert response.status_code == 422
    assert count() == 0


def test_list_groups_by_participant_and_shows_contacts(app, client, coordinator, edition):
    participant = factories.make_participant(edition, name="Gmina Alfa")
    first = factories.make_assignment(factories.make_user(name="Anna"), participant,
                                      channels=["email"])
    factories.make_assignment(factories.make_user(name="Bartek"), participant)
    factories.make_contact(first, channel="email")
    body = client.get(url(edition)).get_data(as_text=True)
    assert body.count("Gmina Alfa") == 1  # the participant heads its group once
    assert body.index("Anna") < body.index("Bartek")
    row = body.split(f'id="assignment-{first.id}"')[1].split("</tr>")[0]
    assert "E-mail" in row and "<td>1</td>" in row and "Usuń" not in row


def test_empty_list_explains_what_to_do(app, client, coordinator, edition):
    assert "Nie ma jeszcze zadań." in client.get(url(edition)).get_data(as_text=True)


def test_edit_changes_channels_and_due_date(app, client, coordinator, edition):
    assignment = factories.make_assignment(participant=factories.make_participant(edition))
    response = client.post(url(edition, f"/{assignment.id}/edit"),
                           data={"channels": ["website"], "due_on": ""})
    assert response.status_code == 302
    db.session.refresh(assignment)
    assert assignment.channels == ["website"] and assignment.due_on is None
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.before["channels"] == ["visit", "phone", "email", "social_media", "website"]


def test_delete_asks_first_then_deletes(app, client, coordinator, edition):
    assignment = factories.make_assignment(participant=factories.make_participant(edition))
    juror_id = assignment.juror_id
    page = client.get(url(edition, f"/{assignment.id}/delete"))
    assert "Usunąć zadanie?" in page.get_data(as_text=True) and count() == 1
    assert client.post(url(edition, f"/{assignment.id}/delete")).status_code == 302
    assert count() == 0
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.action == "assignment.delete" and event.after is None
    assert event.before["juror_id"] == juror_id


def test_assignment_with_contacts_cannot_be_deleted(app, client, coordinator, edition):
    assignment = factories.make_assignment(participant=factories.make_participant(edition))
    factories.make_contact(assignment)
    response = client.post(url(edition, f"/{assignment.id}/delete"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "juror zapisał już kontakty" in page
    assert count() == 1


def test_a_contact_synced_during_the_delete_keeps_the_assignment(
        app, client, coordinator, edition, monkeypatch):
    assignment = factories.make_assignment(participant=factories.make_participant(edition))
    task, juror = assignment.id, assignment.juror_id
    checked = assignment_views.contact_counts

    def check_then_the_juror_syncs(ids):
        counts = checked(ids)
        with db.engine.begin() as other:  # the juror's PUT: another request, committed
            other.execute(sa.insert(Contact), {
                "client_id": uuid.uuid4(), "assignment_id": task, "juror_id": juror,
                "channel": "phone", "started_at": datetime(2025, 10, 6, 9, tzinfo=UTC),
                "started_offset_minutes": 120, "measurements": {}, "notes": "",
                "status": ContactStatus.SUBMITTED, "payload_hash": "0" * 64})
        return counts

    monkeypatch.setattr(assignment_views, "contact_counts", check_then_the_juror_syncs)
    response = client.post(url(edition, f"/{task}/delete"))
    assert response.status_code == 302 and response.headers["Location"] == url(edition)
    monkeypatch.setattr(assignment_views, "contact_counts", checked)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tego zadania nie można usunąć: juror zapisał już kontakty." in page
    db.session.expire_all()
    assert count() == 1 and db.session.scalar(sa.select(sa.func.count(Contact.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_assignment_of_another_edition_is_404(app, client, coordinator, edition):
    stranger = factories.make_assignment()
    assert client.get(url(edition, f"/{stranger.id}/edit")).status_code == 404
    assert client.post(url(edition, f"/{stranger.id}/delete")).status_code == 404


def test_locked_edition_refuses_new_assignments(app, client, coordinator):
    edition = factories.make_edition(status=EditionStatus.FROZEN)
    participant, juror = factories.make_participant(edition), factories.make_user()
    assert client.post(url(edition, "/new"), data=form(participant, juror)).status_code == 302
    assert count() == 0


def test_new_form_can_start_from_a_participant(app, client, coordinator, edition):
    participant = factories.make_participant(edition)
    body = client.get(url(edition, f"/new?participant={participant.id}")).get_data(
        as_text=True)
    assert re.search(rf'<input checked[^>]*value="{participant.id}"', body)


def test_a_conflict_declared_after_assignment_is_flagged(app, client, coordinator, edition):
    participant = factories.make_participant(edition)
    clean = factories.make_assignment(participant=participant)
    flagged = factories.make_assignment(participant=participant)
    db.session.add(ConflictOfInterest(juror=flagged.juror, participant=participant))
    db.session.commit()
    body = client.get(url(edition)).get_data(as_text=True)
    row = body.split(f'id="assignment-{flagged.id}"')[1].split("</tr>")[0]
    assert "zgłoszony konflikt interesów" in row
    other = body.split(f'id="assignment-{clean.id}"')[1].split("</tr>")[0]
    assert "konflikt" not in other


def test_one_juror_gets_several_participants_at_once(app, client, coordinator, edition):
    participants = [factories.make_participant(edition) for _ in range(3)]
    juror = factories.make_user()
    data = form(participants[0], juror, participant_ids=[str(p.id) for p in participants])
    response = client.post(url(edition, "/new"), data=data)
    assert response.status_code == 302
    assert "Dodano zadania: 3." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    stored = db.session.scalars(sa.select(Assignment.participant_id)).all()
    assert sorted(stored) == sorted(p.id for p in participants)
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 3


def test_one_blocked_participant_stores_none_of_the_batch(app, client, coordinator, edition):
    ok, blocked, taken = (factories.make_participant(edition, name=n)
                          for n in ("Gmina Wolna", "Gmina Siostry", "Gmina Zajęta"))
    juror = factories.make_user(name="Ewa")
    factories.make_assignment(juror, taken)
    db.session.add(ConflictOfInterest(juror=juror, participant=blocked))
    db.session.commit()
    data = form(ok, juror, participant_ids=[str(p.id) for p in (ok, blocked, taken)])
    response = client.post(url(edition, "/new"), data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ewa zgłosił(a) konflikt interesów wobec „Gmina Siostry”" in body
    assert "Ewa ma już zadanie dla: „Gmina Zajęta”." in body
    errors = body.split('class="field has-error"')[1].split("</div>")[0]
    assert "Gmina Wolna”" not in errors
    assert count() == 1


def test_the_picker_searches_filters_and_ticks_all_unassigned_of_a_category(
        app, client, coordinator, edition):
    lodz = factories.make_participant(edition, name="Biblioteka Łódzka", city="Łódź")
    taken = factories.make_participant(edition, name="Biblioteka Zajęta", city="Łódź")
    factories.make_assignment(participant=taken)
    other = factories.make_participant(edition, name="Gmina Inna", category="gmina")
    lodz.category = taken.category = "instytucja_kultury"
    db.session.commit()
    body = client.get(url(edition, "/new?q=lodz")).get_data(as_text=True)
    assert "Biblioteka Łódzka" in body and "Gmina Inna" not in body
    body = client.get(url(edition, "/new?category=instytucja_kultury&unassigned=1&all=1")
                      ).get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*value="{lodz.id}"', body)
    assert "Biblioteka Zajęta" not in body and f'value="{other.id}"' not in body
