"""Online adverts over HTTP: triage of posts the caller supplies (nothing stored is read, so no gate; a
known analyst only). The JSON twin of `crossroute online triage`, with handles, links and reposts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from crossroute.analysis.online.posts import Post
from crossroute.analysis.online.queue import RTL, build_queue
from crossroute.analysis.online.triage import triage_batch
from crossroute.api.deps import AnalystDep

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
