"""Translated labels for the results pages and exports (the models keep codes)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from juror_app.core.labels import CATEGORY_LABELS, DISTINCTION_LABELS
from juror_app.models import ContactStatus


def category_labels() -> dict[str, str]:
    return {code: str(label) for code, label in CATEGORY_LABELS.items()}


def kind_labels() -> dict[str, str]:
    return {code: str(label) for code, label in DISTINCTION_LABELS.items()}


def status_labels() -> dict[str, str]:
    return {
        ContactStatus.AWAITING_REPLY: _("wysłany, czeka na odpowiedź"),
        ContactStatus.SUBMITTED: _("przesłany"),
        ContactStatus.RETURNED: _("zwrócony do poprawy"),
        ContactStatus.RESUBMITTED: _("poprawiony"),
        ContactStatus.APPROVED: _("zatwierdzony"),
        ContactStatus.REJECTED: _("odrzucony"),
    }


def channel_labels(rubric: dict[str, Any]) -> dict[str, str]:
    """The rubric names its channels; it is data in Polish, shown as written."""
    return {key: spec.get("label", key) for key, spec in rubric["channels"].items()}


def codebook_labels() -> dict[str, str]:
    """What each column of the contacts export holds (the "Słownik" sheet)."""
    return {
        "doc:id": _("Numer kontaktu w systemie (jak w adresie strony przeglądu)."),
        "doc:client_id": _("Identyfikator nadany przez telefon jurora; ten sam przy każdej "
                           "ponownej wysyłce."),
        "doc:participant": _("Nazwa uczestnika konkursu."),
        "doc:city": _("Miejscowość uczestnika."),
        "doc:category": _("Kategoria uczestnika z regulaminu."),
        "doc:juror": _("Juror, który wykonał kontakt (dane poufne — nie przekazywać "
                       "uczestnikom)."),
        "doc:channel": _("Kanał kontaktu z rubryki."),
        "doc:started": _("Początek kontaktu, czas warszawski."),
        "doc:ended": _("Koniec kontaktu, czas warszawski; puste, gdy nie podano."),
        "doc:received": _("Kiedy kontakt dotarł na serwer, czas warszawski."),
        "doc:status": _("Stan przeglądu: przesłany, zwrócony do poprawy, poprawiony, "
                        "zatwierdzony lub odrzucony."),
        "doc:comment": _("Komentarz koordynatora dla jurora (przy zwrocie lub odrzuceniu)."),
        "doc:score": _("Wynik kontaktu: ważony udział możliwych punktów, w procentach; "
                       "kryteria „nie dotyczy” się nie liczą."),
        "doc:photos": _("Liczba zdjęć dołączonych do kontaktu."),
        "doc:measurement": _("Pomiar jurora w jednostce: %(unit)s; puste w innym kanale "
                             "lub gdy nie zmierzono."),
        "doc:notes": _("Notatki jurora."),
        "doc:audit": _("Historia kontaktu z dziennika zdarzeń: czas warszawski, czynność, kto "
                       "i co zmienił (poprawki jurora, decyzje koordynatora z komentarzem)."),
        "doc:criterion": _("Punkty za kryterium (etykieta z wersji rubryki, w której "
                           "oceniono kontakt); „%(na)s”, gdy nie dotyczy; puste w innym "
                           "kanale."),
    }


def export_labels(rubric: dict[str, Any]) -> dict[str, str]:
    """Column headers and values for the CSV/XLSX exports."""
    labels = {
        "rank": _("Miejsce"), "category_rank": _("Miejsce w kategorii"),
        "name": _("Uczestnik"), "city": _("Miejscowość"), "category": _("Kategoria"),
        "score": _("Wynik (%)"), "licence": _("Licencja"), "missing": _("Brakujące kanały"),
        "distinctions": _("Wyróżnienia"), "yes": _("tak"), "no": _("nie"),
        "id": _("Nr kontaktu"), "client_id": _("Identyfikator z telefonu"),
        "participant": _("Uczestnik"), "juror": _("Juror"), "channel": _("Kanał"),
        "started": _("Początek"), "ended": _("Koniec"), "received": _("Odebrano"),
        "status": _("Status"), "comment": _("Komentarz koordynatora"),
        "photos": _("Liczba zdjęć"), "notes": _("Notatki"), "audit": _("Historia zmian"),
        "na": _("nie dotyczy"), "column": _("Kolumna"), "meaning": _("Co zawiera"),
    }
    labels.update(codebook_labels())
    labels.update({f"channel:{k}": v for k, v in channel_labels(rubric).items()})
    labels.update({f"category:{k}": v for k, v in category_labels().items()})
    labels.update({f"status:{k}": v for k, v in status_labels().items()})
    labels.update({f"kind:{k}": v for k, v in kind_labels().items()})
    return labels


def inner_quotes(name: str) -> str:
    """A name with quotes of its own, made fit to go inside „…”: Polish typography nests
    »…« within „…”, so „Augustowskie … „KODREM”” reads „Augustowskie … »KODREM«”."""
    text = str(name).replace("„", "»").replace("”", "«").replace("“", "«")
    parts = text.split('"')
    if len(parts) % 2 == 1:  # straight quotes in pairs: opening, closing, …
        text = "".join(p + ("»" if i % 2 == 0 else "«") for i, p in enumerate(parts[:-1]))
        text += parts[-1]
    return text
