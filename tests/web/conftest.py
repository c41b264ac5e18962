from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.served import Served, serve, served_copy


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(served_copy(tmp_path_factory, "web")) as running:
        yield running
