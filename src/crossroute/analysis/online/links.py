"""Adverts tied to the network: each stored advert's phones (`phone:+E164` identifier nodes) and handles
(its author's and those in its text, `handle:...`) matched in the entity graph, the persons tied to those
identifiers, and their groups (communities of the case analysis with at least two non-customer members).

Everything shown passes the sharing gate in one call (`gated.view`, one audit entry naming the posts): an
identifier or person only when a record behind it is one the caller may see, a tie only when its record is,
and a person's group only when every record and tie of the person is visible (`View.complete`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from crossroute.analysis.network.case import CaseNetwork, analyse_case, group_candidates
from crossroute.analysis.network.entities import PERSON
from crossroute.analysis.network.gated import Indexed, view
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


def links(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    *,
    groups_only: frozenset[int] | None = None,
    case: CaseNetwork | None = None,
    path: str = PATH,
) -> list[AdvertLinks]:
    """The caller's adverts with the persons and groups they tie to (one audit entry). With
    `groups_only`, only adverts tied to one of those groups."""
    reader = stored.authorise(workspace, user, purpose)
    posts = stored.adverts(workspace, reader)
    if not posts:
        stored.log(workspace, reader, path, [])
        return []
    case = case or analyse_case(workspace)
    graph = case.graph
    index = Indexed.of(graph)
    found: dict[str, list[tuple[int, int]]] = {}  # identifier -> (evidence, person)
    asked_nodes: list[int] = []
    asked_evidence: list[int] = []
    for post in posts:
        for ident in identifiers_of(post):
            node = graph.find(ident)
            if node is None or ident in found:
                continue
            asked_nodes.append(node)
            found[ident] = []
            for i in index.by_node.get(node, ()):
                e = graph.evidence[i]
                other = e.b if e.a == node else e.a
                if graph.types[other] == PERSON:
                    found[ident].append((i, other))
                    asked_nodes.append(other)
                    asked_evidence.append(i)
    seen = view(
        workspace, reader.caller.user.name, reader.purpose, index, asked_nodes, asked_evidence,
        path=path, detail={"posts": [p.post_id for p in posts]},
    )  # fmt: skip
    membership = case.communities.membership
    grouped = {g.community for g in group_candidates(case, min_members=2)}
    out: list[AdvertLinks] = []
    for post in posts:
        item = AdvertLinks(post)
        persons: dict[int, Person] = {}
        for ident in identifiers_of(post):
            node = graph.find(ident)
            if node is None or node not in seen.nodes:
                continue
            item.identifiers.append(ident)
            for i, person in found.get(ident, ()):
                if i not in seen.evidence or person not in seen.nodes:
                    continue
                community = int(membership[person])
                group = community if community in grouped and seen.complete(person) else None
                entry = persons.setdefault(person, Person(seen.label(person), [], group))
                entry.via.append(ident.split(":", 1)[1])
        item.persons = list(persons.values())
        if groups_only is None or set(item.groups) & groups_only:
            out.append(item)
    return out
