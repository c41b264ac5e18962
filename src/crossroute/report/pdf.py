"""Print the briefing to PDF with headless Chromium (Debian's /usr/bin/chromium), offline."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")


class PdfError(RuntimeError):
    """No Chromium, or it failed to print."""


def chromium() -> str:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "--pdf needs Chromium: `make setup` installs Debian's chromium (apt-get install chromium)"
    )


def print_pdf(html: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--no-pdf-header-footer",
                f"--print-to-pdf={out.resolve()}", html.resolve().as_uri(),
            ],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise PdfError(f"Chromium could not print {html}: {done.stderr[-1000:]}")
