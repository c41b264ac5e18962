"""The audit log: append-only and hash-chained, with a head anchor outside the database.

Each entry's hash is SHA-256 over its own fields (sequence number included) and the previous entry's
hash, so editing, deleting or reordering any entry breaks the chain from there on. Deleting the last
entries leaves an intact but shorter chain: the head anchor (`WS/audit-head.json`, rewritten after every
append) still names the last sequence number and its hash, so `verify` notices. The anchor is a lower
bound (an append that crashed before rewriting it leaves the chain longer, which verifies).

Entries are read and written only here: no other module touches `sharing.audit_log`.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import AuditBroken
from crossroute.sharing.users import User
from crossroute.store import Workspace

GENESIS = "0" * 64
HEAD_FILE = "audit-head.json"
_HEAD_BYTES = 128  # the anchor is padded to this length, so a rewrite never leaves a longer tail
_COLUMNS = (
    "seq, logged_at, actor, agency, role, action, purpose, case_ref, detail, subjects, recipients, "
    "prev_hash, hash"
)
_WIDTH = 13


class Action(StrEnum):
    """What LED Art. 25 / DPA 2018 s.62 asks to be logged."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    at: str
    actor: str
    agency: str | None
    role: str | None
    action: str
    purpose: str | None
    case_ref: str | None
    detail: str
    subjects: tuple[str, ...]
    recipients: tuple[str, ...]
    prev_hash: str
    hash: str

    def expected_hash(self) -> str:
        return entry_hash(
            self.prev_hash,
            [
                self.seq,
                self.at,
                self.actor,
                self.agency,
                self.role,
                self.action,
                self.purpose,
                self.case_ref,
                self.detail,
                list(self.subjects),
                list(self.recipients),
            ],
        )


def entry_hash(prev_hash: str, fields: Sequence[Any]) -> str:
    body = json.dumps([prev_hash, *fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    workspace: Workspace,
    *,
    actor: str,
    action: Action,
    agency: str | None = None,
    role: str | None = None,
    purpose: str | None = None,
    case_ref: str | None = None,
    detail: dict[str, Any] | None = None,
    subjects: Sequence[str] = (),
    recipients: Sequence[str] = (),
) -> int:
    """Add one entry at the end of the chain; returns its sequence number once it is committed.

    Safe from any number of threads, each with its own cursor of the workspace's connection: entries
    that arrive while one commit is under way are chained and committed together by the next (group
    commit), so concurrent callers share one INSERT and one anchor write instead of queueing for one
    each. Call it outside any open transaction: the commit may carry other callers' entries too."""
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    at = utc_now().isoformat(timespec="microseconds")
    fields = [at, actor, agency, role, action.value, purpose, case_ref, text,
              list(subjects), list(recipients)]  # fmt: skip
    pending = _Pending(fields)
    chain = _chain(workspace.path)
    with chain.queue:
        chain.pending.append(pending)
    with chain.writer:  # the first waiter in commits everything queued; later ones find theirs done
        if pending.seq is None and pending.error is None:
            with chain.queue:
                batch, chain.pending = chain.pending, []
            chain.commit(workspace, batch)
    if pending.error is not None:
        raise pending.error
    assert pending.seq is not None
    return pending.seq


@dataclass(slots=True)
class _Pending:
    fields: list[Any]  # an entry's fields after its sequence number
    seq: int | None = None
    error: BaseException | None = None


@dataclass
class _Chain:
    """The appends of one workspace in this process: a queue and the one writer that drains it.

    The head is cached between commits. While a connection is open no other process can write the
    file (DuckDB's lock); between two connections another process may have, so the cached head is
    used only while the anchor still says the same."""

    head: Head | None = None
    pending: list[_Pending] = field(default_factory=list)
    queue: threading.Lock = field(default_factory=threading.Lock)
    writer: threading.Lock = field(default_factory=threading.Lock)

    def commit(self, workspace: Workspace, batch: list[_Pending]) -> None:
        """Chain the batch after the head and commit it in one statement, then move the anchor."""
        head = self.head if self.head and _peek_head(workspace.path) == self.head else None
        head = head or current_head(workspace)
        seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
        values: list[Any] = []
        for pending in batch:
            seq += 1
            digest = entry_hash(prev, [seq, *pending.fields])
            values += [seq, *pending.fields, prev, digest]
            prev = digest
        rows = ", ".join(["(" + ", ".join("?" * _WIDTH) + ")"] * len(batch))
        try:
            # One statement, so one commit: the whole batch is in the log or none of it is.
            workspace.rows(f"INSERT INTO sharing.audit_log ({_COLUMNS}) VALUES {rows}", values)
        except BaseException as error:
            for pending in batch:
                pending.error = error
            raise
        _write_head(workspace.path, seq, prev)
        self.head = Head(seq, prev)
        for number, pending in enumerate(batch, start=seq - len(batch) + 1):
            pending.seq = number


_CHAINS: dict[Path, _Chain] = {}
_CHAINS_LOCK = threading.Lock()


def _chain(path: Path) -> _Chain:
    """The one chain of the workspace at `path`, however the path is spelled."""
    found = _CHAINS.get(path)  # a dict read is atomic; most appends end here
    if found is None:
        with _CHAINS_LOCK:
            found = _CHAINS.setdefault(path.resolve(), _Chain())
            _CHAINS[path] = found
    return found


def _peek_head(path: Path) -> Head | None:
    try:
        return read_head(path)
    except AuditBroken:
        return None


def append_by(workspace: Workspace, user: User, action: Action, **fields: Any) -> int:
    """An entry for something a user did (their name, agency and role filled in)."""
    return append(
        workspace,
        actor=user.name,
        agency=user.agency,
        role=user.role.value,
        action=action,
        **fields,
    )


def entries(workspace: Workspace, after: int = 0) -> list[Entry]:
    """Every entry after a sequence number, in chain order."""
    rows = workspace.rows(
        f"SELECT {_COLUMNS} FROM sharing.audit_log WHERE seq > ? ORDER BY seq", [after]
    )
    return [
        Entry(
            int(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            tuple(r[9]),
            tuple(r[10]),
            r[11],
            r[12],
        )
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str


def read_head(path: Path) -> Head | None:
    file = path / HEAD_FILE
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text("utf-8"))
        return Head(int(data["seq"]), str(data["hash"]))
    except (ValueError, KeyError, TypeError) as error:
        raise AuditBroken(f"the head anchor {file} is unreadable ({error})") from None


def _write_head(path: Path, seq: int, digest: str) -> None:
    """Overwrite the anchor in place: fixed-length JSON, one small write (no rename per query)."""
    body = json.dumps({"seq": seq, "hash": digest}).ljust(_HEAD_BYTES).encode("utf-8")
    descriptor = os.open(path / HEAD_FILE, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(descriptor, body, 0)
    finally:
        os.close(descriptor)


def verify(workspace: Workspace, expect: Head | None = None) -> int:
    """Check the whole chain and the head anchor(s); returns the number of entries.

    Raises AuditBroken naming the first bad entry."""
    previous, count = GENESIS, 0
    for expected_seq, entry in enumerate(entries(workspace), start=1):
        if entry.seq != expected_seq:
            raise AuditBroken(
                f"entry {expected_seq} is missing: the chain jumps from {expected_seq - 1} to "
                f"{entry.seq} (deleted or renumbered by hand)"
            )
        if entry.prev_hash != previous:
            raise AuditBroken(
                f"entry {entry.seq} does not follow entry {entry.seq - 1} (deleted, reordered or edited)"
            )
        if entry.expected_hash() != entry.hash:
            raise AuditBroken(f"entry {entry.seq} was altered: its hash does not match its content")
        previous, count = entry.hash, entry.seq
    anchors = [("the head anchor " + HEAD_FILE, read_head(workspace.path))]
    if expect is not None:
        anchors.append(("the expected head", expect))
    for name, head in anchors:
        _check_anchor(workspace, name, head, count)
    return count


def _check_anchor(workspace: Workspace, name: str, head: Head | None, count: int) -> None:
    if head is None:
        if count:
            raise AuditBroken(f"{name} is missing but the log has {count} entries")
        return
    if head.seq > count:
        raise AuditBroken(
            f"entry {count + 1} is missing: {name} says the log reached entry {head.seq}, "
            f"it now ends at {count} (deleted by hand)"
        )
    stored = workspace.scalar("SELECT hash FROM sharing.audit_log WHERE seq = ?", [head.seq])
    if stored != head.hash:
        raise AuditBroken(f"entry {head.seq} does not match {name}")


def current_head(workspace: Workspace) -> Head | None:
    last = workspace.rows(
        "SELECT seq, hash FROM sharing.audit_log WHERE seq = (SELECT max(seq) FROM sharing.audit_log)"
    )
    return Head(int(last[0][0]), str(last[0][1])) if last else None
