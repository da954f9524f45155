"""A juror follows the mailed invitation on a 360 px phone, sets a password, lands in /app/."""
from __future__ import annotations

import pytest

from juror_app.core.extensions import db
from juror_app.invitations.mails import send_link
from juror_app.mail import sender
from tests.factories import make_user
from tests.mail.conftest import SmtpServer, body_of, links_in, mail_config
from tests.pg_cluster import free_port


@pytest.fixture
def smtp():
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config(smtp):
    return mail_config(smtp)


def test_a_juror_sets_a_password_from_the_invitation_on_a_phone(live_app, live_server,
                                                                  smtp, page):
    live_app.config["BASE_URL"] = live_server.url
    juror = make_user("juror", email="zaproszony@example.org", name="Ewa Zaproszona")
    send_link(juror, "invite")
    db.session.commit()
    assert sender.run_pass(live_app).sent == 1
    [message] = smtp.inbox.to("zaproszony@example.org")
    link = next(u for u in links_in(body_of(message)) if "/password/" in u)
    assert link.startswith(live_server.url + "/password/")

    page.goto(link)
    assert page.get_by_role("heading", level=1, name="Ustaw hasło").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Nowe hasło").fill("wiosenny-deszcz-77")
    page.get_by_label("Powtórz hasło").fill("wiosenny-deszcz-77")
    page.get_by_role("button", name="Ustaw hasło i zaloguj").click()
    page.wait_for_url(live_server.url + "/app/")
    page.screenshot(path="/tmp/h5_invitation_landed_360.png", full_page=True)

    page.goto(link)  # the link worked once
    assert "został już użyty" in page.locator("main").inner_text()
