"""A contact reopened without a connection (a waiting e-mail completed, a returned contact
corrected) starts from what the server holds, so saving it keeps the notes, scores and
measurements typed before instead of wiping them (issue 15.1)."""
from juror_app.core.extensions import db
from juror_app.models import Assignment, ContactStatus, CriterionScore
from tests.browser.offline_support import (
    arrange,
    open_app,
    open_capture,
    wait_for_server,
    wait_synced,
)
from tests.browser.test_offline_channels import YESTERDAY, days_ago, open_card, score_all
from tests.factories import make_contact

NOTES = "Zapytanie o godziny pracy USC; odpisano z adresu prywatnego."


def scores_shown(page) -> dict[str, str]:
    """Criterion (radio name) → the value checked on the form."""
    return page.eval_on_selector_all(
        "form.capture .criterion input[type=radio]:checked",
        "inputs => Object.fromEntries(inputs.map((i) => [i.name, i.value]))")


def manual_scores(contact) -> dict[str, float | None]:
    return {s.criterion_key: s.points for s in contact.scores
            if s.criterion_key not in ("reply_time", "waiting_time")}


def test_a_waiting_email_completed_offline_keeps_its_notes_and_scores(
        live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    form = open_capture(page, assignment_id, "email")
    client_id = form.get_attribute("data-client-id")
    page.fill("#time-started", days_ago(2, "10:00"))
    score_all(page, 4)
    page.fill("[name=notes]", NOTES)
    page.get_by_role("button", name="Zapisz — czeka na odpowiedź").click()
    [waiting] = wait_for_server(live_app, page, lambda found: len(found) == 1)
    wait_synced(page)
    assert waiting.status is ContactStatus.AWAITING_REPLY and waiting.notes == NOTES

    page.reload()  # the work list, fresh from the server, carries the waiting e-mail
    page.locator("[data-assignment-id]").first.wait_for()
    context.set_offline(True)
    page.reload()
    open_card(page, assignment_id, "email").locator(f"a[href$='/{client_id}']").click()
    form.wait_for()
    assert page.input_value("[name=notes]") == NOTES
    assert scores_shown(page) == {"s-form": "4", "s-completeness": "4", "s-clarity": "4"}
    page.fill("#time-ended", days_ago(1, "16:30"))
    # Submitted by the form, not a click: in this flow (offline reload, form opened from
    # the card) headless Chromium delivered no pointer event at all after the datetime
    # field was filled — not even to window listeners — in about half the runs, with the
    # button the hit target at its centre. Tapping "Zapisz i wyślij" after a reply time
    # is clicked in test_offline_channels; this test is about what the save keeps.
    assert page.get_by_role("button", name="Zapisz i wyślij").is_visible()
    form.evaluate("f => f.requestSubmit()")
    page.locator("#view .outbox").wait_for()
    context.set_offline(False)
    [done] = wait_for_server(live_app, page,
                             lambda found: found[0].status is ContactStatus.SUBMITTED)
    wait_synced(page)
    assert str(done.client_id) == client_id
    assert done.notes == NOTES, "the notes typed when sending survive the reply"
    assert manual_scores(done) == {"form": 4, "completeness": 4, "clarity": 4}
    assert done.measurements == {"reply_hours": 30.5}


def test_a_returned_visit_corrected_offline_keeps_what_was_not_changed(
        live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    returned = make_contact(db.session.get(Assignment, assignment_id), channel="visit",
                            status=ContactStatus.RETURNED, started_at=YESTERDAY,
                            notes="Kolejka przy okienku nr 3.",
                            measurements={"waiting_minutes": 12, "service_minutes": 6},
                            review_comment="Popraw ocenę oznakowania.", commit=False)
    points = {"signage": 2, "accessibility": None, "greeting": 5, "competence": 4,
              "closing": 3}
    returned.scores.extend(CriterionScore(criterion_key=key, points=value, max_points=5,
                                          weight=1) for key, value in points.items())
    db.session.commit()
    open_app(page, live_server, juror)
    context.set_offline(True)
    page.reload()
    open_card(page, assignment_id, "visit").get_by_role("link", name="Popraw").click()
    page.locator(f"form.capture[data-client-id='{returned.client_id}']").wait_for()
    assert page.input_value("[name=notes]") == "Kolejka przy okienku nr 3."
    assert page.input_value("[name=m-waiting_minutes]") == "12"
    assert scores_shown(page) == {"s-signage": "2", "s-accessibility": "na", "s-greeting": "5",
                                  "s-competence": "4", "s-closing": "3"}
    page.locator("label:has([name=s-signage][value='4'])").click()
    page.get_by_role("button", name="Zapisz i wyślij").click()
    page.locator("#view .outbox").wait_for()
    context.set_offline(False)
    [contact] = wait_for_server(live_app, page,
                                lambda found: found[0].status is ContactStatus.RESUBMITTED)
    assert contact.notes == "Kolejka przy okienku nr 3."
    assert contact.measurements == {"waiting_minutes": 12, "service_minutes": 6}
    assert manual_scores(contact) == {**points, "signage": 4}
