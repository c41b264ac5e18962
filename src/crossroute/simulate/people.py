"""True people: names drawn from their origin's pool, birth dates, papers, phones and addresses."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from anyascii import anyascii

from crossroute.simulate.identifiers import passport
from crossroute.simulate.phones import Phone, PhoneFactory
from crossroute.simulate.world import NamePool, World

MIGRANT = "migrant"
HANDLE_WORDS = (
    "safe_trip",
    "uk_travel",
    "europe_way",
    "road_to_uk",
    "boat_uk",
    "travel_agency",
    "visa_help",
    "germany_uk",
    "calais_trip",
    "london_way",
)
EMAIL_DOMAINS = (
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "yahoo.com",
    "icloud.com",
    "protonmail.com",
)


@dataclass(slots=True)
class Person:
    """One real person of the scenario (the ground truth every agency's records are noisy views of)."""

    id: str
    pool: NamePool
    given: str
    family: str
    father: str
    middle: str
    sex: str  # male | female
    birth: date
    nationality: str  # ISO 3166 alpha-2
    birthplace: str
    role: str
    migrant: bool = False
    group_id: str | None = None
    passport: str | None = None
    phones: list[Phone] = field(default_factory=list)
    email: str | None = None
    handle: str | None = None  # social-media handle (recruiters advertise crossings)
    addresses: dict[str, tuple[str, str]] = field(default_factory=dict)  # country -> (street, city)
    records: dict[str, list[str]] = field(default_factory=dict)  # agency -> record ids
    job: str | None = None  # port staff: "job, employer" (simulate/port_staff.py)

    def script(self, name: str) -> str | None:
        """A name of this person in its original script, if the pool has one."""
        return self.pool.script.get(name)


@dataclass
class PersonFactory:
    """Makes people with realistic names, ages and papers; ids are P0000001, P0000002, ..."""

    world: World
    rng: random.Random
    phones: PhoneFactory
    count: int = 0

    def person(
        self,
        pool_key: str,
        nationality: str,
        role: str,
        *,
        sex: str | None = None,
        age: tuple[int, int] = (18, 45),
        group_id: str | None = None,
        migrant: bool = False,
    ) -> Person:
        """A new person of a pool; `age` is the range of ages in 2025."""
        pool = self.world.pools[pool_key]
        rng = self.rng
        sex = sex or ("male" if rng.random() < 0.85 else "female")
        self.count += 1
        middles = pool.middle_male if sex == "male" else pool.middle_female
        return Person(
            id=f"P{self.count:07d}",
            pool=pool,
            given=rng.choice(pool.male if sex == "male" else pool.female),
            family=rng.choice(pool.family),
            father=rng.choice(pool.male),
            middle=rng.choice(middles) if middles else "",
            sex=sex,
            birth=self.birth_date(age),
            nationality=nationality,
            birthplace=self._birthplace(nationality),
            role=role,
            migrant=migrant,
            group_id=group_id,
        )

    def birth_date(self, age: tuple[int, int]) -> date:
        """A birth date for someone aged within `age` in mid-2025."""
        days = self.rng.randint(age[0] * 365, age[1] * 365 + 364)
        return date(2025, 6, 30) - timedelta(days=days)

    def _birthplace(self, country: str) -> str:
        origin = self.world.origins.get(country)
        return self.rng.choice(origin.cities if origin else self.world.cities(country))

    def relative(
        self, head: Person, sex: str, age: tuple[int, int], *, same_family: bool
    ) -> Person:
        """A family member travelling with `head`: same phone and address; children share the family name."""
        other = self.person(
            head.pool.key, head.nationality, head.role, sex=sex, age=age, migrant=head.migrant
        )
        if same_family:
            other.family = head.family
            other.father = head.given if age[1] < 18 else other.father
        other.phones = head.phones
        other.addresses = head.addresses
        other.birthplace = head.birthplace
        return other

    def namesake(self, other: Person, role: str, group_id: str | None) -> Person:
        """A different person with the same name and a close birth year."""
        twin = self.person(
            other.pool.key, other.nationality, role, sex=other.sex, group_id=group_id
        )
        twin.given, twin.family = other.given, other.family
        shift = self.rng.randint(-2, 2) * 365 + self.rng.randint(-150, 150)
        twin.birth = other.birth + timedelta(days=shift)
        return twin

    def give_passport(self, person: Person, country: str) -> None:
        layout = self.world.places["passports"].get(country)
        if layout:
            person.passport = passport(self.rng, str(layout))

    def give_phone(self, person: Person, region: str) -> Phone:
        phone = self.phones.new(region)
        person.phones.append(phone)
        return phone

    def give_email(self, person: Person) -> None:
        rng = self.rng
        base = anyascii(f"{person.given}.{person.family}").lower().replace(" ", "").replace("'", "")
        person.email = f"{base}{rng.randint(1, 999)}@{rng.choice(EMAIL_DOMAINS)}"

    def give_handle(self, person: Person) -> None:
        rng = self.rng
        base = anyascii(person.given).lower().replace(" ", "")
        person.handle = f"{base}_{rng.choice(HANDLE_WORDS)}{rng.randint(1, 99)}"

    def give_address(self, person: Person, country: str) -> tuple[str, str]:
        rng = self.rng
        street = rng.choice(
            self.world.places["streets"].get(country) or self.world.places["streets"]["GB"]
        )
        city = rng.choice(self.world.cities(country))
        number = rng.randint(1, 180)
        text = f"{number} {street}" if country in ("GB", "FR") else f"{street} {number}"
        person.addresses[country] = (text, city)
        return person.addresses[country]
