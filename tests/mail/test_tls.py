"""STARTTLS and implicit TLS with a login, against aiosmtpd with a throwaway certificate
(trusted through SSL_CERT_FILE, which the default context the transport uses reads)."""
from __future__ import annotations

import shutil
import smtplib
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from juror_app.mail.transport import MailSettings, Outgoing, SmtpTransport
from tests.conftest import skip_or_fail
from tests.mail.conftest import Inbox, body_of
from tests.pg_cluster import free_port

USER, PASSWORD = "jury@example.org", "sekret-smtp"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        skip_or_fail("openssl not found (Debian package openssl)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok)


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    return context


@pytest.fixture
def trusted(certificate, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


def send(security: str, port: int, password: str = PASSWORD):
    settings = MailSettings(host="localhost", port=port, security=security, user=USER,
                            password=password, sender=f"Jury <{USER}>", timeout=2)
    SmtpTransport(settings).send(Outgoing(key="tls-1", recipient="odbiorca@example.org",
                                          subject="Przez TLS", body="Zażółć gęślą jaźń"))


@pytest.mark.parametrize("security", ["starttls", "ssl"])
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_encrypted_login_and_delivery(certificate, trusted, security):
    inbox, port = Inbox(), free_port()
    options = {"authenticator": authenticate, "auth_required": True}
    if security == "starttls":
        options.update(tls_context=server_context(certificate), require_starttls=True)
    else:
        # aiosmtpd offers AUTH on implicit TLS only when told the channel is safe enough.
        options.update(ssl_context=server_context(certificate), server_hostname="localhost",
                       auth_require_tls=False)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        send(security, port)
        with pytest.raises(smtplib.SMTPException):  # refused: the outbox retries later
            send(security, port, password="wrong-password")
    finally:
        controller.stop()
    [message] = inbox.messages
    assert message["Subject"] == "Przez TLS" and "gęślą" in body_of(message)
