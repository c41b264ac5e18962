"""Clustering that refuses contradictions.

Plain connected components chain through shared burner phones and common names. Here pairs are taken
strongest first, and two clusters merge only if nothing in them contradicts: two document numbers that
cannot be the same, dates of birth that no slip explains, years of birth more than one apart (a
1 January default or a year alone still gives the year), different sex.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz.distance import DamerauLevenshtein


@dataclass
class Facts:
    """What a record (then a cluster) says that another record could contradict."""

    documents: set[str] = field(default_factory=set)
    birth_dates: set[str] = field(default_factory=set)  # full dates that are not 1 January defaults
    sexes: set[str] = field(default_factory=set)
    # years of birth from any date given: real, a 1 January default or a year alone
    birth_years: set[str] = field(default_factory=set)

    def absorb(self, other: Facts) -> None:
        self.documents |= other.documents
        self.birth_dates |= other.birth_dates
        self.sexes |= other.sexes
        self.birth_years |= other.birth_years

    def copy(self) -> Facts:
        return Facts(
            set(self.documents), set(self.birth_dates), set(self.sexes), set(self.birth_years)
        )


def contradiction(a: Facts, b: Facts) -> str | None:
    """Why two clusters cannot be one person, or None."""
    if a.sexes and b.sexes and not (a.sexes & b.sexes):
        return "different sex"
    if a.documents and b.documents and not _any(a.documents, b.documents, _same_document):
        return "different document numbers"
    if a.birth_dates and b.birth_dates and not _any(a.birth_dates, b.birth_dates, _same_birth):
        return "incompatible dates of birth"
    if a.birth_years and b.birth_years and not _any(a.birth_years, b.birth_years, _same_year):
        return "years of birth too far apart"
    return None


def _any(left: set[str], right: set[str], same: object) -> bool:
    return any(same(x, y) for x in left for y in right)  # type: ignore[operator]


def _same_document(a: str, b: str) -> bool:
    """Equal but for one slip: a wrong, missing, extra or transposed character."""
    return DamerauLevenshtein.distance(a, b) <= 1


def _same_year(a: str, b: str) -> bool:
    """A year off by one, or one slip of a digit. A 1 January default is weak evidence of a match
    (thousands share it), but its year is what the officer knew or estimated: namesakes with dates
    years apart are two people."""
    if DamerauLevenshtein.distance(a, b) <= 1:
        return True
    return a.isdigit() and b.isdigit() and abs(int(a) - int(b)) <= 1


def _same_birth(a: str, b: str) -> bool:
    """Equal, day and month swapped, a year off by one, or one typo."""
    if a == b or DamerauLevenshtein.distance(a, b) <= 1:
        return True
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    return a[4:] == b[4:] and abs(int(a[:4]) - int(b[:4])) == 1


ANALYST_SPLIT = "an analyst split these records"
# A contradiction between a pair's own two records is in the pair's match weight already: the model
# weighed it against the rest. Such a pair may merge if its identity evidence alone (contact details
# left out: cells share burner phones, families share phones and e-mail) still makes it more likely
# than not one person. Contradictions a pair cannot see, which arise only through other records of a
# cluster, always refuse.
CERTAIN = 0.5
# (record, record, match probability[, probability on identity evidence alone])
Pair = tuple[str, str, float] | tuple[str, str, float, float]
_NONE = Facts()


class Clusters:
    """Union-find over record ids that keeps each cluster's facts and the records it must never join."""

    def __init__(self, facts: Mapping[str, Facts], cannot: Iterable[tuple[str, str]] = ()) -> None:
        self.parent: dict[str, str] = {}
        self.facts = {record: f.copy() for record, f in facts.items()}
        self.own = facts
        self.apart: dict[str, set[str]] = {}
        for a, b in cannot:
            self.apart.setdefault(a, set()).add(b)
            self.apart.setdefault(b, set()).add(a)

    def _kept_apart(self, root_a: str, root_b: str) -> bool:
        members_b = (
            {r for r, _ in self.apart.items() if self.find(r) == root_b} if self.apart else set()
        )
        return any(self.find(x) == root_a for r in members_b for x in self.apart[r])

    def find(self, item: str) -> str:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while item != root:
            self.parent[item], item = root, self.parent.get(item, item)
        return root

    def merge(self, a: str, b: str, *, force: bool = False, certain: bool = False) -> str | None:
        """Merge the clusters of a and b unless they contradict or an analyst split them; returns the
        refusal reason. `force` (an analyst's confirmation) skips the contradiction checks; `certain`
        (a pair the model all but knows is one person) overrides a contradiction that the two records
        themselves already show: the model weighed it, and other fields outweighed it."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return None
        facts_a = self.facts.setdefault(root_a, Facts())
        facts_b = self.facts.setdefault(root_b, Facts())
        if self.apart and self._kept_apart(root_a, root_b):
            return ANALYST_SPLIT
        reason = None if force else contradiction(facts_a, facts_b)
        if (
            reason
            and certain
            and reason == contradiction(self.own.get(a, _NONE), self.own.get(b, _NONE))
        ):
            reason = None
        if reason:
            return reason
        if len(facts_a.documents) + len(facts_a.birth_dates) < len(facts_b.documents) + len(
            facts_b.birth_dates
        ):
            root_a, root_b, facts_a, facts_b = root_b, root_a, facts_b, facts_a
        self.parent[root_b] = root_a
        facts_a.absorb(facts_b)
        del self.facts[root_b]
        return None


def cluster(
    records: Iterable[str],
    pairs: Iterable[Pair],
    facts: Mapping[str, Facts],
    threshold: float,
    *,
    must: Iterable[tuple[str, str]] = (),
    cannot: Iterable[tuple[str, str]] = (),
    previous: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Record -> entity id, and the refused pairs with their reason. Pairs are (a, b, probability)
    or (a, b, probability, probability on identity evidence alone), the latter deciding `certain`;
    taken strongest first, equally strong ones by record id (whatever order an engine gave them in).
    Analysts' confirmations (`must`) are merged first; their splits (`cannot`) are never merged.
    `previous` (record -> entity id of the last run) keeps entity ids stable."""
    previous = previous or {}
    clusters = Clusters(facts, cannot)
    refused: dict[tuple[str, str], str] = {}
    for a, b in must:
        clusters.merge(a, b, force=True)
    for a, b, probability, *identity in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if probability < threshold:
            break
        reason = clusters.merge(a, b, certain=(identity or [probability])[0] >= CERTAIN)
        if reason:
            refused[(a, b)] = reason
    members: dict[str, list[str]] = {}
    for record in records:
        members.setdefault(clusters.find(record), []).append(record)
    return assign_ids(list(members.values()), previous), refused


def assign_ids(groups: list[list[str]], previous: Mapping[str, str]) -> dict[str, str]:
    """Entity ids that survive re-runs: a cluster keeps the id most of its records had before (the
    bigger cluster wins when one entity splits); a new cluster gets an id from one of its records."""
    chosen: dict[int, str] = {}
    taken = set(previous.values())
    claimed: set[str] = set()
    order = sorted(range(len(groups)), key=lambda i: -len(groups[i]))
    for index in order:
        earlier = Counter(previous[r] for r in groups[index] if r in previous)
        ranked = sorted(earlier.items(), key=lambda item: (-item[1], item[0]))
        keep = next((entity for entity, _ in ranked if entity not in claimed), None)
        if keep:
            chosen[index] = keep
            claimed.add(keep)
    entity_of: dict[str, str] = {}
    for index, group in enumerate(groups):
        entity = chosen.get(index) or _fresh_id(sorted(group), taken, claimed)
        claimed.add(entity)
        entity_of.update(dict.fromkeys(group, entity))
    return entity_of


def _fresh_id(members: list[str], *taken: set[str]) -> str:
    """An id from the first member whose id is in none of the `taken` sets; from a member and a
    counter if none is. (The sets are not joined: at a million entities a union per new cluster was
    quadratic.)"""

    def free(candidate: str) -> bool:
        return not any(candidate in ids for ids in taken)

    for member in members:
        candidate = entity_id(member)
        if free(candidate):
            return candidate
    counter = 2
    while not free(candidate := entity_id(f"{members[0]}#{counter}")):
        counter += 1
    return candidate


def entity_id(anchor: str) -> str:
    """A stable id from a cluster's first record: the same while that record stays in the cluster."""
    return "P-" + hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:12]
