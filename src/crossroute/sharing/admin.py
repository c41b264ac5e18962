"""Account administration, logged: every change to an account or a token writes one audit entry (an
alteration, path `users ...`), and so does an administrator's listing of accounts or tokens (a
consultation), whichever face made it (the command line, or the API against a running server).
Never a password or a token's secret in the entry.

Disabling an account revokes its tokens in the same step: the token check (`tokens.user_for_token`) runs
on every request and reads the account and its tokens each time, so a disabled user's next request is
refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crossroute.model.values.errors import InvalidValue
from crossroute.sharing import audit, tokens, users
from crossroute.sharing.audit import Action
from crossroute.sharing.errors import SharingError
from crossroute.sharing.users import Role, User, require_role
from crossroute.store import Workspace

ADMIN_PURPOSE = "account administration"


def _log(
    workspace: Workspace,
    actor: User,
    path: str,
    action: Action = Action.ALTERATION,
    **detail: Any,
) -> None:
    audit.append_by(
        workspace, actor, action, purpose=ADMIN_PURPOSE, detail={"path": path, **detail}
    )


def _log_first(workspace: Workspace, made: User) -> None:
    audit.append(
        workspace,
        actor=made.name,
        agency=made.agency,
        role=made.role.value,
        action=Action.ALTERATION,
        purpose=ADMIN_PURPOSE,
        detail={"path": "users init-admin", "user": made.name},
    )


def init_admin(workspace: Workspace, name: str, agency: str, password: str) -> User:
    try:
        made = users.create_first_admin(workspace, name, agency, password)
    except InvalidValue as error:
        raise SharingError(str(error)) from None
    _log_first(workspace, made)
    return made


def add(
    workspace: Workspace,
    admin: User,
    name: str,
    agency: str,
    role: Role,
    password: str | None = None,
) -> User:
    try:
        made = users.add_user(workspace, admin, name, agency, role, password)
    except InvalidValue as error:  # an agency code nobody knows
        raise SharingError(str(error)) from None
    _log(workspace, admin, "users add", user=made.name, agency=made.agency, role=made.role.value)
    return made


def accounts(workspace: Workspace, admin: User) -> list[tuple[str, str, str, bool, bool]]:
    """Every account (name, agency, role, password set, active), for an administrator; a read of
    staff's account data, so it is logged (a consultation, path `users list`)."""
    require_role(admin, Role.ADMINISTRATOR)
    rows = users.list_users(workspace)
    _log(workspace, admin, "users list", Action.CONSULTATION, accounts=len(rows))
    return rows


def token_list(
    workspace: Workspace, admin: User
) -> list[tuple[str, str, dt.datetime, dt.datetime, bool]]:
    """Every token (id, user, created, expires, active; never a secret), for an administrator;
    logged (a consultation, path `users tokens`)."""
    require_role(admin, Role.ADMINISTRATOR)
    rows = tokens.list_tokens(workspace)
    _log(workspace, admin, "users tokens", Action.CONSULTATION, tokens=len(rows))
    return rows


def set_password(workspace: Workspace, actor: User, name: str, password: str) -> None:
    users.set_password(workspace, actor, name, password)
    _log(workspace, actor, "users passwd", user=name)


def disable(workspace: Workspace, admin: User, name: str) -> int:
    """Disable an account and revoke its tokens; returns the tokens revoked."""
    active = sum(
        1 for _, owner, _, _, live in tokens.list_tokens(workspace) if owner == name and live
    )
    users.disable_user(workspace, admin, name)
    _log(workspace, admin, "users disable", user=name, tokens_revoked=active)
    return active


def issue_token(workspace: Workspace, actor: User, name: str, days: int) -> tuple[str, str]:
    token_id, secret = tokens.issue_token(workspace, actor, name, days)
    _log(workspace, actor, "users token", user=name, token=token_id, days=days)
    return token_id, secret


def revoke(workspace: Workspace, actor: User, token_id: str) -> None:
    tokens.revoke_token(workspace, actor, token_id)
    _log(workspace, actor, "users revoke", token=token_id)
