"""A folder's `manifest.yaml`: which files to load, each with its agency and mapping.

Every path in a manifest is resolved inside the manifest's folder: an entry cannot reach a file
elsewhere (`../../../etc/passwd`, an absolute path, a link out of the folder). To load a file from
elsewhere, name it on the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crossroute.ingest.mapping import MappingError

MANIFEST = "manifest.yaml"


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    path: Path
    agency: str | None
    mapping: Path | None


def read_manifest(folder: Path) -> list[ManifestEntry]:
    """The entries of FOLDER/manifest.yaml, in order; MappingError naming the file and entry when it is
    not a valid manifest."""
    file = folder / MANIFEST
    try:
        manifest = yaml.safe_load(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"{file}: cannot read the manifest: {error}") from None
    except yaml.YAMLError as error:
        raise MappingError(f"{file}: not valid YAML: {_first_line(error)}") from None
    if manifest is None:
        return []
    if not isinstance(manifest, dict):
        raise MappingError(f"{file}: a manifest is a mapping with a 'files' list")
    entries = manifest.get("files") or []
    if not isinstance(entries, list):
        raise MappingError(f"{file}: 'files' must be a list of entries, not {_kind(entries)}")
    return [_entry(file, folder, number, entry) for number, entry in enumerate(entries, start=1)]


def _entry(file: Path, folder: Path, number: int, entry: Any) -> ManifestEntry:
    where = f"{file}: entry {number}"
    if not isinstance(entry, dict):
        raise MappingError(f"{where}: an entry is a mapping with 'path', not {_kind(entry)}")
    path = entry.get("path")
    if not isinstance(path, str) or not path.strip():
        raise MappingError(f"{where}: needs 'path', the file to load (relative to the manifest)")
    agency, mapping = entry.get("agency"), entry.get("mapping")
    if agency is not None and not isinstance(agency, str):
        raise MappingError(f"{where}: 'agency' must be an agency code, not {_kind(agency)}")
    if mapping is not None and not isinstance(mapping, str):
        raise MappingError(f"{where}: 'mapping' must be a file name, not {_kind(mapping)}")
    return ManifestEntry(
        inside(folder, path, where), agency, inside(folder, mapping, where) if mapping else None
    )


def inside(folder: Path, name: str, where: str) -> Path:
    """`name` resolved under `folder`; MappingError when it leads outside it."""
    base = folder.resolve()
    found = (base / name).resolve()
    if found != base and base not in found.parents:
        raise MappingError(
            f"{where}: {name!r} is outside the manifest's folder {folder}; a manifest names files "
            "in its own folder (name a file elsewhere on the command line instead)"
        )
    return folder / name


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {str(value)[:40]!r}"


def _first_line(error: yaml.YAMLError) -> str:
    return " ".join(str(error).split())[:300]
