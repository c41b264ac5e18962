"""Parties and consignments of declarations become records that load like any agency's file and meet
the other agencies' records in the entity graph."""

import json
from pathlib import Path

from crossroute.analysis.network import entities
from crossroute.sharing.audit import entries
from crossroute.store import Workspace
from tests.conftest import run_cli
from tests.ports.conftest import write_csv

CANONICAL = ["declaration_id", "date", "office", "declarant", "importer", "seller", "hs6", "origin",
             "departure", "net_mass", "item_price", "container", "inspection_outcome", "fraud",
             "critical_fraud"]  # fmt: skip
SEIZED = ["Z1", "2020-03-02", "BEANR", "DEC7", "BE0456123789", "S9", "090111", "EC", "EC", "900",
          "1200", "CSQU3054383", "seized: 40 kg cocaine", "1", "2"]  # fmt: skip
POLICE = {
    "record_id": "ORG-1",
    "schema": "Organization",
    "properties": {"name": ["Fruit Import BV"], "registrationNumber": ["BE0456123789"]},
}


def test_parties_and_seizures_load_as_records_and_meet_other_agencies_companies(
    customs_files: tuple[Path, Path], tmp_path: Path
) -> None:
    ws_path = tmp_path / "ws"
    seized = write_csv(tmp_path / "seized.csv", CANONICAL, [SEIZED])
    run_cli("ports", "train", ws_path, "--declarations", customs_files[0], "--declarations", seized)
    out = tmp_path / "records.jsonl"
    done = run_cli("ports", "records", ws_path, "--out", out)
    assert "Next: crossroute ingest" in done.stdout
    records = {r["record_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    importer = records["party:BE0456123789"]
    assert importer["schema"] == "Organization"
    assert importer["properties"]["registrationNumber"] == ["BE0456123789"]
    assert importer["properties"]["notes"] == ["named in customs declarations as importer (1)"]
    shipment = records["declaration:Z1"]["properties"]
    assert shipment["consignee"] == ["party:BE0456123789"] and shipment["shipper"] == ["party:S9"]
    assert shipment["declarant"] == ["party:DEC7"]
    assert shipment["container"] == ["container:CSQU3054383"]
    assert records["seizure:Z1"]["properties"]["container"] == ["container:CSQU3054383"]
    kinds = {r["schema"] for r in records.values()}
    assert kinds == {"Organization", "Shipment", "Container", "Seizure"}
    clean = [r for r in records.values() if r["schema"] == "Shipment"]
    assert all("customs finding" in r["properties"]["cargo"][0] for r in clean), "hits only"

    police = tmp_path / "police.jsonl"
    police.write_text(json.dumps(POLICE) + "\n")
    run_cli("ingest", ws_path, out, "--agency", "BE-CUSTOMS", "--handling", "H2")
    run_cli("ingest", ws_path, police, "--agency", "BE-FJP", "--handling", "H2")
    with Workspace.open(ws_path) as ws:
        graph = entities.build(ws)
        logged = [e.action for e in entries(ws)]
    (company,) = [n for n, name in enumerate(graph.ids) if name.endswith(":BE0456123789")]
    assert set(graph.records[company]) == {("BE-CUSTOMS", "party:BE0456123789"),
                                           ("BE-FJP", "ORG-1")}  # fmt: skip
    shipment_node = graph.find("Shipment:BE-CUSTOMS|declaration:Z1")
    assert shipment_node is not None
    pair = (min(company, shipment_node), max(company, shipment_node))
    ties = {graph.evidence[i].kind for i in graph.evidence_between()[pair]}
    assert ties == {"consignee"}
    assert "disclosure" in logged, "writing the records out is logged (as the OS user here)"
