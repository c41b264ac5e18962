"""A seized-communications corpus with its truth: people in criminal cells and ordinary circles, handles
that rotate every few weeks (criminals) or now and then (others), 'new number' announcements (many, or
few for the hard case), phones kept or swapped (and a few resold to someone else), code words per cell
(regular, or changing every month), corrupt insiders, ordinary chatter with look-alikes of criminal talk,
and each person's writing habits.

    from crossroute.simulate.comms import CommsParams, simulate_comms
    simulate_comms(Path("corpus"), CommsParams(seed=7))

Writes OUT/messages.csv (the canonical corpus) and OUT/truth/{handles,messages,people}.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crossroute.simulate import comms_text as words

START = dt.datetime(2026, 1, 1)
HEADER = ("msg_id", "timestamp", "from_handle", "to_handle", "text", "device_id")


@dataclass(frozen=True)
class CommsParams:
    seed: int = 7
    people: int = 400
    days: int = 180
    messages: int = 100_000
    criminal_people: float = 0.3
    criminal_bursts: float = 0.075
    announce: float = 0.9  # share of new handles announced ('few announce': 0.1)
    changing_codes: bool = False  # code words change every month
    keep_device: float = 0.4  # a new handle on the old phone
    resold_device: float = 0.02  # a new phone that was someone else's


@dataclass
class Style:
    lower: bool
    short_you: bool
    ending: str
    signature: str
    emoji: str
    sign_rate: float

    def apply(self, text: str, rng: random.Random) -> str:
        if self.short_you:
            text = text.replace(" you ", " u ").replace(" are ", " r ")
        text = text.lower() if self.lower else text[:1].upper() + text[1:]
        if text[-1:] not in "?!":
            text += self.ending
        if self.signature and rng.random() < self.sign_rate:
            text += f" {self.signature}"
        if self.emoji and rng.random() < self.sign_rate:
            text += self.emoji
        return text


@dataclass
class Person:
    pid: str
    name: str
    criminal: bool
    insider: bool
    cell: int  # -1 for none
    style: Style
    handles: list[tuple[str, float, float, str]] = field(
        default_factory=list
    )  # name, from, to, device

    def handle_at(self, day: float) -> tuple[str, str]:
        for name, start, end, device in self.handles:
            if start <= day < end:
                return name, device
        name, _, _, device = self.handles[-1]
        return name, device


def simulate_comms(out: Path, params: CommsParams) -> dict[str, int]:
    """Write the corpus and its truth; returns counts (people, handles, messages, criminal)."""
    rng = random.Random(params.seed)
    people = _people(params, rng)
    _handles(people, params, rng)
    edges = _edges(people, rng)
    rows, truth = _messages(people, edges, params, rng)
    rows.sort(key=lambda r: r[0])
    out.mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(exist_ok=True)
    with (out / "messages.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        ids = []
        for i, (t, frm, to, text, device, crim) in enumerate(rows):
            msg_id = f"m{i:07d}"
            ids.append((msg_id, crim))
            stamp = (START + dt.timedelta(days=t)).isoformat(timespec="seconds")
            w.writerow((msg_id, stamp, frm, to, text, device))
    _write(out / "truth" / "messages.csv", ("msg_id", "criminal"), ids)
    _write(
        out / "truth" / "handles.csv",
        ("handle", "person_id"),
        [(h[0], p.pid) for p in people for h in p.handles],
    )
    _write(
        out / "truth" / "people.csv",
        ("person_id", "name", "role", "cell"),
        [(p.pid, p.name, _role(p), p.cell) for p in people],
    )
    return {
        "people": len(people),
        "handles": sum(len(p.handles) for p in people),
        "messages": len(rows),
        "criminal": sum(truth),
    }


def _role(p: Person) -> str:
    return "insider" if p.insider else "criminal" if p.criminal else "ordinary"


def _write(path: Path, header: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def _people(params: CommsParams, rng: random.Random) -> list[Person]:
    people = []
    n_crim = int(params.people * params.criminal_people)
    cell, left = 0, rng.randint(4, 9)
    for i in range(params.people):
        criminal = i < n_crim
        if criminal and left == 0:
            cell, left = cell + 1, rng.randint(4, 9)
        style = Style(
            lower=rng.random() < 0.5,
            short_you=rng.random() < 0.3,
            ending=rng.choice(("", "", ".", "..", "!!", " ;)", "...")),
            signature=rng.choice(words.SIGNATURES),
            emoji=rng.choice(words.EMOJI),
            sign_rate=rng.uniform(0.2, 0.7),
        )
        insider = criminal and rng.random() < 0.08
        people.append(
            Person(f"P{i:04d}", rng.choice(words.FIRST_NAMES), criminal, insider,
                   cell if criminal else -1, style)
        )  # fmt: skip
        if criminal:
            left -= 1
    return people


def _handle_name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return (
            f"+{rng.choice(('31', '32', '355', '33', '34', '49'))}6{rng.randint(10**7, 10**8 - 1)}"
        )
    if kind < 0.7:
        return f"{rng.choice(words.CODE_POOL)[:-1]}_{rng.choice(words.FIRST_NAMES).lower()}{rng.randint(1, 99)}"
    return f"sky-{rng.getrandbits(32):08x}"


def _handles(people: list[Person], params: CommsParams, rng: random.Random) -> None:
    used: set[str] = set()
    devices: list[str] = []

    def fresh() -> str:
        name = _handle_name(rng)
        while name in used:
            name = _handle_name(rng)
        used.add(name)
        return name

    def new_device() -> str:
        if devices and rng.random() < params.resold_device:
            return rng.choice(devices)
        device = f"IMEI{rng.getrandbits(48):015d}"[:19]
        devices.append(device)
        return device

    for p in people:
        if p.criminal:
            cuts = []
            t = rng.uniform(5, 40)
            while t < params.days - 5:
                cuts.append(t)
                t += rng.uniform(14, 45)
        else:
            cuts = [rng.uniform(20, params.days - 20)] if rng.random() < 0.35 else []
        bounds = [0.0, *cuts, float(params.days) + 1]
        device = new_device()
        for start, end in itertools.pairwise(bounds):
            if start > 0 and rng.random() >= params.keep_device:
                device = new_device()
            p.handles.append((fresh(), start, end, device))


def _edges(people: list[Person], rng: random.Random) -> list[tuple[Person, Person, bool, float]]:
    """Ties: (a, b, criminal tie, weight). Cells are fully tied; insiders tie to two or three of one
    cell; everyone sits in one or two ordinary circles (criminals too: family, friends)."""
    edges: dict[tuple[str, str], tuple[Person, Person, bool, float]] = {}
    by_cell: dict[int, list[Person]] = {}
    for p in people:
        if p.criminal and not p.insider:
            by_cell.setdefault(p.cell, []).append(p)
    cells = list(by_cell.values())
    for members in cells:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                edges[(a.pid, b.pid)] = (a, b, True, rng.uniform(0.5, 2.0))
    for p in people:
        if p.insider and cells:
            cell = rng.choice(cells)  # the last cell may be smaller than two
            for b in rng.sample(cell, min(2, len(cell))):
                edges[(p.pid, b.pid)] = (p, b, True, rng.uniform(0.5, 1.5))
    for one, next_one in itertools.pairwise(cells):  # bosses talk across cells
        edges[(one[0].pid, next_one[0].pid)] = (one[0], next_one[0], True, 0.7)
    order = people[:]
    rng.shuffle(order)
    for _ in range(2):
        i = 0
        while i < len(order):
            size = rng.randint(4, 10)
            circle = order[i : i + size]
            for j, a in enumerate(circle):
                for b in circle[j + 1 :]:
                    key = (a.pid, b.pid) if a.pid < b.pid else (b.pid, a.pid)
                    if key not in edges and (b.pid, a.pid) not in edges:
                        edges[key] = (a, b, False, rng.uniform(0.2, 1.5))
            i += size
        rng.shuffle(order)
    return list(edges.values())


Row = tuple[float, str, str, str, str, bool]


def _messages(
    people: list[Person],
    edges: list[tuple[Person, Person, bool, float]],
    params: CommsParams,
    rng: random.Random,
) -> tuple[list[Row], list[bool]]:
    rows: list[Row] = []
    crim_edges = [e for e in edges if e[2]]
    crim_w = [e[3] for e in crim_edges]
    all_w = [e[3] for e in edges]
    codes: dict[tuple[int, int], list[str]] = {}

    def code_words(cell: int, day: float) -> list[str]:
        period = int(day // 30) if params.changing_codes else 0
        key = (cell, period)
        if key not in codes:
            codes[key] = rng.sample(words.CODE_POOL, 3)
        return codes[key]

    _announcements(people, edges, params, rng, rows)
    while len(rows) < params.messages:
        criminal = rng.random() < params.criminal_bursts
        a, b, _, _ = rng.choices(crim_edges if criminal else edges, crim_w if criminal else all_w)[
            0
        ]
        t = rng.uniform(0, params.days)
        cell = a.cell if a.cell >= 0 else b.cell
        for k in range(rng.randint(1, 6)):
            sender, receiver = (a, b) if k % 2 == 0 else (b, a)
            t += rng.uniform(0.0005, 0.02)
            if t >= params.days:
                break
            if criminal:
                insider = sender.insider or receiver.insider
                templates = words.INSIDER if insider and rng.random() < 0.6 else words.CRIMINAL
                text = _fill(rng.choice(templates), code_words(cell, t), rng)
            else:
                text = _fill(rng.choice(words.CHATTER), rng.sample(words.CODE_POOL, 1), rng)
            frm, device = sender.handle_at(t)
            to, _ = receiver.handle_at(t)
            rows.append((t, frm, to, sender.style.apply(text, rng), device, criminal))
    return rows, [r[5] for r in rows]


def _announcements(
    people: list[Person],
    edges: list[tuple[Person, Person, bool, float]],
    params: CommsParams,
    rng: random.Random,
    rows: list[Row],
) -> None:
    contacts: dict[str, list[Person]] = {}
    for a, b, _, _ in edges:
        contacts.setdefault(a.pid, []).append(b)
        contacts.setdefault(b.pid, []).append(a)
    for p in people:
        for name, start, _, device in p.handles[1:]:
            if rng.random() >= params.announce:
                continue
            template = rng.choice(words.ANNOUNCE)
            circle = contacts.get(p.pid, [])
            for c in rng.sample(circle, min(len(circle), rng.randint(2, 6))):
                t = start + rng.uniform(0, 0.5)
                to, _ = c.handle_at(t)
                rows.append(
                    (t, name, to, p.style.apply(template.format(name=p.name), rng), device, False)
                )


def _fill(template: str, codes: list[str], rng: random.Random) -> str:
    return template.format(
        code=rng.choice(codes),
        n=rng.randint(2, 400),
        port=rng.choice(words.PORTS),
        day=rng.choice(words.DAYS),
        money=f"{rng.randint(1, 90) * 500} euro",
        box=f"{rng.choice(('MSKU', 'TGHU', 'CMAU', 'MSCU'))}{rng.randint(10**6, 10**7 - 1)}",
        pin=rng.randint(1000, 9999),
    )
