"""The network around an entity, paths between two, groups and key players: the network analysis seen
through the gate (`analysis/network/gated.py`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from crossroute.analysis.network.case import CaseNetwork, group_candidates
from crossroute.analysis.network.gated import Asked, Indexed, View, ask, visible
from crossroute.analysis.network.paths import paths
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.entities import REFUSED
from crossroute.api.errors import NotFound
from crossroute.store import Workspace

router = APIRouter(prefix="/api/network", tags=["network"])
NOT_FOUND = REFUSED | {404: {"description": "no such node that you may see"}}


def node_json(case: CaseNetwork, seen: View, n: int) -> dict[str, Any]:
    """A node as the caller may see it: label, countries and degree from the records and ties the
    caller may see; group, score, customer and role (computed over the whole graph) only when every
    record and tie of the node is one the caller may see (`withheld` says when they are not)."""
    graph = case.graph
    node_id = graph.ids[n]
    whole = seen.complete(n)
    return {
        "id": node_id,
        "label": seen.label(n),
        "type": graph.types[n],
        "entity_id": node_id.removeprefix("person:") if node_id.startswith("person:") else None,
        "countries": seen.countries(n),
        "degree": seen.degree(n),
        "group": int(case.communities.membership[n]) if whole else None,
        "score": round(float(case.centrality.betweenness[n]), 6) if whole else None,
        "customer": bool(case.customer[n]) if whole else None,
        "role": (case.roles[n].role if n in case.roles else None) if whole else None,
        "withheld": not whole,
    }


def edges_json(index: Indexed, evidence: tuple[int, ...]) -> list[dict[str, Any]]:
    graph = index.graph
    pairs: dict[tuple[int, int], list[int]] = {}
    for i in evidence:
        e = graph.evidence[i]
        pairs.setdefault((min(e.a, e.b), max(e.a, e.b)), []).append(i)
    out = []
    for (a, b), found in pairs.items():
        items = [graph.evidence[i] for i in found]
        out.append(
            {
                "id": f"{graph.ids[a]}~{graph.ids[b]}",
                "source": graph.ids[a],
                "target": graph.ids[b],
                "weight": len(items),
                "kinds": sorted({e.kind for e in items}),
                "evidence": [
                    {
                        "kind": e.kind,
                        "schema": e.schema,
                        "source": e.source,
                        "record_id": e.record_id,
                        "date": e.date,
                        "handling": e.handling,
                        "grading": e.grading,
                    }
                    for e in items[:20]
                ],
            }
        )
    return out


def not_found(text: str) -> NotFound:
    """The one answer for a node that is hidden from the caller and one that does not exist."""
    return NotFound(
        f"no node {text!r} that you may see (an entity id, KIND:VALUE or an exact name)"
    )


def node_of(seen: View, asked: Asked) -> int:
    """The node the caller asked for, or the same NotFound whether it is hidden or absent."""
    found = seen.answer(asked)
    if found is None:
        raise not_found(asked.text)
    return found


@router.get("/nodes/{node_id}", responses=NOT_FOUND)
def neighbourhood(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    node_id: Annotated[str, Path(min_length=1, max_length=200)],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=500)] = 150,
) -> dict[str, Any]:
    """A node and its neighbours up to `depth` steps, with the evidence on every tie (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        asked = ask(index, node_id)
        near = around(case, asked, depth, max_nodes)
        keep = set(near)
        evidence = sorted(
            {i for n in near for i in index.by_node.get(n, ()) if _other(index, i, n) in keep}
        )
        shown = visible(
            ws, user.name, stated, index, near, evidence, path="api network", asked=[asked]
        )
        start = node_of(shown, asked)
        if start not in shown.nodes:
            raise not_found(node_id)
        reached = reach(index, shown.evidence, start, depth)  # through ties the caller may see
        nodes = [start, *(n for n in shown.order if n in reached and n != start)][:max_nodes]
        kept = set(nodes)
        ties = [
            i for i in sorted(shown.evidence)
            if index.graph.evidence[i].a in kept and index.graph.evidence[i].b in kept
        ]  # fmt: skip
        return {
            "center": case.graph.ids[start],
            "nodes": [node_json(case, shown, n) for n in nodes],
            "edges": edges_json(index, tuple(ties)),
            "truncated": len(reached) > max_nodes,
        }

    return svc.run(work)


def around(case: CaseNetwork, asked: Asked, depth: int, max_nodes: int) -> list[int]:
    """The nodes `depth` steps or fewer around every node the text asked may mean (the gate then
    says which one it is, if any), before the gate."""
    g = case.graph.net.graph
    return list(
        dict.fromkeys(
            int(n) for s in asked.nodes for n in g.neighborhood(s, order=depth)[: max_nodes * 2]
        )
    )


def reach(index: Indexed, evidence: frozenset[int], start: int, depth: int) -> set[int]:
    """The nodes `depth` steps or fewer from `start` through this evidence."""
    reached, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {
            _other(index, i, n) for n in frontier for i in index.by_node.get(n, ()) if i in evidence
        } - reached
        reached |= frontier
    return reached


def _other(index: Indexed, i: int, n: int) -> int:
    e = index.graph.evidence[i]
    return e.b if e.a == n else e.a


@router.get("/paths", responses=NOT_FOUND)
def find_paths(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=200)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=200)],
) -> dict[str, Any]:
    """Shortest paths between two nodes, each step with its evidence; only paths the caller may see
    whole (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        asked = [ask(index, source), ask(index, target)]
        ends = [x.nodes[0] if len(x.nodes) == 1 else None for x in asked]
        a, b = ends
        found = paths(case.graph, a, b) if a is not None and b is not None and a != b else []
        between = case.graph.evidence_between()
        nodes = {n for p in found for s in p for n in (s.a, s.b)}
        evidence = {i for p in found for s in p for i in between[(min(s.a, s.b), max(s.a, s.b))]}
        shown = visible(
            ws, user.name, stated, index, nodes, evidence, path="api paths", asked=asked
        )
        a, b = node_of(shown, asked[0]), node_of(shown, asked[1])
        if ends != [a, b]:  # a name that means several nodes: the caller sees one of them
            found = paths(case.graph, a, b) if a != b else []
            nodes = {n for p in found for s in p for n in (s.a, s.b)}
            evidence = {
                i for p in found for s in p for i in between[(min(s.a, s.b), max(s.a, s.b))]
            }
            shown = visible(ws, user.name, stated, index, nodes, evidence, path="api paths")
        ok_nodes, ok_ev = shown.known, set(shown.evidence)
        whole: list[list[dict[str, Any]]] = []
        on_path: set[int] = set()
        for p in found:
            steps = []
            for s in p:
                ev = [i for i in between[(min(s.a, s.b), max(s.a, s.b))] if i in ok_ev]
                if s.a not in ok_nodes or s.b not in ok_nodes or not ev:
                    break
                steps.append({"from": case.graph.ids[s.a], "to": case.graph.ids[s.b],
                              "edges": edges_json(index, tuple(ev))})  # fmt: skip
            else:
                whole.append(steps)
                on_path.update(n for s in p for n in (s.a, s.b))
        return {
            "from": case.graph.ids[a],
            "to": case.graph.ids[b],
            "paths": whole,
            "nodes": [node_json(case, shown, n) for n in sorted(on_path)],
        }

    return svc.run(work)


@router.get("/groups", responses=REFUSED)
def groups(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    min_members: Annotated[int, Query(ge=2, le=100)] = 3,
) -> dict[str, Any]:
    """Organised-crime-group candidates: the members, roles, countries and route segments the caller
    may see (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        found = group_candidates(case, min_members=min_members)
        graph, membership = case.graph, case.communities.membership
        events = [
            e for e in graph.segments if any(int(membership[e]) == g.community for g in found)
        ]
        members = [m for g in found for m in g.members]
        shown = visible(ws, user.name, stated, index, members + events, [], path="api groups")
        out = []
        for g in found:
            seen = [m for m in g.members if m in shown.nodes and shown.complete(m)]
            if not seen:
                continue
            routes: dict[str, int] = {}
            for e in events:
                if e in shown.nodes and int(membership[e]) == g.community:
                    routes[graph.segments[e]] = routes.get(graph.segments[e], 0) + 1
            countries: dict[str, int] = {}
            for m in seen:
                for c in shown.countries(m):
                    countries[c] = countries.get(c, 0) + 1
            out.append(
                {
                    "group": g.community,
                    "members": [node_json(case, shown, m) for m in seen],
                    "countries": sorted(countries.items(), key=lambda kv: -kv[1])[:5],
                    "routes": sorted(routes.items(), key=lambda kv: -kv[1])[:5],
                }
            )
        return {"groups": out}

    return svc.run(work)


@router.get("/key-players", responses=REFUSED)
def key_players(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    top: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """People who hold the network together, with why (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        players = svc.key_players(ws, user.name, stated)[:top]
        shown = visible(ws, user.name, stated, index, [p.node for p in players], [],
                        path="api key players")  # fmt: skip
        seen = [p for p in players if p.node in shown.nodes and shown.complete(p.node)]
        return {  # ranked among those shown: a gap in the ranks would count the hidden ones
            "key_players": [
                {**node_json(case, shown, p.node), "rank": rank, "reasons": p.reasons,
                 "kp_score": round(p.score, 6)}
                for rank, p in enumerate(seen, start=1)
            ]
        }  # fmt: skip

    return svc.run(work)
