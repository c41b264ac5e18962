"""Platform exports into canonical posts through a mapping: Telegram Desktop's JSON export (built in; rich
text joined, service messages rejected with their reason) and a scraper's CSV with its own column names
(a YAML mapping), read and triaged by `crossroute online triage --mapping`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.analysis.online.export_mapping import MappingError, builtin, load
from crossroute.analysis.online.posts import Post, PostsError, Rejected, read_posts
from crossroute.cli.app import app

ARABIC = "رحلات آمنة إلى بريطانيا بقارب جديد، السعر ٢٥٠٠ يورو، الدفع بعد الوصول. واتساب +964 780 123 4567"


def _telegram(path: Path) -> Path:
    document = {
        "name": "Rihlat",
        "type": "public_channel",
        "id": 1234,
        "messages": [
            {"id": 7, "type": "message", "date": "2026-11-02T21:14:05", "from": "Rihlat",
             "from_id": "channel1234", "text": ARABIC},
            {"id": 8, "type": "service", "date": "2026-11-02T21:15:00", "action": "pin_message",
             "text": ""},
            {"id": 9, "type": "message", "date": "2026-11-03T08:00:00", "from_id": "user55",
             "text": ["Boat to UK tonight, £1500, ", {"type": "phone", "text": "+44 7911 456789"}]},
        ],
    }  # fmt: skip
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


def test_telegram_export_through_the_builtin_mapping(tmp_path: Path) -> None:
    assert "telegram" in builtin()
    read = list(read_posts(_telegram(tmp_path / "result.json"), load("telegram")))
    posts = [r for r in read if isinstance(r, Post)]
    rejected = [r for r in read if isinstance(r, Rejected)]
    assert [p.post_id for p in posts] == ["7", "9"]
    assert posts[0].text == ARABIC and posts[0].platform == "Telegram"
    assert posts[0].author_handle == "channel1234" and posts[0].posted_at == "2026-11-02T21:14:05"
    assert posts[1].text == "Boat to UK tonight, £1500, +44 7911 456789"
    assert (
        len(rejected) == 1
        and "messages[2]" in rejected[0].reason
        and "no text" in rejected[0].reason
    )


def test_a_scrapers_csv_through_a_yaml_mapping_and_the_cli(tmp_path: Path) -> None:
    mapping = tmp_path / "scraper.yaml"
    mapping.write_text(
        "platform: Facebook\nfields:\n  post_id: id\n  text: message\n  author_handle: page\n"
        "  url: link\n",
        "utf-8",
    )
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(("id", "message", "page", "link", "likes"))
        writer.writerow(("p1", ARABIC, "@rihlat", "https://facebook.example/p1", "3"))
        writer.writerow(("p2", "Five people drowned off Wimereux last night.", "news", "", "40"))
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app, ["online", "triage", str(export), "--out", str(out), "--mapping", str(mapping)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["post_id"], r["is_ad"]) for r in rows] == [("p1", "1"), ("p2", "0")]
    assert rows[0]["phones"] == "+9647801234567" and rows[0]["language"] == "ar"
    first = next(p for p in read_posts(export, load(str(mapping))) if isinstance(p, Post))
    assert first.url == "https://facebook.example/p1" and first.platform == "Facebook"


def test_bad_mappings_and_exports_are_named(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="no such mapping"):
        load("nowhere")
    bad = tmp_path / "bad.yaml"
    bad.write_text("fields:\n  post_id: id\n  body: text\n", "utf-8")
    with pytest.raises(MappingError, match="unknown field body"):
        load(str(bad))
    export = tmp_path / "export.csv"
    export.write_text("id,body\n1,hello\n", "utf-8")
    scraper = tmp_path / "ok.yaml"
    scraper.write_text("platform: X\nfields:\n  post_id: id\n  text: message\n", "utf-8")
    with pytest.raises(PostsError, match="header lacks message"):
        list(read_posts(export, load(str(scraper))))
    refused = CliRunner().invoke(
        app,
        ["online", "triage", str(export), "--out", str(tmp_path / "o.csv"), "--mapping", "nowhere"],
    )
    assert refused.exit_code != 0 and "no such mapping" in refused.output
