"""The public laureates page: 404 before publication, only laureates after, cacheable."""
from __future__ import annotations

from tests.participant_results.conftest import publish


def test_nothing_before_publication(client, world):
    assert client.get(f"/wyniki/{world.edition.id}").status_code == 404
    assert client.get("/wyniki/999999").status_code == 404


def test_only_laureates_with_their_distinctions_after(client, world):
    publish(world.edition)
    response = client.get(f"/wyniki/{world.edition.id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=600"
    assert "Set-Cookie" not in response.headers
    html = response.get_data(as_text=True)
    assert "Gmina Wzorowa" in html and "Lublin" in html and "Statuetka" in html
    assert "Gmina Przeciętna" not in html
    assert world.juror_name not in html and "csrf" not in html
    assert "<h2 id=\"cat-gmina\">Gmina</h2>" in html
    assert "Jak wybraliśmy laureatów" in html and "75%" in html


def test_an_archived_laureate_is_not_shown(client, world):
    from juror_app.core.extensions import db

    world.laureate.archived = True
    db.session.commit()
    publish(world.edition)
    assert "Gmina Wzorowa" not in client.get(f"/wyniki/{world.edition.id}") \
        .get_data(as_text=True)
