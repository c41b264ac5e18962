"""Upload a file for ingest (the body is the file as supplied) and poll the job's progress. The caller's
agency supplies it; canonical formats only (docs/formats.md): an agency layout needs a mapping and the
command line. Each upload is logged as a collection with its purpose."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.entities import REFUSED
from crossroute.api.errors import NotFound, TooLarge
from crossroute.api.jobs import Jobs, Load
from crossroute.ingest.loader import IngestReport, ingest_file
from crossroute.sharing import Purpose, SharingError, User, index
from crossroute.sharing.collection import Actor, log_batch
from crossroute.store import Workspace

router = APIRouter(prefix="/api/ingest", tags=["ingest"])
MAX_BYTES = 512 << 20
BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
NAME = re.compile(r"[^A-Za-z0-9._-]+")
UPLOADS = "uploads"  # WS/uploads/: files being uploaded (personal data: kept inside the workspace)


def clean_uploads(workspace: FilePath) -> int:
    """Remove what uploads a stopped server left half-received or unloaded; at start-up, before any
    upload. Returns the folders removed."""
    folder = workspace / UPLOADS
    if not folder.is_dir():
        return 0
    leftovers = [entry for entry in folder.iterdir() if entry.is_dir()]
    for entry in leftovers:
        shutil.rmtree(entry, ignore_errors=True)
    return len(leftovers)


def jobs_of(request: Request) -> Jobs:
    found: Jobs = request.app.state.jobs
    return found


async def _save(request: Request, folder: FilePath, filename: str) -> FilePath:
    target = folder / (NAME.sub("_", filename).strip("._") or "upload")
    too_large = TooLarge(f"a file is at most {MAX_BYTES >> 20} MiB over the API; use the CLI")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise too_large
    size = 0
    with target.open("wb") as out:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BYTES:
                raise too_large
            out.write(chunk)
    if size == 0:
        raise SharingError("the body is empty: send the file as the request body")
    return target


@router.post(
    "",
    status_code=202,
    openapi_extra=BODY,
    responses=REFUSED
    | {
        202: {"description": "the job, to poll at GET /api/ingest/jobs/{id}"},
        413: {"description": "a file over the limit"},
    },
)
async def upload(
    request: Request,
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    filename: Annotated[str, Query(min_length=1, max_length=200, description="The file's name.")],
    handling: Annotated[str | None, Query(max_length=40, description="Handling code for rows without one.")] = None,
    grading: Annotated[str | None, Query(max_length=40, description="Grading for rows without one.")] = None,
    dataset: Annotated[str | None, Query(max_length=200, description="Dataset name for each row.")] = None,
) -> JSONResponse:  # fmt: skip
    """Start loading the body as a file of the caller's agency (rows naming another agency as their
    source are quarantined); answers 202 with the job at once. The upload is logged as a collection
    when its batch is committed."""
    uploads = svc.path / UPLOADS
    uploads.mkdir(exist_ok=True)
    folder = FilePath(tempfile.mkdtemp(prefix="upload-", dir=uploads))
    try:
        path = await _save(request, folder, filename)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    jobs = jobs_of(request)
    job = jobs.new(user.name, filename, path.stat().st_size)
    cursor = svc.run(lambda ws: Workspace(ws.path, ws.db.cursor()))
    flags = {"handling": handling, "grading": grading, "dataset": dataset}
    load = _load_as(user, stated, filename, flags, job.job_id)
    jobs.start(job, path, cursor, load, index.refresh)
    return JSONResponse(job.as_dict(), status_code=202)


def _load_as(
    user: User, stated: Purpose, filename: str, flags: dict[str, Any], job_id: int
) -> Load:
    """Load as the caller's agency, then log the collection (once the batch is committed)."""

    def load(ws: Workspace, path: FilePath, progress: Callable[[int, int], None]) -> IngestReport:
        report = ingest_file(
            ws, path, agency=user.agency, owner=user.agency, flags=flags, progress=progress
        )
        if report.batch_id is not None:
            log_batch(
                ws, report.batch_id, Actor.of(user), path="api ingest", file=filename,
                purpose=stated.text, case_ref=stated.case_ref, extra={"job": job_id},
            )  # fmt: skip
        return report

    return load


@router.get("/jobs", responses=REFUSED)
def my_jobs(request: Request, user: AnalystDep) -> dict[str, Any]:
    """The caller's ingest jobs, newest first."""
    return {"jobs": [j.as_dict() for j in reversed(jobs_of(request).of(user.name))]}


@router.get("/jobs/{job_id}", responses=REFUSED | {404: {"description": "no such job of yours"}})
def job(
    request: Request, user: AnalystDep, job_id: Annotated[int, Path(ge=1, le=2**31)]
) -> dict[str, Any]:
    """One job: status (queued, running, done, failed), bytes done of total, and the load's report."""
    found = jobs_of(request).get(job_id)
    if found is None or found.owner != user.name:
        raise NotFound(f"no ingest job {job_id} of yours")
    return found.as_dict()
