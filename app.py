"""Entry point: `flask --app app run`, or gunicorn `app:app`."""
from juror_app import create_app

app = create_app()
