from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.served import Served, serve, served_copy


@pytest.fixture(scope="session")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(served_copy(tmp_path_factory, "api"), "--no-web") as running:
        yield running


@pytest.fixture
def client(api_server: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.url, timeout=120) as c:
        yield c
