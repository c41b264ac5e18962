"""An analyst's confirm/split decision, through the gate: both records must be ones the caller may see.

One gate call for both records (one consultation entry), the decision stored, then its own entry (an
alteration, or a combination for a confirm). A record the caller may not see is refused exactly as one
that does not exist: same error, same message. The API and the command line both come here.
"""

from __future__ import annotations

from crossroute.model.record_key import RecordKey
from crossroute.resolve.decisions import KINDS, DecisionError, decide
from crossroute.sharing import events, gate
from crossroute.sharing.errors import SharingError
from crossroute.sharing.policy import Purpose, require_query_role
from crossroute.sharing.records import Key
from crossroute.sharing.users import User
from crossroute.store import Workspace


class NoSuchRecord(SharingError):
    """No person record by that name that the caller may see (absent and hidden alike)."""


def _not_seen(record: str) -> NoSuchRecord:
    return NoSuchRecord(f"no person record {record!r} that you may see (give SOURCE:RECORD_ID)")


def candidates(workspace: Workspace, text: str) -> list[Key]:
    """The person records `text` may name: SOURCE:ID or SOURCE|ID, else an id of any agency. Which of
    them exist or may be seen is the gate's to say, never this function's."""
    found: list[Key] = [key.pair() for key in RecordKey.readings(text)]
    rows = workspace.rows("SELECT source, record_id FROM clusters WHERE record_id = ?", [text])
    return list(dict.fromkeys([*found, *((str(s), str(r)) for s, r in rows)]))


def gated_decision(
    workspace: Workspace,
    user: User,
    stated: Purpose,
    kind: str,
    left: str,
    right: str,
    reason: str,
    *,
    path: str,
) -> tuple[int, list[str]]:
    """Record a decision on two records the user may see; (decision id, the two record uids). One
    gate call names both texts asked for, found or not (one consultation entry); a record that is
    hidden, one that does not exist and an id several agencies use get the same NoSuchRecord."""
    require_query_role(user)
    if kind not in KINDS:
        raise SharingError(f"decision must be one of {', '.join(KINDS)}, not {kind!r}")
    if not reason.strip():
        raise SharingError("a decision needs why (--why): the analyst's reasoning")
    asked = [left, right]
    found = [candidates(workspace, text) for text in asked]
    keys = list(dict.fromkeys(k for keys in found for k in keys))
    groups = {RecordKey(s, r).shown: [(s, r)] for s, r in keys} or {"": [("", "")]}
    views = gate.entity(workspace, user.name, groups, stated, path=path, asked=asked)
    seen = {(str(r["source"]), str(r["record_id"])) for v in views for r in v.records}
    chosen: list[Key] = []
    for text, keys in zip(asked, found, strict=True):
        visible = [k for k in keys if k in seen]
        if len(visible) != 1:
            raise _not_seen(text)
        chosen.append(visible[0])
    uids = [str(RecordKey(s, r)) for s, r in chosen]
    try:
        decision_id = decide(workspace, kind, uids[0], uids[1], user.name, reason)
    except DecisionError as error:
        raise SharingError(str(error)) from None
    events.sync(workspace)  # the decision's own entry
    return decision_id, sorted(uids)
