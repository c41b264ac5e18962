"""The briefing's section on seized communications: what the corpora the preparer may see hold, the
messages to read first, possible insiders, the persons behind rotating handles and the key players of
the contact graph. Nothing when no corpus is visible (and then nothing is read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from crossroute.analysis.comms import access as gate
from crossroute.analysis.comms import messages as corpus_messages
from crossroute.analysis.comms.attribution import attribute
from crossroute.analysis.comms.graph import contact_graph
from crossroute.analysis.comms.service import decisions
from crossroute.analysis.comms.triage import triage
from crossroute.sharing import Purpose
from crossroute.store import Workspace

READ_FIRST = 8
INSIDERS = 5


@dataclass
class CommsSection:
    corpora: int
    messages: int
    handles: int
    persons: int
    rotating: list[tuple[str, list[str]]] = field(default_factory=list)  # person, handles
    read_first: list[tuple[str, str, float]] = field(default_factory=list)  # msg, text, score
    insiders: list[tuple[str, float, list[str]]] = field(default_factory=list)
    key_players: list[tuple[str, float]] = field(default_factory=list)  # handles, betweenness


def gather(workspace: Workspace, user: str, purpose: Purpose) -> CommsSection | None:
    """The section's content from the visible corpora (one audit entry), or None."""
    access = gate.authorise(workspace, user, purpose)
    if not access.corpora:
        return None
    messages = corpus_messages.load(workspace, access)
    attributed = attribute(messages, decisions(workspace))
    scored = triage(messages)
    graph = contact_graph(messages, attributed)
    members = attributed.members()
    section = CommsSection(len(access.corpora), len(messages), len(messages.handles), len(members))
    section.rotating = sorted(
        ((p, sorted(hs)) for p, hs in members.items() if len(hs) > 1), key=lambda r: -len(r[1])
    )[:8]
    top = scored.scores.argsort()[::-1][:READ_FIRST].tolist()
    section.read_first = [
        (messages.msg_id[k], messages.text[k], float(scored.scores[k])) for k in top
    ]
    section.insiders = [
        (h, s, [messages.text[k] for k in ks[:2]]) for h, s, ks in scored.insiders[:INSIDERS]
    ]
    section.key_players = [
        (", ".join(sorted(members.get(p, [p]))[:3]), b) for p, b, _ in graph.key_players[:5]
    ]
    gate.log(workspace, access, "report comms", {"messages": len(messages)})
    return section


def render(section: CommsSection | None) -> str:
    if section is None:
        return ""
    rows = "".join(
        f"<tr><td>{escape(m)}</td><td>{escape(t)}</td><td>{s:.2f}</td></tr>"
        for m, t, s in section.read_first
    )
    insiders = "".join(
        f"<li>{escape(h)} (share {s:.2f}): {escape(' / '.join(ev))}</li>"
        for h, s, ev in section.insiders
    )
    rotating = "".join(
        f"<li>{len(hs)} handles: {escape(', '.join(hs))}</li>" for _, hs in section.rotating
    )
    players = "".join(f"<li>{escape(h)} (betweenness {b:.3f})</li>" for h, b in section.key_players)
    return (
        "<h2>Seized communications</h2>"
        f"<p>{section.corpora} corpora you may see: {section.messages:,} messages, "
        f"{section.handles:,} handles attributed to {section.persons:,} persons.</p>"
        "<h3>Read first</h3><table><tr><th>message</th><th>text</th><th>score</th></tr>"
        f"{rows}</table>"
        f"<h3>Possible insiders</h3><ul>{insiders or '<li>none</li>'}</ul>"
        f"<h3>Persons behind rotating handles</h3><ul>{rotating or '<li>none</li>'}</ul>"
        f"<h3>Key players of the contact graph</h3><ul>{players or '<li>none</li>'}</ul>"
    )
