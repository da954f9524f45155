"""Translatable names for the codes the database stores; the one place to look them up."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from juror_app.models import Category, ContactStatus, DistinctionKind, EditionStatus

CATEGORY_LABELS = {
    Category.GMINA: _l("Gmina"),
    Category.POWIAT: _l("Powiat"),
    Category.SAMORZAD_WOJEWODZTWA: _l("Samorząd województwa"),
    Category.URZAD: _l("Urząd administracji publicznej"),
    Category.INSTYTUCJA_KULTURY: _l("Instytucja kultury"),
    Category.SPOLKA_KOMUNALNA: _l("Spółka komunalna"),
    Category.SPOLDZIELNIA_WSPOLNOTA: _l("Spółdzielnia / wspólnota mieszkaniowa"),
    Category.INNA: _l("Inna organizacja"),
}

CHANNEL_LABELS = {
    "visit": _l("Wizyta"),
    "phone": _l("Telefon"),
    "email": _l("E-mail"),
    "social_media": _l("Media społecznościowe"),
    "website": _l("Strona internetowa"),
}

EDITION_STATUS_LABELS = {
    EditionStatus.DRAFT: _l("w przygotowaniu"),
    EditionStatus.OPEN: _l("otwarta"),
    EditionStatus.FROZEN: _l("zamrożona"),
    EditionStatus.PUBLISHED: _l("opublikowana"),
}

# How coordinators and experts name a contact's review state.
CONTACT_STATUS_LABELS = {
    ContactStatus.AWAITING_REPLY: _l("Wysłany, czeka na odpowiedź"),
    ContactStatus.SUBMITTED: _l("Przesłany"),
    ContactStatus.RESUBMITTED: _l("Poprawiony"),
    ContactStatus.RETURNED: _l("Zwrócony do poprawy"),
    ContactStatus.APPROVED: _l("Zatwierdzony"),
    ContactStatus.REJECTED: _l("Odrzucony"),
}

DISTINCTION_LABELS = {
    DistinctionKind.STATUETTE: _l("Statuetka"),
    DistinctionKind.EXTRAORDINARY: _l("Wyróżnienie nadzwyczajne"),
}

SOCIAL_LABELS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "x": "X (Twitter)",
    "twitter": "X (Twitter)",
    "tiktok": "TikTok",
    "bip": _l("Biuletyn Informacji Publicznej"),
}


def category_label(code: str) -> str:
    """The label of a category code, or the code itself when unknown."""
    try:
        return str(CATEGORY_LABELS[Category(code)])
    except ValueError:
        return code


def channel_label(code: str) -> str:
    return str(CHANNEL_LABELS.get(code, code))


def social_label(network: str) -> str:
    """A network's display name; unknown keys are shown as given."""
    return str(SOCIAL_LABELS.get(network.lower(), network))
