"""One photo the server refuses for good stays apart: the outbox names it, the contact's
other photos still go, and the juror discards only that photo (it took the whole record
into "needs attention", and "remove from phone" deleted good photos never sent)."""
import re

from tests.browser.offline_support import arrange, contacts, fill_visit, open_app
from tests.evidence_samples import jpeg

PHOTO_PUT = re.compile(r"/api/v1/contacts/[0-9a-f-]{36}/photos/([0-9a-f-]{36})")


def test_a_refused_photo_is_named_and_only_it_is_discarded(live_app, live_server, context,
                                                           page, tmp_path):
    juror, (assignment_id,) = arrange()
    files = []
    for n in range(3):
        path = tmp_path / f"zdjecie-{n + 1}.jpg"
        path.write_bytes(jpeg(320 + n, 240))
        files.append(path)
    open_app(page, live_server, juror)
    refused = []

    def refuse_the_second(route):
        if not refused:
            seen.append(route.request.url)
            if len(seen) == 2:
                refused.append(PHOTO_PUT.search(route.request.url).group(1))
                route.fulfill(status=415, content_type="application/json",
                              body='{"error": "unsupported_media_type", '
                                   '"message": "Nieobsługiwany format zdjęcia."}')
                return
        route.continue_()

    seen = []
    page.route(PHOTO_PUT, refuse_the_second)
    context.set_offline(True)
    client_id = fill_visit(page, assignment_id, notes="trzy zdjęcia", photos=files)
    context.set_offline(False)
    page.evaluate("window.location.hash = '#/outbox'")
    marked = page.locator(f"[data-client-id='{client_id}'][data-state=attention]")
    marked.wait_for(timeout=15_000)
    [contact] = contacts(live_app)
    assert len(contact.photos) == 2, "the photo after the refused one went too"
    assert refused and refused[0] not in {str(p.client_id) for p in contact.photos}
    message = marked.locator("[role=note]").inner_text()
    assert re.search(r"„zdjecie-\d\.jpg”: Nieobsługiwany format zdjęcia\.", message), message

    questions = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    marked.get_by_role("button", name="Usuń odrzucone zdjęcia").click()
    marked.wait_for(state="detached")
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '0'")
    assert re.search(r"zdjecie-\d\.jpg", questions[0]), questions
    assert "Kontakt i jego pozostałe zdjęcia zostają" in questions[0]
    [contact] = contacts(live_app)
    assert len(contact.photos) == 2 and contact.notes == "trzy zdjęcia"
