"""A real SMTP server (aiosmtpd) on a free loopback port, and the app pointed at it."""
from __future__ import annotations

import email
import email.policy
import re
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from juror_app.core.extensions import db
from juror_app.mail import outbox, sender
from tests.pg_cluster import free_port


class Inbox:
    """What the server received: parsed messages with their envelope recipients."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
            self.envelopes.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m, rcpt in zip(self.messages, self.envelopes, strict=True)
                if address in rcpt]

    def one_to(self, address: str):
        found = self.to(address)
        assert len(found) == 1, [m["Subject"] for m in self.messages]
        return found[0]


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config(smtp):
    return mail_config(smtp)


def mail_config(smtp) -> dict:
    return {"MAIL_HOST": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_SECURITY": "none",
            "MAIL_SENDER": "Jury <jury@example.org>", "MAIL_TIMEOUT": 5,
            "BASE_URL": "http://jury.test"}


def send_all(app) -> outbox.Pass:
    """One sender pass, as `flask mail send --once` runs it."""
    db.session.commit()
    result = sender.run_pass(app)
    db.session.expire_all()
    return result


def wait_for(condition, timeout: float = 5.0):
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)
