"""An analyst's confirm/split decision, through the gate: both records must be ones the caller may see.

One gate call for both records (one consultation entry), the decision stored, then its own entry (an
alteration, or a combination for a confirm). A record the caller may not see is refused exactly as one
that does not exist: same error, same message. The API and the command line both come here.
"""

from __future__ import annotations

from crossroute.resolve.decisions import KINDS, DecisionError, decide, record_uid
from crossroute.sharing import events, gate
from crossroute.sharing.errors import SharingError
from crossroute.sharing.policy import Purpose, require_query_role
from crossroute.sharing.records import Key
from crossroute.sharing.users import User
from crossroute.store import Workspace


class NoSuchRecord(SharingError):
    """No person record by that name that the caller may see (absent and hidden alike)."""


def _key(uid: str) -> Key:
    source, _, record_id = uid.partition("|")
    return source, record_id


def _not_seen(record: str) -> NoSuchRecord:
    return NoSuchRecord(f"no person record {record!r} that you may see")


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
    """Record a decision on two records the user may see; (decision id, the two record uids)."""
    require_query_role(user)
    if kind not in KINDS:
        raise SharingError(f"decision must be one of {', '.join(KINDS)}, not {kind!r}")
    if not reason.strip():
        raise SharingError("a decision needs why (--why): the analyst's reasoning")
    uids: list[str | None] = []
    for record in (left, right):
        try:
            uids.append(record_uid(workspace, record))
        except DecisionError:
            uids.append(None)
    keys = [_key(uid) for uid in uids if uid is not None]
    groups = {f"{s}:{r}": [(s, r)] for s, r in dict.fromkeys(keys)}
    views = gate.entity(workspace, user.name, groups, stated, path=path)  # one entry for both
    seen = {(str(r["source"]), str(r["record_id"])) for v in views for r in v.records}
    for record, uid in zip((left, right), uids, strict=True):
        if uid is None or _key(uid) not in seen:
            raise _not_seen(record)
    try:
        decision_id = decide(workspace, kind, left, right, user.name, reason)
    except DecisionError as error:
        raise SharingError(str(error)) from None
    events.sync(workspace)  # the decision's own entry
    return decision_id, sorted(uid for uid in uids if uid is not None)
