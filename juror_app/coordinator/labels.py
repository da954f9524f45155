"""Polish labels for the codes stored in the database; import them wherever codes are shown."""
from flask_babel import lazy_gettext as _l

from juror_app.models import Category, EditionStatus

CATEGORY_LABELS = {
    Category.GMINA: _l("gmina"),
    Category.POWIAT: _l("powiat"),
    Category.SAMORZAD_WOJEWODZTWA: _l("samorząd województwa"),
    Category.URZAD: _l("urząd administracji publicznej"),
    Category.INSTYTUCJA_KULTURY: _l("instytucja kultury"),
    Category.SPOLKA_KOMUNALNA: _l("spółka komunalna"),
    Category.SPOLDZIELNIA_WSPOLNOTA: _l("spółdzielnia / wspólnota mieszkaniowa"),
    Category.INNA: _l("inna organizacja"),
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

SOCIAL_LABELS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "x": "X (Twitter)",
    "tiktok": "TikTok",
}


def category_label(code: str) -> str:
    """The Polish label of a category code, or the code itself when unknown."""
    try:
        return str(CATEGORY_LABELS[Category(code)])
    except ValueError:
        return code


def channel_label(code: str) -> str:
    return str(CHANNEL_LABELS.get(code, code))
