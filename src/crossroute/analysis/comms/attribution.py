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
- writing habits (character n-grams of what each wrote).
Two handles that wrote to each other are never one person. Links are taken greedily, best first, each
handle with at most one predecessor and one successor (a chain of rotations), and the contact
evidence is recomputed over persons for a few rounds. An analyst's decisions (same / different)
override. Each link keeps its evidence and a confidence."""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from crossroute.analysis.comms.announce import announced_name, is_announcement
from crossroute.analysis.comms.messages import Messages

WINDOW_DAYS = 14.0
MAX_GAP_DAYS = 21.0
MAX_OVERLAP_DAYS = 3.0
ANNOUNCE_DAYS = 3.0
ROUNDS = 3
THRESHOLD = 0.02
# Weights of the evidence (a logistic score); fitted on simulated corpora with truth
# (benchmarks/comms.py), kept as constants so no model travels with the code.
WEIGHTS = {
    "bias": -14.5,
    "contacts_recent": 2.9,
    "contacts_all": 16.7,
    "gap_days": -0.07,
    "overlap_days": -9.0,
    "announced": 0.3,
    "name_same": 3.1,
    "name_other": -5.3,
    "device": 10.0,
    "style": 18.0,
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
class _Handle:
    first: float = math.inf
    last: float = -math.inf
    sent: int = 0
    devices: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    announced: str | None = None


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
    links: dict[tuple[int, int], Link] = {}
    union = _Union(n)
    for _ in range(ROUNDS):
        union, links = _round(messages, info, talked, style, union, same, different)
    clusters = {i: _cluster_id(messages.handles, union, i) for i in range(n)}
    return Attribution(
        {messages.handles[i]: clusters[i] for i in range(n)}, sorted(
            links.values(), key=lambda link: (-link.confidence, link.a)
        )
    )  # fmt: skip


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


def _handle_facts(messages: Messages) -> list[_Handle]:
    facts = [_Handle() for _ in messages.handles]
    for k in range(len(messages)):
        t = float(messages.day[k])
        for h in (int(messages.sender[k]), int(messages.receiver[k])):
            f = facts[h]
            f.first = min(f.first, t)
            f.last = max(f.last, t)
        s = facts[int(messages.sender[k])]
        s.sent += 1
        device = messages.device[k]
        if device:
            s.devices.add(device)
        norm = messages.norm[k]
        if t - s.first <= ANNOUNCE_DAYS and is_announcement(norm):
            s.announced = messages.text[k]
            s.names |= announced_name(norm)
    return facts


def _talked(messages: Messages) -> set[tuple[int, int]]:
    pairs = set(zip(messages.sender.tolist(), messages.receiver.tolist(), strict=True))
    return pairs | {(b, a) for a, b in pairs}


def _style(messages: Messages) -> Any:
    """Each handle's writing habits: character n-grams of what it wrote (case kept), TF-IDF, unit
    rows (a sparse matrix, a row per handle)."""
    texts: list[list[str]] = [[] for _ in messages.handles]
    for k, h in enumerate(messages.sender.tolist()):
        texts[h].append(messages.text[k])
    docs = [" \n ".join(t) for t in texts]
    if not any(docs):
        return csr_matrix((len(docs), 1))
    vectoriser = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 4), lowercase=False, sublinear_tf=True,
        min_df=2, max_features=20000, dtype=np.float32,
    )  # fmt: skip
    try:
        matrix = vectoriser.fit_transform(docs)
    except ValueError:
        return csr_matrix((len(docs), 1))
    return normalize(matrix)


def _contacts(
    messages: Messages, union: _Union, info: list[_Handle]
) -> tuple[list[Counter[int]], list[Counter[int]], list[Counter[int]]]:
    """Per handle: counterparts' persons in its first weeks, in its last weeks, over its life."""
    n = len(messages.handles)
    early: list[Counter[int]] = [Counter() for _ in range(n)]
    late: list[Counter[int]] = [Counter() for _ in range(n)]
    whole: list[Counter[int]] = [Counter() for _ in range(n)]
    roots = [union.find(i) for i in range(n)]
    for k in range(len(messages)):
        t = float(messages.day[k])
        a, b = int(messages.sender[k]), int(messages.receiver[k])
        for h, other in ((a, b), (b, a)):
            person = roots[other]
            whole[h][person] += 1
            if t - info[h].first <= WINDOW_DAYS:
                early[h][person] += 1
            if info[h].last - t <= WINDOW_DAYS:
                late[h][person] += 1
    return early, late, whole


def _cosine(x: Counter[int], y: Counter[int]) -> float:
    if not x or not y:
        return 0.0
    dot = sum(v * y.get(k, 0) for k, v in x.items())
    return dot / math.sqrt(sum(v * v for v in x.values()) * sum(v * v for v in y.values()))


def _jaccard(x: Counter[int], y: Counter[int]) -> float:
    if not x or not y:
        return 0.0
    shared = len(x.keys() & y.keys())
    return shared / len(x.keys() | y.keys())


def features(
    a: int,
    b: int,
    info: list[_Handle],
    contacts: tuple[list[Counter[int]], list[Counter[int]], list[Counter[int]]],
    person_names: dict[int, set[str]],
    root_a: int,
) -> dict[str, float]:
    """The evidence that B (starting) continues A (stopping), as numbers."""
    early, late, whole = contacts
    fa, fb = info[a], info[b]
    names_a = person_names.get(root_a, set())
    return {
        "contacts_recent": _cosine(late[a], early[b]),
        "contacts_all": _jaccard(whole[a], whole[b]),
        "gap_days": max(0.0, fb.first - fa.last),
        "overlap_days": max(0.0, fa.last - fb.first),
        "announced": 1.0 if fb.announced else 0.0,
        "name_same": 1.0 if fb.names and names_a & fb.names else 0.0,
        "name_other": 1.0 if fb.names and names_a and not names_a & fb.names else 0.0,
        "device": 1.0 if fa.devices & fb.devices else 0.0,
    }


def _score(f: dict[str, float]) -> float:
    z = WEIGHTS["bias"] + sum(WEIGHTS[k] * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-z))


def candidates(
    info: list[_Handle], whole: list[Counter[int]], roots: list[int]
) -> list[tuple[int, int]]:
    """Pairs (A stops, B starts about then) that share at least one contact person."""
    by_person: dict[int, set[int]] = defaultdict(set)
    for h, counts in enumerate(whole):
        for person in counts:
            by_person[person].add(h)
    pairs = set()
    for members in by_person.values():
        for a in members:
            for b in members:
                if a == b or roots[a] == roots[b]:
                    continue
                gap = info[b].first - info[a].last
                if -MAX_OVERLAP_DAYS <= gap <= MAX_GAP_DAYS and info[b].first > info[a].first:
                    pairs.add((a, b))
    return sorted(pairs)


def scored_pairs(
    info: list[_Handle],
    contacts: tuple[list[Counter[int]], list[Counter[int]], list[Counter[int]]],
    style: Any,
    person_names: dict[int, set[str]],
    roots: list[int],
    talked: set[tuple[int, int]],
) -> list[tuple[int, int, dict[str, float]]]:
    """Every candidate pair with its evidence (writing habits compared for all pairs at once)."""
    pairs = [(a, b) for a, b in candidates(info, contacts[2], roots) if (a, b) not in talked]
    if not pairs:
        return []
    rows_a = np.fromiter((a for a, _ in pairs), np.int64, len(pairs))
    rows_b = np.fromiter((b for _, b in pairs), np.int64, len(pairs))
    similar = np.asarray(style[rows_a].multiply(style[rows_b]).sum(axis=1)).ravel()
    out = []
    for (a, b), sim in zip(pairs, similar.tolist(), strict=True):
        f = features(a, b, info, contacts, person_names, roots[a])
        f["style"] = float(sim)
        out.append((a, b, f))
    return out


def _round(
    messages: Messages,
    info: list[_Handle],
    talked: set[tuple[int, int]],
    style: Any,
    previous: _Union,
    same: list[tuple[int, int]],
    different: set[tuple[int, int]],
) -> tuple[_Union, dict[tuple[int, int], Link]]:
    n = len(messages.handles)
    contacts = _contacts(messages, previous, info)
    roots = [previous.find(i) for i in range(n)]
    person_names: dict[int, set[str]] = defaultdict(set)
    for i, facts in enumerate(info):
        person_names[roots[i]] |= facts.names
    scored = []
    for a, b, f in scored_pairs(info, contacts, style, person_names, roots, talked):
        p = _score(f)
        if p >= THRESHOLD:
            scored.append((p, a, b, f))
    scored.sort(key=lambda s: -s[0])
    union = _Union(n)
    members: dict[int, set[int]] = {i: {i} for i in range(n)}
    successor: set[int] = set()
    predecessor: set[int] = set()
    links: dict[tuple[int, int], Link] = {}

    def join(a: int, b: int) -> bool:
        ra, rb = union.find(a), union.find(b)
        if ra == rb:
            return False
        ma, mb = members[ra], members[rb]
        if any((x, y) in talked or (x, y) in different for x in ma for y in mb):
            return False
        union.union(ra, rb)
        members[ra] = ma | mb
        return True

    for a, b in same:
        join(a, b)
    for p, a, b, f in scored:
        if a in successor or b in predecessor:
            continue
        if join(a, b):
            successor.add(a)
            predecessor.add(b)
            links[(a, b)] = Link(messages.handles[a], messages.handles[b], round(p, 4),
                                 _evidence(f, info[b]))  # fmt: skip
    return union, links


def _evidence(f: dict[str, float], b: _Handle) -> dict[str, object]:
    shown: dict[str, object] = {k: round(v, 3) for k, v in f.items()}
    if b.announced:
        shown["announcement"] = b.announced
    return shown
