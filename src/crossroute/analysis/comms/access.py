"""The sharing gate for seized communications: which corpora (and which of their days) a caller may
read, and the one audit entry per call.

The rule (docs/comms.md): messages are shown only to analysts and supervisors (administrators and DPOs
see none). A corpus authorised for a case is shown only to a member of that case querying for it
(`--case CASE` or the case named in `--purpose`); a corpus loaded without a case is shown only to users
of the agency that loaded it. Messages outside a corpus's authorised date range are never shown.
Everything derived from messages (handles, clusters, scores, the contact graph) is computed from the
messages the caller may see, so nothing leaks from a corpus they may not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crossroute.analysis.comms import corpus
from crossroute.analysis.comms.corpus import Scope
from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.errors import AccessDenied
from crossroute.sharing.gate import caller_for
from crossroute.sharing.policy import QUERY_ROLES, Caller, Purpose, with_case
from crossroute.sharing.users import Role, get_user, require_role
from crossroute.store import Workspace


@dataclass(frozen=True)
class Visible:
    corpus_id: str
    date_from: dt.date | None
    date_to: dt.date | None


@dataclass(frozen=True)
class Access:
    """A caller's view of the corpora for one purpose."""

    caller: Caller
    purpose: Purpose
    corpora: tuple[Visible, ...]

    def where(self, alias: str = "m") -> tuple[str, list[Any]]:
        """A SQL condition (bound parameters) true for exactly the messages the caller may see."""
        if not self.corpora:
            return "FALSE", []
        parts: list[str] = []
        params: list[Any] = []
        for c in self.corpora:
            part = f"({alias}.corpus_id = ?"
            params.append(c.corpus_id)
            if c.date_from is not None:
                part += f" AND {alias}.ts >= ?"
                params.append(dt.datetime.combine(c.date_from, dt.time()))
            if c.date_to is not None:
                part += f" AND {alias}.ts < ?"
                params.append(dt.datetime.combine(c.date_to + dt.timedelta(days=1), dt.time()))
            parts.append(part + ")")
        return "(" + " OR ".join(parts) + ")", params


def authorise(workspace: Workspace, user_name: str, purpose: Purpose) -> Access:
    """The corpora (and days) this user may read for this purpose; raises UnknownUser for a stranger."""
    caller = caller_for(workspace, user_name, grants=False)
    purpose = with_case(purpose, caller.cases)
    if caller.user.role not in QUERY_ROLES:
        return Access(caller, purpose, ())
    rows = workspace.rows(
        "SELECT corpus_id, agency, case_ref, date_from, date_to FROM comms.corpora "
        "ORDER BY loaded_at"
    )
    shown = tuple(
        Visible(corpus_id, date_from, date_to)
        for corpus_id, agency, case_ref, date_from, date_to in rows
        if _may_see(caller, purpose, agency, case_ref)
    )
    return Access(caller, purpose, shown)


def _may_see(caller: Caller, purpose: Purpose, agency: str, case_ref: str | None) -> bool:
    if case_ref is None:
        return bool(agency == caller.user.agency)
    return purpose.case_ref == case_ref and case_ref in caller.cases


def log(
    workspace: Workspace,
    access: Access,
    path: str,
    detail: dict[str, Any] | None = None,
    subjects: Sequence[str] = (),
    action: Action = Action.CONSULTATION,
) -> None:
    """The one audit entry of a call (its path, the corpora it read, what it showed or changed)."""
    audit.append_by(
        workspace,
        access.caller.user,
        action,
        purpose=access.purpose.text,
        case_ref=access.purpose.case_ref,
        detail={
            "path": path,
            "corpora": [c.corpus_id for c in access.corpora],
            **(detail or {}),
        },
        subjects=list(subjects),
    )


def set_scope(
    workspace: Workspace, user_name: str, corpus_id: str, scope: Scope, purpose: Purpose
) -> None:
    """A supervisor of the agency that loaded a corpus records its legal scope (audited)."""
    user = get_user(workspace, user_name)
    require_role(user, Role.SUPERVISOR)
    owners = {
        str(a)
        for (a,) in workspace.rows(
            "SELECT agency FROM comms.corpora WHERE corpus_id LIKE ? || '%'", [corpus_id]
        )
    }
    if owners != {user.agency}:
        raise AccessDenied(f"corpus {corpus_id} is not one your agency ({user.agency}) loaded")
    corpus.set_scope(workspace, corpus_id, scope)
    audit.append_by(
        workspace,
        user,
        Action.ALTERATION,
        purpose=purpose.text,
        case_ref=scope.case_ref,
        detail={"path": "comms scope", "corpus": corpus_id, "case": scope.case_ref,
                "authorisation": scope.authorisation_ref,
                "from": str(scope.date_from or ""), "to": str(scope.date_to or "")},
    )  # fmt: skip
