"""The roles people play in a smuggling or trafficking network, as the simulator assigns them and the
network analysis infers them."""

from __future__ import annotations

ROLES = (
    "organiser",
    "recruiter",
    "driver",
    "boat_supplier",
    "money_handler",
    "document_forger",
    "port_insider",
    "pilot",
    "courier",
)
