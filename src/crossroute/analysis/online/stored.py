"""Triaged posts kept in a workspace (`online.posts`): the text exactly as captured with its SHA-256, the
triage, and the loading user's agency as owner. Loading is one transaction and one audit entry; reading
goes through `authorise` (analysts and supervisors of the owning agency only, deny by default) and each
face's call writes one audit entry (`log`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from crossroute.analysis.online.triage import Triaged
from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import AccessDenied
from crossroute.sharing.gate import caller_for
from crossroute.sharing.policy import QUERY_ROLES, Caller, Purpose, with_case
from crossroute.store import Workspace

COLUMNS = (
    "post_id", "agency", "platform", "text", "text_sha256", "url", "author_handle", "posted_at",
    "captured_at", "image_sha256", "loaded_by", "loaded_at", "is_ad", "score", "language", "phones",
    "prices", "places",
)  # fmt: skip


@dataclass(frozen=True)
class StoredPost:
    post_id: str
    platform: str
    text: str
    text_sha256: str
    url: str
    author_handle: str
    captured_at: str
    is_ad: bool
    score: float
    language: str
    phones: tuple[str, ...]
    prices: tuple[str, ...]
    places: tuple[str, ...]


@dataclass(frozen=True)
class Reader:
    """A caller allowed (or not) to read the posts of their own agency, for one purpose."""

    caller: Caller
    purpose: Purpose

    @property
    def allowed(self) -> bool:
        return self.caller.user.role in QUERY_ROLES


def load(
    workspace: Workspace, user_name: str, purpose: Purpose, results: Iterable[Triaged]
) -> tuple[int, int]:
    """Keep the triaged posts, owned by the user's agency (a post id already kept for that agency is
    left as it was: the first capture is the evidence). One transaction, one audit entry. Returns
    (posts new, posts already kept)."""
    caller = caller_for(workspace, user_name, grants=False)
    if caller.user.role not in QUERY_ROLES:
        raise AccessDenied(f"{user_name} ({caller.user.role.value}) may not load posts")
    agency, now = caller.user.agency, utc_now().replace(tzinfo=None)
    rows = [_row(r, agency, user_name, now) for r in results]
    with workspace.transaction() as db:
        before = int(
            db.execute("SELECT count(*) FROM online.posts WHERE agency = ?", [agency]).fetchone()[0]  # type: ignore[index]
        )
        if rows:
            marks = ", ".join("?" for _ in COLUMNS)
            db.executemany(
                f"INSERT INTO online.posts ({', '.join(COLUMNS)}) VALUES ({marks}) "
                "ON CONFLICT DO NOTHING",
                rows,
            )
        after = int(
            db.execute("SELECT count(*) FROM online.posts WHERE agency = ?", [agency]).fetchone()[0]  # type: ignore[index]
        )
    audit.append_by(
        workspace,
        caller.user,
        Action.COLLECTION,
        purpose=purpose.text,
        case_ref=purpose.case_ref,
        detail={
            "path": "online load",
            "posts": after - before,
            "already": len(rows) - (after - before),
        },
    )
    return after - before, len(rows) - (after - before)


def _row(result: Triaged, agency: str, user: str, now: object) -> tuple[object, ...]:
    p, e = result.post, result.extraction
    return (
        p.post_id, agency, p.platform, p.text, p.sha256, p.url or None, p.author_handle or None,
        p.posted_at or None, p.captured_at or None, p.image_sha256 or None, user, now,
        result.is_ad, result.score, e.language, ";".join(e.phones), ";".join(e.prices),
        ";".join(e.places),
    )  # fmt: skip


def authorise(workspace: Workspace, user_name: str, purpose: Purpose) -> Reader:
    """The caller (UnknownUser for a stranger) and whether they may read posts at all."""
    caller = caller_for(workspace, user_name, grants=False)
    return Reader(caller, with_case(purpose, caller.cases))


def adverts(workspace: Workspace, reader: Reader) -> list[StoredPost]:
    """The adverts the reader may see (their agency's, best score first); none for other roles."""
    if not reader.allowed:
        return []
    rows = workspace.rows(
        "SELECT post_id, platform, text, text_sha256, coalesce(url, ''), coalesce(author_handle, ''), "
        "coalesce(captured_at, ''), is_ad, score, language, phones, prices, places "
        "FROM online.posts WHERE agency = ? AND is_ad ORDER BY score DESC, post_id",
        [reader.caller.user.agency],
    )
    return [
        StoredPost(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            str(r[6]),
            bool(r[7]),
            float(r[8]),
            str(r[9]),
            _split(r[10]),
            _split(r[11]),
            _split(r[12]),
        )
        for r in rows
    ]


def _split(joined: object) -> tuple[str, ...]:
    return tuple(filter(None, str(joined).split(";")))


def log(
    workspace: Workspace,
    reader: Reader,
    path: str,
    posts: Sequence[StoredPost],
    detail: dict[str, Any] | None = None,
) -> None:
    """The one audit entry of a read (its path and the posts it showed)."""
    audit.append_by(
        workspace,
        reader.caller.user,
        Action.CONSULTATION,
        purpose=reader.purpose.text,
        case_ref=reader.purpose.case_ref,
        detail={"path": path, "posts": [p.post_id for p in posts], **(detail or {})},
    )
