"""What every call needs: the service, the caller (a bearer token from `POST /api/login` or
`crossroute users token`) and, for personal data, the purpose (headers `X-Purpose`, `X-Case`, `X-Use`,
`X-Recipient`; a purpose outside Latin-1 is sent percent-encoded, as the web UI does)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from fastapi import Depends, Header, Request

from crossroute.api.errors import Unauthenticated
from crossroute.api.service import Service
from crossroute.sharing import AccessDenied, Purpose, Use, User, require_purpose
from crossroute.sharing.policy import require_query_role
from crossroute.sharing.tokens import user_for_token


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


ServiceDep = Annotated[Service, Depends(service)]


def caller(
    svc: ServiceDep,
    authorization: Annotated[
        str | None,
        Header(
            description="`Bearer TOKEN`: a token from POST /api/login or `crossroute users token`"
        ),
    ] = None,
) -> User:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("log in first: send `Authorization: Bearer TOKEN` (POST /api/login)")
    try:
        return svc.run(lambda ws: user_for_token(ws, token.strip()))
    except AccessDenied as error:
        raise Unauthenticated(str(error)) from None


CallerDep = Annotated[User, Depends(caller)]


def analyst(user: CallerDep) -> User:
    """A caller who may consult personal data (analysts, supervisors): checked here as well as in the
    gate, so a face never depends on where the gate checks it."""
    require_query_role(user)
    return user


AnalystDep = Annotated[User, Depends(analyst)]


def _text(value: str | None) -> str | None:
    return unquote(value) if value is not None else None


def purpose(
    x_purpose: Annotated[
        str | None,
        Header(description="Why: case reference and justification (required; logged)."),
    ] = None,
    x_case: Annotated[
        str | None, Header(description="The case the query serves (else one named in the purpose).")
    ] = None,
    x_use: Annotated[
        Use, Header(description="consult (intelligence), judicial (court) or disclose (pass on).")
    ] = Use.CONSULT,
    x_recipient: Annotated[
        str | None, Header(description="For a disclosure: the receiving agency.")
    ] = None,
) -> Purpose:
    return require_purpose(_text(x_purpose), _text(x_case) or None, x_use, _text(x_recipient))


PurposeDep = Annotated[Purpose, Depends(purpose)]
