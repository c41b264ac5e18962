"""Errors that stop a whole file (as opposed to rows, which go to quarantine)."""


class FileRejected(Exception):
    """The file cannot be read at all: empty, unknown format, a mapping that does not fit its columns."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
