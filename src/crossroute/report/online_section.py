"""The briefing's section on online adverts: the adverts the preparer's agency kept (`online triage
--workspace`) whose phones or handles tie to persons of the briefing's groups, through the gate (one audit
entry). Nothing when the preparer may see no advert (and then nothing is logged)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.online import stored
from crossroute.analysis.online.links import AdvertLinks, links
from crossroute.sharing import Purpose
from crossroute.store import Workspace

SHOWN = 10


@dataclass
class OnlineSection:
    adverts: int  # the agency's adverts kept in the workspace
    tied: list[AdvertLinks]  # those tied to the briefing's groups


def gather(
    workspace: Workspace, user: str, purpose: Purpose, case: CaseNetwork, groups: set[int]
) -> OnlineSection | None:
    reader = stored.authorise(workspace, user, purpose)
    count = len(stored.adverts(workspace, reader))
    if not count:
        return None
    tied = links(
        workspace, user, purpose, groups_only=frozenset(groups), case=case, path="report online"
    )
    return OnlineSection(count, tied)


def render(section: OnlineSection | None) -> str:
    if section is None:
        return ""
    rows = "".join(
        f"<tr><td>{escape(i.post.post_id)}</td><td>{escape(i.post.platform)}</td>"
        f"<td dir='auto'>{escape(i.post.text)}</td><td>{i.post.score:.2f}</td>"
        f"<td>{escape(', '.join(i.post.phones))}</td>"
        f"<td>{escape('; '.join(f'{p.label} (group {p.group})' for p in i.persons if p.group is not None))}</td></tr>"
        for i in section.tied[:SHOWN]
    )
    return (
        "<h2>Online adverts</h2>"
        f"<p>{section.adverts:,} adverts kept by your agency; {len(section.tied)} tie to the groups above "
        "through their phones or handles.</p>"
        + (
            "<table><tr><th>post</th><th>platform</th><th>text</th><th>score</th><th>phones</th>"
            f"<th>persons (group)</th></tr>{rows}</table>"
            if rows
            else ""
        )
    )
