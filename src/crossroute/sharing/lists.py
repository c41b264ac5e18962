"""Restricted lists (the ports insider list): the readers a supervisor names for a list, and the check
every face makes before building it (`policy.list_rule`). Naming and clearing readers are logged."""

from __future__ import annotations

import duckdb

from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import AccessDenied, SharingError
from crossroute.sharing.policy import RESTRICTED_LISTS, Verdict, Visibility, list_rule
from crossroute.sharing.users import Role, User, get_user, require_role
from crossroute.store import Workspace


def _known(list_name: str) -> None:
    if list_name not in RESTRICTED_LISTS:
        raise SharingError(
            f"no restricted list {list_name!r} (there is: {', '.join(sorted(RESTRICTED_LISTS))})"
        )


def readers(workspace: Workspace, list_name: str) -> frozenset[str] | None:
    """The users named for the list, or None when the policy names none (no rule). A workspace opened
    read-only before migration 015 has no table of readers, so it can hold no rule."""
    try:
        found = workspace.rows(
            "SELECT user_name FROM sharing.list_readers WHERE list_name = ?", [list_name]
        )
    except duckdb.CatalogException:
        return None
    return frozenset(str(row[0]) for row in found) if found else None


def verdict(workspace: Workspace, user: User, list_name: str) -> Verdict:
    return list_rule(user, list_name, readers(workspace, list_name))


def require(workspace: Workspace, user: User, list_name: str) -> None:
    """AccessDenied unless the user may see the list."""
    found = verdict(workspace, user, list_name)
    if found.visibility is not Visibility.FULL:
        raise AccessDenied(found.reason)


def name_readers(
    workspace: Workspace, supervisor: User, list_name: str, names: list[str], purpose: str
) -> None:
    """A supervisor names analysts who may see the list; from then on, only they may."""
    require_role(supervisor, Role.SUPERVISOR)
    _known(list_name)
    for name in names:
        named = get_user(workspace, name)
        if named.role not in (Role.ANALYST, Role.SUPERVISOR):
            raise AccessDenied(f"{name} is {named.role.value}: only investigators may be readers")
    now = utc_now()
    with workspace.transaction():
        for name in dict.fromkeys(names):
            workspace.rows(
                "DELETE FROM sharing.list_readers WHERE list_name = ? AND user_name = ?",
                [list_name, name],
            )
            workspace.rows(
                "INSERT INTO sharing.list_readers VALUES (?, ?, ?, ?)",
                [list_name, name, supervisor.name, now],
            )
    audit.append_by(
        workspace, supervisor, Action.ALTERATION, purpose=purpose,
        detail={"path": "lists readers", "list": list_name, "named": sorted(set(names))},
    )  # fmt: skip


def clear_readers(workspace: Workspace, supervisor: User, list_name: str, purpose: str) -> None:
    """Remove the rule: the per-record rules alone apply again."""
    require_role(supervisor, Role.SUPERVISOR)
    _known(list_name)
    workspace.rows("DELETE FROM sharing.list_readers WHERE list_name = ?", [list_name])
    audit.append_by(
        workspace, supervisor, Action.ALTERATION, purpose=purpose,
        detail={"path": "lists clear", "list": list_name},
    )  # fmt: skip
