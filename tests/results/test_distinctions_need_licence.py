"""Statuettes and extraordinary distinctions go to the Licence's holders only.

The announcement: „Najlepsi z najlepszych otrzymają dodatkowo Statuetki i Wyróżnienia
Nadzwyczajne” — in addition to the Licence. A distinction for a participant without it was
listed by the ranking and exports but left off the public laureates page."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Distinction, DistinctionKind, EditionStatus
from juror_app.results import lifecycle
from tests.factories import full_marks, make_edition, make_participant, make_user
from tests.results_helpers import licensed_participant, scored_contact


def test_a_participant_without_the_licence_cannot_be_distinguished(app, client, auth):
    edition = make_edition()
    holder = licensed_participant(edition, name="Gmina Wzorowa")
    below = make_participant(edition, name="Biblioteka Bez Licencji")
    auth.login_as("expert")
    form = client.get(f"/results/{edition.id}/distinctions").get_data(as_text=True)
    assert "Gmina Wzorowa" in form and "Biblioteka Bez Licencji" not in form
    refused = client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": below.id, "kind": "statuette", "justification": "Za jakość"})
    assert refused.status_code == 400  # not one of the form's choices
    with pytest.raises(lifecycle.ResultsError) as error:  # past the form: the rule itself
        lifecycle.award(db.session, edition, make_user("expert"), below.id,
                        DistinctionKind.EXTRAORDINARY, "Za jakość")
    assert error.value.status == 422 and "Biblioteka Bez Licencji" in str(error.value)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Distinction.id))) == 0
    assert client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": holder.id, "kind": "statuette",
        "justification": "Za jakość"}).status_code == 302


def test_an_expert_sees_why_nobody_can_be_distinguished_yet(app, client, auth):
    edition = make_edition()
    make_participant(edition, name="Gmina Bez Ocen")
    auth.login_as("expert")
    page = client.get(f"/results/{edition.id}/distinctions").get_data(as_text=True)
    assert "Nikt nie ma jeszcze Licencji Jakości" in page and "Zapisz wyróżnienie" not in page


def test_freezing_is_refused_while_a_distinguished_participant_lost_the_licence(app, client,
                                                                              auth):
    edition = make_edition()
    holder = licensed_participant(edition, name="Gmina Łańcut")
    lifecycle.award(db.session, edition, make_user("expert"), holder.id,
                    DistinctionKind.STATUETTE, "Za jakość")
    db.session.commit()
    # Later approved contacts with no points pull the score under the threshold.
    for channel, spec in edition.rubric.data["channels"].items():
        if spec.get("required"):
            for _ in range(3):
                scored_contact(holder.assignments[0], channel,
                               dict.fromkeys(full_marks(channel), 0))
    assert not lifecycle.licensed(db.session, edition)
    auth.login_as("coordinator")
    refused = client.post(f"/results/{edition.id}/freeze", data={"confirm": "y"})
    assert refused.status_code == 422
    assert "Gmina Łańcut" in refused.get_data(as_text=True)
    assert db.session.get(type(edition), edition.id).status == EditionStatus.OPEN
