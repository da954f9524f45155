"""The offline app: its shell at /app/, the session→token bridge, and the service worker."""
import functools
from pathlib import Path

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from juror_app.accounts import devices
from juror_app.accounts.access import allow, public
from juror_app.accounts.tokens import issue_token
from juror_app.core.extensions import db
from juror_app.models import Role
from juror_app.pwa.blueprint import bp
from juror_app.pwa.messages import client_messages
from juror_app.pwa.page_session import note_session_user, rendered_session
from juror_app.pwa.shell import precached_static, render_worker, version_stamp, worker_modules

bp.after_app_request(note_session_user)


@bp.route("/app/")
@public
def shell():
    """The app shell. The worker's cached copy holds no per-user data; a page the browser
    navigated to also says whose session it is and its CSRF token (page_session.py).

    Public because a new worker's install precaches it: a phone whose browser session
    ended keeps working on its device token, and with /app/ behind the login that install
    met a redirect and failed, so the phone never got another release. The page itself asks
    for a login when it holds no token. A browser navigating here without a session (no
    worker to answer yet, so no token on this phone either) goes to the login page at once;
    the desk's roles have no app."""
    if current_user.is_authenticated and current_user.role is not Role.JUROR:
        abort(403)
    if not current_user.is_authenticated and request.headers.get("Sec-Fetch-Mode") == "navigate":
        return current_app.login_manager.unauthorized()
    live = rendered_session(current_user.id) if current_user.is_authenticated else None
    response = make_response(render_template(
        "pwa/shell.html", messages=client_messages(), photo=photo_settings(), live=live))
    if live:  # a juror's CSRF token: not for any cache, the browser's own included
        response.headers["Cache-Control"] = "no-store"
    return response


def photo_settings() -> dict:
    """How far the phone shrinks photos before upload (JUROR_PHOTO_UPLOAD_EDGE to change),
    and how many one contact may hold: the phone stops offering more at the server's cap
    rather than queueing photos the server would refuse with a 422."""
    return {"edge": current_app.config.get("PHOTO_UPLOAD_EDGE", 1600),
            "quality": current_app.config.get("PHOTO_UPLOAD_QUALITY", 0.85),
            "max": current_app.config["PHOTO_MAX_PER_CONTACT"]}


@bp.route("/app/csrf")
@allow(Role.JUROR)
def csrf():
    """A fresh CSRF token for the cached shell, which cannot carry one of its own."""
    # Whose session this is: the app drops another juror's token and work list.
    response = jsonify(csrf_token=generate_csrf(), user_id=current_user.id)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/app/token", methods=["POST"])
@allow(Role.JUROR)
def device_token():
    """Turn the logged-in session into a device token; the app uses only the token after."""
    body = request.get_json(silent=True)
    name = body.get("device_name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip():
        name = request.user_agent.string or "telefon"
    token, row = issue_token(current_user, name.strip()[:120])
    db.session.commit()
    response = jsonify(token=token, user={"id": current_user.id, "name": current_user.name})
    response.headers["Cache-Control"] = "no-store"
    devices.remember(response, row.id)  # a page logout in this browser ends it too
    return response, 201


@bp.route("/sw.js")
@public
def service_worker():
    """The worker, from the root so its scope is the whole app, stamped with a version."""
    root = Path(current_app.root_path).parent
    source = root / "service_worker" / "sw.js"
    static = precached_static(Path(current_app.static_folder))
    watched = [source, *sorted((root / "templates" / "pwa").glob("*.html")),
               Path(__file__).with_name("messages.py"),
               *(Path(current_app.static_folder) / s for s in static),
               *worker_modules(Path(current_app.static_folder))]
    urls = [url_for("pwa.shell"), *(url_for("static", filename=s) for s in static)]
    version = version_stamp(watched, repr(sorted(photo_settings().items())))
    body = render_worker(source.read_text(), version, urls)
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/favicon.ico")
@public
def favicon():
    """Browsers ask for it on every page; a 404 each time is noise in every log.

    Served from memory (a few kB): Chromium asks for it in byte ranges and drops the
    connection mid-answer, which left the open file for the garbage collector."""
    icon = _icon_bytes(current_app.static_folder)
    response = current_app.response_class(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public, response.cache_control.max_age = True, 7 * 86_400
    response.add_etag()
    return response.make_conditional(request, accept_ranges=True, complete_length=len(icon))


@functools.cache
def _icon_bytes(static_folder: str) -> bytes:
    return (Path(static_folder) / "icons" / "favicon.ico").read_bytes()
