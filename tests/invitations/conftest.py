"""The real SMTP server of the mail tests, for the invitation mails."""
from tests.mail.conftest import app_config, smtp  # noqa: F401  (fixtures)
