"""gunicorn settings for the juror app: `gunicorn --config deploy/gunicorn.conf.py app:app`.

gthread workers: a phone's sync request spends most of its time waiting on the database,
and a photo upload waits for its decoding in a low-priority process (JUROR_PHOTO_PROCESSES,
juror_app/evidence/workers.py), so a contact PUT runs beside an upload instead of queueing
behind it. Measured with `python -m bench sync` (README "gunicorn"); README "Production"
runs exactly this file. Slow clients never reach a worker: Caddy buffers request bodies
(deploy/Caddyfile).
"""
import json
import multiprocessing
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Empty counts as unset (deploy/juror.env.example lists them that way).
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * multiprocessing.cpu_count(), 8))
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# A request that runs longer than this is killed (the proxy waits 90 s for headers).
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak never builds up.
max_requests = 2000
max_requests_jitter = 200
# To stdout/stderr: journald keeps them (journalctl -u juror-app).
accesslog = "-"
errorlog = "-"
# The request id the app sends back (set by Caddy or made by the app) ends each line.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'


class JsonAccessLogger(Logger):
    """JUROR_LOG_FORMAT=json: access lines as JSON too, escaped by json.dumps (a format
    string would copy a quote from the URL into the line and break it)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        # The raw atoms: gunicorn's safe wrapper adds its own backslashes.
        atoms = self.atoms(resp, req, environ, request_time)
        line = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "logger": "gunicorn.access", "remote": atoms.get("h"), "method": atoms.get("m"),
                "path": atoms.get("U"), "query": atoms.get("q"), "status": atoms.get("s"),
                "bytes": atoms.get("B"), "ms": round(request_time.total_seconds() * 1000),
                "request_id": atoms.get("{x-request-id}o", "-"), "user_agent": atoms.get("a")}
        self.access_log.info(json.dumps(line, ensure_ascii=False))


if os.environ.get("JUROR_LOG_FORMAT", "text").lower() == "json":
    logger_class = JsonAccessLogger
