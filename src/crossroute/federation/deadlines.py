"""Time limits for answering a request for information, after Directive (EU) 2023/977 Art. 5(1):
(a) eight hours for urgent requests on information directly accessible to the owner;
(b) three calendar days for urgent requests on information only indirectly accessible;
(c) seven calendar days for all other requests."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Urgency(StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"


class Access(StrEnum):
    DIRECT = "direct"  # in the owner's own databases
    INDIRECT = "indirect"  # obtainable from other authorities or parties


def time_limit(urgency: Urgency, access: Access) -> dt.timedelta:
    if urgency is Urgency.URGENT:
        return dt.timedelta(hours=8) if access is Access.DIRECT else dt.timedelta(days=3)
    return dt.timedelta(days=7)


def due(asked_at: dt.datetime, urgency: Urgency, access: Access) -> dt.datetime:
    return asked_at + time_limit(urgency, access)
