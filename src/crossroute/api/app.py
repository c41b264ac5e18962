"""The app factory: one FastAPI app over one workspace, the API under /api, the web UI at /."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from crossroute.api import (
    admin,
    auth,
    comms,
    decisions,
    deconfliction,
    disruption,
    dpo,
    entities,
    errors,
    flows,
    groups,
    ingest,
    maps,
    money,
    network,
    online,
    ports,
    ports_watch,
    routes,
    timeline,
)
from crossroute.api.errors import NotFound
from crossroute.api.jobs import Jobs
from crossroute.api.limits import BodyLimit
from crossroute.api.service import Service
from crossroute.web.assets import STATIC, check_assets, vendor_file

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# one module per face of the API; each has a `router`
ROUTERS = (
    auth, entities, network, groups, disruption, timeline, maps, decisions, deconfliction, ingest,
    dpo, admin, routes, comms, online, money, flows, ports, ports_watch,
)  # fmt: skip


def create_app(workspace: Path, *, web: bool = True) -> FastAPI:
    """The API (and unless `web` is false, the web UI) over the workspace at `workspace`. The web UI
    needs the npm packages `make setup` installs: WebAssetsMissing says so when they are not."""
    if web:
        check_assets()
    service = Service(workspace)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        ingest.clean_uploads(workspace)  # what a stopped server left half-uploaded
        await anyio.to_thread.run_sync(service.prepare)
        yield
        service.close()

    app = FastAPI(
        title="Crossroute",
        version="0.1.0",
        description="Fused records of partner agencies, through the sharing gate: every call that "
        "returns personal data needs a bearer token and a purpose (`X-Purpose`).",
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.jobs = Jobs()
    errors.install(app)
    for module in ROUTERS:
        app.include_router(module.router)

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    if web:
        _mount_web(app)
    app.add_middleware(BodyLimit)  # outermost: before routing and authentication
    return app


def _mount_web(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> FileResponse:
        found = vendor_file(name)
        if found is None:
            raise NotFound(f"no vendor file {name!r}")
        return FileResponse(found)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
