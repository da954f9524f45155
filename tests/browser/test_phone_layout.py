"""The phone app at 360 px: views open at their top, thumb-sized targets, a compact status
bar, a call link that starts the timer, photo thumbnails (issues 10.1, 10.4, 10.6, 15.3, 15.6)."""
from juror_app.core.extensions import db
from juror_app.models import Assignment, ContactStatus
from tests.browser.offline_support import arrange, fill_visit, open_app, photo
from tests.factories import make_contact

# Every tappable thing in a box, nested ones (a radio inside its label) left to their label.
TARGETS = """(root) => {
  const sel = 'button, a[href], label.button, .segmented label, label.check, textarea,'
    + ' input:not([type=radio]):not([type=checkbox]):not([type=file]):not([type=hidden])';
  return [...document.querySelectorAll(root + ' :is(' + sel + ')')]
    .filter((el) => el.getClientRects().length && !el.parentElement.closest(sel))
    .map((el) => { const r = el.getBoundingClientRect();
      return { name: (el.textContent || el.name || el.tagName).trim().slice(0, 30),
        x: r.x, y: r.y + scrollY, w: r.width, h: r.height }; });
}"""


def too_close(a, b, gap=4) -> bool:
    """Boxes that overlap or come nearer than `gap` px (a finger would hit both)."""
    return (a["x"] < b["x"] + b["w"] + gap and b["x"] < a["x"] + a["w"] + gap
            and a["y"] < b["y"] + b["h"] + gap and b["y"] < a["y"] + a["h"] + gap)


def scroll_to_bottom(page) -> None:
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 300")


def assert_opens_at_top(page) -> None:
    page.wait_for_function("window.scrollY === 0")
    focused = page.evaluate("[document.activeElement.tagName, "
                            "document.activeElement.closest('#view') !== null]")
    assert focused == ["H1", True], "focus on the new view's heading"


def test_a_capture_form_opens_at_its_top_with_focus_on_its_heading(live_app, live_server,
                                                                   page):
    juror, ids = arrange(participants=14)  # a list taller than the screen
    assignment = db.session.get(Assignment, ids[3])
    returned = make_contact(assignment, channel="website", status=ContactStatus.RETURNED,
                            review_comment="Dodaj zrzut ekranu strony głównej.")
    open_app(page, live_server, juror)
    scroll_to_bottom(page)
    page.evaluate(f"window.location.hash = '#/capture/{ids[3]}/visit'")
    page.locator("form.capture").wait_for()
    assert_opens_at_top(page)
    assert page.get_by_role("button", name="Wchodzę — start").is_visible()
    assert page.get_by_role("button", name="Wchodzę — start").bounding_box()["y"] < 740

    page.evaluate("window.location.hash = '#/'")
    page.locator("[data-assignment-id]").first.wait_for()
    assert_opens_at_top(page)
    scroll_to_bottom(page)
    page.evaluate(f"window.location.hash = '#/capture/{ids[3]}/website/{returned.client_id}'")
    comment = page.get_by_text("Dodaj zrzut ekranu strony głównej.")
    comment.wait_for()
    assert_opens_at_top(page)
    box = comment.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 740, "the coordinator's note in view"


def test_capture_targets_are_thumb_sized_and_apart(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/visit'")
    page.locator("form.capture").wait_for()
    page.set_input_files("#photo-gallery", [str(photo("gps_DSCN0010.jpg"))])
    row = page.locator(".photo-list li").first
    row.wait_for(timeout=20_000)

    targets = page.evaluate(TARGETS, "form.capture")
    small = [t for t in targets if t["w"] < 44 or t["h"] < 44]
    assert not small, f"targets under 44×44 px: {small}"
    crowded = [(a["name"], b["name"]) for i, a in enumerate(targets) for b in targets[i + 1:]
               if too_close(a, b)]
    assert not crowded, f"targets touching: {crowded}"
    box = page.locator("[name=geolocation]").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, "the consent box itself is visible"
    date = row.locator(".photo-date")
    assert date.evaluate("el => el.getClientRects().length") == 1, "the date does not wrap"
    assert "2008-10-22" in date.inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_photo_rows_show_a_thumbnail_from_the_phone(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/visit'")
    page.set_input_files("#photo-gallery", [str(photo("gps_DSCN0010.jpg")),
                                            str(photo("mobile_jolla.jpg"))])
    page.locator(".photo-list li").nth(1).wait_for(timeout=20_000)
    thumbs = page.locator(".photo-list li img")
    assert thumbs.count() == 2
    for n in range(2):
        thumbs.nth(n).evaluate("img => img.decode()")
        assert thumbs.nth(n).get_attribute("src").startswith("blob:")
        assert thumbs.nth(n).evaluate("img => img.naturalWidth") > 0
        assert thumbs.nth(n).get_attribute("alt"), "a thumbnail says what it shows"


def test_status_bar_is_compact_and_leaves_the_top_bar_visible(live_app, live_server,
                                                             context, page):
    juror, ids = arrange(participants=14)
    open_app(page, live_server, juror)
    context.set_offline(True)
    fill_visit(page, ids[0])
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '1'")
    page.evaluate("window.location.hash = '#/'")
    page.locator("[data-assignment-id]").first.wait_for()
    assert page.locator("#net-status").is_visible()
    top = page.locator(".pwa-top").bounding_box()
    bar = page.locator(".pwa-status").bounding_box()
    assert bar["height"] <= 56, f"status bar {bar['height']} px tall"
    assert bar["y"] >= top["y"] + top["height"] - 0.5, "nothing covers the top bar"
    assert page.get_by_role("button", name="Wyloguj").is_visible()
    scroll_to_bottom(page)
    bar = page.locator(".pwa-status").bounding_box()
    assert bar["y"] == 0 and bar["height"] <= 56, "stays in view, still compact"


def test_the_phone_form_has_a_call_link_that_starts_the_timer(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/phone'")
    call = page.locator("form.capture a[href^='tel:']")
    call.wait_for()
    assert call.get_attribute("href") == "tel:+48120000000"
    assert page.input_value("#time-started") == ""
    # Headless Chromium has no dialler: keep the test page where it is.
    call.evaluate("a => a.addEventListener('click', (e) => e.preventDefault())")
    call.click()
    assert page.input_value("#time-started") != "", "dialling starts the call timer"
    assert page.input_value("[name=m-rings]") == "0"
    assert page.locator("[data-action=start_call]").evaluate("b => b.classList.contains('done')")
