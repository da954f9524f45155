"""gunicorn settings for the juror app: `gunicorn --config deploy/gunicorn.conf.py app:app`.

gthread workers: a phone's sync request spends most of its time waiting on the database,
so a few threads per process serve more phones than as many processes would, at less
memory. The `scale` benchmark (bench/, issue 9) is to confirm or replace these numbers;
README "Production" runs exactly this file. Slow clients never reach a worker: Caddy
buffers request bodies (deploy/Caddyfile).
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count(), 8)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
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
