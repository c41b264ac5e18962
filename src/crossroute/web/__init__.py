"""The web UI: our own HTML, JS and CSS in `static/`, and third-party front-end files installed from the
npm registry into `node_modules/` by `make setup` (`npm ci`), never committed, never from a CDN."""

from crossroute.web.assets import (
    VENDOR,
    WebAssetsMissing,
    check_assets,
    missing_assets,
    vendor_file,
)

__all__ = ["VENDOR", "WebAssetsMissing", "check_assets", "missing_assets", "vendor_file"]
