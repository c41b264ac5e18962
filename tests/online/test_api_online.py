"""POST /api/online/triage: the JSON twin of the CLI contract (the router in process, a known analyst)."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
from fastapi import FastAPI

from crossroute.api import online
from crossroute.api.deps import analyst
from crossroute.sharing.users import Role, User


def test_triage_over_http() -> None:
    app = FastAPI()
    app.include_router(online.router)
    app.dependency_overrides[analyst] = lambda: User("anna", "UK-NCA", Role.ANALYST)
    posts: list[dict[str, Any]] = [
        {
            "post_id": "a",
            "platform": "Telegram",
            "text": "رحلات آمنة إلى بريطانيا بقارب جديد، السعر ٢٥٠٠ يورو، الدفع بعد الوصول. واتساب +964 780 123 4567",
        },
        {"post_id": "b", "platform": "Facebook", "text": "Thank God I arrived in London safely."},
    ]

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/api/online/triage", json={"posts": posts})

    answer = anyio.run(call)
    assert answer.status_code == 200, answer.text
    rows = {r["post_id"]: r for r in answer.json()["posts"]}
    assert rows["a"]["is_ad"] is True and rows["a"]["direction"] == "rtl"
    assert rows["a"]["phones"] == ["+9647801234567"] and rows["a"]["prices"] == ["2500 EUR"]
    assert rows["b"]["is_ad"] is False
    assert [item["post_id"] for item in answer.json()["queue"]] == ["a"]
