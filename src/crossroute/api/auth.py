"""Log in (user name and password -> a bearer token that lives one day), who am I, log out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field

from crossroute.api.deps import CallerDep, ServiceDep
from crossroute.api.errors import Unauthenticated
from crossroute.sharing import AccessDenied
from crossroute.sharing.tokens import issue_token, revoke_token
from crossroute.sharing.users import authenticate
from crossroute.store import Workspace

router = APIRouter(prefix="/api", tags=["auth"])
TOKEN_DAYS = 1


class Login(BaseModel):
    user: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    user: str
    agency: str
    role: str


class Session(Me):
    token: str
    expires_in_days: int


@router.post("/login", responses={401: {"description": "wrong user name or password"}})
def login(body: Login, svc: ServiceDep) -> Session:
    """A token for `Authorization: Bearer TOKEN`, valid for one day."""

    def work(ws: Workspace) -> Session:
        try:
            user = authenticate(ws, body.user, body.password)
        except AccessDenied as error:
            raise Unauthenticated(str(error)) from None
        _, token = issue_token(ws, user, user.name, days=TOKEN_DAYS)
        return Session(
            user=user.name,
            agency=user.agency,
            role=user.role.value,
            token=token,
            expires_in_days=TOKEN_DAYS,
        )

    return svc.run(work)


@router.get("/me", responses={401: {"description": "not logged in"}})
def me(user: CallerDep) -> Me:
    return Me(user=user.name, agency=user.agency, role=user.role.value)


@router.post("/logout", responses={401: {"description": "not logged in"}})
def logout(
    user: CallerDep, svc: ServiceDep, authorization: Annotated[str | None, Header()] = None
) -> dict[str, str]:
    """Revoke the token this request carries."""
    token_id = (authorization or "").partition(" ")[2].strip().partition(".")[0]
    svc.run(lambda ws: revoke_token(ws, user, token_id))
    return {"status": "logged out"}
