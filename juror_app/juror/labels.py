"""How the juror's pages name review states and progress (shared labels re-exported)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from juror_app.core.labels import CATEGORY_LABELS, CHANNEL_LABELS, social_label  # noqa: F401
from juror_app.models import ContactStatus

# Worded for the juror, who wants to know what happens next.
CONTACT_STATUS_LABELS = {
    ContactStatus.AWAITING_REPLY: _l("Wysłany, czeka na odpowiedź"),
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
    "awaiting_reply": _l("Wysłany, czeka na odpowiedź"),
    "returned": _l("Do poprawy"),
    "approved": _l("Zatwierdzony"),
    "rejected": _l("Odrzucony — potrzebny nowy kontakt"),
}
