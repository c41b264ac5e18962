"""The corpus's contact graph: who writes to whom, how much and when, over handles and over the
persons attribution found; its groups (Leiden) and key players (betweenness, PageRank) with the
network analysis the entity graph uses."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from crossroute.analysis.comms.attribution import Attribution
from crossroute.analysis.comms.messages import Messages
from crossroute.analysis.network.centrality import centrality
from crossroute.analysis.network.communities import detect
from crossroute.analysis.network.graph import network


@dataclass
class Tie:
    a: str
    b: str
    messages: int
    first_day: float
    last_day: float


@dataclass
class ContactGraph:
    handle_ties: list[Tie]
    persons: list[str]  # person clusters, the nodes of the person graph
    person_ties: list[Tie]
    group: dict[str, int] = field(default_factory=dict)  # person -> group
    key_players: list[tuple[str, float, float]] = field(default_factory=list)  # person, betw., PR


def _ties(names: list[str], a: np.ndarray, b: np.ndarray, day: np.ndarray) -> list[Tie]:
    low, high = np.minimum(a, b), np.maximum(a, b)
    keep = low != high
    low, high, day = low[keep], high[keep], day[keep]
    key = low * np.int64(len(names) + 1) + high
    unique, inverse = np.unique(key, return_inverse=True)
    counts = np.bincount(inverse, minlength=len(unique))
    first = np.full(len(unique), np.inf)
    last = np.full(len(unique), -np.inf)
    np.minimum.at(first, inverse, day)
    np.maximum.at(last, inverse, day)
    n = len(names) + 1
    return [
        Tie(names[int(k // n)], names[int(k % n)], int(c), round(float(f), 2), round(float(la), 2))
        for k, c, f, la in zip(unique.tolist(), counts.tolist(), first, last, strict=True)
    ]


def contact_graph(messages: Messages, attribution: Attribution) -> ContactGraph:
    """Ties between handles and between persons; groups and key players of the person graph."""
    handle_ties = _ties(messages.handles, messages.sender, messages.receiver, messages.day)
    persons = sorted(set(attribution.cluster_of.values()))
    index = {p: i for i, p in enumerate(persons)}
    of = np.fromiter(
        (index[attribution.cluster_of[h]] for h in messages.handles),
        np.int64,
        len(messages.handles),
    )
    person_ties = _ties(persons, of[messages.sender], of[messages.receiver], messages.day)
    result = ContactGraph(handle_ties, persons, person_ties)
    if len(person_ties) < 2:
        return result
    net = network(
        persons,
        np.fromiter((index[t.a] for t in person_ties), np.int64, len(person_ties)),
        np.fromiter((index[t.b] for t in person_ties), np.int64, len(person_ties)),
        np.fromiter((t.messages for t in person_ties), np.float64, len(person_ties)),
    )
    found = detect(net, seeds=3)
    result.group = {p: int(found.membership[i]) for i, p in enumerate(persons)}
    central = centrality(net)
    order = np.argsort(-central.betweenness)[:20]
    result.key_players = [
        (persons[i], round(float(central.betweenness[i]), 4), round(float(central.pagerank[i]), 4))
        for i in order.tolist()
    ]
    return result
