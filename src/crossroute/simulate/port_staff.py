"""Port staff: the cocaine groups' port insiders given real jobs (customs officer, dock worker, port
police) at real-sounding employers, paid bribes by the group (its money handlers, or the directors of
its front importers), and among them many honest colleagues with the same jobs and employers: most with
no tie to any network, some namesakes of an insider (same name, another birth date), and a few with a
few calls with a group member (a neighbour, a relative) but no payment and no seizure. Every staff
member is in Belgian Customs' register of screened port staff (an insider 85% of the time)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from crossroute.simulate.events import Call, Payment
from crossroute.simulate.network import Counter, Group
from crossroute.simulate.people import Person, PersonFactory

# (job as Belgian Customs writes it, employer, kind, weight)
JOBS: tuple[tuple[str, str, str, float], ...] = (
    ("douanier", "Douane Antwerpen", "customs", 3.0),
    ("controleur douane", "Douane Antwerpen", "customs", 1.0),
    ("havenarbeider", "PSA Antwerp terminal", "dock", 3.0),
    ("havenarbeider", "MPET terminal", "dock", 2.0),
    ("kraanman", "DP World terminal Antwerpen", "dock", 1.0),
    ("straddle carrier chauffeur", "PSA Antwerp terminal", "dock", 1.0),
    ("inspecteur havenpolitie", "Scheepvaartpolitie Antwerpen", "police", 1.5),
)
HONEST_PER_INSIDER = 5
MIN_HONEST = 25
NAMESAKES = 2
CALLERS = 0.2  # honest staff who call a group member (two to four calls)
REGISTERED = 0.85
POOLS = (("dutch", "BE", 3.0), ("moroccan", "BE", 1.5), ("dutch", "NL", 1.0))


def job_text(job: tuple[str, str, str, float]) -> str:
    return f"{job[0]}, {job[1]}"


@dataclass
class PortStaff:
    rng: random.Random
    people: PersonFactory
    ids: Counter
    jobs: dict[str, str] = field(default_factory=dict)  # person id -> job text

    def job(self) -> tuple[str, str, str, float]:
        return self.rng.choices(JOBS, weights=[j[3] for j in JOBS])[0]

    def insiders(self, groups: list[Group]) -> list[Person]:
        found = [p for g in groups if g.kind == "drugs" for p in g.role("port_insider")]
        for person in found:
            self.jobs[person.id] = job_text(self.job())
        return found

    def honest(self, insiders: list[Person]) -> list[Person]:
        rng = self.rng
        out = []
        for _ in range(max(MIN_HONEST, HONEST_PER_INSIDER * len(insiders))):
            pool, country, _ = rng.choices(POOLS, weights=[p[2] for p in POOLS])[0]
            person = self.people.person(pool, country, "port_staff", age=(21, 63))
            person.addresses[country] = ("", "Antwerpen" if country == "BE" else "Rotterdam")
            person.phones.append(self.people.phones.new(country))
            out.append(person)
        for insider in rng.sample(insiders, min(NAMESAKES, len(insiders))):
            out.append(self.people.namesake(insider, "port_staff", None))
        for person in out:
            self.jobs[person.id] = job_text(self.job())
        return out

    def bribes(self, insider: Person, group: Group, day: date) -> list[Payment]:
        """One to three payments into the insider's hands from the group."""
        rng = self.rng
        directors = [c.director for c in group.companies if c.director]
        payers = [a for a in group.accounts]
        out = []
        for _ in range(rng.randint(1, 3)):
            account = rng.choice(payers) if payers else None
            payer = (
                rng.choice(directors)
                if directors and (account is None or rng.random() < 0.4)
                else (account.holder if account else None)
            )
            if payer is None:
                continue
            out.append(
                Payment(
                    self.ids.next("M"),
                    day + timedelta(days=rng.randint(-20, 20)),
                    payer,
                    insider,
                    account if account and account.holder is payer else None,
                    None,
                    rng.randrange(5000, 150000, 500),
                    "EUR",
                    "cash" if rng.random() < 0.5 else "transfer",
                    rng.choice(("consultancy", "loan", "car", "invoice 2291", "gift")),
                )
            )
        return out

    def calls(self, honest: list[Person], groups: list[Group], day: date) -> list[Call]:
        """A few honest staff call a group member they happen to know (no payment, no seizure)."""
        rng = self.rng
        members = [p for g in groups for p in g.members if p.phones]
        out = []
        for person in honest:
            if not members or rng.random() >= CALLERS:
                continue
            if not person.phones:
                person.phones.append(self.people.phones.new("BE"))
            other = rng.choice(members)
            for _ in range(rng.randint(2, 4)):
                out.append(
                    Call(
                        self.ids.next("C"), day + timedelta(days=rng.randint(0, 300)), person,
                        other, person.phones[0], rng.choice(other.phones), rng.randint(20, 400),
                    )
                )  # fmt: skip
        return out
