"""The HTTP API (FastAPI): login and tokens, search, entities, network, DPO views; every personal-data
call through the sharing gate with a purpose. `create_app(WS)` builds it; `crossroute serve WS` runs it."""

from crossroute.api.app import create_app

__all__ = ["create_app"]
