"""Handing a mail to an SMTP server, or printing it when none is configured. No Flask here.

The standard library's smtplib/email.message do all we need (STARTTLS, SSL, login, UTF-8
headers) and are maintained with Python itself; queueing and retries are the outbox's job,
so a wrapper such as Flask-Mailman would add a layer without adding a feature.
"""
from __future__ import annotations

import hashlib
import smtplib
import ssl
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Protocol, TextIO


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str  # starttls / ssl / none
    user: str
    password: str
    sender: str
    timeout: float = 30

    @classmethod
    def from_config(cls, config) -> MailSettings:
        return cls(host=config.get("MAIL_HOST", ""), port=int(config.get("MAIL_PORT", 587)),
                   security=str(config.get("MAIL_SECURITY", "starttls")).lower(),
                   user=config.get("MAIL_USER", ""), password=config.get("MAIL_PASSWORD", ""),
                   sender=config.get("MAIL_SENDER", ""),
                   timeout=float(config.get("MAIL_TIMEOUT", 30)))


@dataclass(frozen=True)
class Outgoing:
    key: str
    recipient: str
    subject: str
    body: str


class Transport(Protocol):
    def send(self, mail: Outgoing) -> None: ...


def build_message(mail: Outgoing, sender: str) -> EmailMessage:
    """A plain-text UTF-8 message; its Message-ID comes from the outbox key, so a
    receiving server can recognise a repeat."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(mail.key, sender)
    message.set_content(mail.body)
    return message


def message_id(key: str, sender: str) -> str:
    """The same for every attempt at one outbox mail (a hash of its key, which may hold
    characters a Message-ID may not), at the sender's domain."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


class SmtpTransport:
    def __init__(self, settings: MailSettings):
        self.settings = settings

    def send(self, mail: Outgoing) -> None:
        s = self.settings
        message = build_message(mail, s.sender)
        if s.security == "ssl":
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        with client:
            if s.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if s.user:
                client.login(s.user, s.password)
            client.send_message(message)


class ConsoleTransport:
    """For `make run` without a mail server: the mail is printed where the server logs."""

    def __init__(self, sender: str, stream: TextIO | None = None):
        self.sender, self.stream = sender, stream

    def send(self, mail: Outgoing) -> None:
        stream = self.stream or sys.stdout
        text = build_message(mail, self.sender)
        print(f"----- mail {mail.key} -----", file=stream)
        print(f"To: {text['To']}\nSubject: {mail.subject}\n\n{mail.body}", file=stream)
        print("----- end of mail -----", file=stream, flush=True)


def transport_for(settings: MailSettings) -> Transport:
    if settings.host:
        return SmtpTransport(settings)
    return ConsoleTransport(settings.sender)
