"""API tokens: a random secret shown once; only its SHA-256 is kept. Revocable, always expiring.

A token is `<token_id>.<secret>`; the id finds the row, the secret's digest is compared in constant time.
(SHA-256 suits a 256-bit random secret; argon2 is for passwords people choose.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import AccessDenied, SharingError
from crossroute.sharing.users import Role, User, get_user, require_role
from crossroute.store import Workspace

MAX_DAYS = 365


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(workspace: Workspace, actor: User, name: str, days: int = 30) -> tuple[str, str]:
    """A new token for a user (by the user or an administrator): (token_id, the token, shown once)."""
    if actor.name != name:
        require_role(actor, Role.ADMINISTRATOR)
    if not 0 < days <= MAX_DAYS:
        raise SharingError(f"a token lives 1 to {MAX_DAYS} days, not {days}")
    get_user(workspace, name)
    token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now = utc_now()
    workspace.rows(
        "INSERT INTO sharing.tokens VALUES (?, ?, ?, ?, ?, NULL)",
        [token_id, name, _digest(secret), now, now + dt.timedelta(days=days)],
    )
    return token_id, f"{token_id}.{secret}"


def user_for_token(workspace: Workspace, token: str) -> User:
    """The active user a valid (known, unrevoked, unexpired) token belongs to."""
    denied = AccessDenied("invalid, revoked or expired token")
    token_id, _, secret = token.strip().partition(".")
    found = workspace.rows(
        "SELECT t.secret_sha256, u.name, u.agency, u.role FROM sharing.tokens t "
        "JOIN sharing.users u ON u.name = t.user_name WHERE t.token_id = ? "
        "AND t.revoked_at IS NULL AND t.expires_at > ? AND u.disabled_at IS NULL",
        [token_id, utc_now()],
    )  # one statement: every API call passes here
    if not found or not hmac.compare_digest(found[0][0], _digest(secret)):
        raise denied
    return User(found[0][1], found[0][2], Role(found[0][3]))


def revoke_token(workspace: Workspace, actor: User, token_id: str) -> None:
    owner = workspace.scalar("SELECT user_name FROM sharing.tokens WHERE token_id = ?", [token_id])
    if owner is None:
        raise SharingError(f"no token {token_id!r}")
    if owner != actor.name:
        require_role(actor, Role.ADMINISTRATOR)
    workspace.rows(
        "UPDATE sharing.tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
        [utc_now(), token_id],
    )


def list_tokens(workspace: Workspace) -> list[tuple[str, str, dt.datetime, dt.datetime, bool]]:
    """(token_id, user, created, expires, active) of every token; never a secret."""
    rows = workspace.rows(
        "SELECT token_id, user_name, created_at, expires_at, "
        "revoked_at IS NULL AND expires_at > ? FROM sharing.tokens ORDER BY created_at",
        [utc_now()],
    )
    return [(str(a), str(b), c, d, bool(e)) for a, b, c, d, e in rows]
