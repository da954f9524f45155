"""`flask mail send` runs the outbox; `flask reminders` queues the scheduled notices."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from juror_app.core.extensions import db
from juror_app.mail import outbox, sender

mail = AppGroup("mail", help="Send the queued mails.")


@mail.command("send")
@click.option("--once", is_flag=True, help="One pass over the due mails, then exit.")
@click.option("--interval", default=sender.IDLE_WAIT, show_default=True,
              help="Seconds between passes.")
def send_command(once: bool, interval: float) -> None:
    """Send due mails; without --once, keep running until stopped (SIGTERM/Ctrl-C)."""
    app = current_app._get_current_object()
    if once:
        result = sender.run_pass(app)
        click.echo(f"Sent {result.sent}, to retry {result.failed}, "
                   f"waiting {outbox.pending_count(db.session)}.")
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    click.echo("Sending mail; stop with Ctrl-C.")
    sender.run_forever(app, stop, interval)


@click.command("reminders")
def reminders_command() -> None:
    """Queue due-date reminders and coordinators' digests; safe to run many times a day."""
    from juror_app.mail import reminders

    summary = reminders.run(db.session)
    try:
        db.session.commit()
    except IntegrityError:  # a run at the same moment queued the same notices first
        db.session.rollback()
        raise click.ClickException("Another run queued these reminders; nothing sent twice.") \
            from None
    click.echo(f"Queued {summary.reminders} reminder mails and {summary.digests} digests.")


def init_app(app) -> None:
    app.cli.add_command(mail)
    app.cli.add_command(reminders_command)
