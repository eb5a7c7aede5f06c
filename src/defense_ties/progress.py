"""A small progress line on standard error, shown only when standard error is a terminal.

``Progress`` counts articles done (and failed) and redraws one line at most a few times a second:
``defense_ties: 1,204 articles, 3 failed, 38.5/s, 0:31``. When standard error is piped or
redirected nothing is drawn, so logs and captured output carry no control characters.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts work done and redraws a one-line summary on a terminal."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
        unit: str = "articles",
        interval: float = 0.2,
    ) -> None:
        self.stream: TextIO = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.unit = unit
        self.interval = interval
        self.done = 0
        self.failed = 0
        self._start = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False

    def update(self, done: int = 1, failed: int = 0) -> None:
        """Add ``done`` items done and ``failed`` failures; redraw if enough time has passed."""
        self.done += done
        self.failed += failed
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw >= self.interval:
            self._last_draw = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The summary line, e.g. ``defense_ties: 120 articles, 2 failed, 40.1/s, 0:03``."""
        elapsed = (time.monotonic() if now is None else now) - self._start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        mins, secs = divmod(int(elapsed), 60)
        failed = f", {self.failed:,} failed" if self.failed else ""
        return f"defense_ties: {self.done:,} {self.unit}{failed}, {rate:.1f}/s, {mins}:{secs:02d}"

    def _draw(self, now: float) -> None:
        self.stream.write("\r\x1b[K" + self.line(now))
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Erase the line, so a message printed next starts on a clean line."""
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def close(self) -> None:
        """Draw the final summary and end the line (nothing when disabled)."""
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
