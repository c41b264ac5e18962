"""The gate: every read of personal data passes here. It needs a known user and a purpose, applies the
policy to each record, and writes exactly one audit entry per allowed query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from crossroute.model.agencies import agency
from crossroute.model.record_key import RecordKey
from crossroute.sharing import audit, index, records
from crossroute.sharing.audit import Action
from crossroute.sharing.grading import caveats
from crossroute.sharing.policy import (
    ADULT_AGE,
    Caller,
    Purpose,
    RecordFacts,
    Use,
    Visibility,
    decide,
    with_case,
)
from crossroute.sharing.query import parse_query
from crossroute.sharing.records import Key, Stored
from crossroute.sharing.users import Role, User, get_user
from crossroute.store import Workspace

DEFAULT_LIMIT = 50


@dataclass
class EntityView:
    """One entity as the caller may see it."""

    entity_id: str
    kind: str  # cluster | record
    records: list[dict[str, Any]] = field(default_factory=list)
    hits: list[dict[str, str]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "kind": self.kind,
            "records": self.records,
            "hits": self.hits,
            "caveats": self.caveats,
        }


def caller_for(workspace: Workspace, name: str, *, grants: bool = True) -> Caller:
    """The user with their cases and (unless not needed) the grants their agency holds."""
    return _caller_and_state(workspace, name, grants=grants)[0]


def _caller_and_state(
    workspace: Workspace, name: str, *, grants: bool
) -> tuple[Caller, index.State]:
    """The caller, and where the search index stands, in one statement (one more round trip per
    query would be a tenth of the gate's cost)."""
    found = workspace.rows(
        f"SELECT {index.STATE_SQL}, u.agency, u.role, m.case_ref FROM (SELECT 1) AS one "
        "LEFT JOIN sharing.users u ON u.name = ? AND u.disabled_at IS NULL "
        "LEFT JOIN sharing.case_members m ON m.user_name = u.name",
        [name],
    )
    if found[0][3] is None:
        get_user(workspace, name)  # raises UnknownUser, saying how to add one
    user = User(name, found[0][3], Role(found[0][4]))
    cases = frozenset(row[5] for row in found if row[5] is not None)
    held = workspace.rows(
        "SELECT owner_agency, permitted_use FROM sharing.grants WHERE grantee_agency = ?",
        [user.agency],
    ) if grants else []  # fmt: skip
    return Caller(user, cases, frozenset((o, u) for o, u in held)), index.State.of(found[0][:3])


def search(
    workspace: Workspace,
    user_name: str,
    text: str,
    purpose: Purpose,
    *,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
) -> list[EntityView]:
    """Entities matching a query (name, identifier, entity id or SOURCE:RECORD_ID), as the caller may see them."""
    caller, known = _caller_and_state(workspace, user_name, grants=purpose.use is not Use.CONSULT)
    index.refresh(workspace, known)
    query = parse_query(text, agency(caller.user.agency).country)
    clustered = known.resolved
    keys = records.match(workspace, query, limit * 20, clustered=clustered)
    groups = records.entities(workspace, keys, limit, clustered=clustered)
    matched = set(keys)
    anchors = {e: {k for k in members if k in matched} for e, members in groups.items()}
    detail = {"path": "search", "query": query.text}
    return _present(workspace, caller, purpose, groups, detail, today, clustered, anchors)


def entity(
    workspace: Workspace,
    user_name: str,
    members: dict[str, list[Key]],
    purpose: Purpose,
    *,
    path: str,
    today: dt.date | None = None,
    asked: list[str] | None = None,
    anchors: dict[str, set[Key]] | None = None,
    detail: dict[str, Any] | None = None,
) -> list[EntityView]:
    """Given entities (id -> record keys), as the caller may see them: for faces that found the ids
    themselves (explain). Same rules, same single audit entry. `asked` names what the caller asked
    for (logged, found or not); `anchors` (entity id -> keys), as in a search, the records an entity
    was reached through: see `_present`; `detail` adds to the entry (e.g. the file an export writes)."""
    caller, known = _caller_and_state(workspace, user_name, grants=purpose.use is not Use.CONSULT)
    noted: dict[str, Any] = {**(detail or {}), "path": path}
    if asked is not None:
        noted["asked"] = asked
    return _present(workspace, caller, purpose, members, noted, today, known.resolved, anchors)


ANALYSIS_FIELDS = (
    "source", "record_id", "schema", "caption", "properties", "handling_scheme", "handling_code",
    "grading_scheme", "grading_source", "grading_info",
)  # fmt: skip


def analysis_records(workspace: Workspace) -> list[tuple[Any, ...]]:
    """The records a whole-workspace analysis combines (the entity graph of `analysis.network`): every
    record not erased, in load order, as `ANALYSIS_FIELDS` (properties as JSON text).

    No user, no purpose and no audit entry: the analysis is a system process, like resolution, and
    runs on read-only workspaces too. What it finds reaches a person only through this gate again
    (`analysis.network.gated`, the briefing), which applies the policy to the records behind every node and
    tie shown and logs the look."""
    return records.every(workspace, ANALYSIS_FIELDS)


def analysis_visibility(
    workspace: Workspace, user_name: str, purpose: Purpose, *, today: dt.date | None = None
) -> dict[Key, str | None]:
    """The records this caller may see in full for this purpose (key -> its resolved entity, None
    when unresolved): what a per-caller analysis (`analysis.network.percaller`) may combine.

    No audit entry: nothing is shown here (the keys only choose what the analysis reads); whatever
    that analysis finds reaches the caller through `entity` again, which applies the same policy to
    every record behind what is shown and logs the look."""
    day = today or dt.date.today()
    caller, _ = _caller_and_state(workspace, user_name, grants=purpose.use is not Use.CONSULT)
    purpose = with_case(purpose, caller.cases)
    found: dict[Key, str | None] = {}
    facts_of = records.policy_facts(workspace, born_since=day.year - ADULT_AGE - 1)
    for source, scheme, code, note, category, birth, cases, ids, entities in facts_of:
        facts = RecordFacts(
            source=str(source),
            handling_scheme=scheme,
            handling_code=code,
            handling_note=note,
            subject_category=category,
            birth_date=str(birth) if birth else None,
            cases=frozenset(cases or ()),
        )
        if decide(caller, purpose, facts, day).visibility is Visibility.FULL:
            for record_id, entity_id in zip(ids, entities, strict=True):
                found[(str(source), str(record_id))] = entity_id
    return found


def _present(
    workspace: Workspace,
    caller: Caller,
    purpose: Purpose,
    groups: dict[str, list[Key]],
    detail: dict[str, Any],
    today: dt.date | None,
    clustered: bool,
    anchors: dict[str, set[Key]] | None = None,
) -> list[EntityView]:
    """The entities as the caller may see them, and one audit entry. With `anchors`, an entity is
    shown only through a record it was reached by (a search's matches) that the caller may see in
    full: a match on a record the caller may not see never brings up the entity it belongs to (that
    would say the hidden record is linked to it). A match seen only as a hit is answered by that
    hit alone, as its own record (`SOURCE:RECORD_ID`), without the entity's other records."""
    day = today or dt.date.today()
    purpose = with_case(purpose, caller.cases)
    keys = [key for group in groups.values() for key in group]
    stored = records.fetch(workspace, keys)
    needs_links = purpose.case_ref is not None and purpose.case_ref in caller.cases
    links = records.case_links(workspace, keys) if needs_links else {}
    views, shown = [], []
    for entity_id, members in groups.items():
        view = EntityView(entity_id, "cluster" if clustered and ":" not in entity_id else "record")
        verdicts = {
            key: decide(caller, purpose, _facts(stored[key], links.get(key)), day)
            for key in dict.fromkeys(members)
            if key in stored
        }
        anchor = None if anchors is None else anchors.get(entity_id, set())
        if anchor is not None and not any(
            verdicts[k].visibility is Visibility.FULL for k in anchor if k in verdicts
        ):
            for key in sorted(k for k in anchor if k in verdicts):
                if verdicts[key].visibility is Visibility.HIT:
                    hit = EntityView(RecordKey(*key).shown, "record")
                    hit.hits.append(_hit(key, verdicts[key].reason))
                    views.append(hit)
                    shown.append(str(RecordKey(*key)))
            continue
        for key, verdict in verdicts.items():
            if verdict.visibility is Visibility.FULL:
                view.records.append(_shown(stored[key], verdict.restriction))
            elif verdict.visibility is Visibility.HIT:
                view.hits.append(_hit(key, verdict.reason))
            else:
                continue
            shown.append(str(RecordKey(*key)))
        if view.records or view.hits:
            view.caveats = caveats(view.records)
            views.append(view)
    disclose = purpose.use is Use.DISCLOSE
    audit.append_by(
        workspace,
        caller.user,
        Action.DISCLOSURE if disclose else Action.CONSULTATION,
        purpose=purpose.text,
        case_ref=purpose.case_ref,
        detail={**detail, "use": purpose.use.value, "entities": [v.entity_id for v in views]},
        subjects=shown,
        recipients=[purpose.recipient] if disclose and purpose.recipient else [],
    )
    return views


def _facts(stored: Stored, cases: frozenset[str] | None) -> RecordFacts:
    f = stored.fields
    return RecordFacts(
        source=f["source"],
        handling_scheme=f["handling_scheme"],
        handling_code=f["handling_code"],
        handling_note=f["handling_note"],
        subject_category=f["subject_category"],
        birth_date=stored.birth_date,
        cases=cases or frozenset(),
    )


def _shown(stored: Stored, restriction: str | None) -> dict[str, Any]:
    f = stored.fields
    shown: dict[str, Any] = {
        k: f[k]
        for k in ("source", "record_id", "schema", "caption", "properties", "dataset", "source_ref")
    }
    shown["collected_on"] = _iso(f["collected_on"])
    shown["review_date"] = _iso(f["review_date"])
    shown["handling"] = {
        "scheme": f["handling_scheme"],
        "code": f["handling_code"],
        "note": f["handling_note"],
    }
    shown["grading"] = {
        "scheme": f["grading_scheme"],
        "source": f["grading_source"],
        "info": f["grading_info"],
    }
    shown["subject_category"] = f["subject_category"]
    shown["nature"] = f["nature"]
    if restriction:
        shown["restriction"] = restriction
    return shown


def _hit(key: Key, reason: str) -> dict[str, str]:
    return {
        "owner": key[0],
        "reference": f"{key[0]}:{key[1]}",
        "contact": key[0],
        "why_only_a_hit": reason,
    }


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None
