"""One progress display for a batch: counts, time left, and each finished item when not a terminal."""

from __future__ import annotations

import sys
import time

from ..base.controls import printable

DONE, FAILED, UNCHANGED = "done", "failed", "unchanged"
_LABELS = {DONE: "完成", FAILED: "失败", UNCHANGED: "未变化"}


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Counts done / failed / unchanged; a redrawn line on a terminal, plain lines otherwise."""

    def __init__(self, total: int, stream=None, interactive: bool | None = None, enabled: bool = True):
        self.stream = stream or sys.stdout
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.enabled = enabled
        self.total = total
        self.counts = {DONE: 0, FAILED: 0, UNCHANGED: 0}
        self.started = time.monotonic()

    def begin(self, unchanged: int) -> None:
        """Record the items found up to date before anything runs."""
        self.counts[UNCHANGED] += unchanged
        self.started = time.monotonic()
        if self.enabled and not self.interactive:
            self._line(f"共 {self.total} 项：{unchanged} 项未变化（跳过），其余需要运行。")
        self._draw("")

    @property
    def finished(self) -> int:
        """How many items are accounted for."""
        return sum(self.counts.values())

    def time_left(self) -> float | None:
        """Seconds left, from the pace so far (None before the first item finishes)."""
        ran = self.counts[DONE] + self.counts[FAILED]
        if not ran:
            return None
        to_run = self.total - self.counts[UNCHANGED]
        return (time.monotonic() - self.started) / ran * max(0, to_run - ran)

    def update(self, status: str, label: str, seconds: float | None = None, message: str = "") -> None:
        """Count one finished item and show it (control characters in its label or message escaped)."""
        self.counts[status] += 1
        label, message = printable(label), printable(message)
        if not self.enabled:
            return
        if self.interactive:
            if status == FAILED:  # a failure stays on screen above the redrawn line
                first = message.strip().splitlines()[0] if message.strip() else ""
                self._write(f"\r\x1b[K{_LABELS[status]} {label}：{first}\n")
            self._draw(label)
        else:
            took = f"（{seconds:.1f} 秒）" if seconds is not None else ""
            first = message.strip().splitlines()[0] if message.strip() else ""
            self._line(f"[{self.finished}/{self.total}] {_LABELS[status]} {label}{took}" + (f"：{first}" if first else ""))

    def _summary(self) -> str:
        left = self.time_left()
        eta = f" 剩余约 {_clock(left)}" if left is not None and self.finished < self.total else ""
        return (f"{self.finished}/{self.total} 完成 {self.counts[DONE]} 失败 {self.counts[FAILED]} "
                f"未变化 {self.counts[UNCHANGED]}{eta}")

    def _draw(self, label: str) -> None:
        if not (self.enabled and self.interactive):
            return
        width = 24
        filled = int(width * self.finished / self.total) if self.total else width
        bar = "█" * filled + "░" * (width - filled)
        self._write(f"\r\x1b[K[{bar}] {self._summary()}" + (f"  {label}" if label else ""))

    def _line(self, text: str) -> None:
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        """Show ``text``; a terminal or pipe that went away ends the display, never the batch."""
        if not self.enabled:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # BrokenPipeError, or a closed stream
            self.enabled = False

    def close(self) -> None:
        """End the display (a newline after the redrawn line; a final count otherwise)."""
        if not self.enabled:
            return
        if self.interactive:
            self._draw("")
            self._write("\n")
        else:
            self._line(self._summary())
