"""When a contact may have happened: not in the future, inside the edition's fieldwork.

Plain Python (no Flask). The phone checks the same before saving (static/js/app/capture.js
`timeProblem`), so the juror hears it at once; the server refuses it anyway (422), since a
phone's clock or a hand-typed date can be wrong.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from juror_app.core.text import N_, Message
from juror_app.sync.times import DeviceTime

# Phones' clocks drift; a contact saved a few minutes "ahead" of the server is still now.
CLOCK_TOLERANCE = timedelta(minutes=5)
FUTURE = N_("Ten czas jest jeszcze w przyszłości — sprawdź datę i godzinę.")
OUTSIDE = N_("Ten czas jest poza okresem badania edycji (%(first)s – %(last)s).")


def local_date(moment: DeviceTime) -> date:
    """The day as the phone's clock showed it (the juror's calendar, not UTC's)."""
    return (moment.utc + timedelta(minutes=moment.offset_minutes)).date()


def time_errors(times: dict[str, DeviceTime | None], fieldwork: tuple[date, date],
                now: datetime) -> dict[str, Message | str]:
    """Field → message for each time later than `now` (plus tolerance) or outside the
    edition's first..last day; an absent time is fine here (required is said elsewhere)."""
    first, last = fieldwork
    errors: dict[str, Message | str] = {}
    for field, moment in times.items():
        if moment is None:
            continue
        if moment.utc > now + CLOCK_TOLERANCE:
            errors[field] = FUTURE
        elif not first <= local_date(moment) <= last:
            errors[field] = Message(OUTSIDE, first=first.strftime("%d.%m.%Y"),
                                    last=last.strftime("%d.%m.%Y"))
    return errors
