"""Adverts tied to the network: each stored advert's phones (`phone:+E164` identifier nodes) and handles
(its author's and those in its text, `handle:...`) matched in the entity graph, the persons tied to those
identifiers, and their groups (communities of the case analysis with at least two non-customer members).

Everything shown passes the sharing gate in one call (`gated.view`, one audit entry naming the posts): an
identifier or person only when a record behind it is one the caller may see, a tie only when its record is,
and a person's group only when every record and tie of the person is visible (`View.complete`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crossroute.analysis.network.case import CaseNetwork, analyse_case, group_candidates
from crossroute.analysis.network.entities import PERSON
from crossroute.analysis.network.gated import Indexed, View, view
from crossroute.analysis.online import stored
from crossroute.analysis.online.extract import HANDLE
from crossroute.analysis.online.stored import StoredPost
from crossroute.model.values.text import clean_handle
from crossroute.sharing import Purpose
from crossroute.store import Workspace

PATH = "online links"


@dataclass
class Person:
    label: str
    via: list[str]  # the advert's identifiers that tie to the person
    group: int | None  # community number, shown only when the person is whole to the caller
    node: int = -1  # the person's node in the caller's graph (never shown)


@dataclass
class AdvertLinks:
    post: StoredPost
    identifiers: list[str] = field(
        default_factory=list
    )  # identifiers of the advert known to the graph
    persons: list[Person] = field(default_factory=list)

    @property
    def groups(self) -> list[int]:
        return sorted({p.group for p in self.persons if p.group is not None})


def identifiers_of(post: StoredPost) -> list[str]:
    """The graph node ids an advert names: its phones and its handles (author and text)."""
    handles = [post.author_handle, *HANDLE.findall(post.text)]
    cleaned = [clean_handle(h) for h in handles if h]
    return list(
        dict.fromkeys(
            [*(f"phone:{p}" for p in post.phones), *(f"handle:{h}" for h in cleaned if h)]
        )
    )


@dataclass
class Asking:
    """What the links of these adverts need from the gate: the identifier and person nodes and the ties
    between them (to put into one `gated.view` call, alone or with a face's own nodes)."""

    posts: list[StoredPost]
    found: dict[str, list[tuple[int, int]]]  # identifier -> (evidence, person)
    nodes: list[int]
    evidence: list[int]

    @property
    def detail(self) -> dict[str, list[str]]:
        """The audit entry's detail: the posts shown."""
        return {"posts": [p.post_id for p in self.posts]}


def asking(posts: list[StoredPost], index: Indexed) -> Asking:
    """The graph nodes and ties the adverts name (before the gate)."""
    graph = index.graph
    found: dict[str, list[tuple[int, int]]] = {}
    nodes: list[int] = []
    evidence: list[int] = []
    for post in posts:
        for ident in identifiers_of(post):
            node = graph.find(ident)
            if node is None or ident in found:
                continue
            nodes.append(node)
            found[ident] = []
            for i, other in index.ties(node):
                if graph.types[other] == PERSON:
                    found[ident].append((i, other))
                    nodes.append(other)
                    evidence.append(i)
    return Asking(posts, found, nodes, evidence)


def resolve(
    asked: Asking, case: CaseNetwork, seen: View, groups_only: frozenset[int] | None = None
) -> list[AdvertLinks]:
    """Each advert with the identifiers, persons and groups of it the caller may see (`seen`: the gate's
    answer to `asked`)."""
    graph = case.graph
    membership = case.communities.membership
    grouped = {g.community for g in group_candidates(case, min_members=2)}
    out: list[AdvertLinks] = []
    for post in asked.posts:
        item = AdvertLinks(post)
        persons: dict[int, Person] = {}
        for ident in identifiers_of(post):
            node = graph.find(ident)
            if node is None or node not in seen.nodes:
                continue
            item.identifiers.append(ident)
            for i, person in asked.found.get(ident, ()):
                if i not in seen.evidence or person not in seen.nodes:
                    continue
                community = int(membership[person])
                group = community if community in grouped and seen.complete(person) else None
                entry = persons.setdefault(person, Person(seen.label(person), [], group, person))
                entry.via.append(ident.split(":", 1)[1])
        item.persons = list(persons.values())
        if groups_only is None or set(item.groups) & groups_only:
            out.append(item)
    return out


def links(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    *,
    groups_only: frozenset[int] | None = None,
    case: CaseNetwork | None = None,
    index: Indexed | None = None,
    only: frozenset[str] | None = None,
    path: str = PATH,
    detail: dict[str, Any] | None = None,
) -> list[AdvertLinks]:
    """The caller's adverts with the persons and groups they tie to (one audit entry). With
    `groups_only`, only adverts tied to one of those groups; with `only`, only these post ids."""
    reader = stored.authorise(workspace, user, purpose)
    posts = stored.adverts(workspace, reader)
    if only is not None:
        posts = [p for p in posts if p.post_id in only]
    if not posts:
        stored.log(workspace, reader, path, [], detail)
        return []
    case = case or analyse_case(workspace)
    index = index or Indexed.of(case.graph)
    asked = asking(posts, index)
    seen = view(
        workspace, reader.caller.user.name, reader.purpose, index, asked.nodes, asked.evidence,
        path=path, detail={**asked.detail, **(detail or {})},
    )  # fmt: skip
    return resolve(asked, case, seen, groups_only)


def cut_off(items: list[AdvertLinks], removed: frozenset[int]) -> list[AdvertLinks]:
    """The adverts left without a live number once `removed` (persons) are gone: adverts with phones,
    every one of which the caller sees held by persons, all of them removed. A phone held by nobody
    the caller knows may still be live, so its advert is not counted."""
    out = []
    for item in items:
        holders = {
            phone: {p.node for p in item.persons if phone in p.via} for phone in item.post.phones
        }
        if holders and all(h and h <= removed for h in holders.values()):
            out.append(item)
    return out


def tied_by_phone(items: list[AdvertLinks]) -> list[AdvertLinks]:
    """The adverts with a phone the caller sees held by a person."""
    return [i for i in items if any(set(p.via) & set(i.post.phones) for p in i.persons)]
