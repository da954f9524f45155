"""One source tree's juror app, served in its own process for `bench shell`.

    python bench/shell_server.py SOURCE_TREE WORKDIR

The same script serves our tree and the baseline's (the commit before the bundle, from
`git archive`), so both sides of every ratio run the same server on the same settings.
It arranges a juror with one assignment, measures the precache list with the test
client, starts a threaded werkzeug server on a free port and prints one JSON line (port,
juror, assignment, precache figures); it serves until its stdin closes.

Two paths are answered by the wrapper below, never by the app: /__bench/wire (every
response as sent since the last call, then forgotten) and /__bench/photos (body sizes of
the photo PUTs received).
"""
from __future__ import annotations

import gzip
import json
import logging
import re
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

COMPRESSED = ("text/", "application/json", "application/javascript", "application/manifest",
              "image/svg+xml")


class Recorder:
    """WSGI wrapper noting every response as sent (path, header and body bytes, type) and
    the body size of every photo PUT, as the server received it."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.log: list[dict] = []
        self.photo_sizes: list[int] = []

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path in ("/__bench/wire", "/__bench/photos"):
            return self._answer(path, start_response)
        if environ["REQUEST_METHOD"] == "PUT" and "/photos/" in path:
            self.photo_sizes.append(int(environ.get("CONTENT_LENGTH") or 0))
        entry = {"path": path}

        def recording(status, headers, exc_info=None):
            entry["headers"] = len(f"HTTP/1.1 {status}\r\n") + sum(
                len(f"{k}: {v}\r\n") for k, v in headers) + 2
            entry["type"] = dict((k.lower(), v) for k, v in headers).get("content-type", "")
            return start_response(status, headers, exc_info)

        body = b"".join(self.wsgi_app(environ, recording))
        entry["body"] = len(body)
        # What Caddy's `encode gzip` would send: text-like types at level 6, others as is.
        entry["gzip_body"] = (len(gzip.compress(body, 6))
                              if entry["type"].startswith(COMPRESSED) else len(body))
        self.log.append(entry)
        return [body]

    def _answer(self, path, start_response):
        if path == "/__bench/wire":
            answer, self.log = self.log, []
        else:
            answer = self.photo_sizes
        body = json.dumps(answer).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]


def arrange() -> tuple[str, int]:
    from juror_app.models import Role
    from tests.factories import make_assignment, make_edition, make_participant, make_user

    juror = make_user(Role.JUROR, email="bench-juror@example.org")
    # Fieldwork around today: the phone refuses a contact outside the edition's days.
    today = date.today()
    edition = make_edition(starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))
    return juror.email, make_assignment(juror, make_participant(edition)).id


def precache_sizes(app, email: str) -> dict:
    """Bytes of every file the worker precaches, raw and gzipped at level 6 (the shell as
    /app/ is rendered for a logged-in juror)."""
    from tests.factories import PASSWORD

    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    worker = client.get("/sw.js").get_data(as_text=True)
    listed = re.search(r"PRECACHE = (\[.*?\]);", worker, re.S)
    urls = ["/sw.js", *re.findall(r'"(/[^"]+)"', listed[1] if listed else "")]
    raw = gz = 0
    for url in urls:
        response = client.get(url)
        body = response.get_data()
        response.close()
        raw += len(body)
        gz += len(gzip.compress(body, compresslevel=6))
    return {"shell_files": len(urls), "shell_bytes": raw, "shell_gzip_bytes": gz}


def main(tree: Path, work: Path) -> None:
    sys.path[0] = str(tree)  # this tree's juror_app and tests, not the installed checkout
    from werkzeug.serving import make_server

    from juror_app import create_app
    from juror_app.core.extensions import db

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite3'}",
        "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "MEDIA_DIR": str(work / "media"),
    })
    with app.app_context():
        db.create_all()
        email, assignment_id = arrange()
    figures = precache_sizes(app, email)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.wsgi_app = Recorder(app.wsgi_app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_port, "email": email,
                      "assignment_id": assignment_id, **figures}), flush=True)
    sys.stdin.read()  # the bench closes our stdin when it is done
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
