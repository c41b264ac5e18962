"""The sharing gate: users and roles, the policy (handling codes, data subjects, need-to-know), the one
gate every read of personal data passes, the hash-chained audit log, DPO tools and deconfliction."""

from crossroute.sharing.errors import (
    AccessDenied,
    AuditBroken,
    PurposeRequired,
    SharingError,
    UnknownUser,
)
from crossroute.sharing.policy import Purpose, Use, require_purpose
from crossroute.sharing.users import Role, User

__all__ = [
    "AccessDenied",
    "AuditBroken",
    "Purpose",
    "PurposeRequired",
    "Role",
    "SharingError",
    "UnknownUser",
    "Use",
    "User",
    "require_purpose",
]
