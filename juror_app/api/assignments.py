"""The juror's work list for the phone: assignments, participants' details, the rubric."""
from __future__ import annotations

from flask import jsonify

from juror_app.accounts.access import allow, api_caller
from juror_app.api.blueprint import bp
from juror_app.models import Role, utcnow
from juror_app.sync.serializers import user_fields
from juror_app.sync.shapes import Worklist
from juror_app.sync.worklist import closed_editions, juror_worklist


@bp.route("/me/assignments")
@allow(Role.JUROR)
def my_assignments():
    """Everything the phone needs offline: open assignments, contacts so far, rubrics."""
    juror = api_caller()
    assignments, rubrics = juror_worklist(juror.id)
    return jsonify(Worklist(user=user_fields(juror), assignments=assignments, rubrics=rubrics,
                            closed_editions=closed_editions(juror.id),
                            server_time=utcnow().isoformat()).model_dump())
