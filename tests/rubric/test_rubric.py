"""The rubric is data: the default validates, and each kind of mistake is named."""
import copy
import json

import pytest

from juror_app.rubric import RubricError, default_rubric, parse_rubric, validate_rubric


def test_default_rubric_is_valid_and_covers_every_channel():
    rubric = default_rubric()
    assert validate_rubric(rubric) == []
    assert set(rubric["channels"]) == {"visit", "phone", "email", "social_media", "website"}
    # The shortest plausible contact (too_fast flag) where a duration means effort; a
    # message's send-to-reply time does not, so e-mail and social media have none.
    assert {k: c.get("min_minutes") for k, c in rubric["channels"].items()} == {
        "visit": 5, "phone": 1, "email": None, "social_media": None, "website": 3}


def broken(mutate):
    rubric = copy.deepcopy(default_rubric())
    mutate(rubric)
    return rubric


BAD_RUBRICS = [
    (lambda r: r.update(format=2), "wersja formatu"),
    (lambda r: r.update(channels={}), "żadnego kanału"),
    (lambda r: r["channels"].update(fax={"weight": 1, "criteria": []}), "nieznany kanał"),
    (lambda r: r["channels"]["phone"].update(weight=0), "waga kanału"),
    (lambda r: r["channels"]["phone"].update(criteria=[]), "brak kryteriów"),
    (lambda r: r["channels"]["phone"]["criteria"][1].update(max_points=-1), "maksymalna liczba"),
    (lambda r: r["channels"]["phone"]["criteria"][1].update(key="courtesy"), "powtarza się"),
    (lambda r: r["channels"]["phone"]["criteria"][1].pop("label"), "brak nazwy"),
    (lambda r: r["channels"]["phone"]["criteria"][1].update(weight="dużo"), "waga musi"),
    (lambda r: r["channels"]["phone"]["criteria"][1].update(allow_na="tak"), "allow_na"),
    (lambda r: r["channels"]["phone"]["criteria"][1].update(group="inne"), "nieznana grupa"),
    (lambda r: r["channels"]["phone"]["criteria"][0].update(measurement="sygnaly"),
     "nieistniejącego pomiaru"),
    (lambda r: r["channels"]["phone"]["criteria"][0]["rule"].update(kind="linear"),
     "rodzaj „thresholds”"),
    (lambda r: r["channels"]["phone"]["criteria"][0]["rule"]["steps"].reverse(), "progi muszą"),
    (lambda r: r["channels"]["phone"]["criteria"][0]["rule"]["steps"][0].update(points=9),
     "mieścić się w 0–5"),
    (lambda r: r["channels"]["phone"]["measurements"][0].update(min=10, max=1), "zakres min"),
    (lambda r: r["channels"]["visit"].update(min_minutes=-1), "„min_minutes” musi być"),
    (lambda r: r["channels"]["phone"].update(min_minutes="5"), "„min_minutes” musi być"),
    # Accepted once, then the ranking, its CSV and the contacts' XLSX answered 500.
    (lambda r: r.update(groups=5), "„groups” musi być obiektem"),
    (lambda r: r["groups"].update(information=["Informacja"]),
     "Grupa „information”: nazwa grupy"),
    (lambda r: r["channels"]["phone"]["criteria"][1].update(group=["service_culture"]),
     "nieznana grupa"),
    (lambda r: r["channels"]["phone"]["criteria"][0].update(measurement=["rings"]),
     "nieistniejącego pomiaru"),
    (lambda r: r["channels"]["phone"].update(label={"pl": "Telefon"}),
     "Kanał „phone”: nazwa kanału („label”)"),
    (lambda r: r["channels"]["phone"].update(label=7), "Kanał „phone”: nazwa kanału"),
    (lambda r: r["channels"]["phone"].pop("label"), "Kanał „phone”: nazwa kanału"),
    (lambda r: r["channels"]["phone"]["measurements"][0].pop("label"),
     "Kanał „phone”, pomiar „rings”: nazwa pomiaru"),
    (lambda r: r["channels"]["phone"]["measurements"][0].update(unit={"x": 1}),
     "pomiar „rings”: jednostka („unit”)"),
    (lambda r: r["channels"]["phone"].update(required="no"),
     "Kanał „phone”: „required” musi mieć wartość true albo false"),
    (lambda r: r["channels"]["phone"].update(weight=float("nan")), "„/channels/phone/weight”"),
    (lambda r: r["channels"]["phone"]["criteria"][1].update(max_points=float("inf")),
     "„/channels/phone/criteria/1/max_points”: liczba musi być skończona"),
    (lambda r: r["channels"]["phone"]["measurements"][0].update(min=float("-inf")),
     "pomiar „rings”: zakres min–max"),
    (lambda r: r.update(note=float("nan")), "„/note”: liczba musi być skończona"),
]


@pytest.mark.parametrize("mutate, message", BAD_RUBRICS)
def test_each_kind_of_bad_rubric_is_named(mutate, message):
    problems = validate_rubric(broken(mutate))
    assert any(message in p for p in problems), problems


def test_parse_reports_bad_json_with_position_and_accepts_bom():
    with pytest.raises(RubricError) as err:
        parse_rubric(b'{"format": 1,,}')
    assert "wiersz 1" in err.value.problems[0]
    raw = "\ufeff".encode() + json.dumps(default_rubric()).encode()
    assert parse_rubric(raw)["format"] == 1


def test_parse_refuses_non_utf8_and_non_object():
    with pytest.raises(RubricError, match="UTF-8"):
        parse_rubric("{\"name\": \"Łódź\"}".encode("cp1250"))
    with pytest.raises(RubricError, match="obiektem"):
        parse_rubric(b"[1, 2]")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_parse_refuses_numbers_json_cannot_hold(token):
    """Python's json reads these (1e400 as inf); the audit hash then raised a 500."""
    raw = json.dumps(default_rubric()).replace('"weight": 25', f'"weight": {token}', 1)
    with pytest.raises(RubricError) as err:
        parse_rubric(raw.encode())
    assert any("„/channels/phone/weight”: liczba musi być skończona" in p
               for p in err.value.problems), err.value.problems
