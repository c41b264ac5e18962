"""The disruption simulator: remove people (arrests) and see what is left of the network: its largest
piece, groups split, route segments with no provider left and likely successors. Every figure is
computed on the network the caller may see (`gated.seen_case`), and the people named pass the gate
(one audit entry). The caller's agency's kept adverts whose every number the caller sees held only by
people removed are counted as left without a live number (their posts named in the same audit entry)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from crossroute.analysis.network.disruption import Disruption, disrupt
from crossroute.analysis.network.gated import ask, seen_case, view
from crossroute.analysis.online import stored
from crossroute.analysis.online.links import asking, cut_off, resolve, tied_by_phone
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.network import NOT_FOUND, node_json, node_of
from crossroute.store import Workspace

router = APIRouter(prefix="/api/network", tags=["network"])


class Removal(BaseModel):
    remove: list[str] = Field(
        min_length=1, max_length=50,
        description="Nodes to remove (entity ids or KIND:VALUE), e.g. the people to arrest.",
    )  # fmt: skip
    successors: int = Field(default=5, ge=0, le=20)


def effect(d: Disruption) -> dict[str, Any]:
    changed = [g for g in d.groups if g.pieces > 1 or g.members_left < g.members_before]
    return {
        "largest": {"before": d.largest_before, "after": d.largest_after},
        "components": {"before": d.components_before, "after": d.components_after},
        "fragmentation": {
            "before": round(d.fragmentation_before, 4),
            "after": round(d.fragmentation_after, 4),
        },
        "groups": [
            {
                "group": g.community,
                "members_before": g.members_before,
                "members_left": g.members_left,
                "pieces": g.pieces,
                "split": g.pieces > 1,
            }
            for g in changed
        ],
        "segments_orphaned": list(d.segments_orphaned),
    }


@router.post("/disruption", responses=NOT_FOUND)
def simulate(
    user: AnalystDep, stated: PurposeDep, svc: ServiceDep, body: Removal
) -> dict[str, Any]:
    """What is left after removing the named nodes (one audit entry). The caller's agency's kept adverts whose every number the caller sees held only by
    people removed are counted as left without a live number (their posts named in the same audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        asked = [ask(index, text) for text in dict.fromkeys(body.remove)]
        everyone = range(len(case.graph.ids))  # the figures rest on the whole network seen
        reader = stored.authorise(ws, user.name, stated)
        adverts = asking(stored.adverts(ws, reader), index)
        seen = view(
            ws, user.name, stated, index, everyone, adverts.evidence, path="api disruption",
            asked=asked, detail=adverts.detail if adverts.posts else None,
        )  # fmt: skip
        removed = list(dict.fromkeys(node_of(seen, x) for x in asked))
        visible_case, counted = seen_case(case, seen)
        d = disrupt(visible_case, removed, successors=body.successors, among=counted)
        tied = resolve(adverts, case, seen)
        cut = cut_off(tied, frozenset(removed))
        return {
            "removed": [node_json(case, seen, n) for n in removed],
            **effect(d),
            "successors": [
                {
                    **node_json(case, seen, n),
                    "betweenness_before": round(before, 6),
                    "betweenness_after": round(after, 6),
                }
                for n, before, after in d.successors
                if n in seen.nodes
            ],
            "adverts": {
                "kept": len(adverts.posts),
                "tied_by_phone": len(tied_by_phone(tied)),
                "without_live_number": [
                    {
                        "post_id": i.post.post_id,
                        "platform": i.post.platform,
                        "phones": list(i.post.phones),
                        "score": round(i.post.score, 4),
                    }
                    for i in cut
                ],
            },
        }

    return svc.run(work)
