"""The query parameters the timeline and the map share (kinds, date range, a node, a group), and the
event filter they ask for: 400 for an unknown kind or a range that ends before it starts, 404 for a
node or group that does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.gated import Asked, View
from crossroute.api.errors import NotFound
from crossroute.api.events import KINDS, Filter
from crossroute.api.network import not_found
from crossroute.sharing import SharingError

NO_NODE = -1  # a node asked for that means no single node: the filter matches nothing

Kinds = Annotated[
    list[str] | None,
    Query(description=f"Event kinds (repeat): {', '.join(KINDS)}; all when absent.", max_length=20),
]
Since = Annotated[dt.date | None, Query(description="From this day (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Up to this day (YYYY-MM-DD).")]
NodeText = Annotated[
    str | None,
    Query(min_length=1, max_length=200, description="Only events tying this node (entity id or KIND:VALUE)."),
]  # fmt: skip
Group = Annotated[
    int | None, Query(ge=0, le=1_000_000, description="Only events touching this group's members.")
]


def event_filter(
    case: CaseNetwork, kinds: list[str] | None, since: dt.date | None, until: dt.date | None,
    node: Asked | None, group: int | None,
) -> Filter:  # fmt: skip
    """The filter; a node asked for is checked after the gate call (`check_node`), so that a hidden
    node and an absent one are answered alike, after the same work."""
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise SharingError(f"unknown event kind {', '.join(unknown)}: one of {', '.join(KINDS)}")
    if since and until and until < since:
        raise SharingError(f"the range ends ({until}) before it starts ({since})")
    if group is not None and group >= case.communities.count:
        raise NotFound(f"no group {group}")
    return Filter(
        frozenset(kinds or KINDS),
        since.isoformat() if since else None,
        until.isoformat() if until else None,
        (node.nodes[0] if len(node.nodes) == 1 else NO_NODE) if node else None,
        group,
    )


def check_node(seen: View, asked: Asked | None, wanted: Filter) -> None:
    """NotFound, the same for hidden and absent, unless the caller may see the node asked for."""
    if asked is None:
        return
    found = seen.answer(asked)
    if found is None or found != wanted.node:
        raise not_found(asked.text)
