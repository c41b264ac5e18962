"""Need-to-know: cases (opened by a supervisor for their agency), their members, the records each case
needs, and an owner agency's grants of uses its handling codes reserve."""

from __future__ import annotations

from crossroute.model.agencies import agency as parse_agency
from crossroute.model.record_key import RecordKey
from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import AccessDenied, SharingError
from crossroute.sharing.users import Role, User, get_user, require_role
from crossroute.store import Workspace

GRANT_USES = ("judicial", "onward")


def open_case(
    workspace: Workspace, supervisor: User, case_ref: str, title: str | None = None
) -> None:
    require_role(supervisor, Role.SUPERVISOR)
    ref = case_ref.strip()
    if not ref or workspace.scalar("SELECT count(*) FROM sharing.cases WHERE case_ref = ?", [ref]):
        raise SharingError(f"case {case_ref!r} is empty or exists already")
    with workspace.transaction():
        workspace.rows(
            "INSERT INTO sharing.cases VALUES (?, ?, ?, ?, ?)",
            [ref, supervisor.agency, title, supervisor.name, utc_now()],
        )
        workspace.rows("INSERT INTO sharing.case_members VALUES (?, ?)", [ref, supervisor.name])
    audit.append_by(
        workspace, supervisor, Action.ALTERATION, purpose="need-to-know: case opened",
        case_ref=ref, detail={"path": "cases open"},
    )  # fmt: skip


def _case_agency(workspace: Workspace, case_ref: str) -> str:
    found = workspace.scalar("SELECT agency FROM sharing.cases WHERE case_ref = ?", [case_ref])
    if found is None:
        raise SharingError(f"no case {case_ref!r}")
    return str(found)


def add_member(workspace: Workspace, supervisor: User, case_ref: str, member: str) -> None:
    """A supervisor of the case's agency adds a user (of any agency: joint teams) to the case."""
    require_role(supervisor, Role.SUPERVISOR)
    if _case_agency(workspace, case_ref) != supervisor.agency:
        raise AccessDenied(f"case {case_ref} belongs to another agency")
    get_user(workspace, member)
    if not workspace.scalar(
        "SELECT count(*) FROM sharing.case_members WHERE case_ref = ? AND user_name = ?",
        [case_ref, member],
    ):
        workspace.rows("INSERT INTO sharing.case_members VALUES (?, ?)", [case_ref, member])
        audit.append_by(
            workspace, supervisor, Action.ALTERATION, purpose="need-to-know: case member added",
            case_ref=case_ref, detail={"path": "cases member", "user": member},
        )  # fmt: skip


def link_subject(
    workspace: Workspace, user: User, case_ref: str, source: str, record_id: str, purpose: str
) -> None:
    """A case member records that the case needs this record (audited as an alteration)."""
    _case_agency(workspace, case_ref)
    if not workspace.scalar(
        "SELECT count(*) FROM sharing.case_members WHERE case_ref = ? AND user_name = ?",
        [case_ref, user.name],
    ):
        raise AccessDenied(f"{user.name} is not a member of case {case_ref}")
    workspace.rows(
        "INSERT INTO sharing.case_subjects VALUES (?, ?, ?)", [case_ref, source, record_id]
    )
    audit.append_by(
        workspace,
        user,
        Action.ALTERATION,
        purpose=purpose,
        case_ref=case_ref,
        detail={"path": "cases link"},
        subjects=[str(RecordKey(source, record_id))],
    )


def grant(workspace: Workspace, supervisor: User, grantee: str, use: str, purpose: str) -> None:
    """The supervisor's agency (the owner) permits another agency a reserved use of its records."""
    require_role(supervisor, Role.SUPERVISOR)
    if use not in GRANT_USES:
        raise SharingError(f"use {use!r} is not one of {', '.join(GRANT_USES)}")
    code = parse_agency(grantee).code
    workspace.rows(
        "INSERT INTO sharing.grants VALUES (?, ?, ?, ?, ?)",
        [supervisor.agency, code, use, supervisor.name, utc_now()],
    )
    audit.append_by(
        workspace,
        supervisor,
        Action.ALTERATION,
        purpose=purpose,
        detail={"path": "cases grant", "grantee": code, "use": use},
    )
