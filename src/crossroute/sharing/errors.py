"""What the gate says when it refuses: each error carries a message a person can act on."""

from __future__ import annotations


class SharingError(Exception):
    """Base of every refusal or misuse of the sharing layer."""


class UnknownUser(SharingError):
    """The named user does not exist (or is disabled)."""


class PurposeRequired(SharingError):
    """A query without a stated purpose."""


class AccessDenied(SharingError):
    """The caller's role or authentication does not allow the operation."""


class AuditBroken(SharingError):
    """The audit log's chain does not verify; the message names the first bad entry."""
