"""The network of a resolved workspace, analysed: organised-crime-group candidates with their members,
countries, roles and route segments, and key players among the people who are not only customers."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossroute.analysis.network.centrality import Centrality, centrality
from crossroute.analysis.network.communities import Communities, detect
from crossroute.analysis.network.entities import PERSON, EntityGraph, build
from crossroute.analysis.network.graph import Network, network
from crossroute.analysis.network.keyplayers import (
    KeyPlayer,
    KeyPlayerSet,
    key_players,
    kpp_candidates,
    kpp_neg,
)
from crossroute.analysis.network.roles import Role, infer_roles
from crossroute.store import Workspace

# ties a passenger has without being more than a customer of the network
CUSTOMER_TIES = frozenset(
    {
        "participant",
        "payer",
        "beneficiary",
        "phone",
        "passportNumber",
        "idNumber",
        "email",
        "socialHandle",
    }
)


@dataclass(frozen=True)
class GroupCandidate:
    community: int
    members: tuple[int, ...]  # person nodes
    customers: int  # passengers whose crossings the group's members organised or piloted
    countries: tuple[tuple[str, int], ...]
    roles: tuple[tuple[str, int], ...]
    routes: tuple[tuple[str, int], ...]


@dataclass
class CaseNetwork:
    """An entity graph with its core (customers left out), communities, centrality and roles."""

    graph: EntityGraph
    core: Network
    customer: NDArray[np.bool_]
    communities: Communities
    centrality: Centrality
    roles: dict[int, Role]

    @property
    def person(self) -> NDArray[np.bool_]:
        return self.graph.is_person()

    def members(self) -> set[int]:
        """Known members of the networks: persons with an inferred network role, or arrested."""
        arrested = {node for node, *_ in self.graph.arrests}
        return {
            n
            for n, t in enumerate(self.graph.types)
            if t == PERSON and (n in arrested or n in self.roles)
        }


def customers(graph: EntityGraph) -> NDArray[np.bool_]:
    """Persons who travelled on a crossing and have no tie beyond travelling, paying and their own
    identifiers: the network's customers, not its members."""
    kinds: list[set[str]] = [set() for _ in graph.ids]
    for e in graph.evidence:
        kinds[e.a].add(e.kind)
        kinds[e.b].add(e.kind)
    return np.array(
        [
            t == PERSON and "participant" in k and k <= CUSTOMER_TIES
            for t, k in zip(graph.types, kinds, strict=True)
        ],
        dtype=bool,
    )


def analyse_case(
    workspace: Workspace, *, resolution: float | None = None, seeds: int = 5
) -> CaseNetwork:
    return analyse_graph(build(workspace), resolution=resolution, seeds=seeds)


def analyse_graph(
    graph: EntityGraph, *, resolution: float | None = None, seeds: int = 5
) -> CaseNetwork:
    """Customers, the core, its communities, centrality and roles of one entity graph."""
    customer = customers(graph)
    keep = [e for e in graph.evidence if not customer[e.a] and not customer[e.b]]
    core = network(
        list(graph.ids),
        np.array([e.a for e in keep], dtype=np.int64),
        np.array([e.b for e in keep], dtype=np.int64),
        np.ones(len(keep), dtype=np.float64),
    )
    found = detect(core, resolution=resolution, seeds=seeds, coarse=True)
    return CaseNetwork(graph, core, customer, found, centrality(core), infer_roles(graph))


def group_candidates(case: CaseNetwork, *, min_members: int = 3) -> list[GroupCandidate]:
    """Communities with at least `min_members` people who are not only customers, largest first."""
    graph, membership = case.graph, case.communities.membership
    person = case.person & ~case.customer
    sizes = np.bincount(membership[person], minlength=case.communities.count)
    wanted = set(np.flatnonzero(sizes >= min_members).tolist())
    routes: dict[int, Counter[str]] = {c: Counter() for c in wanted}
    passengers: dict[int, set[int]] = defaultdict(set)
    event_group: dict[int, int] = {}
    for event, segment in graph.segments.items():
        if int(membership[event]) in wanted:
            routes[int(membership[event])][segment] += 1
    for e in graph.evidence:
        for me, event in ((e.a, e.b), (e.b, e.a)):
            if person[me] and e.kind in ("organiser", "pilot") and event in graph.segments:
                event_group[event] = int(membership[me])
    for e in graph.evidence:
        if e.kind == "participant":
            for me, event in ((e.a, e.b), (e.b, e.a)):
                if case.customer[me] and event in event_group:
                    passengers[event_group[event]].add(me)
    out = []
    for c in sorted(wanted, key=lambda c: (-sizes[c], c)):
        members = np.flatnonzero((membership == c) & person)
        countries: Counter[str] = Counter()
        for m in members:
            countries.update(graph.countries[m])
        roles = Counter(case.roles[int(m)].role for m in members if int(m) in case.roles)
        out.append(
            GroupCandidate(
                c,
                tuple(members.tolist()),
                len(passengers[c]),
                tuple(countries.most_common(5)),
                tuple(roles.most_common()),
                tuple(routes[c].most_common(5)),
            )
        )
    return out


def case_key_players(
    case: CaseNetwork, *, top: int = 20, k: int = 10
) -> tuple[list[KeyPlayer], KeyPlayerSet | None]:
    eligible = case.person & ~case.customer
    candidates = [c for c in kpp_candidates(case.core, case.centrality, k) if eligible[c]]
    kpp = kpp_neg(case.core, k, candidates) if candidates else None
    players = key_players(
        case.core,
        case.centrality,
        case.communities.membership,
        top=top,
        kpp=kpp,
        group_word="groups",
        eligible=eligible,
    )
    return players, kpp
