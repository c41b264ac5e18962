"""Accounts: no default, argon2 passwords, tokens hashed at rest, revocable and expiring."""

from __future__ import annotations

import pytest

from crossroute.sharing import tokens
from crossroute.sharing.errors import AccessDenied, SharingError, UnknownUser
from crossroute.sharing.users import (
    Role,
    add_user,
    authenticate,
    create_first_admin,
    disable_user,
    get_user,
    list_users,
    parse_role,
)
from crossroute.store import Workspace
from tests.sharing.conftest import ADMIN_PASSWORD


def test_accounts_tokens_and_their_limits(ws: Workspace) -> None:
    assert list_users(ws) == []  # no default account
    root = create_first_admin(ws, "root", "UK-NCA", ADMIN_PASSWORD)
    with pytest.raises(AccessDenied, match="already exists"):
        create_first_admin(ws, "eve", "UK-NCA", ADMIN_PASSWORD)
    with pytest.raises(AccessDenied):
        authenticate(ws, "root", "not the password")
    assert authenticate(ws, "root", ADMIN_PASSWORD) == root
    ann = add_user(ws, root, "ann", "uk-nca", Role.ANALYST)
    assert ann.agency == "UK-NCA"
    with pytest.raises(AccessDenied):
        add_user(ws, ann, "bob", "UK-NCA", Role.ADMINISTRATOR)
    with pytest.raises(AccessDenied):
        authenticate(ws, "ann", "")  # no password set: no login at all
    with pytest.raises(SharingError):
        add_user(ws, root, "x'; DROP TABLE records; --", "UK-NCA", Role.ANALYST)
    with pytest.raises(SharingError):
        add_user(ws, root, "ann", "UK-NCA", Role.ANALYST)

    token_id, token = tokens.issue_token(ws, ann, "ann", days=1)
    assert tokens.user_for_token(ws, token) == ann
    (stored,) = ws.rows("SELECT secret_sha256 FROM sharing.tokens")
    assert token.split(".", 1)[1] not in stored[0]
    with pytest.raises(AccessDenied):
        tokens.user_for_token(ws, token_id + ".wrong")
    with pytest.raises(AccessDenied):
        tokens.issue_token(ws, ann, "root")
    with pytest.raises(SharingError):
        tokens.issue_token(ws, ann, "ann", days=1000)
    tokens.revoke_token(ws, ann, token_id)
    with pytest.raises(AccessDenied, match="revoked or expired"):
        tokens.user_for_token(ws, token)

    _, other = tokens.issue_token(ws, root, "ann", days=30)
    ws.rows("UPDATE sharing.tokens SET expires_at = expires_at - INTERVAL 31 DAY")
    with pytest.raises(AccessDenied, match="revoked or expired"):
        tokens.user_for_token(ws, other)

    _, third = tokens.issue_token(ws, root, "ann", days=30)
    ws.rows("UPDATE sharing.users SET disabled_at = now() WHERE name = 'ann'")  # token not revoked
    with pytest.raises(AccessDenied, match="revoked or expired"):
        tokens.user_for_token(ws, third)  # a token serves only an active account
    ws.rows("UPDATE sharing.users SET disabled_at = NULL WHERE name = 'ann'")
    assert tokens.user_for_token(ws, third) == ann
    disable_user(ws, root, "ann")
    with pytest.raises(UnknownUser, match="crossroute users add"):
        get_user(ws, "ann")
    with pytest.raises(AccessDenied):
        tokens.user_for_token(ws, third)
    assert [active for *_, active in tokens.list_tokens(ws)] == [False, False, False]


def test_roles_by_their_names() -> None:
    assert parse_role("Admin") is Role.ADMINISTRATOR
    assert parse_role("data-protection-officer") is Role.DPO
    with pytest.raises(SharingError, match="analyst, supervisor"):
        parse_role("root")
