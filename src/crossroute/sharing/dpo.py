"""The data-protection officer's tools: who looked at a person, unusual access, records past their
review date, correction notices. Each use is itself logged."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from crossroute.model.record_key import RecordKey
from crossroute.sharing import audit, events
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import SharingError
from crossroute.sharing.users import Role, User, require_role
from crossroute.store import Workspace


@dataclass(frozen=True, slots=True)
class Access:
    seq: int
    at: str
    actor: str
    agency: str | None
    action: str
    purpose: str | None
    case_ref: str | None
    recipients: tuple[str, ...]


def _log(workspace: Workspace, dpo: User, path: str, purpose: str, **detail: Any) -> None:
    subjects = detail.pop("subjects", ())
    audit.append_by(
        workspace,
        dpo,
        Action.CONSULTATION,
        purpose=purpose,
        detail={"path": path, **detail},
        subjects=subjects,
    )


def accesses(
    workspace: Workspace, dpo: User, source: str, record_id: str, purpose: str
) -> list[Access]:
    """Every logged use of a record: who, when, what for (from the audit log)."""
    require_role(dpo, Role.DPO)
    events.sync(workspace)
    uid = str(RecordKey(source, record_id))
    found = [
        Access(e.seq, e.at, e.actor, e.agency, e.action, e.purpose, e.case_ref, e.recipients)
        for e in audit.entries(workspace)
        if uid in e.subjects and e.actor != dpo.name
    ]
    _log(workspace, dpo, "dpo accesses", purpose, subjects=[uid])
    return found


@dataclass(frozen=True, slots=True)
class Finding:
    user: str
    kind: str  # volume spike | outside cases
    detail: str


def unusual(
    workspace: Workspace, dpo: User, purpose: str, *, factor: float = 3.0, minimum: int = 20
) -> list[Finding]:
    """Volume spikes (a user's queries on one day above `factor` times their usual day and at least
    `minimum`) and look-ups outside the user's cases."""
    require_role(dpo, Role.DPO)
    events.sync(workspace)
    members = defaultdict(set)
    for case, user in workspace.rows("SELECT case_ref, user_name FROM sharing.case_members"):
        members[user].add(case)
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    outside: Counter[str] = Counter()
    for entry in audit.entries(workspace):
        if entry.action not in (Action.CONSULTATION, Action.DISCLOSURE) or entry.role == Role.DPO:
            continue
        per_day[entry.actor][entry.at[:10]] += 1
        if entry.case_ref is None or entry.case_ref not in members[entry.actor]:
            outside[entry.actor] += 1
    findings = []
    for user, days in sorted(per_day.items()):
        for day, count in sorted(days.items()):
            others = [n for d, n in days.items() if d != day]
            usual = statistics.median(others) if others else 0.0
            if count >= minimum and count > factor * usual:
                findings.append(
                    Finding(
                        user, "volume spike", f"{count} queries on {day} (usual day: {usual:g})"
                    )
                )
    for user, count in sorted(outside.items()):
        findings.append(
            Finding(user, "outside cases", f"{count} look-ups naming none of the user's cases")
        )
    _log(workspace, dpo, "dpo unusual", purpose, findings=len(findings))
    return findings


def review_due(
    workspace: Workspace, dpo: User, purpose: str, as_of: dt.date | None = None
) -> list[tuple[str, str, str, dt.date]]:
    """(source, record_id, schema, review date) of every record due for review or erasure by `as_of`."""
    require_role(dpo, Role.DPO)
    day = as_of or dt.date.today()
    rows = workspace.rows(
        "SELECT source, record_id, schema, review_date FROM records "
        "WHERE review_date <= ? ORDER BY review_date, source, record_id",
        [day],
    )
    _log(workspace, dpo, "dpo review", purpose, as_of=day.isoformat(), due=len(rows))
    return [(str(a), str(b), str(c), d) for a, b, c, d in rows]


def correct(workspace: Workspace, dpo: User, source: str, record_id: str, note: str) -> list[str]:
    """Send a correction notice to every agency that received the record (LED Art. 7(3)): agencies
    other than the owner whose users were shown it, and recipients of its disclosure."""
    require_role(dpo, Role.DPO)
    if len(note.strip()) < 3:
        raise SharingError("a correction notice says what was wrong")
    uid = str(RecordKey(source, record_id))
    recipients: set[str] = set()
    for entry in audit.entries(workspace):
        if uid in entry.subjects and entry.action in (Action.CONSULTATION, Action.DISCLOSURE):
            if entry.agency and entry.agency != source and entry.role != Role.DPO:
                recipients.add(entry.agency)
            recipients.update(r for r in entry.recipients if r != source)
    now = utc_now()
    for recipient in sorted(recipients):
        workspace.rows(
            "INSERT INTO sharing.notices VALUES (nextval('sharing.notice_ids'), ?, ?, ?, ?, ?, ?)",
            [recipient, source, record_id, note, dpo.name, now],
        )
    audit.append_by(
        workspace,
        dpo,
        Action.DISCLOSURE,
        purpose=f"correction notice: {note}",
        detail={"path": "dpo correct"},
        subjects=[uid],
        recipients=sorted(recipients),
    )
    return sorted(recipients)


def notices_received(workspace: Workspace, user: User) -> list[tuple[str, str, str, dt.datetime]]:
    """The correction notices the user's agency received, read once and logged (a consultation: a
    note may say what was wrong with a person's record)."""
    found = notices_for(workspace, user.agency)
    subjects = sorted({str(RecordKey.parse(record, ":")) for record, *_ in found})
    _log(
        workspace,
        user,
        "dpo notices",
        "correction notices received",
        notices=len(found),
        subjects=subjects,
    )
    return found


def notices_for(workspace: Workspace, agency: str) -> list[tuple[str, str, str, dt.datetime]]:
    """(record SOURCE:ID, note, sent by, sent at) of the correction notices an agency received."""
    rows = workspace.rows(
        "SELECT source || ':' || record_id, note, sent_by, sent_at FROM sharing.notices "
        "WHERE recipient = ? ORDER BY notice_id",
        [agency],
    )
    return [(str(a), str(b), str(c), d) for a, b, c, d in rows]
