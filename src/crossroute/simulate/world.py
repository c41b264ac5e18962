"""The world the scenario happens in: name pools, countries, places, routes. Loaded from `data/*.yaml`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class NamePool:
    """The names of one origin: canonical Latin forms, with the Arabic-script original where there is one."""

    key: str
    convention: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    middle_male: tuple[str, ...]
    middle_female: tuple[str, ...]
    script: Mapping[str, str]  # canonical -> original script (given and family names alike)


@dataclass(frozen=True, slots=True)
class Origin:
    """A country migrants come from."""

    country: str
    share: float
    pools: tuple[tuple[str, float], ...]
    passport: float
    cities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Country:
    """A country's ISO code and its name in each agency's language."""

    code: str
    names: Mapping[str, str]  # en, fr, fr_m, fr_f, de, de_adj, nl, sq, sq_adj


@dataclass(frozen=True)
class World:
    """Everything static the simulator draws from."""

    pools: Mapping[str, NamePool]
    variants: Mapping[str, Mapping[str, tuple[str, ...]]]
    countries: Mapping[str, Country]
    origins: Mapping[str, Origin]
    places: Mapping[str, Any]
    groups: Mapping[str, Any]  # kinds of organised crime groups (data/groups.yaml)

    def place_list(self, key: str) -> Sequence[Any]:
        """A list from places.yaml, e.g. 'beaches' or 'vans'."""
        found: Sequence[Any] = self.places[key]
        return found

    def cities(self, country: str) -> Sequence[str]:
        """Cities where people of the scenario live in a country."""
        found: Sequence[str] = self.places["cities"].get(country) or self.places["cities"]["GB"]
        return found


def _load(name: str) -> Any:
    text = resources.files("crossroute.simulate").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


def _names(raw: Any) -> tuple[tuple[str, ...], dict[str, str]]:
    """A pool's list of names and, when given as a mapping, their original script."""
    if isinstance(raw, dict):
        return tuple(str(k) for k in raw), {str(k): str(v) for k, v in raw.items()}
    return tuple(str(v) for v in raw or ()), {}


def _pool(key: str, raw: Mapping[str, Any]) -> NamePool:
    male, script_m = _names(raw["male"])
    female, script_f = _names(raw["female"])
    family, script_fam = _names(raw["family"])
    return NamePool(
        key=key,
        convention=str(raw["convention"]),
        male=male,
        female=female,
        family=family,
        middle_male=_names(raw.get("middle_male"))[0],
        middle_female=_names(raw.get("middle_female"))[0],
        script={**script_m, **script_f, **script_fam},
    )


def _origin(code: str, raw: Mapping[str, Any]) -> Origin:
    pools = tuple((str(k), float(v)) for k, v in raw["pools"].items())
    return Origin(code, float(raw["share"]), pools, float(raw["passport"]), tuple(raw["cities"]))


def load_world() -> World:
    """Read the data files (once per simulation; nothing is loaded at import time)."""
    names = _load("names.yaml")
    places = _load("places.yaml")
    countries = _load("countries.yaml")
    variants = {
        str(name): {lang: tuple(str(v) for v in forms) for lang, forms in table.items()}
        for name, table in names["variants"].items()
    }
    return World(
        pools={key: _pool(key, raw) for key, raw in names["pools"].items()},
        variants=variants,
        countries={code: Country(code, dict(raw)) for code, raw in countries.items()},
        origins={code: _origin(code, raw) for code, raw in places["origins"].items()},
        places=places,
        groups=_load("groups.yaml"),
    )
