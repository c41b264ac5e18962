"""The contract: `crossroute online triage POSTS --out OUT` and the referral queue with evidence."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.analysis.online.duplicates import clusters
from crossroute.analysis.online.extract import extract
from crossroute.cli.app import app

POSTS = [
    (
        "p1",
        "TikTok",
        "Safe crossing to UK this week 🇬🇧 good boat, £2,000 per person, pay after arrival. "
        "WhatsApp +44 7911 456789",
    ),
    (
        "p2",
        "Facebook",
        "For sale: fishing boat 6m with Yamaha 40hp engine, good condition, 3000 euro. "
        "Call 07911 223344",
    ),
    (
        "p3",
        "Telegram",
        "رحلات آمنة إلى بريطانيا بقارب جديد، السعر ٢٥٠٠ يورو، الدفع بعد الوصول. واتساب "
        "+964 780 123 4567",
    ),
    ("p4", "Facebook", "Five people drowned off Wimereux last night, the French coastguard said."),
    (
        "p5",
        "TikTok",
        "Safe crossing to UK this week 🇬🇧🇬🇧 good boat, £2,000 per person, pay after "
        "arrival!! WhatsApp +44 7911 999888",
    ),
]


@pytest.fixture(scope="module")
def posts_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("online") / "posts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("post_id", "platform", "text", "url", "captured_at"))
        for post_id, platform, text in POSTS:
            writer.writerow(
                (
                    post_id,
                    platform,
                    text,
                    f"https://example.test/{post_id}",
                    "2026-12-01T10:00:00+01:00",
                )
            )
        writer.writerow(("", "TikTok", "a row without an id", "", ""))
    return path


def test_triage_writes_one_row_per_post(posts_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["online", "triage", str(posts_csv), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text("utf-8").splitlines()))
    assert list(rows[0]) == ["post_id", "is_ad", "score", "language", "phones", "prices", "places"]
    by_id = {r["post_id"]: r for r in rows}
    assert set(by_id) == {"p1", "p2", "p3", "p4", "p5"}
    assert [by_id[p]["is_ad"] for p in ("p1", "p2", "p3", "p4")] == ["1", "0", "1", "0"]
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in rows)
    assert by_id["p1"]["phones"] == "+447911456789"
    assert by_id["p1"]["prices"] == "2000 GBP"
    assert by_id["p3"]["language"] == "ar"
    assert by_id["p3"]["prices"] == "2500 EUR"
    assert by_id["p3"]["phones"] == "+9647801234567"
    assert by_id["p2"]["phones"] == "+447911223344"
    assert by_id["p4"]["places"] == "Wimereux"
    rejected = (tmp_path / "out.rejected.csv").read_text("utf-8")
    assert "row 7: field post_id is empty" in rejected


def test_triage_reads_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    source.write_text(
        "\n".join(json.dumps({"post_id": i, "platform": p, "text": t}) for i, p, t in POSTS),
        "utf-8",
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["online", "triage", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(out.read_text("utf-8").splitlines()))) == len(POSTS)


def test_a_file_without_text_column_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("post_id,platform\n1,TikTok\n", "utf-8")
    result = CliRunner().invoke(
        app, ["online", "triage", str(source), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2
    assert "header lacks text" in result.output


def test_reposts_fold_into_one_cluster() -> None:
    texts = [extract(t).masked for _, _, t in POSTS]
    roots = clusters(texts)
    assert roots[0] == roots[4]
    assert len(set(roots)) == 4


def test_queue_refer_and_verify_evidence(posts_csv: Path, tmp_path: Path) -> None:
    folder = tmp_path / "queue"
    runner = CliRunner()
    result = runner.invoke(app, ["online", "queue", str(posts_csv), "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    queue = json.loads((folder / "queue.json").read_text("utf-8"))
    ids = [item["post_id"] for item in queue]
    assert set(ids) == {"p1", "p3"} or set(ids) == {"p5", "p3"}
    arabic = next(item for item in queue if item["post_id"] == "p3")
    assert arabic["direction"] == "rtl"
    english = next(item for item in queue if item["post_id"] in ("p1", "p5"))
    assert len(english["reposts"]) == 1
    result = runner.invoke(
        app,
        ["online", "decide", "--folder", str(folder), english["post_id"], "accept", "--user", "o1"],
    )
    assert result.exit_code == 0, result.output
    package = folder / "evidence" / f"{english['post_id']}.json"
    evidence = json.loads(package.read_text("utf-8"))
    assert evidence["captured_at"] == "2026-12-01T09:00:00Z"
    assert evidence["platform"] == "TikTok" and evidence["url"].startswith("https://example.test/")
    assert evidence["extraction"]["phones"]
    assert runner.invoke(app, ["online", "verify", str(package)]).exit_code == 0
    evidence["text"] = evidence["text"] + " edited"
    package.write_text(json.dumps(evidence), "utf-8")
    assert runner.invoke(app, ["online", "verify", str(package)]).exit_code == 1
    result = runner.invoke(
        app,
        [
            "online",
            "decide",
            "--folder",
            str(folder),
            english["post_id"],
            "removed",
            "--user",
            "o1",
        ],
    )
    assert result.exit_code == 0, result.output
    kept = [json.loads(line) for line in (folder / "decisions.jsonl").read_text().splitlines()]
    assert [(d["by"], d["status"]) for d in kept] == [("o1", "referred"), ("o1", "removed")]
    again = runner.invoke(
        app,
        ["online", "decide", "--folder", str(folder), english["post_id"], "accept", "--user", "o1"],
    )
    assert again.exit_code == 2


def test_a_terse_advert_with_price_after_the_amount_is_an_advert() -> None:
    """Review defect: a terse English advert (route, 'safe boat', '1500€ only', a French number) scored
    0.345, under the threshold."""
    from crossroute.analysis.online.posts import Post
    from crossroute.analysis.online.triage import triage_batch

    text = "Crossing to UK this week, safe boat, 1500€ only, call +33 6 12 34 56 78"
    (result,) = triage_batch([Post("r1", "test", text)])
    assert result.is_ad
    assert result.extraction.phones == ("+33612345678",)
    assert result.extraction.prices == ("1500 EUR",)
