"""The gated entry points of the comms analyses: each authorises the caller, works only on the
messages they may see, and writes one audit entry."""

from __future__ import annotations

from crossroute.analysis.comms import access as gate
from crossroute.analysis.comms import messages as corpus_messages
from crossroute.analysis.comms.attribution import Attribution, attribute
from crossroute.analysis.comms.entities import Known, known_entities
from crossroute.analysis.comms.graph import ContactGraph, contact_graph
from crossroute.analysis.comms.messages import Messages
from crossroute.analysis.comms.triage import Triage, triage
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import SharingError
from crossroute.sharing.policy import Purpose, require_query_role
from crossroute.store import Workspace


class HandleNotSeen(SharingError):
    """A handle in no message the caller may see (hidden and absent alike)."""


def decisions(workspace: Workspace) -> list[tuple[str, str, str]]:
    """Analysts' decisions on handle pairs, oldest first (a later one overrides an earlier)."""
    latest: dict[tuple[str, str], str] = {}
    for a, b, decision in workspace.rows(
        "SELECT handle_a, handle_b, decision FROM comms.handle_decisions ORDER BY decided_at"
    ):
        latest[(a, b) if a < b else (b, a)] = decision
    return [(a, b, d) for (a, b), d in latest.items()]


def handles(workspace: Workspace, user: str, purpose: Purpose) -> tuple[Messages, Attribution]:
    """Every handle of the visible corpora with its person cluster and the links' evidence."""
    access = gate.authorise(workspace, user, purpose)
    messages = corpus_messages.load(workspace, access)
    result = attribute(messages, decisions(workspace))
    gate.log(workspace, access, "comms handles", {"handles": len(messages.handles)})
    return messages, result


def scores(workspace: Workspace, user: str, purpose: Purpose) -> tuple[Messages, Triage]:
    """Every visible message's triage score, conversations and insiders ranked."""
    access = gate.authorise(workspace, user, purpose)
    messages = corpus_messages.load(workspace, access)
    result = triage(messages)
    gate.log(workspace, access, "comms triage", {"messages": len(messages)})
    return messages, result


def decide(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    a: str,
    b: str,
    decision: str,
    note: str | None,
) -> None:
    """An analyst says two handles are (or are not) one person; both must be in messages they may
    see (a hidden handle is refused like an absent one). Stored, and logged as an alteration (one
    entry, with the decision and the analyst's reason); attribution obeys it from then on."""
    if decision not in ("same", "different"):
        raise SharingError(f"decision {decision!r} is not 'same' or 'different'")
    if a == b:
        raise SharingError("a decision needs two different handles")
    access = gate.authorise(workspace, user, purpose)
    require_query_role(access.caller.user)
    if len(_seen(workspace, access, [a, b])) != 2:
        raise HandleNotSeen("both handles must be in messages you may see")
    workspace.rows(
        "INSERT INTO comms.handle_decisions VALUES (?, ?, ?, ?, ?, ?)",
        [a, b, decision, user, utc_now(), note],
    )
    gate.log(
        workspace, access, "comms decide", {"decision": decision, "reason": note or ""}, [a, b],
        action=Action.ALTERATION,
    )  # fmt: skip


def _seen(workspace: Workspace, access: gate.Access, handles: list[str]) -> set[str]:
    """Those of the handles that occur in a message the caller may see."""
    where, params = access.where("m")
    rows = workspace.rows(
        "SELECT DISTINCT h FROM (SELECT from_handle AS h, corpus_id, ts FROM comms.messages "
        "UNION ALL SELECT to_handle, corpus_id, ts FROM comms.messages) m "
        f"WHERE list_contains(?, h) AND {where}",
        [handles, *params],
    )
    return {str(h) for (h,) in rows}


def handle_decisions(workspace: Workspace, handles: set[str]) -> list[dict[str, object]]:
    """Analysts' decisions between the given handles (both of them), newest first."""
    rows = workspace.rows(
        "SELECT handle_a, handle_b, decision, decided_by, decided_at, note "
        "FROM comms.handle_decisions WHERE list_contains(?, handle_a) AND list_contains(?, handle_b) "
        "ORDER BY decided_at DESC",
        [sorted(handles), sorted(handles)],
    )
    return [
        {"a": a, "b": b, "decision": d, "by": by, "at": str(at)[:19], "reason": note or ""}
        for a, b, d, by, at, note in rows
    ]


def graph(
    workspace: Workspace, user: str, purpose: Purpose
) -> tuple[Attribution, ContactGraph, dict[str, list[Known]]]:
    """The contact graph of the visible messages, over handles and persons, groups, key players; and
    where it meets the entity graph: person cluster -> the entities of the agencies' records (as the
    caller may see them) holding one of its handles as a phone number or handle. One audit entry."""
    access = gate.authorise(workspace, user, purpose)
    messages = corpus_messages.load(workspace, access)
    attributed = attribute(messages, decisions(workspace))
    found = contact_graph(messages, attributed)
    detail = {"ties": len(found.handle_ties)}
    known, logged = known_entities(
        workspace, user, purpose, attributed.cluster_of, path="comms graph",
        detail={"corpora": [c.corpus_id for c in access.corpora], **detail},
    )  # fmt: skip
    if not logged:
        gate.log(workspace, access, "comms graph", detail)
    joined: dict[str, list[Known]] = {}
    for one in known:
        joined.setdefault(attributed.cluster_of[one.handle], []).append(one)
    return attributed, found, joined


def thread(
    workspace: Workspace, user: str, purpose: Purpose, a: str, b: str, limit: int = 500
) -> list[dict[str, object]]:
    """The visible messages between two handles, in time order."""
    access = gate.authorise(workspace, user, purpose)
    where, params = access.where("m")
    rows = workspace.rows(
        "SELECT msg_id, ts, from_handle, to_handle, text FROM comms.messages m WHERE "
        f"{where} AND least(from_handle, to_handle) = least(?, ?) AND "
        "greatest(from_handle, to_handle) = greatest(?, ?) ORDER BY ts, seq LIMIT ?",
        [*params, a, b, a, b, limit],
    )
    gate.log(workspace, access, "comms thread", {"messages": len(rows)}, [a, b])
    return [
        {"msg_id": r[0], "timestamp": r[1].isoformat(), "from_handle": r[2], "to_handle": r[3],
         "text": r[4]}
        for r in rows
    ]  # fmt: skip


def handle_page(
    workspace: Workspace, user: str, purpose: Purpose, handle: str
) -> dict[str, object] | None:
    """A handle as the caller may see it: its person cluster, the other handles attributed to that
    person with the links' evidence, and its contacts; None when no visible message has it."""
    access = gate.authorise(workspace, user, purpose)
    messages = corpus_messages.load(workspace, access)
    if handle not in set(messages.handles):
        gate.log(workspace, access, "comms handle", {"found": False}, [handle])
        return None
    attributed = attribute(messages, decisions(workspace))
    cluster = attributed.cluster_of[handle]
    members = sorted(h for h, c in attributed.cluster_of.items() if c == cluster)
    links = [link.__dict__ for link in attributed.links if link.a in members or link.b in members]
    found = contact_graph(messages, attributed)
    ties = sorted(
        (t.__dict__ for t in found.handle_ties if handle in (t.a, t.b)),
        key=lambda t: -int(t["messages"]),
    )
    mine = set(members)
    shown = [d for d in handle_decisions(workspace, set(messages.handles))
             if d["a"] in mine or d["b"] in mine]  # fmt: skip
    known, logged = known_entities(
        workspace, user, purpose, members, path="comms handle",
        detail={"corpora": [c.corpus_id for c in access.corpora], "found": True, "handle": handle},
    )  # fmt: skip
    if not logged:
        gate.log(workspace, access, "comms handle", {"found": True}, [handle])
    return {"handle": handle, "person_cluster": cluster, "handles": members, "links": links,
            "contacts": ties[:50], "decisions": shown,
            "records": [k.as_dict() for k in known]}  # fmt: skip
