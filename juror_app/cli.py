"""Command line: `flask --app app users …` and `flask --app app demo`."""
from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from juror_app.extensions import db
from juror_app.models import Role, User

users = AppGroup("users", help="Manage accounts.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create an account."""
    email = email.strip().lower()
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"An account for {email} already exists.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("The password must have at least 10 characters.")
    user = User(email=email, name=name or email.split("@")[0], role=Role(role))
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@users.command("deactivate")
@click.option("--email", required=True)
def deactivate_user(email: str) -> None:
    """Deactivate an account: it can no longer log in or sync."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    user.active = False
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has data.")
@click.option("--force", is_flag=True, help="Add demo data even to a database with data.")
@click.option("--logins", is_flag=True, help="Only print the demo logins.")
def demo_command(if_empty: bool, force: bool, logins: bool) -> None:
    """Load the demo edition, participants, jurors and assignments."""
    from juror_app import demo

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
    summary = demo.load_demo()
    click.echo(f"Demo data loaded: {summary}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(demo_command)
