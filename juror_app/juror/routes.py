"""The juror's pages (online); the offline capture app lives in juror_app.pwa."""
from flask import render_template

from juror_app.access import allow
from juror_app.juror import bp
from juror_app.models import Role


@bp.route("/")
@allow(Role.JUROR)
def home():
    """My assignments."""
    return render_template("juror/home.html")
