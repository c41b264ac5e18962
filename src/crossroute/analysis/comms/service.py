"""The gated entry points of the comms analyses: each authorises the caller, works only on the
messages they may see, and writes one audit entry."""

from __future__ import annotations

from crossroute.analysis.comms import access as gate
from crossroute.analysis.comms import messages as corpus_messages
from crossroute.analysis.comms.attribution import Attribution, attribute
from crossroute.analysis.comms.graph import ContactGraph, contact_graph
from crossroute.analysis.comms.messages import Messages
from crossroute.analysis.comms.triage import Triage, triage
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import SharingError
from crossroute.sharing.policy import Purpose, require_query_role
from crossroute.store import Workspace


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
    """An analyst says two handles are (or are not) one person; both must be in corpora they see."""
    if decision not in ("same", "different"):
        raise SharingError(f"decision {decision!r} is not 'same' or 'different'")
    access = gate.authorise(workspace, user, purpose)
    require_query_role(access.caller.user)
    where, params = access.where("m")
    seen = workspace.scalar(
        "SELECT count(DISTINCT h) FROM (SELECT from_handle AS h, corpus_id, ts FROM comms.messages "
        "UNION ALL SELECT to_handle, corpus_id, ts FROM comms.messages) m "
        f"WHERE h IN (?, ?) AND {where}",
        [a, b, *params],
    )
    if seen != len({a, b}):
        raise SharingError("both handles must be in corpora you may see")
    workspace.rows(
        "INSERT INTO comms.handle_decisions VALUES (?, ?, ?, ?, ?, ?)",
        [a, b, decision, user, utc_now(), note],
    )
    gate.log(
        workspace,
        access,
        "comms decide",
        {"decision": decision, "note": note},
        [a, b],
        Action.ALTERATION,  # the attribution obeys it from then on
    )


def graph(workspace: Workspace, user: str, purpose: Purpose) -> tuple[Attribution, ContactGraph]:
    """The contact graph of the visible messages, over handles and persons, groups, key players."""
    access = gate.authorise(workspace, user, purpose)
    messages = corpus_messages.load(workspace, access)
    attributed = attribute(messages, decisions(workspace))
    found = contact_graph(messages, attributed)
    gate.log(workspace, access, "comms graph", {"ties": len(found.handle_ties)})
    return attributed, found


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
    gate.log(workspace, access, "comms handle", {"found": True}, [handle])
    return {"handle": handle, "person_cluster": cluster, "handles": members, "links": links,
            "contacts": ties[:50]}  # fmt: skip
