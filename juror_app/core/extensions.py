"""Extensions live here unbound; create_app binds them with init_app."""
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from juror_app.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)
login = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()
# No default limits: only the routes that guard credentials are limited.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
