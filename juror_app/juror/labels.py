"""Polish (translatable) names for categories, channels and review states."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from juror_app.models import Category, ContactStatus

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

CONTACT_STATUS_LABELS = {
    ContactStatus.SUBMITTED: _l("Wysłany, czeka na ocenę"),
    ContactStatus.RESUBMITTED: _l("Poprawiony, czeka na ocenę"),
    ContactStatus.RETURNED: _l("Do poprawy"),
    ContactStatus.APPROVED: _l("Zatwierdzony"),
    ContactStatus.REJECTED: _l("Odrzucony"),
}

# Per-channel progress, see juror_app.juror.progress.
PROGRESS_LABELS = {
    "not_started": _l("Nierozpoczęty"),
    "submitted": _l("Wysłany"),
    "returned": _l("Do poprawy"),
    "approved": _l("Zatwierdzony"),
    "rejected": _l("Odrzucony — potrzebny nowy kontakt"),
}

SOCIAL_LABELS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X (Twitter)",
    "twitter": "X (Twitter)",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
    "bip": _l("Biuletyn Informacji Publicznej"),
}


def social_label(network: str):
    """A network's display name; unknown keys are shown as given."""
    return SOCIAL_LABELS.get(network.lower(), network)
