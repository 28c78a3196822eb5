"""Fault injection: the ways a real cloud API misbehaves, on demand and reproducibly (--seed)."""

from __future__ import annotations

import collections
import dataclasses
import random
import threading
import time
from dataclasses import dataclass
from typing import Any, Deque, Dict, Optional

from .config import Faults
from .errors import ApiError

# What --fault-rate draws from. "drop" closes the connection without an answer.
FAULT_KINDS = ("500", "502", "503", "504", "busy", "drop")


@dataclass
class Fault:
    kind: str  # one of FAULT_KINDS, "429" or "lost-response"
    error: Optional[ApiError] = None
    drop: bool = False


def _error_for(kind: str) -> ApiError:
    if kind == "busy":
        return ApiError(400, "VPN.0030", "The system is busy, please try later.")
    status = int(kind)
    messages = {500: ("VPN.0002", "server error: internal error"),
                502: ("APIGW.0202", "Bad gateway: the backend service did not answer"),
                503: ("APIGW.0203", "Service unavailable: the backend service is unavailable"),
                504: ("APIGW.0204", "Gateway timeout: the backend service timed out")}
    code, message = messages[status]
    return ApiError(status, code, message)


class FaultInjector:
    def __init__(self, settings: Faults) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._random = random.Random(settings.seed)
        self._recent: Deque[float] = collections.deque()

    def reset(self) -> None:
        """Start again from the seed (POST /_emulator/reset): a reset emulator injects the same faults again."""
        with self._lock:
            self._random = random.Random(self.settings.seed)
            self._recent.clear()

    def latency(self) -> None:
        if self.settings.latency_ms > 0:
            time.sleep(self.settings.latency_ms / 1000.0)

    def configure(self, changes: Dict[str, Any]) -> None:
        """Change the settings of a running emulator (POST /_emulator/faults), and start again from the seed."""
        known = {f.name: f.type for f in dataclasses.fields(Faults)}
        unknown = sorted(set(changes) - set(known))
        if unknown:
            raise ValueError(f"unknown fault settings {unknown}; known: {sorted(known)}")
        for name, value in changes.items():
            setattr(self.settings, name, value)
        self.reset()

    def before(self, write: bool = True) -> Optional[Fault]:
        """A fault to answer with instead of processing the request, or None."""
        if self.settings.writes_only and not write:
            return None
        with self._lock:
            if self.settings.rate_limit > 0:
                now = time.monotonic()
                while self._recent and now - self._recent[0] >= 1.0:
                    self._recent.popleft()
                if len(self._recent) >= self.settings.rate_limit:
                    retry_after = max(1, int(1.0 - (now - self._recent[0]) + 0.999))
                    return Fault("429", ApiError(429, "APIGW.0308", "The throttling threshold has been reached: "
                                                 f"more than {self.settings.rate_limit} requests per second",
                                                 headers={"Retry-After": str(retry_after)}))
                self._recent.append(now)
            if self.settings.fault_rate > 0 and self._random.random() < self.settings.fault_rate:
                kind = self._random.choice(FAULT_KINDS)
                if kind == "drop":
                    return Fault("drop", drop=True)
                return Fault(kind, _error_for(kind))
        return None

    def lose_response(self) -> bool:
        """Whether a create that just succeeded should lose its answer (the client sees a 504)."""
        if self.settings.lose_create_response_rate <= 0:
            return False
        with self._lock:
            return self._random.random() < self.settings.lose_create_response_rate
