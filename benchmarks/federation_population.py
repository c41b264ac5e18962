"""A population with realistic name frequencies, to attack: the simulator's scenario draws names
uniformly from its pools, so full names are nearly unique and frequency attacks have nothing to align.
Real names are not like that: a few given names and family names carry a large share of a population
(Muhammad, Ahmed, Hussein; Hoxha, Shehu), which is what a frequency attack feeds on.

Here origins and their name pools come from the simulator's world (same shares), and within a pool
the r-th name (pools list the commonest first) is drawn with weight 1 / r^s (Zipf; s near 1 matches
given- and family-name counts in census data). Two draws with different seeds give the attacked
population and the attacker's public frequency list."""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass

from crossroute.federation.tokens import PersonValues
from crossroute.simulate.world import load_world

ZIPF_S = 1.0


@dataclass(frozen=True)
class Drawn:
    given: str
    family: str
    values: PersonValues

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


def draw_population(size: int, seed: int, s: float = ZIPF_S) -> list[Drawn]:
    """`size` persons: origin by the world's shares, names Zipf-distributed within their pools,
    sex even, born 1960-2007 on any day."""
    rng = random.Random(seed)
    world = load_world()
    origins = list(world.origins.values())
    shares = list(itertools.accumulate(o.share for o in origins))
    zipf = functools.cache(
        lambda names: list(itertools.accumulate(1 / (rank**s) for rank in range(1, len(names) + 1)))
    )
    people = []
    for _ in range(size):
        origin = rng.choices(origins, cum_weights=shares)[0]
        pool_key = rng.choices([k for k, _ in origin.pools], weights=[w for _, w in origin.pools])[
            0
        ]
        pool = world.pools[pool_key]
        sex = rng.choice(("male", "female"))
        givens = pool.male if sex == "male" else pool.female
        given = rng.choices(givens, cum_weights=zipf(givens))[0]
        family = rng.choices(pool.family, cum_weights=zipf(pool.family))[0]
        born = f"{rng.randint(1960, 2007)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        people.append(Drawn(given, family, PersonValues(f"{given} {family}", born, sex[0].upper())))
    return people
