"""Handle attribution: which handles one person used, one after another.

Criminals drop a handle and start the next while keeping their circle. For each handle A that stops
and each handle B that starts at about that time, the evidence an investigator weighs is scored:
- contacts: who A wrote with in its last weeks against who B wrote with in its first (cosine, over
  contacts' persons as attributed so far, so a circle that rotates too still matches), and over
  their whole lives (Jaccard);
- lifetimes: B starts as A stops (a gap of days; any overlap counts against);
- a self-announcement by B in its first days ("new number, it's Ilir"), and the name it gives against
  names A's person gave before;
- a device both used;
- writing habits (how messages start and end: case, punctuation, emoji, signature words, short forms).
Two handles that wrote to each other are never one person. Links are taken greedily, best first, each
handle with at most one predecessor and one successor (a chain of rotations), and the contact
evidence is recomputed over persons for a few rounds. An analyst's decisions (same / different)
override. Each link keeps its evidence and a confidence."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from crossroute.analysis.comms.announce import announced_name, is_announcement
from crossroute.analysis.comms.messages import Messages

WINDOW_DAYS = 14.0
MAX_GAP_DAYS = 21.0
MAX_OVERLAP_DAYS = 3.0
ANNOUNCE_DAYS = 3.0
THRESHOLDS = (0.9, 0.5, 0.1, 0.02)  # a round each: the surest links first, then weaker ones
DENSE_LIMIT = 40_000_000  # handles x handles products held dense up to this many cells
# Weights of the evidence (a logistic score); fitted on simulated corpora with truth
# (benchmarks/comms.py), kept as constants so no model travels with the code.
WEIGHTS = {
    "bias": -15.4,
    "contacts_recent": 5.2,
    "contacts_all": 13.2,
    "gap_days": -0.05,
    "overlap_days": -9.8,
    "announced": 0.6,
    "name_same": 2.4,
    "name_other": -7.4,
    "device": 8.7,
    "style": 17.5,
}


@dataclass
class Link:
    a: str
    b: str
    confidence: float
    evidence: dict[str, object]


@dataclass
class Attribution:
    cluster_of: dict[str, str]  # handle -> person cluster
    links: list[Link] = field(default_factory=list)

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for handle, cluster in self.cluster_of.items():
            out[cluster].append(handle)
        return out


@dataclass
class _Facts:
    """Per handle: first and last day seen, devices (sparse handle x device), names announced,
    its announcement (the first 'new number' message in its first days)."""

    first: npt.NDArray[np.float64]
    last: npt.NDArray[np.float64]
    devices: Any
    names: list[set[str]]
    announcement: list[str | None]
    announced: npt.NDArray[np.bool_]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(b)] = self.find(a)


def attribute(messages: Messages, decisions: Iterable[tuple[str, str, str]] = ()) -> Attribution:
    """Person clusters of every handle in the messages, with the links' evidence."""
    n = len(messages.handles)
    info = _handle_facts(messages)
    talked = _talked(messages)
    style = _style(messages)
    index = {h: i for i, h in enumerate(messages.handles)}
    same, different = _decided(decisions, index)
    chains = _Chains(_Union(n), {i: {i} for i in range(n)})
    forbidden = talked | different
    for x, y in same:  # the analyst's word holds even for handles that wrote to each other
        chains.join(x, y, different)
    for threshold in THRESHOLDS:
        while _round(messages, info, forbidden, style, chains, threshold):
            pass
    clusters = {i: _cluster_id(messages.handles, chains.union, i) for i in range(n)}
    links = sorted(chains.links.values(), key=lambda link: (-link.confidence, link.a))
    return Attribution({messages.handles[i]: clusters[i] for i in range(n)}, links)


def _cluster_id(handles: list[str], union: _Union, i: int) -> str:
    root = handles[union.find(i)]
    return "pc-" + hashlib.sha1(root.encode()).hexdigest()[:10]


def _decided(
    decisions: Iterable[tuple[str, str, str]], index: dict[str, int]
) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    same, different = [], set()
    for a, b, decision in decisions:
        if a not in index or b not in index:
            continue
        pair = (index[a], index[b])
        if decision == "same":
            same.append(pair)
        else:
            different.add(pair)
            different.add(pair[::-1])
    return same, different


def _handle_facts(messages: Messages) -> _Facts:
    n = len(messages.handles)
    both = np.concatenate([messages.sender, messages.receiver])
    days = np.concatenate([messages.day, messages.day])
    first = np.full(n, np.inf)
    last = np.full(n, -np.inf)
    np.minimum.at(first, both, days)
    np.maximum.at(last, both, days)
    announcement: list[str | None] = [None] * n
    names: list[set[str]] = [set() for _ in range(n)]
    early = messages.day - first[messages.sender] <= ANNOUNCE_DAYS
    for k in np.flatnonzero(early).tolist():
        norm = messages.norm[k]
        if is_announcement(norm):
            h = int(messages.sender[k])
            announcement[h] = announcement[h] or messages.text[k]
            names[h] |= announced_name(norm)
    seen = [
        (int(h), d) for h, d in zip(messages.sender.tolist(), messages.device, strict=True) if d
    ]
    device_ids = {d: i for i, d in enumerate(sorted({d for _, d in seen}))}
    pairs = set((h, device_ids[d]) for h, d in seen)
    rows = np.fromiter((h for h, _ in pairs), np.int64, len(pairs))
    cols = np.fromiter((d for _, d in pairs), np.int64, len(pairs))
    devices = csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(n, max(1, len(device_ids))))
    announced = np.array([a is not None for a in announcement], dtype=bool)
    return _Facts(first, last, devices, names, announcement, announced)


def _talked(messages: Messages) -> set[tuple[int, int]]:
    pairs = set(zip(messages.sender.tolist(), messages.receiver.tolist(), strict=True))
    return pairs | {(b, a) for a, b in pairs}


def habits(text: str) -> list[str]:
    """What a message shows of its writer's habits, as tokens: how it starts and ends (case,
    punctuation, emoji, a signature word), its short forms."""
    stripped = text.strip()
    if not stripped:
        return []
    words = stripped.split()
    first = stripped[0]
    tokens = [
        "case:" + ("lower" if first.islower() else "upper" if first.isupper() else "other"),
        "end:" + stripped[-2:],
        "end1:" + stripped[-1],
        "last:" + words[-1],
        "first:" + words[0],
    ]
    tokens += ["short:" + w for w in words if len(w) <= 2 and w.isalpha()]
    tokens += ["mark:" + c for c in stripped if not c.isalnum() and not c.isspace()]
    return tokens


def _style(messages: Messages) -> Any:
    """Each handle's writing habits (habits() of what it wrote), TF-IDF, unit rows (sparse)."""
    docs: list[list[str]] = [[] for _ in messages.handles]
    for k, h in enumerate(messages.sender.tolist()):
        docs[h].extend(habits(messages.text[k]))
    if not any(docs):
        return csr_matrix((len(docs), 1))
    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2, dtype=np.float32)
    try:
        matrix = vectoriser.fit_transform(docs)
    except ValueError:
        return csr_matrix((len(docs), 1))
    return normalize(matrix)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


Contacts = tuple[Any, Any, Any]  # early, late, whole: sparse handle x person counts


def _contacts(messages: Messages, roots: npt.NDArray[np.int64], info: _Facts) -> Contacts:
    """Per handle: counterparts' persons in its first weeks, in its last weeks, over its life."""
    n = len(messages.handles)
    handle = np.concatenate([messages.sender, messages.receiver])
    person = roots[np.concatenate([messages.receiver, messages.sender])]
    day = np.concatenate([messages.day, messages.day])

    def counts(mask: npt.NDArray[np.bool_]) -> Any:
        ones = np.ones(int(mask.sum()))
        return csr_matrix((ones, (handle[mask], person[mask])), shape=(n, n))

    early = counts(day - info.first[handle] <= WINDOW_DAYS)
    late = counts(info.last[handle] - day <= WINDOW_DAYS)
    return early, late, counts(np.ones(len(day), dtype=bool))


def _rowwise(left: Any, right: Any, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> Any:
    """Dot products of rows a of `left` with rows b of `right`, pair by pair (through the full
    product when it fits in memory, which is much faster than gathering rows)."""
    if left.shape[0] * right.shape[0] <= DENSE_LIMIT:
        return np.asarray((left @ right.T).toarray()[a, b]).ravel()
    return np.asarray(left[a].multiply(right[b]).sum(axis=1)).ravel()


def candidates(
    info: _Facts, whole: Any, roots: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs (A stops, B starts about then) that share at least one contact person."""
    binary = (whole > 0).astype(np.float32)
    shared = (binary @ binary.T).tocoo()
    a, b = shared.row.astype(np.int64), shared.col.astype(np.int64)
    gap = info.first[b] - info.last[a]
    keep = (
        (a != b)
        & (roots[a] != roots[b])
        & (gap >= -MAX_OVERLAP_DAYS)
        & (gap <= MAX_GAP_DAYS)
        & (info.first[b] > info.first[a])
    )
    return a[keep], b[keep]


FEATURES = tuple(k for k in WEIGHTS if k != "bias")


def scored_pairs(
    info: _Facts,
    contacts: Contacts,
    style: Any,
    person_names: dict[int, set[str]],
    roots: npt.NDArray[np.int64],
    talked: set[tuple[int, int]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Every candidate pair (a, b) and its evidence, a column per FEATURES name."""
    a, b = candidates(info, contacts[2], roots)
    if len(a):
        keep = np.fromiter(
            ((x, y) not in talked for x, y in zip(a.tolist(), b.tolist(), strict=True)),
            bool,
            len(a),
        )
        a, b = a[keep], b[keep]
    if not len(a):
        return a, b, np.zeros((0, len(FEATURES)))
    early, late, whole = contacts
    binary = (whole > 0).astype(np.float32)
    shared = _rowwise(binary, binary, a, b)
    degree = np.asarray(binary.sum(axis=1)).ravel()
    union = degree[a] + degree[b] - shared
    names_same = np.zeros(len(a))
    names_other = np.zeros(len(a))
    for k, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        said, before = info.names[y], person_names.get(int(roots[x]), set())
        if said and before:
            names_same[k], names_other[k] = (1.0, 0.0) if said & before else (0.0, 1.0)
    columns = {
        "contacts_recent": _rowwise(normalize(late), normalize(early), a, b),
        "contacts_all": np.divide(shared, union, out=np.zeros(len(a)), where=union > 0),
        "gap_days": np.maximum(0.0, info.first[b] - info.last[a]),
        "overlap_days": np.maximum(0.0, info.last[a] - info.first[b]),
        "announced": info.announced[b].astype(np.float64),
        "name_same": names_same,
        "name_other": names_other,
        "device": (_rowwise(info.devices, info.devices, a, b) > 0).astype(np.float64),
        "style": _rowwise(style, style, a, b) if style.shape[1] > 1 else np.zeros(len(a)),
    }
    return a, b, np.column_stack([columns[k] for k in FEATURES])


def _scores(matrix: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    z = WEIGHTS["bias"] + matrix @ np.array([WEIGHTS[k] for k in FEATURES])
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


@dataclass
class _Chains:
    """The links so far: persons (a union), their members, who already has a successor or a
    predecessor, the links' evidence."""

    union: _Union
    members: dict[int, set[int]]
    successor: set[int] = field(default_factory=set)
    predecessor: set[int] = field(default_factory=set)
    links: dict[tuple[int, int], Link] = field(default_factory=dict)

    def join(self, x: int, y: int, forbidden: set[tuple[int, int]]) -> bool:
        rx, ry = self.union.find(x), self.union.find(y)
        if rx == ry:
            return False
        mx, my = self.members[rx], self.members[ry]
        if any((u, v) in forbidden for u in mx for v in my):
            return False
        self.union.union(rx, ry)
        self.members[rx] = mx | my
        return True


def _round(
    messages: Messages,
    info: _Facts,
    forbidden: set[tuple[int, int]],
    style: Any,
    chains: _Chains,
    threshold: float,
) -> int:
    """One round: score the pairs over persons as attributed so far, link the best; returns the
    number of new links."""
    n = len(messages.handles)
    roots = np.fromiter((chains.union.find(i) for i in range(n)), np.int64, n)
    contacts = _contacts(messages, roots, info)
    person_names: dict[int, set[str]] = defaultdict(set)
    for i in range(n):
        person_names[int(roots[i])] |= info.names[i]
    a, b, matrix = scored_pairs(info, contacts, style, person_names, roots, forbidden)
    p = _scores(matrix)
    added = 0
    for k in np.argsort(-p, kind="stable").tolist():
        if p[k] < threshold:
            break
        x, y = int(a[k]), int(b[k])
        if x in chains.successor or y in chains.predecessor:
            continue
        if chains.join(x, y, forbidden):
            chains.successor.add(x)
            chains.predecessor.add(y)
            evidence = dict(zip(FEATURES, matrix[k].tolist(), strict=True))
            chains.links[(x, y)] = Link(
                messages.handles[x], messages.handles[y], round(float(p[k]), 4),
                _evidence(evidence, info.announcement[y]),
            )  # fmt: skip
            added += 1
    return added


def _evidence(f: dict[str, float], announcement: str | None) -> dict[str, object]:
    shown: dict[str, object] = {k: round(v, 3) for k, v in f.items()}
    if announcement:
        shown["announcement"] = announcement
    return shown
