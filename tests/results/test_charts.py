"""The ranking's charts under the CSP: sized without inline style, ids unique per page."""
from __future__ import annotations

import re

from tests.factories import make_assignment, make_edition, make_participant
from tests.results_helpers import SMALL_RUBRIC, scored_contact


def test_two_charts_on_a_page_have_their_own_ids_and_no_inline_style(app, client, auth):
    edition = make_edition(rubric=SMALL_RUBRIC)
    for content in (10, 9, 4):
        participant = make_participant(edition)
        scored_contact(make_assignment(participant=participant), "website",
                       {"content": content, "mobile": None}, rubric=SMALL_RUBRIC)
    auth.login_as("expert")
    body = client.get(f"/results/{edition.id}/ranking").get_data(as_text=True)
    svgs = re.findall(r"<svg[^>]*>", body)
    assert len(svgs) == 2
    assert not [tag for tag in svgs if "style=" in tag]  # the CSP blocks inline style
    assert all('width="420" height="170"' in tag for tag in svgs)
    ids = re.findall(r'\bid="([^"]+)"', body)
    assert len(ids) == len(set(ids))
    for tag in svgs:
        for ref in re.search(r'aria-labelledby="([^"]+)"', tag).group(1).split():
            assert f'id="{ref}"' in body
