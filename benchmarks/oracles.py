"""Existence oracles: how long the API takes to answer a look-up of something hidden from the caller and
of something that does not exist (issue 19: before, 32 vs 22 ms median for node look-ups, because the
absent branch skipped the gate and its audit entry).

    uv run python benchmarks/oracles.py [--rounds 60]

Builds the adversarial case of `tests/sharing/adversarial_case.py` (a TLP:RED person merged with a
visible one, an informant, a victim, a minor...), serves it in process, and as the other agency's
analyst asks each face for a hidden target and an absent one, interleaved (each first every other
round), `--rounds` times each.
Prints the median and 90th percentile milliseconds per face and case, and whether the answers matched.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).parent.parent))
from crossroute.api.app import create_app
from tests.sharing.adversarial_case import PURPOSE, UK, build

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        case = build(Path(folder))
        headers = {"Authorization": f"Bearer {case.token}", "X-Purpose": PURPOSE}
        faces = {
            "node by id": ("/api/network/nodes/person:{}", case.informant, "P-000000000000"),
            "node by name": ("/api/network/nodes/{}", "Nadia INFORMANTOVA", "Nadia NOBODOVA"),
            "path": (f"/api/network/paths?from=person:{case.entity}&to=person:{{}}",
                     case.informant, "P-000000000000"),
            "timeline node": ("/api/timeline?node=person:{}", case.informant, "P-000000000000"),
            "entity": ("/api/entities/{}", f"{UK}:UKINF-7", f"{UK}:UKNONE-1"),
        }  # fmt: skip
        with TestClient(create_app(case.path, web=False)) as client:
            print(f"{'face':14} {'hidden p50':>10} {'absent p50':>10} {'hidden p90':>10} "
                  f"{'absent p90':>10}  same answer")  # fmt: skip
            for face, (url, hidden, absent) in faces.items():
                times: dict[str, list[float]] = {"hidden": [], "absent": []}
                answers: dict[str, set[tuple[int, str]]] = {"hidden": set(), "absent": set()}
                pair = [("hidden", hidden), ("absent", absent)]
                for round_number in range(args.rounds):  # each goes first every other round
                    for kind, target in pair if round_number % 2 else pair[::-1]:
                        start = time.perf_counter()
                        answer = client.get(url.format(quote(target, safe="")), headers=headers)
                        times[kind].append((time.perf_counter() - start) * 1000)
                        text = answer.text.replace(target, "?").replace(quote(target), "?")
                        answers[kind].add((answer.status_code, text))
                p50 = {k: statistics.median(v) for k, v in times.items()}
                p90 = {k: statistics.quantiles(v, n=10)[-1] for k, v in times.items()}
                print(
                    f"{face:14} {p50['hidden']:10.1f} {p50['absent']:10.1f} {p90['hidden']:10.1f} "
                    f"{p90['absent']:10.1f}  {answers['hidden'] == answers['absent']}"
                )


if __name__ == "__main__":
    main()
