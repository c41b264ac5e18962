"""Value types: one cleaner per type, used by ingest, resolution and search alike.

Every cleaner takes the raw text as given and returns the cleaned value, or raises `InvalidValue`
with a reason an analyst can read. `registry()` maps the type names used in `schemata.yaml` and in
mappings to their cleaners.
"""

from crossroute.model.values.errors import InvalidValue

__all__ = ["InvalidValue"]
