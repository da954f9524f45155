"""The offline app: service worker at /sw.js (root scope) and the manifest."""
from pathlib import Path

from flask import current_app, send_file

from juror_app.access import public
from juror_app.pwa import bp


@bp.route("/sw.js")
@public
def service_worker():
    """The service worker, served from the root so its scope is the whole app."""
    path = Path(current_app.root_path).parent / "service_worker" / "sw.js"
    response = send_file(path, mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    return response
