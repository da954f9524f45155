"""Polish alphabetical order (juror_app.core.collation), as the ranking's ties need it."""
from juror_app.core.collation import polish_key


def test_polish_letters_follow_their_base_letter_and_case_does_not_split_the_list():
    names = ["Żary", "Zabrze", "Łańcut", "abramów", "Ćmielów", "Lubań", "Cedry", "Źródła",
             "Zator", "Ostrów", "Ósemka", "Środa", "Sopot", "Ełk", "Ęczyn"]
    assert sorted(names, key=polish_key) == [
        "abramów", "Cedry", "Ćmielów", "Ełk", "Ęczyn", "Lubań", "Łańcut", "Ostrów", "Ósemka",
        "Sopot", "Środa", "Zabrze", "Zator", "Źródła", "Żary"]


def test_foreign_accents_go_with_their_letter_and_exact_duplicates_stay_apart():
    assert sorted(["Gmina Zürich", "Gmina Zator", "Gmina Zabrze"], key=polish_key) == [
        "Gmina Zabrze", "Gmina Zator", "Gmina Zürich"]
    # Same letters, another case: lowercase first, and the order never depends on the input.
    assert sorted(["Gmina A", "gmina a", "Gmina a"], key=polish_key) == sorted(
        ["gmina a", "Gmina a", "Gmina A"], key=polish_key) == ["gmina a", "Gmina a", "Gmina A"]


def test_spaces_and_punctuation_sort_before_digits_and_digits_before_letters():
    assert sorted(["Urząd A", "Urząd 2", "Urząd „B”", "Urząd"], key=polish_key) == [
        "Urząd", "Urząd „B”", "Urząd 2", "Urząd A"]
    assert polish_key(None) == polish_key("")
