"""The money analysis as a caller may see it. A caller sees the transactions whose accounts (one, or
two; cash has none on its side) they may all see: an account is judged by the sharing policy like a record (its supplying agency,
handling code, and its holder's person record when it names one: a victim's or a minor's account is
shielded like the person). The detectors then run over the visible transactions only, so no score, count
or alert is derived from money the caller may not see. One audit entry per call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from crossroute.sharing import Purpose, audit, records
from crossroute.sharing.audit import Action
from crossroute.sharing.gate import caller_for
from crossroute.sharing.policy import Caller, RecordFacts, Use, Visibility, decide, with_case
from crossroute.store import Workspace

VISIBLE = "finance_visible_accounts"

_PROFILES = """
SELECT a.source, a.handling_scheme, a.handling_code, a.handling_note, h.subject_category,
    h.birth_date
FROM finance_accounts a
LEFT JOIN finance_holders h ON h.source = a.source AND h.record_id = a.holder_record_id
GROUP BY ALL
"""

_VISIBLE = f"""
CREATE OR REPLACE TEMP TABLE {VISIBLE} AS
SELECT DISTINCT a.account_id, a.source
FROM finance_accounts a
LEFT JOIN finance_holders h ON h.source = a.source AND h.record_id = a.holder_record_id
JOIN allowed_profiles p
    ON p.source = a.source
   AND p.handling_scheme IS NOT DISTINCT FROM a.handling_scheme
   AND p.handling_code IS NOT DISTINCT FROM a.handling_code
   AND p.handling_note IS NOT DISTINCT FROM a.handling_note
   AND p.subject_category IS NOT DISTINCT FROM h.subject_category
   AND p.birth_date IS NOT DISTINCT FROM h.birth_date
"""


@dataclass(frozen=True)
class Scope:
    """Who asks and why, after the gate's checks."""

    caller: Caller
    purpose: Purpose
    accounts: int  # accounts the caller may see


def open_scope(
    workspace: Workspace, user: str, purpose: Purpose, today: dt.date | None = None
) -> Scope:
    """Check the caller, judge every account profile, and leave the visible accounts in a temporary
    table (`finance_visible_accounts`) for the frame to filter on."""
    caller = caller_for(workspace, user, grants=purpose.use is not Use.CONSULT)
    purpose = with_case(purpose, caller.cases)
    day = today or dt.date.today()
    _holders(workspace)
    allowed = [
        row
        for row in workspace.rows(_PROFILES)
        if decide(caller, purpose, _facts(row), day).visibility is Visibility.FULL
    ]
    db = workspace.db
    db.execute(
        "CREATE OR REPLACE TEMP TABLE allowed_profiles (source VARCHAR, handling_scheme VARCHAR, "
        "handling_code VARCHAR, handling_note VARCHAR, subject_category VARCHAR, birth_date VARCHAR)"
    )
    if allowed:
        db.executemany("INSERT INTO allowed_profiles VALUES (?, ?, ?, ?, ?, ?)", allowed)
    db.execute(_VISIBLE)
    shown = workspace.scalar(f"SELECT count(*) FROM {VISIBLE}")
    return Scope(caller, purpose, int(shown or 0))


def _holders(workspace: Workspace) -> None:
    """The holders' person records (data-subject category, birth date) as the temporary table
    `finance_holders`, read through the gate's own record reader (`sharing.records.fetch`)."""
    keys = [
        (str(source), str(record_id))
        for source, record_id in workspace.rows(
            "SELECT DISTINCT source, holder_record_id FROM finance_accounts "
            "WHERE holder_record_id IS NOT NULL"
        )
    ]
    found = records.fetch(workspace, keys)
    table = pa.table(
        {
            "source": pa.array([k[0] for k in found], pa.string()),
            "record_id": pa.array([k[1] for k in found], pa.string()),
            "subject_category": pa.array(
                [s.fields["subject_category"] for s in found.values()], pa.string()
            ),
            "birth_date": pa.array([s.birth_date for s in found.values()], pa.string()),
        }
    )
    workspace.db.register("finance_holders_arrow", table)
    workspace.db.execute(
        "CREATE OR REPLACE TEMP TABLE finance_holders AS SELECT * FROM finance_holders_arrow"
    )
    workspace.db.unregister("finance_holders_arrow")


def _facts(row: tuple[Any, ...]) -> RecordFacts:
    source, scheme, code, note, category, birth = row
    return RecordFacts(
        source=source,
        handling_scheme=scheme,
        handling_code=code,
        handling_note=note,
        subject_category=category,
        birth_date=birth,
    )


def log(
    workspace: Workspace, scope: Scope, path: str, detail: dict[str, Any], subjects: list[str]
) -> None:
    """The call's one audit entry: what was asked, why, and which accounts it showed."""
    purpose = scope.purpose
    disclose = purpose.use is Use.DISCLOSE
    audit.append_by(
        workspace,
        scope.caller.user,
        Action.DISCLOSURE if disclose else Action.CONSULTATION,
        purpose=purpose.text,
        case_ref=purpose.case_ref,
        detail={"path": path, "use": purpose.use.value, **detail},
        subjects=subjects,
        recipients=[purpose.recipient] if disclose and purpose.recipient else [],
    )
