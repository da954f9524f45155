"""Participants' private links: mailed in one action, each shows only its own report."""
from __future__ import annotations

import csv
import io
import re

from pypdf import PdfReader

from juror_app.core.extensions import db
from juror_app.models import EditionStatus
from juror_app.participant_results import links
from tests.mail.conftest import body_of, links_in, send_all
from tests.participant_results.conftest import publish

SURE = {"confirm": "y"}  # the send form's confirmation box, ticked


def local(url: str) -> str:
    return url.removeprefix("http://jury.test")


def mailed_links(smtp, address: str) -> list[str]:
    return [local(u) for u in links_in(body_of(smtp.inbox.one_to(address)))]


def test_links_wait_for_publication(client, coordinator, world):
    assert client.get(f"/results/{world.edition.id}/participant-links").status_code == 404
    assert client.post(f"/results/{world.edition.id}/participant-links/send").status_code \
        == 404


def test_the_coordinator_previews_counts_and_mails_every_link_once(app, client, coordinator,
                                                                   world, smtp):
    publish(world.edition)
    page = client.get(f"/results/{world.edition.id}/participant-links")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Wiadomości trafią do 2 uczestników." in text and "Szanowni Państwo," in text
    assert "Wyślij 2 wiadomości" in text
    for _ in range(2):  # a second click mails nothing twice
        assert client.post(f"/results/{world.edition.id}/participant-links/send", data=SURE) \
            .status_code == 302
    assert send_all(app).sent == 2
    message = smtp.inbox.one_to("wzorowa@example.org")
    assert message["Subject"].startswith("Wyniki konkursu „Lider Zaufania Mieszkańców”")
    assert "Gratulujemy uzyskania Licencji Jakości!" in body_of(message)
    assert "Gratulujemy" not in body_of(smtp.inbox.one_to("przecietna@example.org"))

    report, certificate = mailed_links(smtp, "wzorowa@example.org")
    [other_report] = mailed_links(smtp, "przecietna@example.org")
    client.post("/logout")
    mine = client.get(report)
    assert mine.status_code == 200
    assert mine.headers["Cache-Control"] == "private, no-store"
    html = mine.get_data(as_text=True)
    assert "Gmina Wzorowa" in html and "Gmina Przeciętna" not in html
    assert world.juror_name not in html and world.juror_email not in html
    assert "Wróć do rankingu" not in html  # no staff links on the participant's page
    assert "Gmina Wzorowa" in client.get(certificate).get_data(as_text=True)
    theirs = client.get(other_report).get_data(as_text=True)
    assert "Gmina Przeciętna" in theirs and "Gmina Wzorowa" not in theirs
    # No certificate without the licence, whatever the URL says.
    assert client.get(other_report + "/certyfikat").status_code == 404


def test_a_revoked_link_answers_404_and_a_new_one_works(app, client, coordinator, world):
    publish(world.edition)
    rows = csv_rows(client, world)
    old = local(rows["Gmina Wzorowa"]["report"])
    assert client.get(old).status_code == 200
    response = client.post(f"/results/{world.edition.id}/participant-links/"
                           f"{world.laureate.id}/revoke", data={"confirm": "yes"})
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    new = local(csv_rows(client, world)["Gmina Wzorowa"]["report"])
    assert new != old and client.get(new).status_code == 200
    # The other participant's link is untouched.
    assert client.get(local(rows["Gmina Przeciętna"]["report"])).status_code == 200


def test_revoking_a_link_asks_first(app, client, coordinator, world):
    """One stray click on the links page killed a link already mailed to a participant."""
    publish(world.edition)
    old = local(csv_rows(client, world)["Gmina Wzorowa"]["report"])
    url = f"/results/{world.edition.id}/participant-links/{world.laureate.id}/revoke"
    page = client.get(f"/results/{world.edition.id}/participant-links").get_data(as_text=True)
    assert f'<a href="{url}">Unieważnij link</a>' in page and 'method="post" action="' \
        f'{url}"' not in page
    ask = client.get(url)
    assert ask.status_code == 200 and client.get(old).status_code == 200
    text = ask.get_data(as_text=True)
    assert "Unieważnić link uczestnika?" in text and "Gmina Wzorowa" in text
    assert re.search(r'name="confirm"[^>]*value="yes"', text)
    # A POST that did not come from the confirmation page revokes nothing.
    assert client.post(url).status_code == 400
    assert client.post(url, data={"confirm": "no"}).status_code == 400
    assert client.get(old).status_code == 200
    response = client.post(url, data={"confirm": "yes"})
    assert response.status_code == 302 and client.get(old).status_code == 404
    assert client.get(f"/results/{world.edition.id}/participant-links/999999/revoke") \
        .status_code == 404


def csv_rows(client, world) -> dict[str, dict]:
    response = client.get(f"/results/{world.edition.id}/participant-links.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    reader = csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";")
    header, *rows = list(reader)
    assert header == ["Uczestnik", "Miejscowość", "E-mail", "Raport", "Certyfikat"]
    return {r[0]: {"email": r[2], "report": r[3], "certificate": r[4]} for r in rows}


def test_the_csv_lists_every_participant_with_its_links(client, coordinator, world):
    publish(world.edition)
    rows = csv_rows(client, world)
    assert set(rows) == {"Gmina Wzorowa", "Gmina Przeciętna"}
    assert rows["Gmina Wzorowa"]["certificate"].endswith("/certyfikat")
    assert rows["Gmina Przeciętna"]["certificate"] == ""


def test_forged_and_unpublished_links_answer_404(client, coordinator, world):
    publish(world.edition)
    report = local(csv_rows(client, world)["Gmina Wzorowa"]["report"])
    client.post("/logout")
    token = report.rsplit("/", 1)[1]
    assert client.get(report[:-3] + "xyz").status_code == 404  # signature broken
    assert client.get("/wyniki/raport/" + token[::-1]).status_code == 404
    world.edition.status = EditionStatus.FROZEN  # results withdrawn: links stop
    db.session.commit()
    assert client.get(report).status_code == 404


def test_the_participant_downloads_its_own_certificate_pdf(client, coordinator, world):
    publish(world.edition)
    rows = csv_rows(client, world)
    certificate = local(rows["Gmina Wzorowa"]["certificate"])
    other_report = local(rows["Gmina Przeciętna"]["report"])
    client.post("/logout")
    page = client.get(certificate).get_data(as_text=True)
    [pdf_link] = re.findall(r'href="([^"]+)">Pobierz PDF', page)
    assert pdf_link == certificate + ".pdf"  # the token's own route, not the staff one
    response = client.get(pdf_link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    [sheet] = PdfReader(io.BytesIO(response.data)).pages
    assert "Gmina Wzorowa" in " ".join(sheet.extract_text().split())
    # Unlicensed, forged, revoked or withdrawn: 404, never a login page.
    assert client.get(other_report + "/certyfikat.pdf").status_code == 404
    assert client.get(certificate[:-len("/certyfikat")] + "x/certyfikat.pdf").status_code \
        == 404
    world.edition.status = EditionStatus.FROZEN
    db.session.commit()
    assert client.get(pdf_link).status_code == 404
    publish(world.edition)
    assert client.get(pdf_link).status_code == 200
    links.revoke(db.session, world.laureate.id)
    db.session.commit()
    assert client.get(pdf_link).status_code == 404


def test_a_private_report_keeps_its_own_referrer_policy(client, coordinator, world):
    """The link is the participant's key: a page it opens must not send it on as a
    Referer. The app's default policy (same-origin) does not replace the page's own."""
    publish(world.edition)
    response = client.get(local(csv_rows(client, world)["Gmina Wzorowa"]["report"]))
    assert response.status_code == 200
    assert response.headers.getlist("Referrer-Policy") == ["no-referrer"]
    assert response.headers["X-Frame-Options"] == "DENY"  # the other defaults still apply


def test_a_participant_nobody_evaluated_gets_no_promise_and_no_results_mail(
        app, client, coordinator, world, smtp):
    from tests.factories import make_participant

    make_participant(world.edition, name="Gmina Pominięta", email="pominieta@example.org")
    publish(world.edition)
    page = client.get(f"/results/{world.edition.id}/participant-links").get_data(as_text=True)
    assert "Wiadomości trafią do 2 uczestników." in page
    assert "Bez żadnej zatwierdzonej oceny: 1" in page
    client.post(f"/results/{world.edition.id}/participant-links/send", data=SURE)
    assert send_all(app).sent == 2
    assert not smtp.inbox.to("pominieta@example.org")
    rows = csv_rows(client, world)
    client.post("/logout")
    report = client.get(local(rows["Gmina Pominięta"]["report"])).get_data(as_text=True)
    assert "nie został oceniony w tej edycji" in report
    assert "raport będzie dostępny" not in report


def test_the_statuette_is_in_the_report_the_staff_report_and_the_mail(
        app, client, coordinator, world, smtp):
    publish(world.edition)
    staff = client.get(f"/results/{world.edition.id}/participants/{world.laureate.id}/report")
    assert "Wyróżnienie przyznane przez ekspertów konkursu: Statuetka." in staff.get_data(
        as_text=True)
    client.post(f"/results/{world.edition.id}/participant-links/send", data=SURE)
    send_all(app)
    body = body_of(smtp.inbox.one_to("wzorowa@example.org"))
    assert "Wyróżnienie przyznane przez ekspertów konkursu: Statuetka." in body
    assert "Wyróżnienie" not in body_of(smtp.inbox.one_to("przecietna@example.org"))
    report = mailed_links(smtp, "wzorowa@example.org")[0]
    client.post("/logout")
    assert "konkursu: Statuetka." in client.get(report).get_data(as_text=True)


def test_sending_asks_first_and_afterwards_the_page_says_who_got_it(
        app, client, coordinator, world, smtp):
    publish(world.edition)
    url = f"/results/{world.edition.id}/participant-links"
    page = client.get(url).get_data(as_text=True)
    assert 'data-confirm="Wysłać 2 wiadomości na adresy uczestników?' in page
    assert re.search(r'<input type="checkbox" name="confirm" value="y" required>', page)
    bare = client.post(url + "/send", follow_redirects=True).get_data(as_text=True)
    assert "Zaznacz potwierdzenie" in bare and send_all(app).sent == 0
    client.post(url + "/send", data=SURE)
    after = client.get(url).get_data(as_text=True)
    assert "Już wysłane wiadomości z linkiem: 2" in after and "link wysłany" in after
    assert "Wiadomości trafią do 2 uczestników." not in after and "Wyślij" not in after
    assert "Nie ma do kogo wysłać" in after
    assert "unieważnij jego link — dostanie nowy" in after


def test_the_mail_names_the_edition_once_and_nests_a_quoted_name(app):
    from types import SimpleNamespace

    from juror_app.mail.compose import render

    participant = SimpleNamespace(name="Augustowskie Przedsiębiorstwo „KODREM”")
    with app.test_request_context():
        _subject, body = render("results", "pl", edition=SimpleNamespace(
            name="III edycja 2026"), participant=participant, report_link="https://x/r",
            certificate_link=None, distinctions=[], kinds={})
    text = " ".join(body.split())
    assert "edycji III edycja" not in text and "III edycja 2026" in text
    assert "„Augustowskie Przedsiębiorstwo »KODREM«”" in text


def test_the_private_report_does_not_send_the_participant_to_the_login_page(
        client, coordinator, world):
    publish(world.edition)
    rows = csv_rows(client, world)
    client.post("/logout")
    html = client.get(local(rows["Gmina Wzorowa"]["report"])).get_data(as_text=True)
    assert 'href="/login"' not in html and "Lider Zaufania Mieszkańców" in html
    assert "js/print.js" in html


def test_csv_downloads_name_their_charset_once(client, coordinator, world):
    publish(world.edition)
    links_csv = client.get(f"/results/{world.edition.id}/participant-links.csv")
    template = client.get("/coordinator/participants/template.csv")
    for response in (links_csv, template):
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
