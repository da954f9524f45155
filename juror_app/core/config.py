"""Settings with safe defaults; the environment overrides them with the JUROR_ prefix."""
from __future__ import annotations

import secrets
from pathlib import Path


class Config:
    # Empty means: an SQLite file in the instance folder (see create_app).
    DATABASE_URL = ""
    SECRET_KEY = ""
    # Where photo derivatives live; shared between app servers in production.
    MEDIA_DIR = ""
    RATELIMIT_STORAGE_URI = "memory://"
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
    PHOTO_MAX_PIXELS = 50_000_000
    PHOTO_DISPLAY_EDGE = 1600
    PHOTO_THUMB_EDGE = 320
    CSV_MAX_BYTES = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None


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
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(instance / "secret_key")
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URI"]


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// URLs (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret(path: Path) -> str:
    """A secret generated on first run and kept, so sessions survive restarts."""
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value
