"""Account administration against a running server (administrators): list users and tokens, add a
user, disable one (its tokens are revoked at once: its next request is refused), revoke a token.
Each change is logged (`sharing.admin`). While `crossroute serve` holds the workspace, this is how
accounts are managed; `crossroute users` works on a workspace no server has open."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from crossroute.api.deps import CallerDep, ServiceDep
from crossroute.api.entities import REFUSED
from crossroute.sharing import User, admin
from crossroute.sharing.users import Role, parse_role, require_role
from crossroute.store import Workspace

router = APIRouter(prefix="/api/admin", tags=["administration"])
NAME = Annotated[str, Path(min_length=1, max_length=64, description="A user name.")]


def administrator(user: CallerDep) -> User:
    require_role(user, Role.ADMINISTRATOR)
    return user


AdminDep = Annotated[User, Depends(administrator)]


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    agency: str = Field(min_length=1, max_length=40, description="Agency code, e.g. FR-OCRIEST.")
    role: str = Field(min_length=1, max_length=40, description="analyst, supervisor, administrator or dpo.")  # fmt: skip
    password: str | None = Field(
        default=None, min_length=12, max_length=1024, description="Omit: no API/web login."
    )


@router.get("/users", responses=REFUSED)
def list_users(boss: AdminDep, svc: ServiceDep) -> dict[str, Any]:
    """Every user: agency, role, whether a password is set, whether active (logged)."""
    rows = svc.run(lambda ws: admin.accounts(ws, boss))
    return {"users": [
        {"name": n, "agency": a, "role": r, "password_set": p, "active": on} for n, a, r, p, on in rows
    ]}  # fmt: skip


@router.post("/users", status_code=201, responses=REFUSED)
def add_user(boss: AdminDep, svc: ServiceDep, body: NewUser) -> dict[str, str]:
    """Add an account (logged)."""

    def work(ws: Workspace) -> dict[str, str]:
        made = admin.add(ws, boss, body.name, body.agency, parse_role(body.role), body.password)
        return {"name": made.name, "agency": made.agency, "role": made.role.value}

    return svc.run(work)


@router.post("/users/{name}/disable", responses=REFUSED)
def disable_user(boss: AdminDep, svc: ServiceDep, name: NAME) -> dict[str, Any]:
    """Disable an account (kept for the audit trail) and revoke its tokens at once (logged)."""
    revoked = svc.run(lambda ws: admin.disable(ws, boss, name))
    return {"name": name, "active": False, "tokens_revoked": revoked}


@router.get("/tokens", responses=REFUSED)
def list_tokens(boss: AdminDep, svc: ServiceDep) -> dict[str, Any]:
    """Every token: id, user, created, expires, active (never a secret; logged)."""
    rows = svc.run(lambda ws: admin.token_list(ws, boss))
    return {"tokens": [
        {"id": i, "user": u, "created": str(c), "expires": str(e), "active": on} for i, u, c, e, on in rows
    ]}  # fmt: skip


@router.post("/tokens/{token_id}/revoke", responses=REFUSED)
def revoke_token(
    boss: AdminDep,
    svc: ServiceDep,
    token_id: Annotated[str, Path(min_length=1, max_length=64, description="The token's id.")],
) -> dict[str, str]:
    """Revoke a token (logged)."""
    svc.run(lambda ws: admin.revoke(ws, boss, token_id))
    return {"id": token_id, "status": "revoked"}
