"""Wall time and peak memory, of a child process (from wait4) or of a block of code in this process."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import resource
import subprocess
import threading
import time
from pathlib import Path
from types import TracebackType

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


def timed(command: list[str], log: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process (its own rusage, from wait4).

    The child's output goes to `log` when given (kept for a failed run), else nowhere."""
    start = time.perf_counter()
    with open(log or os.devnull, "wb") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log else ""
        raise subprocess.CalledProcessError(child.returncode, command, output=tail)
    return elapsed, usage.ru_maxrss / 1024


def current_rss() -> int:
    """This process's resident set size now, in bytes (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_BYTES


def max_rss() -> int:
    """This process's peak resident set size so far, in bytes (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def release_free_memory() -> None:
    """Collect garbage and hand freed heap back to the OS (glibc), so a block starts from a low RSS."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class InProcessPeak:
    """Wall time and peak RSS growth of a block of code run in this process.

    Growth = highest RSS seen during the block minus RSS at its start. The highest RSS is the larger of a
    sampler thread's readings of /proc/self/statm (every `interval` s) and ru_maxrss when the block raised
    the process's high-water mark (ru_maxrss alone would miss a block that peaks below an earlier one).
    Memory an earlier block freed but the allocators kept is reused without showing as growth, so a block
    that follows a bigger one is under-counted: measure one dataset per run for clean figures."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.seconds = 0.0
        self.peak_mib = 0.0  # growth over the RSS at the start
        self.process_peak_mib = 0.0  # the whole process's highest RSS during the block
        self._stop = threading.Event()
        self._highest = 0
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self._highest = max(self._highest, current_rss())

    def __enter__(self) -> InProcessPeak:
        release_free_memory()
        self._start_rss = current_rss()
        self._start_max = max_rss()
        self._highest = self._start_rss
        self._thread.start()
        self._start = time.perf_counter()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.seconds = time.perf_counter() - self._start
        self._stop.set()
        self._thread.join()
        highest = max(self._highest, current_rss())
        if (end_max := max_rss()) > self._start_max:
            highest = max(highest, end_max)
        self.peak_mib = (highest - self._start_rss) / MIB
        self.process_peak_mib = highest / MIB
