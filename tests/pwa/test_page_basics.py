"""What every page load needs besides the page: a favicon, form fields without "None"
attributes, an <h1> in the app shell's first view (issue 10.7)."""
import re

from tests.factories import PASSWORD, make_user


def test_favicon_is_served_from_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.get_data()[:4] == b"\x00\x00\x01\x00", "a real ICO file"
    assert "max-age" in response.headers["Cache-Control"]
    response.close()


def test_the_favicon_answers_ranges_and_revalidation(client):
    whole = client.get("/favicon.ico").get_data()
    part = client.get("/favicon.ico", headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.get_data() == whole[:4]
    etag = client.get("/favicon.ico").headers["ETag"]
    assert client.get("/favicon.ico", headers={"If-None-Match": etag}).status_code == 304


def test_form_fields_carry_no_none_attributes(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html
    assert not re.search(r'aria-[a-z]+="None"', html)
    assert "aria-invalid" not in html, "no error yet: no invalid mark"


def test_a_field_with_an_error_points_at_its_message(client):
    make_user("juror", email="anna@example.org")
    html = client.post("/login", data={"email": "", "password": PASSWORD}).get_data(as_text=True)
    field = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    described = re.search(r'aria-describedby="([^"]+)"', field).group(1)
    assert f'id="{described}"' in html


def test_the_waiting_state_has_one_name():
    """'czeka na odpowiedź' only: no 'oczekujący', no 'Otwarte kontakty' (issue 15.2)."""
    from juror_app.pwa.messages import MESSAGES

    texts = [str(text) for text in MESSAGES.values()]
    assert not [t for t in texts if "oczekując" in t or "Otwarte" in t]
    assert sum("czeka na odpowiedź" in t for t in texts) >= 3
