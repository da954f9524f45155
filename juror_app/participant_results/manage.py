"""The coordinator hands out participants' links: mail them all at once, or a CSV."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from juror_app.accounts.access import allow
from juror_app.core.collation import polish_key
from juror_app.core.extensions import db
from juror_app.core.labels import DISTINCTION_LABELS
from juror_app.mail import outbox
from juror_app.mail.compose import external_url, render
from juror_app.models import Edition, EditionStatus, OutboxMail, Participant, Role
from juror_app.participant_results import links
from juror_app.participant_results.blueprint import bp
from juror_app.participant_results.forms import RevokeForm, SendLinksForm
from juror_app.results.exports import to_csv
from juror_app.results.labels import inner_quotes
from juror_app.results.ranking import compute_ranking

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)


@dataclass
class Entry:
    participant: Participant
    link_id: int
    report_url: str
    certificate_url: str | None
    evaluated: bool  # has a score: at least one approved contact
    distinctions: list  # the kinds the experts awarded, for the mail
    mailed: OutboxMail | None = None  # this link's results mail, once queued

    @property
    def mail_key(self) -> str:
        return mail_key(self.participant.id, self.link_id)


def mail_key(participant_id: int, link_id: int) -> str:
    """One results mail per link: a revoked link's new one can be mailed again."""
    return f"results:{participant_id}:{link_id}"


def mailable(rows: list[Entry]) -> list[Entry]:
    """Who gets the results mail. Not a participant nobody evaluated: the mail promises a
    report with scores, and why there is none (a juror dropped out, contacts rejected) is
    something only the coordinator can tell them — the page lists them for that."""
    return [e for e in rows if e.participant.email and e.evaluated]


def published_or_404(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.status != EditionStatus.PUBLISHED:
        abort(404, _("Linki dla uczestników są dostępne po opublikowaniu wyników."))
    return edition


def entries(edition: Edition) -> list[Entry]:
    """Every active participant with its live link (made on first need)."""
    ranked = {r.participant_id: r for r in compute_ranking(db.session, edition).rows}
    licensed = {pid for pid, r in ranked.items() if r.licence}
    scored = {pid for pid, r in ranked.items() if r.score is not None}
    in_order = sorted(edition.participants, key=lambda p: (polish_key(p.name), polish_key(p.city)))
    participants = [p for p in in_order if not p.archived]
    found = links.ensure_links(db.session, participants)
    secret = current_app.config["SECRET_KEY"]
    result = []
    for p in participants:
        token = links.token_of(found[p.id], secret)
        cert = (external_url("participant_results.certificate", token=token)
                if p.id in licensed else None)
        result.append(Entry(p, found[p.id].id,
                            external_url("participant_results.report", token=token), cert,
                            p.id in scored,
                            [d.kind for d in ranked[p.id].distinctions] if p.id in ranked
                            else []))
    mailed = {m.key: m for m in db.session.scalars(sa.select(OutboxMail).where(
        OutboxMail.key.in_([e.mail_key for e in result])))}
    for entry in result:
        entry.mailed = mailed.get(entry.mail_key)
    db.session.commit()
    return result


def mail_of(entry: Entry) -> tuple[str, str]:
    # The labels stay lazy so they come out in the mail's Polish, whoever sends it.
    return render("results", "pl", edition=entry.participant.edition,
                  participant=entry.participant, report_link=entry.report_url,
                  certificate_link=entry.certificate_url,
                  distinctions=entry.distinctions, kinds=DISTINCTION_LABELS)


@bp.route("/results/<int:edition_id>/participant-links")
@allow(*COORDINATORS)
def links_page(edition_id: int):
    """Who gets a link, a preview of the mail and the count before sending."""
    edition = published_or_404(edition_id)
    rows = entries(edition)
    to_mail = [e for e in mailable(rows) if e.mailed is None]
    preview = mail_of(to_mail[0]) if to_mail else None
    return render_template("participant_results/links.html", edition=edition, rows=rows,
                           mailable=to_mail, preview=preview, form=SendLinksForm(),
                           mailed=[e for e in rows if e.mailed is not None],
                           unevaluated=[e for e in rows if not e.evaluated])


@bp.route("/results/<int:edition_id>/participant-links/send", methods=["POST"])
@allow(*COORDINATORS)
def send_links(edition_id: int):
    """Queue one mail per evaluated participant with an address; a link already mailed
    is skipped."""
    edition = published_or_404(edition_id)
    back = redirect(url_for(".links_page", edition_id=edition.id))
    if not SendLinksForm().validate_on_submit():
        flash(_("Zaznacz potwierdzenie — wiadomości idą na adresy uczestników i nie da się "
                "ich cofnąć."), "error")
        return back
    queued = 0
    for entry in mailable(entries(edition)):
        subject, body = mail_of(entry)
        queued += outbox.enqueue(db.session, key=entry.mail_key,
                                 kind="results", recipient=entry.participant.email,
                                 subject=subject, body=body) is not None
    db.session.commit()
    flash(ngettext("Wysłano %(num)d wiadomość z linkiem.", "Wysłano wiadomości z linkami: %(num)d.",
                   queued), "success")
    return back


@bp.route("/results/<int:edition_id>/participant-links.csv")
@allow(*COORDINATORS)
def links_csv(edition_id: int):
    """The links for a mail merge: participant, city, e-mail, report, certificate."""
    edition = published_or_404(edition_id)
    header = [_("Uczestnik"), _("Miejscowość"), _("E-mail"), _("Raport"), _("Certyfikat")]
    rows = [[e.participant.name, e.participant.city, e.participant.email, e.report_url,
             e.certificate_url or ""] for e in entries(edition)]
    return Response(to_csv((header, rows)), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="linki-{edition.year}-{edition.id}.csv"',
        "Cache-Control": "no-store"})


@bp.route("/results/<int:edition_id>/participant-links/<int:participant_id>/revoke",
          methods=["GET", "POST"])
@allow(*COORDINATORS)
def revoke_link(edition_id: int, participant_id: int):
    """Ask, then stop the participant's link at once; the links page shows its new one."""
    edition = published_or_404(edition_id)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.edition_id != edition.id:
        abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():  # the GET, or a POST that did not come from the page
        return render_template("participant_results/revoke_confirm.html", edition=edition,
                               participant=participant, form=form), \
            400 if form.is_submitted() else 200
    links.revoke(db.session, participant.id)
    db.session.commit()
    flash(_("Dotychczasowy link „%(name)s” przestał działać.", name=inner_quotes(participant.name)),
          "success")
    return redirect(url_for(".links_page", edition_id=edition.id,
                            _anchor=f"participant-{participant.id}"))
