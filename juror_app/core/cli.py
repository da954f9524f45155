"""Command line: `flask --app app users …` and `flask --app app demo`."""
from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import Flask
from flask.cli import AppGroup

from juror_app.core.extensions import db
from juror_app.models import Role, User, record

MIN_PASSWORD_LENGTH = 10

users = AppGroup("users", help="Manage accounts.")


def normalise_email(email: str) -> str:
    """The address as logins compare it; a clear error if it is not an address at all."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="--email") from exc


def read_password(from_stdin: bool) -> str:
    """From standard input (first line, for scripts) or an interactive prompt."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
        )
    return password


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create an account."""
    email = normalise_email(email)
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise click.ClickException(f"An account for {email} already exists.")
    user = User(email=email, name=name.strip() or email.split("@")[0], role=Role(role))
    user.set_password(read_password(password_stdin))
    db.session.add(user)
    db.session.flush()
    record(db.session, actor_id=None, action="user.create", entity_type="user",
           entity_id=user.id, after={"email": email, "role": role, "via": "cli"})
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@users.command("deactivate")
@click.option("--email", required=True)
def deactivate_user(email: str) -> None:
    """Deactivate an account: it can no longer log in or sync."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email.strip()}.")
    if not user.active:
        click.echo(f"{user.email} is already deactivated.")
        return
    user.active = False
    # Its sessions and phones must stop too, even if the account is reactivated later.
    user.end_all_access()
    record(db.session, actor_id=None, action="user.deactivate", entity_type="user",
           entity_id=user.id, before={"active": True}, after={"active": False, "via": "cli"})
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has data.")
@click.option("--force", is_flag=True, help="Add demo data even to a database with data.")
@click.option("--logins", is_flag=True, help="Only print the demo logins.")
def demo_command(if_empty: bool, force: bool, logins: bool) -> None:
    """Load the demo edition, participants, jurors and assignments."""
    from juror_app.demo import loader as demo

    if logins:
        click.echo(demo.logins_text())
        return
    if demo.database_has_data():
        if if_empty:
            click.echo("The database already holds data; demo data not loaded.")
            return
        if not force:
            raise click.ClickException(
                "The database already holds data. Use --force to add demo data anyway."
            )
    try:
        summary = demo.load_demo()
    except demo.DemoError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Demo data loaded: {summary}.")


def init_app(app: Flask) -> None:
    from juror_app.audit.cli import audit
    from juror_app.evidence.cli import media
    from juror_app.evidence.commands import evidence

    app.cli.add_command(users)
    app.cli.add_command(media)
    app.cli.add_command(audit)
    app.cli.add_command(evidence)
    app.cli.add_command(demo_command)
