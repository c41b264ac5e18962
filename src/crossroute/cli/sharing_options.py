"""Options every gated command shares: who asks, and why."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from crossroute.cli.console import fail
from crossroute.sharing import Purpose, SharingError, Use, require_purpose
from crossroute.sharing.collection import Actor
from crossroute.sharing.tokens import user_for_token
from crossroute.sharing.users import User, get_user
from crossroute.store import Workspace

UserOpt = Annotated[
    str, typer.Option("--user", help="Who asks (a user made by `crossroute users`).")
]
PurposeOpt = Annotated[
    str | None,
    typer.Option(
        "--purpose", help="Why: case reference and justification (required; logged with the query)."
    ),
]
CaseOpt = Annotated[
    str | None,
    typer.Option(
        "--case", help="The case the query serves (else a case of yours named in --purpose)."
    ),
]
UseOpt = Annotated[
    Use,
    typer.Option("--use", help="consult (intelligence), judicial (court) or disclose (pass on)."),
]
RecipientOpt = Annotated[
    str | None, typer.Option("--recipient", help="For --use disclose: the receiving agency.")
]
TOKEN_VARIABLE = "CROSSROUTE_TOKEN"


def purpose_or_fail(
    text: str | None, case: str | None = None, use: Use = Use.CONSULT, recipient: str | None = None
) -> Purpose:
    try:
        return require_purpose(text, case, use, recipient)
    except SharingError as error:
        fail(str(error))
        raise


def check_token(workspace: Workspace, user: str) -> None:
    """When CROSSROUTE_TOKEN is set (as a deployment's wrapper sets it), it must be the user's."""
    token = os.environ.get(TOKEN_VARIABLE)
    if token is None:
        return
    if user_for_token(workspace, token).name != user:
        fail(f"the token in {TOKEN_VARIABLE} is not {user}'s")


def known_user(workspace: Workspace, name: str) -> User:
    """The user a command acts for, as `search` takes it: an active account of the workspace (unknown
    and disabled users are refused), and when CROSSROUTE_TOKEN is set, the token must be theirs."""
    check_token(workspace, name)
    return get_user(workspace, name)


def loading_actor(workspace: Workspace, user: str | None) -> Actor:
    """Who loads or trains: the `--user` given (checked as `known_user` checks it), else the
    operating-system user, marked as such in the entry."""
    if user is None:
        return Actor.operating_system()
    with refusals():
        return Actor.of(known_user(workspace, user))
    raise AssertionError("unreachable")  # refusals() exits on a refusal


@contextmanager
def refusals() -> Iterator[None]:
    """Any refusal of the sharing layer becomes a clear error and a non-zero exit."""
    try:
        yield
    except SharingError as error:
        fail(str(error))
