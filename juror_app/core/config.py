"""Settings with safe defaults; the environment overrides them with the JUROR_ prefix."""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path


class Config:
    # Empty means: an SQLite file in the instance folder (see create_app).
    DATABASE_URL = ""
    SECRET_KEY = ""
    # Where photo derivatives live; shared between app servers in production.
    MEDIA_DIR = ""
    # memory:// counts per worker process: 2 servers x 4 workers would allow 8x the limit.
    # Production: redis://host:6379/0, shared by every worker of every app server.
    RATELIMIT_STORAGE_URI = "memory://"
    # Redis down: count in the worker's memory meanwhile rather than refuse every login.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute"
    RATELIMIT_HEADERS_ENABLED = True
    BABEL_DEFAULT_LOCALE = "pl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Warsaw"
    LANGUAGES = ("pl", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Behind HTTPS set JUROR_SESSION_COOKIE_SECURE=true (and REMEMBER_COOKIE_SECURE).
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    # How many reverse proxies sit in front (their X-Forwarded-For/-Proto are trusted);
    # the login rate limit needs the real client address.
    TRUSTED_PROXIES = 0
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    PHOTO_MAX_BYTES = 20 * 1024 * 1024
    # A contact's JSON is a few kB; far below the photo limit, so a hostile body is refused
    # before it is read, let alone parsed.
    JSON_MAX_BYTES = 256 * 1024
    # Evidence, not an album: more photos per contact are refused with a 422.
    PHOTO_MAX_PER_CONTACT = 30
    # Chunked uploads one juror may have unfinished at once (a phone sends one at a time).
    PHOTO_UPLOADS_IN_PROGRESS = 6
    PHOTO_MAX_PIXELS = 50_000_000
    PHOTO_DISPLAY_EDGE = 1600
    PHOTO_THUMB_EDGE = 320
    # Processes per app worker that decode photos at a lower priority, so uploads never
    # hold up the contact PUTs beside them (evidence/workers.py); 0 = in the request.
    PHOTO_PROCESSES = 0
    # A photo whose decoding uses more CPU time is refused (422), its process ended by the
    # kernel: the costliest real photo here (a 12 MP HEIC) takes 0.4 s; a file built to
    # keep a decoder busy would take longer on every try.
    PHOTO_DECODE_CPU_SECONDS = 10
    # A photo not decoded after this long waiting (queued, or starved by a busy server) is
    # answered 503 with Retry-After: the file may be fine, the phone sends it again later.
    PHOTO_DECODE_SECONDS = 30
    # How long a gunicorn worker's busy thread keeps the GIL before a waiting one gets it
    # (Python's default 0.005): short, so a request back from the database resumes soon.
    THREAD_SWITCH_SECONDS = 0.001
    # SQLite file databases: writers queue for the write lock instead of sleeping in
    # SQLite's busy handler (core/write_queue.py). Off only to measure what it changes.
    SQLITE_WRITE_QUEUE = True
    CSV_MAX_BYTES = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None
    # Anomaly flags (evidence/anomalies.py): they inform the reviewer, never block a sync.
    ANOMALY_PHOTO_MINUTES = 60  # a photo taken this long before/after the contact
    ANOMALY_DISTANCE_KM = 1.0  # a visit or photo this far from the participant
    ANOMALY_CLOCK_MINUTES = 10  # phone times this far after the server received them
    ANOMALY_SPEED_KMH = 130  # travel between a juror's consecutive visits
    # Shortest plausible contact per channel, unless the rubric's channel has min_minutes.
    ANOMALY_MIN_MINUTES = {"visit": 5, "phone": 1}
    # Mail (JUROR_MAIL_*). Without a host, mails are printed to the console instead.
    MAIL_HOST = ""
    MAIL_PORT = 587
    MAIL_SECURITY = "starttls"  # starttls / ssl / none
    MAIL_USER = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "Lider Zaufania Mieszkańców <jury@localhost>"
    MAIL_TIMEOUT = 30
    # The in-process sender thread (`make run` turns it on; servers run `flask mail send`).
    MAIL_THREAD = False
    # The address links in mails point to, e.g. https://jury.example.org (no trailing /).
    BASE_URL = ""
    REMINDER_DAYS_BEFORE = 3
    RATELIMIT_PASSWORD_RESET = "5 per minute"
    # Wrong passwords per account and per address within the window before a lock
    # (accounts/throttle.py); a coordinator can unlock an account sooner.
    LOGIN_FAILURES_PER_ACCOUNT = 5
    LOGIN_FAILURES_PER_ADDRESS = 30
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    # A device token unused this long stops working (a juror may be offline for weeks).
    TOKEN_IDLE_DAYS = 90
    # Its last use is written at most this often, so most API requests write nothing.
    TOKEN_TOUCH_SECONDS = 300
    # Several app servers behind one proxy: the secret key must then be set (see below).
    MULTI_SERVER = False
    # "text" or "json" (one object per line, for log shippers); every line has a request id.
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"


class ConfigError(RuntimeError):
    """A setting that would break the app in a way nobody would trace back to it."""


def resolve_paths(app) -> None:
    """Fill the settings that depend on the instance folder."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'juror.sqlite3'}"
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if not app.config.get("MEDIA_DIR"):
        app.config["MEDIA_DIR"] = str(instance / "media")
    Path(app.config["MEDIA_DIR"]).mkdir(parents=True, exist_ok=True)
    refuse_placeholder_secret(app.config)
    if not app.config.get("SECRET_KEY"):
        refuse_generated_secret_when_shared(app.config)
        app.config["SECRET_KEY"] = instance_secret(instance / "secret_key")


# deploy/juror.env.example's stand-in: copied unchanged, every site would share one key
# anybody can read in the repository, and so sign anybody's session cookie.
PLACEHOLDER_SECRETS = {"CHANGE-ME"}


def refuse_placeholder_secret(config) -> None:
    if str(config.get("SECRET_KEY") or "").strip().upper() in PLACEHOLDER_SECRETS:
        raise ConfigError(
            "JUROR_SECRET_KEY is still the template's placeholder (CHANGE-ME): anyone who "
            "has read deploy/juror.env.example could sign a session cookie. Set a random "
            "value, the same on every app server, e.g. from: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def refuse_generated_secret_when_shared(config) -> None:
    """Each server would generate its own key and log everyone out as requests move.

    PostgreSQL counts as shared: it is what several servers use (SQLite cannot be
    shared across machines), and a wrong guess here costs every juror their session.
    """
    uri = str(config.get("SQLALCHEMY_DATABASE_URI", ""))
    if config.get("MULTI_SERVER") or uri.startswith("postgresql"):
        reason = "JUROR_MULTI_SERVER is set" if config.get("MULTI_SERVER") else \
            "the database is PostgreSQL, so several app servers may share it"
        raise ConfigError(
            f"JUROR_SECRET_KEY is not set and {reason}. Each server would make up its own "
            "key and log everyone out whenever a request reaches another server. Set the "
            "same JUROR_SECRET_KEY on every app server, e.g. from: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// URLs (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret(path: Path) -> str:
    """A secret generated on first run and kept, so sessions survive restarts."""
    value = secrets.token_urlsafe(48)
    try:  # O_EXCL: of several workers starting at once, one writes and all read its key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the writer may not have written yet
            if existing := path.read_text().strip():
                return existing
            time.sleep(0.02)
        raise ConfigError(f"{path} is empty: delete it or set JUROR_SECRET_KEY") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value
