"""Frequency attacks on published encodings: how many names would an outsider re-identify?

The attacker holds the published filters (not the secret), knows how they are made (the spec and the
segment layout are public) and holds a public-like list of names with their frequencies. Two attacks:
- `frequency_attack`: equal filters (or equal name segments) are grouped, groups ranked by size and
  matched rank for rank with the most frequent names (Kuzu et al.'s frequency alignment);
- `cluster_frequency_attack`: the same on groups of *similar* filters (Dice at or above a threshold,
  single linkage), which also catches records of one name that differ in their date of birth.
A record counts as re-identified when the name its group is given is one of its own names (the name
as written in it, or the person's true name). The share is over all attacked records.
- `pattern_mining_attack`: bit positions that are always set together are a name part's pattern;
  patterns ranked by frequency are given the most frequent name parts (below).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from crossroute.federation.matcher import Words, candidate_pairs


def frequency_attack(filters: Words, names: Sequence[set[str]], public: Counter[str]) -> float:
    """Share re-identified by aligning groups of identical filters with the most frequent names."""
    _, groups = np.unique(filters, axis=0, return_inverse=True)
    return _aligned_share(groups.ravel(), names, public)


def cluster_frequency_attack(
    filters: Words, names: Sequence[set[str]], public: Counter[str], threshold: float
) -> float:
    """Share re-identified by aligning clusters of similar filters with the most frequent names."""
    found = candidate_pairs(filters, filters, threshold)
    return _aligned_share(_components(len(filters), found.query, found.base), names, public)


def _components(
    size: int, left: npt.NDArray[np.intp], right: npt.NDArray[np.intp]
) -> npt.NDArray[np.intp]:
    parent = np.arange(size)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([root(i) for i in range(size)], dtype=np.intp)


def _aligned_share(
    groups: npt.NDArray[np.intp], names: Sequence[set[str]], public: Counter[str]
) -> float:
    """Groups by size (largest first, ties by first record) given names by frequency, rank for rank."""
    if len(groups) == 0:
        return 0.0
    sizes = Counter(groups.tolist())
    first = {g: i for i, g in reversed(list(enumerate(groups.tolist())))}
    ranked = sorted(sizes, key=lambda g: (-sizes[g], first[g]))
    guesses = dict(zip(ranked, (name for name, _ in public.most_common()), strict=False))
    hits = sum(1 for g, own in zip(groups.tolist(), names, strict=True) if guesses.get(g) in own)
    return hits / len(groups)


def pattern_mining_attack(
    bits: npt.NDArray[np.bool_],
    names: Sequence[set[str]],
    public: Counter[str],
    items: Callable[[str], tuple[str, ...]],
    min_size: int,
    seeds: int = 512,
) -> float:
    """Pattern mining on bit positions (after Christen et al. 2018), on unpacked name segments.

    An item hashed into a plain Bloom filter always sets the same positions, so they are set together
    in every filter holding it. From each of the `seeds` most frequent positions, positions are added
    greedily, each the one most often set in the filters holding all positions so far; when the number
    of such filters stops falling, the item's rows are isolated and the path is its pattern. Patterns
    of at least the size the attacker expects (the spec is public: `min_size`, the positions of one
    name part's skeleton) are ranked by frequency and given the public list's most frequent items
    (`items(name)`, e.g. name-part skeletons), rank for rank. A filter is then guessed to be the most
    frequent public name whose items are exactly the ones found in it; the share of records whose
    guess is one of their own names is returned.
    """
    patterns = {
        pattern: support
        for pattern, support in _patterns(bits, seeds).items()
        if len(pattern) >= min_size
    }
    ranked = sorted(patterns, key=lambda p: (-patterns[p], p))
    frequency: Counter[str] = Counter()
    by_items: dict[tuple[str, ...], str] = {}
    for name, count in public.most_common():
        found = tuple(sorted(set(items(name))))
        frequency.update(dict.fromkeys(found, count))
        by_items.setdefault(found, name)
    guesses = dict(zip(ranked, (item for item, _ in frequency.most_common()), strict=False))
    if not guesses:
        return 0.0
    labels = list(guesses.values())
    held = np.column_stack([bits[:, list(pattern)].all(axis=1) for pattern in guesses])
    hits = 0
    for row, own in zip(held, names, strict=True):
        found = tuple(sorted({labels[j] for j in np.flatnonzero(row).tolist()}))
        hits += by_items.get(found) in own
    return hits / len(bits)


def _patterns(
    bits: npt.NDArray[np.bool_], seeds: int, steps: int = 48, common: float = 0.4
) -> dict[tuple[int, ...], int]:
    """Greedy co-occurrence paths from the most frequent positions; pattern -> rows holding it.
    Positions set in more than `common` of all filters (sex, the commonest bigrams) are noise here."""
    counts = bits.sum(axis=0)
    usable = counts < common * len(bits)
    found: dict[tuple[int, ...], int] = {}
    covered: set[int] = set()
    for seed in [p for p in np.argsort(-counts).tolist() if usable[p]][:seeds]:
        if seed in covered:
            continue
        rows, path = np.flatnonzero(bits[:, seed]), [seed]
        supports = [len(rows)]
        for _ in range(steps):
            together = bits[rows].sum(axis=0)
            together[~usable] = -1
            together[path] = -1
            best = int(np.argmax(together))
            path.append(best)
            rows = rows[bits[rows, best]]
            supports.append(len(rows))
        end = _stable_run_end(supports)
        if end:
            pattern = tuple(sorted(path[:end]))
            found[pattern] = supports[end - 1]
            covered.update(pattern)
    return found


def _stable_run_end(supports: list[int], keep: float = 0.9) -> int:
    """Length of the path up to the end of its first stable run (support falling by < 10% a step)."""
    stable = False
    for j in range(1, len(supports)):
        steady = supports[j] >= keep * supports[j - 1] and supports[j] > 0
        if steady:
            stable = True
        elif stable:
            return j
    return 0
