"""`flask users …` and `flask demo`: accounts from the shell, demo data on demand."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa

from juror_app.accounts.tokens import issue_token
from juror_app.core.extensions import db
from juror_app.demo.loader import DEMO_PASSWORD, load_demo
from juror_app.juror.progress import channel_progress, is_overdue
from juror_app.models import (
    Assignment,
    AuditEvent,
    Category,
    ConflictOfInterest,
    Contact,
    ContactStatus,
    DeviceToken,
    Edition,
    Participant,
    User,
)
from juror_app.rubric import default_rubric
from juror_app.rubric.scoring import points_from_rule
from tests.factories import make_user

ANNOUNCED = [
    "Miejska Biblioteka Publiczna im. Tadeusza Różewicza we Wrocławiu",
    "Gmina Starogard Gdański",
    "Młodzieżowe Centrum Kultury w Legnicy",
    "Miasto Płońsk",
    "Warszawskie Muzeum Komputerów",
    "Powiatowy Urząd Pracy w Kętrzynie",
    "Augustowskie Towarzystwo Budownictwa Społecznego „KODREM”",
    "Gmina Wieliszew",
]
VOIVODESHIPS = {
    "dolnośląskie", "kujawsko-pomorskie", "lubelskie", "lubuskie", "łódzkie", "małopolskie",
    "mazowieckie", "opolskie", "podkarpackie", "podlaskie", "pomorskie", "śląskie",
    "świętokrzyskie", "warmińsko-mazurskie", "wielkopolskie", "zachodniopomorskie",
}
TODAY = date(2025, 10, 20)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


# --- users create / deactivate -----------------------------------------------------------

def test_create_user_with_password_from_stdin(runner, client, auth):
    result = runner.invoke(args=["users", "create", "--email", " Nowy.Juror@Example.org ",
                                 "--role", "juror", "--name", "Nowy Juror",
                                 "--password-stdin"], input="bardzo-tajne-1\n")
    assert result.exit_code == 0, result.output
    assert "Created juror nowy.juror@example.org." in result.output
    created = user("nowy.juror@example.org")
    assert created.name == "Nowy Juror" and created.role == "juror" and created.active
    assert auth.login("nowy.juror@example.org", "bardzo-tajne-1").status_code == 302
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert event.entity_id == str(created.id) and event.actor_id is None


def test_create_user_with_the_interactive_prompt(runner):
    result = runner.invoke(args=["users", "create", "--email", "k@example.org",
                                 "--role", "coordinator"],
                           input="dlugie-haslo-9\ndlugie-haslo-9\n")
    assert result.exit_code == 0, result.output
    assert user("k@example.org").check_password("dlugie-haslo-9")
    assert user("k@example.org").name == "k"


@pytest.mark.parametrize("args, stdin, message", [
    (["--email", "juror@example.org", "--role", "juror"], "krotkie\n",
     "at least 10 characters"),
    (["--email", "juror@example.org", "--role", "juror"], "", "at least 10 characters"),
    (["--email", "juror@example.org", "--role", "boss"], "dlugie-haslo-9\n",
     "'boss' is not one of"),
    (["--email", "not-an-address", "--role", "juror"], "dlugie-haslo-9\n", "--email"),
    (["--role", "juror"], "dlugie-haslo-9\n", "Missing option '--email'"),
])
def test_create_user_refuses_bad_input(runner, args, stdin, message):
    result = runner.invoke(args=["users", "create", *args, "--password-stdin"], input=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert count(User) == 0


def test_create_user_refuses_a_duplicate_whatever_the_case(runner):
    make_user(email="juror@example.org")
    result = runner.invoke(args=["users", "create", "--email", "JUROR@example.org",
                                 "--role", "juror", "--password-stdin"],
                           input="dlugie-haslo-9\n")
    assert result.exit_code == 1
    assert "An account for juror@example.org already exists." in result.output
    assert count(User) == 1


def test_deactivate_user_stops_login_and_sync(runner, auth):
    juror = make_user(email="juror@example.org")
    _, token = issue_token(juror, "telefon")
    db.session.commit()
    result = runner.invoke(args=["users", "deactivate", "--email", "Juror@example.org"])
    assert result.exit_code == 0, result.output
    assert "Deactivated juror@example.org." in result.output
    db.session.expire_all()
    assert user("juror@example.org").active is False
    assert db.session.get(DeviceToken, token.id).revoked_at is not None
    assert auth.login("juror@example.org").status_code == 401
    again = runner.invoke(args=["users", "deactivate", "--email", "juror@example.org"])
    assert again.exit_code == 0 and "already deactivated" in again.output


def test_deactivate_unknown_user(runner):
    result = runner.invoke(args=["users", "deactivate", "--email", "nikt@example.org"])
    assert result.exit_code == 1
    assert "No account for nikt@example.org." in result.output


# --- demo ---------------------------------------------------------------------------------

def test_demo_loads_the_edition_people_and_work(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded: 5 users, 1 edition, 39 participants" in result.output
    edition = db.session.scalar(sa.select(Edition))
    # The edition's window follows the day the demo is loaded: its contacts fall inside it.
    assert edition.name == f"II edycja {edition.starts_on.year}"
    assert edition.starts_on < edition.applications_until < edition.ends_on
    assert edition.rubric.data == default_rubric()
    participants = db.session.scalars(sa.select(Participant)).all()
    assert set(ANNOUNCED) <= {p.name for p in participants}
    assert {p.category for p in participants} == set(Category)
    assert {p.voivodeship for p in participants} == VOIVODESHIPS
    assert all(p.email.endswith(".example.org") and " 000 " in p.phone for p in participants)
    for email in ("koordynator@example.org", "ekspert@example.org", "juror1@example.org",
                  "juror2@example.org", "juror3@example.org"):
        assert user(email).check_password(DEMO_PASSWORD)
    per_juror = Counter(a.juror.email for a in db.session.scalars(sa.select(Assignment)))
    assert set(per_juror) == {"juror1@example.org", "juror2@example.org", "juror3@example.org"}
    assert min(per_juror.values()) >= 4
    assert count(ConflictOfInterest) == 1


def test_demo_has_one_overdue_assignment_and_contacts_in_every_review_state(app):
    load_demo(today=TODAY)
    contacts = db.session.scalars(sa.select(Contact)).all()
    overdue = [
        a for a in db.session.scalars(sa.select(Assignment))
        if is_overdue(a.due_on, TODAY, channel_progress(
            a.channels, [(c.channel, c.status) for c in contacts if c.assignment_id == a.id]))
    ]
    assert len(overdue) == 1
    states = Counter(c.status for c in contacts)
    assert {ContactStatus.SUBMITTED, ContactStatus.RETURNED, ContactStatus.APPROVED} <= set(states)
    assert states[ContactStatus.APPROVED] >= 10
    assert all(c.review_comment for c in contacts if c.status == ContactStatus.RETURNED)
    assert all(c.juror_id == c.assignment.juror_id and c.channel in c.assignment.channels
               for c in contacts)


def test_demo_scores_follow_the_rubric(app):
    load_demo(today=TODAY)
    rubric = default_rubric()
    for contact in db.session.scalars(sa.select(Contact)):
        spec = {c["key"]: c for c in rubric["channels"][contact.channel]["criteria"]}
        assert {s.criterion_key for s in contact.scores} == set(spec)
        for score in contact.scores:
            criterion = spec[score.criterion_key]
            assert (score.max_points, score.weight) == (criterion["max_points"],
                                                        criterion["weight"])
            if "rule" in criterion:
                value = contact.measurements[criterion["measurement"]]
                assert score.points == points_from_rule(criterion["rule"], value)
            elif score.points is None:
                assert criterion["allow_na"]
            else:
                assert 0 <= score.points <= criterion["max_points"]


def snapshot() -> list[tuple]:
    rows = db.session.execute(
        sa.select(Participant.name, Participant.phone, Assignment.channels, Assignment.due_on)
        .join(Assignment.participant).order_by(Assignment.id)
    ).all()
    contacts = db.session.execute(
        sa.select(Contact.client_id, Contact.channel, Contact.status, Contact.measurements)
        .order_by(Contact.id)
    ).all()
    return [tuple(r) for r in rows] + [tuple(c) for c in contacts]


def test_demo_is_deterministic(app):
    load_demo(today=TODAY)
    first = snapshot()
    db.session.remove()
    db.drop_all()
    db.create_all()
    load_demo(today=TODAY)
    assert snapshot() == first


def test_demo_refuses_a_database_with_data_unless_forced(runner):
    make_user(email="prawdziwy@example.org")
    refused = runner.invoke(args=["demo"])
    assert refused.exit_code == 1
    assert "already holds data. Use --force" in refused.output
    assert count(Edition) == 0
    forced = runner.invoke(args=["demo", "--force"])
    assert forced.exit_code == 0, forced.output
    assert count(Edition) == 1 and count(User) == 6
    twice = runner.invoke(args=["demo", "--force"])
    assert twice.exit_code == 1 and "already exists" in twice.output
    assert count(Edition) == 1


def test_demo_if_empty_is_a_no_op_on_a_database_with_data(runner):
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0
    counts = (count(User), count(Participant), count(Contact))
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert "demo data not loaded" in result.output
    assert (count(User), count(Participant), count(Contact)) == counts


def test_demo_logins_prints_every_account(runner):
    result = runner.invoke(args=["demo", "--logins"])
    assert "lider2025demo" in result.output
    for email in ("koordynator@example.org", "ekspert@example.org", "juror3@example.org"):
        assert email in result.output
    assert count(User) == 0


def test_demo_juror_sees_assignments(client, auth):
    load_demo()
    assert auth.login("juror1@example.org", DEMO_PASSWORD).status_code == 302
    body = client.get("/juror/").get_data(as_text=True)
    assert "Po terminie" in body and "Do poprawy" in body
    assert "Miejska Biblioteka Publiczna im. Tadeusza Różewicza we Wrocławiu" in body
