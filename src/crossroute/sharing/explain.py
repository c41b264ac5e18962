"""An entity's explanation (from resolution) cut down to what the caller may see, and logged."""

from __future__ import annotations

import dataclasses

from crossroute.resolve.explain import EntityExplanation
from crossroute.sharing import gate
from crossroute.sharing.policy import Purpose
from crossroute.store import Workspace


def gated_explanation(
    workspace: Workspace, user: str, found: EntityExplanation, purpose: Purpose
) -> EntityExplanation:
    """Only the records the caller may see in full, and the pairs between them; one audit entry."""
    members = [(str(r["source"]), str(r["record_id"])) for r in found.records]
    views = gate.entity(workspace, user, {found.entity_id: members}, purpose, path="explain")
    visible = {(r["source"], r["record_id"]) for v in views for r in v.records}
    uids = {f"{s}|{r}" for s, r in visible}
    return dataclasses.replace(
        found,
        records=[r for r in found.records if (r["source"], r["record_id"]) in visible],
        pairs=[p for p in found.pairs if p.left in uids and p.right in uids],
    )
