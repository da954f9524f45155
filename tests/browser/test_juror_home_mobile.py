"""The juror's home on a 360 px phone: readable, no sideways scrolling, keyboard-usable."""
from __future__ import annotations

from datetime import date

from juror_app.demo.loader import DEMO_PASSWORD, load_demo
from tests.browser.conftest import login

SCREENSHOTS = "/tmp"  # for a person to look at; never committed


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_demo_juror_home_and_card_fit_a_phone(live_app, live_server, page):
    load_demo(today=date.today())
    login(page, live_server, "juror1@example.org", DEMO_PASSWORD)
    assert page.url.endswith("/juror/")
    assert page.get_by_role("heading", level=1, name="Moje zadania").is_visible()
    cards = page.locator("li.assignment")
    assert cards.count() == 6
    assert "Po terminie" in cards.first.inner_text()
    assert page.get_by_role("heading", name="Do poprawy (1)").is_visible()
    app_link = page.get_by_role("link", name="Zapisz kontakt w aplikacji terenowej")
    assert app_link.get_attribute("href") == "/app/"
    box = app_link.bounding_box()  # the main action is under the thumb, inside the screen
    assert box["y"] + box["height"] <= 740 and box["y"] > 740 / 2
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.screenshot(path=f"{SCREENSHOTS}/h2_juror_home_360.png", full_page=True)

    cards.first.get_by_role("link").click()
    page.wait_for_load_state()
    call = page.get_by_role("link", name="Zadzwoń")
    assert call.get_attribute("href").startswith("tel:+48")
    assert " " not in call.get_attribute("href")
    assert page.locator("a.tel").get_attribute("href") == call.get_attribute("href")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.screenshot(path=f"{SCREENSHOTS}/h2_juror_card_360.png", full_page=True)


def test_keyboard_focus_is_visible_on_links(live_app, live_server, page):
    load_demo(today=date.today())
    login(page, live_server, "juror2@example.org", DEMO_PASSWORD)
    # Tab until an assignment link has the focus, then read its outline.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('li.assignment') !== null"):
            break
    else:
        raise AssertionError("no assignment link reachable with Tab")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2
    page.screenshot(path=f"{SCREENSHOTS}/h2_juror_focus_360.png")
