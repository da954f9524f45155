"""Running the outbox: `flask mail send`'s loop and the in-process thread of `make run`."""
from __future__ import annotations

import logging
import threading

from flask import Flask

from juror_app.core.extensions import db
from juror_app.mail import outbox
from juror_app.mail.transport import MailSettings, Transport, transport_for

log = logging.getLogger(__name__)
IDLE_WAIT = 5.0  # seconds between passes when nothing was due
LONGEST_WAIT = 300.0  # the loop's own backoff when the database itself fails


def app_transport(app: Flask) -> Transport:
    return transport_for(MailSettings.from_config(app.config))


def run_pass(app: Flask, transport: Transport | None = None, stop=None) -> outbox.Pass:
    """One pass: the features' work that becomes mail (`mail.before_pass`, e.g. the
    "forgot password" requests), then every mail that is due."""
    with app.app_context():
        try:
            for before_pass in app.extensions.get("mail.before_pass", ()):
                before_pass(db.session)
            return outbox.send_due(db.session, transport or app_transport(app),
                                   should_stop=stop.is_set if stop else (lambda: False))
        finally:
            db.session.remove()


def run_forever(app: Flask, stop: threading.Event, interval: float = IDLE_WAIT,
                transport: Transport | None = None) -> None:
    """Send, wait, repeat until `stop` is set; a broken database is retried with backoff."""
    wait = interval
    while not stop.is_set():
        try:
            result = run_pass(app, transport, stop)
            if result.sent or result.failed:
                log.info("mail: %d sent, %d to retry", result.sent, result.failed)
            wait = interval
        except Exception:  # the database is down: keep the loop alive, wait longer
            log.exception("mail sender pass failed")
            wait = min(wait * 2, LONGEST_WAIT)
        stop.wait(wait)


class SenderThread(threading.Thread):
    """The sender inside the web process, for `make run` (JUROR_MAIL_THREAD=true)."""

    def __init__(self, app: Flask, interval: float = IDLE_WAIT):
        super().__init__(name="mail-sender", daemon=True)
        self.app, self.interval, self.stopping = app, interval, threading.Event()

    def run(self) -> None:
        run_forever(self.app, self.stopping, self.interval)

    def stop(self, timeout: float = 30) -> None:
        self.stopping.set()
        self.join(timeout)


def start_thread(app: Flask, interval: float = IDLE_WAIT) -> SenderThread:
    thread = SenderThread(app, interval)
    thread.start()
    return thread
