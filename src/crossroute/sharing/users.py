"""Users, their agency and role; passwords hashed with argon2id. No default account or password: the
first administrator is made by an explicit command, every later account by an administrator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from crossroute.model.agencies import agency as parse_agency
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import AccessDenied, SharingError, UnknownUser
from crossroute.store import Workspace

USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 12
FIRST_ADMIN = "(first administrator)"


class Role(StrEnum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    DPO = "dpo"


@dataclass(frozen=True, slots=True)
class User:
    name: str
    agency: str
    role: Role


_ROLE_ALIASES = {"admin": "administrator", "data-protection-officer": "dpo"}


def _hasher() -> PasswordHasher:
    return PasswordHasher()


def parse_role(text: str) -> Role:
    key = text.strip().lower()
    try:
        return Role(_ROLE_ALIASES.get(key, key))
    except ValueError:
        raise SharingError(
            f"role {text!r} is not one of {', '.join(r.value for r in Role)}"
        ) from None


def get_user(workspace: Workspace, name: str) -> User:
    """The active user of that name, or UnknownUser with how to add one."""
    found = workspace.rows(
        "SELECT name, agency, role FROM sharing.users WHERE name = ? AND disabled_at IS NULL",
        [name],
    )
    if not found:
        raise UnknownUser(
            f"unknown user {name!r} in {workspace.path}: an administrator adds one with "
            f"`crossroute users add {workspace.path} {name} --agency CODE --role analyst --as ADMIN`"
            " (the very first administrator: `crossroute users init-admin`)"
        )
    user, agency, role = found[0]
    return User(user, agency, Role(role))


def list_users(workspace: Workspace) -> list[tuple[str, str, str, bool, bool]]:
    """(name, agency, role, has a password, active) of every user."""
    rows = workspace.rows(
        "SELECT name, agency, role, password_hash IS NOT NULL, disabled_at IS NULL "
        "FROM sharing.users ORDER BY name"
    )
    return [(str(a), str(b), str(c), bool(d), bool(e)) for a, b, c, d, e in rows]


def create_first_admin(workspace: Workspace, name: str, agency: str, password: str) -> User:
    """The first administrator; refused once any administrator exists."""
    if workspace.scalar("SELECT count(*) FROM sharing.users WHERE role = ?", [Role.ADMINISTRATOR]):
        raise AccessDenied(
            "an administrator already exists: ask one to add accounts (`crossroute users add`)"
        )
    return _insert(workspace, name, agency, Role.ADMINISTRATOR, password, FIRST_ADMIN)


def add_user(
    workspace: Workspace,
    admin: User,
    name: str,
    agency: str,
    role: Role,
    password: str | None = None,
) -> User:
    """A new account, made by an administrator."""
    require_role(admin, Role.ADMINISTRATOR)
    return _insert(workspace, name, agency, role, password, admin.name)


def _insert(
    workspace: Workspace, name: str, agency: str, role: Role, password: str | None, by: str
) -> User:
    if not USER_NAME.match(name):
        raise SharingError(
            f"user name {name!r}: letters, digits and . _ @ - only, starting with a letter or digit"
        )
    code = parse_agency(agency).code
    if workspace.scalar("SELECT count(*) FROM sharing.users WHERE name = ?", [name]):
        raise SharingError(f"user {name!r} already exists")
    hashed = None if password is None else hash_password(password)
    workspace.rows(
        "INSERT INTO sharing.users VALUES (?, ?, ?, ?, ?, ?, NULL)",
        [name, code, role.value, hashed, utc_now(), by],
    )
    return User(name, code, role)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise SharingError(f"a password needs at least {MIN_PASSWORD} characters")
    return str(_hasher().hash(password))


def set_password(workspace: Workspace, actor: User, name: str, password: str) -> None:
    """Set a user's password: the user themself or an administrator."""
    if actor.name != name:
        require_role(actor, Role.ADMINISTRATOR)
    get_user(workspace, name)
    workspace.rows(
        "UPDATE sharing.users SET password_hash = ? WHERE name = ?", [hash_password(password), name]
    )


def disable_user(workspace: Workspace, admin: User, name: str) -> None:
    """Disable an account (kept for the audit trail) and revoke its tokens."""
    require_role(admin, Role.ADMINISTRATOR)
    get_user(workspace, name)
    now = utc_now()
    workspace.rows("UPDATE sharing.users SET disabled_at = ? WHERE name = ?", [now, name])
    workspace.rows(
        "UPDATE sharing.tokens SET revoked_at = ? WHERE user_name = ? AND revoked_at IS NULL",
        [now, name],
    )


def authenticate(workspace: Workspace, name: str, password: str) -> User:
    """The user if the password is theirs; AccessDenied otherwise (same message either way)."""
    denied = AccessDenied(f"wrong user name or password for {name!r}")
    stored = workspace.scalar(
        "SELECT password_hash FROM sharing.users WHERE name = ? AND disabled_at IS NULL", [name]
    )
    if not stored:
        raise denied
    try:
        _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        raise denied from None
    return get_user(workspace, name)


def require_role(user: User, *roles: Role) -> None:
    if user.role not in roles:
        wanted = " or ".join(r.value for r in roles)
        raise AccessDenied(f"{user.name} is {user.role.value}; this needs {wanted}")
