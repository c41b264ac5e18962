"""The adversarial case of issue 19, loaded through the real ingest and resolved once per module.

UK-NCA holds "Velimir KASTRATIX" (TLP:RED, e-mail velimir@example.org, nationality MNE), loaded first;
FR-OCRIEST holds "Velimir KASTRATI" (SIENA H0, no e-mail) for the same person, and an analyst's
confirmation makes them one entity. UK-NCA also holds an informant, a victim, a minor and a TLP:
AMBER+STRICT person, a RED crossing from a place only it names, and RED calls tying Velimir to the
informant. FR-OCRIEST has a small visible network around its Velimir (calls, a crossing, a shared
phone). An FR-OCRIEST analyst asks; `HIDDEN` is every value only a record hidden from that analyst
holds, and must appear in nothing the analyst is shown or given."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from crossroute.cli.app import app
from crossroute.ingest.loader import ingest_file
from crossroute.resolve.decisions import decide
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import users

UK, FR = "UK-NCA", "FR-OCRIEST"
ANALYST, OWNER, ADMIN = "fanny", "ursula", "root"
PURPOSE = "OP-ADV: who organises the crossings"


def person(
    rid: str, name: str, handling: str, *, category: str = "suspect", **props: str
) -> dict[str, Any]:
    first, last = name.split(" ", 1)
    properties = {"name": [name], "firstName": [first], "lastName": [last]}
    properties.update({k: [v] for k, v in props.items()})
    properties.setdefault("birthDate", ["1979-04-02"])
    return {"record_id": rid, "schema": "Person", "properties": properties, "handling": handling,
            "grading": "B2", "subject_category": category}  # fmt: skip


def link(rid: str, schema: str, handling: str, **props: str | list[str]) -> dict[str, Any]:
    properties = {k: v if isinstance(v, list) else [v] for k, v in props.items()}
    return {"record_id": rid, "schema": schema, "properties": properties, "handling": handling,
            "grading": "B2"}  # fmt: skip


UK_RED = [
    person("UKRED-VK1", "Velimir KASTRATIX", "TLP:RED", email="velimir@example.org",
           nationality="MNE", phone="+447700900555"),
]  # fmt: skip
UK_OTHERS = [
    person("UKINF-7", "Nadia INFORMANTOVA", "P", category="informant", phone="+447700900777"),
    person("UKVIC-3", "Ilir VICTIMOVIC", "P", category="victim"),
    person("UKMIN-2", "Arben MINORIKAJ", "P", birthDate="2014-05-05"),
    person("UKAMB-4", "Dritan STRICTOVSKI", "TLP:AMBER+STRICT", email="dritan@example.org",
           nationality="SRB"),
    link("UKCALL-91", "Call", "TLP:RED", caller="UKRED-VK1", receiver="UKINF-7", date="2025-05-01"),
    link("UKCALL-92", "Call", "TLP:RED", caller="UKRED-VK1", receiver="UKINF-7", date="2025-05-03"),
    link("UKCROSS-5", "Crossing", "TLP:RED", organiser="UKRED-VK1", participant="UKMIN-2",
         date="2025-05-20", departurePlace="Hardelot", arrivalPlace="Dover"),
    link("UKASSOC-6", "Associate", "TLP:AMBER+STRICT", person="UKAMB-4", associate="UKVIC-3"),
    person("UKOK-1", "Boris VIDLJIVIC", "P", birthDate="1970-07-07"),  # visible to FR, tied to
    link("UKCALL-93", "Call", "TLP:RED", caller="UKRED-VK1", receiver="UKOK-1", date="2025-05-04"),
]  # fmt: skip  # Velimir only by this RED call
FR_RECORDS = [
    person("FR-VK", "Velimir KASTRATI", "H0", nationality="ALB", phone="+33612345678"),
    person("FR-MD", "Marc DUPONTEL", "H0", nationality="FRA", phone="+33611111111",
           birthDate="1985-01-01"),
    person("FR-JL", "Jules LEBRETON", "H0", nationality="FRA", birthDate="1990-02-02"),
    person("FR-AK", "Anton KRASNIQI", "H0", nationality="ALB", birthDate="1982-03-03",
           phone="+33622222222"),
    link("FRCALL-1", "Call", "H0", caller="FR-VK", receiver="FR-MD", date="2025-06-01"),
    link("FRCALL-2", "Call", "H0", caller="FR-MD", receiver="FR-JL", date="2025-06-02"),
    link("FRCALL-3", "Call", "H0", caller="FR-JL", receiver="FR-AK", date="2025-06-03"),
    link("FRCALL-4", "Call", "H0", caller="FR-AK", receiver="FR-VK", date="2025-06-04"),
    link("FRCALL-5", "Call", "H0", caller="FR-VK", receiver="FR-JL", date="2025-06-05"),
    link("FRCROSS-1", "Crossing", "H0", organiser="FR-VK", pilot="FR-AK", date="2025-06-10",
         departurePlace="Gravelines", arrivalPlace="Dover"),
    link("FRPAY-1", "Payment", "H0", payer="FR-MD", beneficiary="FR-VK", amount="1500",
         currency="EUR", date="2025-06-08"),
]  # fmt: skip

# Values only records hidden from the FR analyst hold (as words of output).
HIDDEN = (
    "KASTRATIX", "velimir@example.org", "UKRED-VK1", "+447700900555", "447700900555",
    "INFORMANTOVA", "UKINF-7", "+447700900777", "VICTIMOVIC", "UKVIC-3", "MINORIKAJ",
    "STRICTOVSKI", "dritan@example.org", "UKCALL-91", "UKCALL-92", "UKCROSS-5", "Hardelot",
    "UKASSOC-6", "UKCALL-93", "MNE", "SRB",
)  # fmt: skip


@dataclass
class Case:
    path: Path
    entity: str  # the merged Velimir entity (visible to FR through its own record)
    informant: str  # the informant's entity id (hidden from FR)
    minor: str
    boris: str  # visible to FR, tied to Velimir only by a hidden call
    token: str  # the FR analyst's API token
    owner_token: str
    admin_token: str


def _write(folder: Path, name: str, source: str, rows: list[dict[str, Any]]) -> Path:
    path = folder / name  # a JSON array: a one-line JSON lines file is refused today (issue 19)
    path.write_text(json.dumps([{**r, "source": source} for r in rows]), encoding="utf-8")
    return path


def build(root: Path) -> Case:
    """Load (RED first), confirm the two Velimirs are one, resolve, and make the accounts."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "ws"
    with Workspace.create(path) as ws:
        for name, source, rows in (
            ("uk-red.json", UK, UK_RED),
            ("uk.json", UK, UK_OTHERS),
            ("fr.json", FR, FR_RECORDS),
        ):
            report = ingest_file(ws, _write(root, name, source, rows))
            assert report.quarantined == 0, report
        users(ws, (ANALYST, FR, Role.ANALYST), (OWNER, UK, Role.ANALYST))
        decide(ws, "confirm", f"{UK}|UKRED-VK1", f"{FR}|FR-VK", OWNER, "same person, same birth")
    done = CliRunner().invoke(app, ["resolve", str(path)])
    assert done.exit_code == 0, done.output
    with Workspace.open(path) as ws:
        entity_of = dict(
            ((s, r), e) for s, r, e in ws.rows("SELECT source, record_id, entity_id FROM clusters")
        )
        assert entity_of[(UK, "UKRED-VK1")] == entity_of[(FR, "FR-VK")], "the Velimirs are one"
        tokens = [
            issue_token(ws, get_user(ws, name), name, days=1)[1] for name in (ANALYST, OWNER, ADMIN)
        ]
    return Case(
        path, entity_of[(FR, "FR-VK")], entity_of[(UK, "UKINF-7")], entity_of[(UK, "UKMIN-2")],
        entity_of[(UK, "UKOK-1")], *tokens,
    )  # fmt: skip
