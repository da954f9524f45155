"""Pages people reach without logging in, at 360 px: the laureates page, a participant's
report through its link and the set-password form — axe-core finds nothing, no sideways
scrolling."""
from __future__ import annotations

from flask import current_app

from juror_app.core.extensions import db
from juror_app.invitations import links as password_links
from juror_app.models import Distinction, DistinctionKind, EditionStatus, utcnow
from juror_app.participant_results import links
from tests.browser.axe import violations
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact


def published_laureate():
    edition = make_edition(rubric=SMALL_RUBRIC)
    participant = make_participant(edition, name="Gmina Wzorowa")
    assignment = make_assignment(make_user("juror"), participant)
    scored_contact(assignment, "phone", {"courtesy": 5, "routing": 5}, {"rings": 2},
                   rubric=SMALL_RUBRIC)
    scored_contact(assignment, "website", {"content": 10, "mobile": 5}, rubric=SMALL_RUBRIC)
    db.session.add(Distinction(edition_id=edition.id, participant_id=participant.id,
                               kind=DistinctionKind.STATUETTE, justification="Wzór.",
                               expert_id=make_user("expert").id))
    edition.status, edition.published_at = EditionStatus.PUBLISHED, utcnow()
    db.session.commit()
    return edition, participant


def fits(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_public_pages_are_accessible_on_a_phone(live_app, live_server, page):
    edition, participant = published_laureate()
    page.goto(f"{live_server.url}/wyniki/{edition.id}")
    assert page.get_by_role("heading", level=2, name="Gmina").is_visible()
    assert violations(page) == [] and fits(page)

    link = links.ensure_links(db.session, [participant])[participant.id]
    db.session.commit()
    token = links.token_of(link, current_app.config["SECRET_KEY"])
    page.goto(f"{live_server.url}/wyniki/raport/{token}")
    assert page.get_by_role("heading", level=1, name="Gmina Wzorowa").is_visible()
    assert violations(page) == [] and fits(page)

    issued = password_links.issue(db.session, make_user("juror"), "invite")
    db.session.commit()
    page.goto(f"{live_server.url}/password/{issued.token}")
    assert violations(page) == [] and fits(page)
