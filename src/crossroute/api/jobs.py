"""Background ingest jobs: one file each, loaded one at a time on a cursor of their own (the transaction
of a file never holds up other calls), with progress in bytes that a client polls."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossroute.ingest.errors import FileRejected
from crossroute.ingest.loader import IngestReport
from crossroute.store import Workspace

ABSOLUTE = re.compile(r"(?<![\w.])/(?:[\w.@+-]+/)+[\w.@+-]*")  # a server path left in a message


@dataclass
class Job:
    job_id: int
    owner: str
    filename: str
    total_bytes: int
    status: str = "queued"  # queued | running | done | failed
    done_bytes: int = 0
    started_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    finished_at: str | None = None
    report: dict[str, Any] | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        found = dataclasses.asdict(self)
        found["fraction"] = (
            round(self.done_bytes / self.total_bytes, 4) if self.total_bytes else 0.0
        )
        return found


def report_json(report: IngestReport) -> dict[str, Any]:
    """The load's counts and reasons (the problem rows themselves stay in the quarantine table), and
    the values kept as written because they could not be cleaned: counts, reasons, a few examples."""
    found = {f.name: getattr(report, f.name) for f in dataclasses.fields(report)}
    found["value_issue_examples"] = [dataclasses.asdict(e) for e in report.value_issue_examples]
    return {
        k: dict(v) if k in ("reasons", "value_issue_reasons") else v
        for k, v in found.items()
        if k not in ("path", "examples")
    }


def without_paths(message: str, path: Path, filename: str) -> str:
    """An error as the uploader may read it: the file's name, never where the server keeps it."""
    message = message.replace(str(path), filename).replace(str(path.parent), "the upload")
    return ABSOLUTE.sub(lambda m: Path(m.group(0)).name, message)


Load = Callable[[Workspace, Path, Callable[[int, int], None]], IngestReport]


class Jobs:
    """The server's ingest jobs (kept in memory: a restart forgets them, not what they loaded)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the registry
        self._one_at_a_time = threading.Lock()  # loads
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)

    def new(self, owner: str, filename: str, total: int) -> Job:
        with self._lock:
            job = Job(next(self._ids), owner, filename, total)
            self._jobs[job.job_id] = job
        return job

    def get(self, job_id: int) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def of(self, owner: str) -> list[Job]:
        with self._lock:
            return [j for j in self._jobs.values() if j.owner == owner]

    def start(
        self,
        job: Job,
        path: Path,
        cursor: Workspace,
        load: Load,
        after: Callable[[Workspace], object],
    ) -> None:
        """Load `path` on `cursor` in a thread; `after(cursor)` runs once the file is in (search keys)."""

        def progress(done: int, total: int) -> None:
            job.done_bytes, job.total_bytes = done, total or job.total_bytes

        def run() -> None:
            with self._one_at_a_time:
                job.status = "running"
                try:
                    report = load(cursor, path, progress)
                    after(cursor)
                    job.report, job.status = report_json(report), "done"
                    job.done_bytes = job.total_bytes
                except FileRejected as error:
                    job.error, job.status = without_paths(str(error), path, job.filename), "failed"
                except Exception as error:
                    found = f"{type(error).__name__}: {error}"
                    job.error, job.status = without_paths(found, path, job.filename), "failed"
                finally:
                    job.finished_at = dt.datetime.now(dt.UTC).isoformat()
                    cursor.db.close()
                    shutil.rmtree(path.parent, ignore_errors=True)

        threading.Thread(target=run, name=f"ingest-{job.job_id}", daemon=True).start()
