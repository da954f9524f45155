"""RFC 9530 digest fields: the SHA-256 a phone claims for the bytes it sends.

Plain rules (no Flask). The phone sends `Repr-Digest: sha-256=:<base64>:` with a photo and
`Content-Digest` with a contact's JSON body; neither is content-coded, so both name the
SHA-256 of exactly the body received. Parsing uses http-sf (Structured Fields, RFC 8941/9651)
rather than a hand-made regular expression, so spacing, several algorithms and parameters
are read the way the RFC says.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping

import http_sf

from juror_app.core.text import N_, Message

HEADERS = ("Repr-Digest", "Content-Digest")

MALFORMED = N_("Nagłówek %(header)s jest nieczytelny; oczekiwano sha-256=:…:.")
MISMATCH = N_("Dane dotarły zmienione: ich skrót SHA-256 nie zgadza się z tym, który wysłał "
              "telefon. Nic nie zapisano.")


class DigestError(Exception):
    """status 400 for an unreadable header, 422 for bytes that are not what was hashed."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def claimed_sha256(headers: Mapping[str, str], names: tuple[str, ...] = HEADERS
                   ) -> list[bytes]:
    """The sha-256 values of the digest headers present (other algorithms are ignored,
    as RFC 9530 allows)."""
    claims = []
    for name in names:
        value = headers.get(name)
        if value is None:
            continue
        try:
            members = http_sf.parse(value.encode("latin-1"), tltype="dictionary")
        except (ValueError, UnicodeEncodeError) as exc:
            raise DigestError(400, Message(MALFORMED, header=name)) from exc
        if "sha-256" not in members:
            continue
        digest, _params = members["sha-256"]
        if not isinstance(digest, bytes) or len(digest) != hashlib.sha256().digest_size:
            raise DigestError(400, Message(MALFORMED, header=name))
        claims.append(digest)
    return claims


def verify(data: bytes, headers: Mapping[str, str], names: tuple[str, ...] = HEADERS
           ) -> str | None:
    """The SHA-256 (hex) the sender claimed and the data matches; None if none was sent.
    `names`: the headers that speak of `data` — a chunk of a larger file is what
    Content-Digest hashes, the whole file what Repr-Digest does."""
    claims = claimed_sha256(headers, names)
    if not claims:
        return None
    actual = hashlib.sha256(data).digest()
    if any(claim != actual for claim in claims):
        raise DigestError(422, MISMATCH)
    return actual.hex()
