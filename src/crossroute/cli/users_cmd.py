"""`crossroute users` (accounts, passwords, tokens) and `crossroute cases` (need-to-know)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.table import Table

from crossroute.cli.console import console, fail
from crossroute.cli.sharing_options import (
    PurposeOpt,
    UserOpt,
    known_user,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.model.record_key import NotARecordKey, RecordKey
from crossroute.sharing import admin, cases, users
from crossroute.sharing.tokens import user_for_token
from crossroute.sharing.users import User, parse_role
from crossroute.store import Workspace

users_app = typer.Typer(
    help="Accounts: the first administrator, users, passwords, API tokens.", no_args_is_help=True
)
cases_app = typer.Typer(
    help="Need-to-know: cases, their members, the records they need, owners' grants.",
    no_args_is_help=True,
)
PASSWORD_VARIABLE = "CROSSROUTE_PASSWORD"
TOKEN_VARIABLE = "CROSSROUTE_TOKEN"

NameArg = Annotated[str, typer.Argument(help="The user name.")]
AgencyOpt = Annotated[
    str, typer.Option("--agency", help="The user's agency code, e.g. FR-OCRIEST.")
]
StdinOpt = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the new password from the first line of stdin."),
]
AsOpt = Annotated[
    str,
    typer.Option(
        "--as",
        help=f"The administrator acting; authenticated by {TOKEN_VARIABLE} (a token) or "
        f"{PASSWORD_VARIABLE} (a password), else asked for.",
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(cases_app, name="cases")


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("New password", hide_input=True, confirmation_prompt=True))


def _acting(ws: Workspace, name: str) -> User:
    """The acting user, authenticated by token or password (never by name alone)."""
    token = os.environ.get(TOKEN_VARIABLE)
    if token is not None:
        user = user_for_token(ws, token)
        if user.name != name:
            fail(f"the token in {TOKEN_VARIABLE} is not {name}'s")
        return user
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = str(typer.prompt(f"Password of {name}", hide_input=True))
    return users.authenticate(ws, name, password)


@users_app.command("init-admin")
def init_admin(
    workspace: WorkspaceArg, name: NameArg, agency: AgencyOpt, password_stdin: StdinOpt = False
) -> None:
    """Create the first administrator (refused once one exists). There is no default account."""
    with open_workspace(workspace) as ws, refusals():
        admin.init_admin(ws, name, agency, _new_password(password_stdin))
    console.print(f"Administrator {name} created. Next: crossroute users add {workspace} NAME ...")


@users_app.command("add")
def add(
    workspace: WorkspaceArg,
    name: NameArg,
    agency: AgencyOpt,
    role: Annotated[str, typer.Option(help="analyst, supervisor, administrator or dpo.")],
    acting: AsOpt,
    password_stdin: StdinOpt = False,
) -> None:
    """Add a user (by an administrator). Without --password-stdin the account has no password: it can
    be named with --user on this machine's command line but cannot log in to the API or web."""
    with open_workspace(workspace) as ws, refusals():
        boss = _acting(ws, acting)
        password = _new_password(True) if password_stdin else None
        admin.add(ws, boss, name, agency, parse_role(role), password)
    console.print(f"User {name} ({role}, {agency}) added.")


@users_app.command("list")
def list_(workspace: WorkspaceArg, acting: AsOpt) -> None:
    """Every user: agency, role, whether a password is set, whether active (an administrator;
    logged)."""
    with open_workspace(workspace) as ws, refusals():
        rows = admin.accounts(ws, _acting(ws, acting))
    table = Table(title="Users")
    for column in ("name", "agency", "role", "password", "active"):
        table.add_column(column)
    for name, agency, role, has_password, active in rows:
        table.add_row(name, agency, role, "set" if has_password else "-", "yes" if active else "no")
    console.print(table)


@users_app.command("passwd")
def passwd(
    workspace: WorkspaceArg, name: NameArg, acting: AsOpt, password_stdin: StdinOpt = False
) -> None:
    """Set a password: your own, or anyone's as an administrator."""
    with open_workspace(workspace) as ws, refusals():
        actor = _acting(ws, acting)
        admin.set_password(ws, actor, name, _new_password(password_stdin))
    console.print(f"Password of {name} set.")


@users_app.command("disable")
def disable(workspace: WorkspaceArg, name: NameArg, acting: AsOpt) -> None:
    """Disable an account (kept for the audit trail) and revoke its tokens."""
    with open_workspace(workspace) as ws, refusals():
        admin.disable(ws, _acting(ws, acting), name)
    console.print(f"User {name} disabled; tokens revoked.")


@users_app.command("token")
def token(
    workspace: WorkspaceArg,
    name: NameArg,
    acting: AsOpt,
    days: Annotated[int, typer.Option(help="Days until it expires (1-365).")] = 30,
) -> None:
    """Issue an API token (printed once; only its hash is kept)."""
    with open_workspace(workspace) as ws, refusals():
        token_id, secret = admin.issue_token(ws, _acting(ws, acting), name, days)
    console.print(f"Token {token_id} for {name}, valid {days} days (shown once):", highlight=False)
    print(secret)


@users_app.command("tokens")
def tokens_(workspace: WorkspaceArg, acting: AsOpt) -> None:
    """Every token: id, user, created, expires, active (never the secret; an administrator;
    logged)."""
    with open_workspace(workspace) as ws, refusals():
        rows = admin.token_list(ws, _acting(ws, acting))
    table = Table(title="Tokens")
    for column in ("id", "user", "created", "expires", "active"):
        table.add_column(column)
    for token_id, user, created, expires, active in rows:
        table.add_row(token_id, user, f"{created:%Y-%m-%d}", f"{expires:%Y-%m-%d}", str(active))
    console.print(table)


@users_app.command("revoke")
def revoke(
    workspace: WorkspaceArg,
    token_id: Annotated[str, typer.Argument(help="The token's id.")],
    acting: AsOpt,
) -> None:
    """Revoke a token (your own, or anyone's as an administrator)."""
    with open_workspace(workspace) as ws, refusals():
        admin.revoke(ws, _acting(ws, acting), token_id)
    console.print(f"Token {token_id} revoked.")


CaseArg = Annotated[str, typer.Argument(help="The case reference, e.g. OP-NEPTUNE-2025.")]


@cases_app.command("open")
def open_(
    workspace: WorkspaceArg,
    case_ref: CaseArg,
    user: UserOpt,
    title: Annotated[str | None, typer.Option(help="A title.")] = None,
) -> None:
    """Open a case for your agency (supervisors); you are its first member."""
    with open_workspace(workspace) as ws, refusals():
        cases.open_case(ws, known_user(ws, user), case_ref, title)
    console.print(f"Case {case_ref} opened.")


@cases_app.command("member")
def member(
    workspace: WorkspaceArg,
    case_ref: CaseArg,
    name: Annotated[str, typer.Argument(help="The user to add.")],
    user: UserOpt,
) -> None:
    """Add a user to a case of your agency (supervisors)."""
    with open_workspace(workspace) as ws, refusals():
        cases.add_member(ws, known_user(ws, user), case_ref, name)
    console.print(f"{name} is a member of {case_ref}.")


@cases_app.command("link")
def link(
    workspace: WorkspaceArg,
    case_ref: CaseArg,
    record: Annotated[str, typer.Argument(help="SOURCE:RECORD_ID of a record the case needs.")],
    user: UserOpt,
    purpose: PurposeOpt = None,
) -> None:
    """Record that a case needs a record (victims, witnesses, informants and minors are shown only to
    members of a case linked to them). Logged."""
    stated = purpose_or_fail(purpose)
    try:
        key = RecordKey.parse(record, ":")
    except NotARecordKey as error:
        fail(str(error))
    with open_workspace(workspace) as ws, refusals():
        cases.link_subject(
            ws, known_user(ws, user), case_ref, key.source.upper(), key.record_id, stated.text
        )
    console.print(f"{record} linked to {case_ref}.")


@cases_app.command("grant")
def grant(
    workspace: WorkspaceArg,
    to: Annotated[str, typer.Option("--to", help="The agency permitted.")],
    use: Annotated[
        str, typer.Option(help="judicial (lifts H1) or onward (lifts H2, 3x5x2 C, TLP:AMBER).")
    ],
    user: UserOpt,
    purpose: PurposeOpt = None,
) -> None:
    """Permit another agency a use your agency's handling codes reserve (supervisors). Logged."""
    stated = purpose_or_fail(purpose)
    with open_workspace(workspace) as ws, refusals():
        cases.grant(ws, known_user(ws, user), to, use, stated.text)
    console.print(f"{to} may now make {use} use of your agency's records.")
