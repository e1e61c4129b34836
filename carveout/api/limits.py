"""Per-client request limits: a token bucket per client address, and which addresses are
the machine's own (exempt: a person on their own machine, or a load test, is not a flood)."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

MAX_CLIENTS = 10_000  # buckets kept before idle ones are dropped


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name other than localhost: could be anywhere
        return False


class RateLimiter:
    """`per_minute` requests a minute per client, in bursts of up to `per_minute`: each
    client's bucket refills at per_minute/60 a second. 0 turns the limit off."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)

    def wait(self, client: str) -> float:
        """0 if this request may go ahead (and it is counted), else the seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now, rate = self.clock(), self.per_minute / 60
        tokens, then = self._buckets.get(client, (self.per_minute, now))
        tokens = min(self.per_minute, tokens + (now - then) * rate)
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / rate
        if len(self._buckets) >= MAX_CLIENTS:
            self._forget_idle(now, rate)
        self._buckets[client] = (tokens - 1, now)
        return 0.0

    def _forget_idle(self, now: float, rate: float) -> None:
        """A bucket that has refilled is the same as no bucket; if every client is busy,
        the half seen least recently are forgotten (they get a fresh bucket)."""
        buckets = self._buckets.items()
        kept = {c: (t, w) for c, (t, w) in buckets if t + (now - w) * rate < self.per_minute}
        if len(kept) >= MAX_CLIENTS:
            recent = sorted(kept.items(), key=lambda item: item[1][1])[MAX_CLIENTS // 2 :]
            kept = dict(recent)
        self._buckets = kept
