"""Online adverts over HTTP. Triage of posts the caller supplies (nothing stored is read, so no gate; a
known analyst only): the JSON twin of `crossroute online triage`, with handles, links and reposts. The
adverts the caller's agency kept in the workspace (`online triage --workspace`): the queue with reposts
folded, one advert with its extraction, reposts and the persons and groups its phones and handles tie to,
and a group's adverts; each call through the gate with one audit entry (`links.links`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from crossroute.analysis.online import stored
from crossroute.analysis.online.kept import KeptItem, fold
from crossroute.analysis.online.links import AdvertLinks, links
from crossroute.analysis.online.posts import Post
from crossroute.analysis.online.queue import RTL, build_queue
from crossroute.analysis.online.triage import triage_batch
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.errors import NotFound
from crossroute.api.service import Service
from crossroute.sharing import Purpose
from crossroute.store import Workspace

router = APIRouter(prefix="/api/online", tags=["online"])


class PostIn(BaseModel):
    post_id: str = Field(min_length=1, max_length=200)
    platform: str = Field(default="", max_length=100)
    text: str = Field(min_length=1, max_length=20_000)
    url: str = Field(default="", max_length=2000)
    author_handle: str = Field(default="", max_length=200)
    posted_at: str = Field(default="", max_length=40)
    captured_at: str = Field(default="", max_length=40)
    image_sha256: str = Field(default="", max_length=64)


class PostsIn(BaseModel):
    posts: list[PostIn] = Field(min_length=1, max_length=10_000)


@router.post("/triage")
def triage_posts(user: AnalystDep, body: PostsIn) -> dict[str, Any]:
    """Each post's advert score, language, phones (E.164), prices, places, handles and links, and the
    adverts as a ranked queue with near-duplicates folded."""
    posts = [Post(**p.model_dump()) for p in body.posts]
    results = triage_batch(posts)
    rows = [
        {
            "post_id": r.post.post_id,
            "is_ad": r.is_ad,
            "score": round(r.score, 4),
            "language": r.extraction.language,
            "direction": "rtl" if r.extraction.language in RTL else "ltr",
            "phones": list(r.extraction.phones),
            "prices": list(r.extraction.prices),
            "places": list(r.extraction.places),
            "handles": list(r.extraction.handles),
            "links": list(r.extraction.links),
            "text_sha256": r.post.sha256,
        }
        for r in results
    ]
    return {"posts": rows, "queue": [item.as_dict() for item in build_queue(results)]}


def _kept_json(item: KeptItem, tied: dict[str, AdvertLinks]) -> dict[str, Any]:
    """A kept advert with its extraction, reposts, and the identifiers, persons and groups the caller
    sees it tie to (over the advert and its reposts)."""
    post, e = item.advert, item.extraction
    linked = [tied[i] for i in item.post_ids if i in tied]
    persons: dict[str, dict[str, Any]] = {}
    for found in linked:
        for p in found.persons:
            entry = persons.setdefault(p.label, {"label": p.label, "via": [], "group": p.group})
            entry["via"] = list(dict.fromkeys([*entry["via"], *p.via]))
    return {
        "post_id": post.post_id,
        "platform": post.platform,
        "url": post.url or None,
        "author_handle": post.author_handle or None,
        "captured_at": post.captured_at or None,
        "score": round(post.score, 4),
        "language": post.language,
        "direction": "rtl" if post.language in RTL else "ltr",
        "text": post.text,
        "text_sha256": post.text_sha256,
        "phones": list(post.phones),
        "prices": list(post.prices),
        "places": list(post.places),
        "handles": list(e.handles),
        "links": list(e.links),
        "reposts": [
            {
                "post_id": r.post_id,
                "platform": r.platform,
                "url": r.url or None,
                "author_handle": r.author_handle or None,
                "text_sha256": r.text_sha256,
                "phones": list(r.phones),
            }
            for r in item.reposts
        ],
        "identifiers": list(dict.fromkeys(i for f in linked for i in f.identifiers)),
        "persons": list(persons.values()),
        "groups": sorted({g for f in linked for g in f.groups}),
    }


def _queue(
    ws: Workspace, user: str, stated: Purpose, svc: Service, *, path: str, post_id: str | None = None,
    group: int | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The caller's kept adverts folded into items (all, the one holding `post_id`, or those tied to
    `group`), linked through one gate call."""
    reader = stored.authorise(ws, user, stated)
    items = fold(stored.adverts(ws, reader))
    if post_id is not None:
        items = [i for i in items if post_id in i.post_ids]
    wanted = frozenset(i for item in items for i in item.post_ids)
    detail = (
        {"asked": post_id}
        if post_id is not None
        else {"group": group}
        if group is not None
        else None
    )
    if not wanted:
        stored.log(ws, reader, path, [], detail)
        return []
    case, index = svc.case(ws, user, stated)
    only_groups = frozenset({group}) if group is not None else None
    found = links(ws, user, stated, case=case, index=index, only=wanted, path=path, detail=detail)
    tied = {f.post.post_id: f for f in found}
    rows = [_kept_json(item, tied) for item in items]
    if only_groups is not None:
        rows = [r for r in rows if set(r["groups"]) & only_groups]
    return rows


@router.get("/adverts")
def kept_adverts(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """The referral queue of the adverts your agency kept (`online triage --workspace`): best score
    first, reposts folded, each with the persons and groups its phones and handles tie to (one audit
    entry naming the posts). Other agencies' posts are never shown; other roles see none."""

    def work(ws: Workspace) -> dict[str, Any]:
        rows = _queue(ws, user.name, stated, svc, path="api online adverts")
        return {"adverts": sum(1 + len(r["reposts"]) for r in rows), "queue": rows[:limit]}

    return svc.run(work)


@router.get("/adverts/{post_id}", responses={404: {"description": "no such advert you may see"}})
def kept_advert(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    post_id: Annotated[str, Path(min_length=1, max_length=200)],
) -> dict[str, Any]:
    """One kept advert (or the item a repost is folded into): its text in its script and direction,
    SHA-256, extraction, reposts, and the persons and groups it ties to (one audit entry; a post that
    does not exist and one you may not see answer alike)."""

    def work(ws: Workspace) -> dict[str, Any]:
        rows = _queue(ws, user.name, stated, svc, path="api online advert", post_id=post_id)
        if not rows:
            raise NotFound(f"no advert {post_id!r} that you may see")
        return rows[0]

    return svc.run(work)


@router.get("/groups/{group}")
def group_adverts(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    group: Annotated[int, Path(ge=0, le=1_000_000)],
) -> dict[str, Any]:
    """Your agency's kept adverts whose phones or handles tie to a person of the group (the group shown
    only for a person all of whose records and ties you may see; one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        rows = _queue(ws, user.name, stated, svc, path="api group adverts", group=group)
        return {"group": group, "adverts": rows}

    return svc.run(work)
