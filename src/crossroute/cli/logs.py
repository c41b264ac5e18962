"""Library logging (Splink, DuckDB, igraph, ...) and Python warnings go to a log file in the workspace,
not the terminal: their notes ("m probability not trained", "did not converge") read as failures there,
while the commands show progress bars and a summary of their own."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOG_FILE = "logs/crossroute.log"
_LIBRARIES = ("splink", "py4j", "pyspark", "numexpr", "matplotlib", "weasyprint", "fontTools")


@contextmanager
def library_logs(workspace: Path) -> Iterator[Path]:
    """While the block runs, every log record and warning goes to WORKSPACE/logs/crossroute.log."""
    path = workspace / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # no workspace folder (yet): the command reports that itself
        yield path
        return
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    saved_root = root.handlers[:], root.level
    saved = {name: _detach(logging.getLogger(name)) for name in _LIBRARIES}
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            yield path
    finally:
        logging.captureWarnings(False)
        root.handlers, level = saved_root
        root.setLevel(level)
        for name, (handlers, propagate) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers, logger.propagate = handlers, propagate
        handler.close()


def _detach(logger: logging.Logger) -> tuple[list[logging.Handler], bool]:
    """A library logger's own handlers (printing to the terminal) taken off; it propagates to ours."""
    before = logger.handlers[:], logger.propagate
    logger.handlers = []
    logger.propagate = True
    return before
