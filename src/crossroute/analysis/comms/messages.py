"""The messages a caller may see, as columns (one DuckDB query into Arrow, then NumPy): the input of
attribution, triage and the contact graph."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossroute.analysis.comms.access import Access
from crossroute.store import Workspace


@dataclass
class Messages:
    msg_id: list[str]
    day: npt.NDArray[np.float64]  # days since the first message
    sender: npt.NDArray[np.int64]  # index into handles
    receiver: npt.NDArray[np.int64]
    text: list[str]
    norm: list[str]
    device: list[str | None]
    handles: list[str]

    def __len__(self) -> int:
        return len(self.msg_id)


def load(workspace: Workspace, access: Access) -> Messages:
    """Every message the access allows, in time order."""
    where, params = access.where("m")
    table = workspace.db.sql(
        "SELECT msg_id, epoch(ts) AS t, from_handle, to_handle, text, norm, device_id "
        f"FROM comms.messages m WHERE {where} ORDER BY ts, seq",
        params=params,
    ).to_arrow_table()
    senders = table.column("from_handle").to_pylist()
    receivers = table.column("to_handle").to_pylist()
    handles = sorted(set(senders) | set(receivers))
    index = {h: i for i, h in enumerate(handles)}
    seconds = np.asarray(table.column("t").to_numpy(zero_copy_only=False), dtype=np.float64)
    start = seconds[0] if len(seconds) else 0.0
    return Messages(
        msg_id=table.column("msg_id").to_pylist(),
        day=(seconds - start) / 86400.0,
        sender=np.fromiter((index[h] for h in senders), np.int64, len(senders)),
        receiver=np.fromiter((index[h] for h in receivers), np.int64, len(receivers)),
        text=table.column("text").to_pylist(),
        norm=table.column("norm").to_pylist(),
        device=table.column("device_id").to_pylist(),
        handles=handles,
    )
