"""Who may see and change results: API tokens, experts' and coordinators' rights."""
from __future__ import annotations

import sqlalchemy as sa

from juror_app.accounts.tokens import issue_token
from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Distinction, EditionStatus
from tests.factories import full_marks, make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import licensed_participant, scored_contact


def bearer(role: str) -> dict:
    token, _ = issue_token(make_user(role), "test")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_ranking_api_for_coordinators_and_experts_but_not_jurors(app, client):
    edition = make_edition()
    participant = make_participant(edition, name="Miejski Dom Kultury „Łęg”")
    scored_contact(make_assignment(participant=participant), "website",
                   full_marks("website"))
    url = f"/api/v1/editions/{edition.id}/ranking"
    assert client.get(url).status_code == 401
    refused = client.get(url, headers=bearer("juror"))
    assert refused.status_code == 403 and refused.json["message"]
    for role in ("expert", "coordinator", "admin"):
        response = client.get(url, headers=bearer(role))
        assert response.status_code == 200, role
    body = response.json
    assert body["edition"]["id"] == edition.id
    (row,) = body["participants"]
    assert row["name"] == "Miejski Dom Kultury „Łęg”"
    # Only the website is covered: 100% there, the required visit/phone/e-mail missing.
    assert (row["score"], row["rank"], row["licence"]) == (100.0, 1, False)
    assert row["channel_scores"]["website"] == 100.0 and row["channel_scores"]["visit"] is None
    assert row["missing_required_channels"] == ["visit", "phone", "email"]
    missing = client.get("/api/v1/editions/999/ranking", headers=bearer("expert"))
    assert missing.status_code == 404 and missing.json["message"]


def test_ranking_is_in_the_openapi_document_with_an_example(app, client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/editions/{edition_id}/ranking"]["get"]
    example = operation["responses"]["200"]["content"]["application/json"]["example"]
    assert example["participants"][0]["rank"] == 1
    assert "RankedParticipant" in spec["components"]["schemas"]


def test_an_expert_awards_a_distinction_but_cannot_freeze(app, client, auth):
    edition = make_edition()
    participant = licensed_participant(edition)
    expert = auth.login_as("expert")
    response = client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": participant.id, "kind": "statuette",
        "justification": "  Wzorowa obsługa mieszkańców  "})
    assert response.status_code == 302
    distinction = db.session.scalar(sa.select(Distinction))
    assert (distinction.expert_id, distinction.justification) == (expert.id,
                                                                  "Wzorowa obsługa mieszkańców")
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.action, event.actor_id) == ("distinction.award", expert.id)
    assert client.post(f"/results/{edition.id}/freeze", data={"confirm": "y"}).status_code == 403
    assert db.session.get(type(edition), edition.id).status == EditionStatus.OPEN
    page = client.get(f"/results/{edition.id}/distinctions").get_data(as_text=True)
    assert "Wzorowa obsługa mieszkańców" in page and "Wycofaj" in page


def test_a_coordinator_cannot_award_and_an_expert_needs_a_justification(app, client, auth):
    edition = make_edition()
    participant = licensed_participant(edition)
    auth.login_as("coordinator")
    data = {"participant_id": participant.id, "kind": "statuette", "justification": "x"}
    assert client.post(f"/results/{edition.id}/distinctions", data=data).status_code == 403
    auth.logout()
    auth.login_as("expert")
    for bad, message in [({"justification": "   "}, "Uzasadnienie jest wymagane"),
                         ({"kind": "gold"}, "Nieprawidłowy wybór"),
                         ({"participant_id": "abc"}, "Nieprawidłowy wybór"),
                         ({"justification": "x" * 2001}, "najwyżej 2000 znaków")]:
        response = client.post(f"/results/{edition.id}/distinctions", data={**data, **bad})
        assert response.status_code == 400, bad
        assert message in response.get_data(as_text=True), bad
    assert db.session.scalar(sa.select(sa.func.count(Distinction.id))) == 0


def test_the_same_distinction_twice_and_someone_elses_withdrawal_are_refused(app, client,
                                                                             auth):
    edition = make_edition()
    participant = licensed_participant(edition)
    data = {"participant_id": participant.id, "kind": "extraordinary",
            "justification": "Innowacyjne e-usługi"}
    auth.login_as("expert")
    assert client.post(f"/results/{edition.id}/distinctions", data=data).status_code == 302
    twice = client.post(f"/results/{edition.id}/distinctions", data=data)
    assert twice.status_code == 409 and "ma już to wyróżnienie" in twice.get_data(as_text=True)
    distinction = db.session.scalar(sa.select(Distinction))
    auth.logout()
    auth.login_as("expert")
    other = client.post(f"/results/distinctions/{distinction.id}/withdraw")
    assert other.status_code == 403 and "tylko wyróżnienia przyznane przez siebie" in \
        other.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Distinction.id))) == 1
    assert client.post("/results/distinctions/999/withdraw").status_code == 404


def test_an_expert_withdraws_their_own_distinction_with_an_audit_event(app, client, auth):
    edition = make_edition()
    participant = licensed_participant(edition)
    auth.login_as("expert")
    client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": participant.id, "kind": "statuette", "justification": "Za jakość"})
    distinction = db.session.scalar(sa.select(Distinction))
    url = f"/results/distinctions/{distinction.id}/withdraw"
    unticked = client.post(url)
    assert unticked.status_code == 422
    assert "Potwierdzam wycofanie" in unticked.get_data(as_text=True)
    assert db.session.get(Distinction, distinction.id) is not None, "nothing withdrawn unticked"
    withdraw = client.post(url, data={"confirm": "y"})
    assert withdraw.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Distinction.id))) == 0
    withdrawn = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "distinction.withdraw"))
    assert withdrawn.before["justification"] == "Za jakość"


def test_a_participant_of_another_edition_cannot_be_distinguished(app, client, auth):
    edition, other = make_edition(), make_edition()
    stranger = make_participant(other)
    make_participant(edition)
    auth.login_as("expert")
    response = client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": stranger.id, "kind": "statuette", "justification": "Za jakość"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Distinction.id))) == 0


def test_every_results_page_renders_in_english_too(app, client, auth):
    edition = make_edition()
    participant = make_participant(edition)
    scored_contact(make_assignment(participant=participant), "website",
                   full_marks("website"))
    auth.login_as("coordinator")
    client.post("/language/en", data={"next": "/"})
    base = f"/results/{edition.id}"
    for path in ("/ranking", "/licences", "/distinctions", "/calibration", "/freeze",
                 "/publish", f"/participants/{participant.id}/report"):
        response = client.get(base + path)
        assert response.status_code == 200, path
        assert 'lang="en"' in response.get_data(as_text=True), path
