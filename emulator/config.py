"""The emulator's settings: the one account it accepts and how it behaves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# Documented defaults (README, `python -m emulator --help`). They are emulator-only credentials.
DEFAULT_ACCESS_KEY = "EMULATORACCESSKEY0001"
DEFAULT_SECRET_KEY = "emulator-secret-key-0001-do-not-use-elsewhere"
DEFAULT_PROJECT_ID = "0a1b2c3d4e5f40718293a4b5c6d7e8f9"
DEFAULT_REGION = "cn-north-4"
DEFAULT_DOMAIN_NAME = "emulator-domain"
DEFAULT_USER_NAME = "emulator-user"
DEFAULT_USER_PASSWORD = "Emulator-Passw0rd!"


@dataclass
class Account:
    access_key: str = DEFAULT_ACCESS_KEY
    secret_key: str = DEFAULT_SECRET_KEY
    project_id: str = DEFAULT_PROJECT_ID
    region: str = DEFAULT_REGION
    domain_name: str = DEFAULT_DOMAIN_NAME
    domain_id: str = "d0d0d0d0e1e1e1e1f2f2f2f2a3a3a3a3"
    user_name: str = DEFAULT_USER_NAME
    user_password: str = DEFAULT_USER_PASSWORD
    user_id: str = "9a9a9a9a8b8b8b8b7c7c7c7c6d6d6d6d"


@dataclass
class Faults:
    """Fault injection, all off by default (see emulator/faults.py)."""

    fault_rate: float = 0.0
    rate_limit: int = 0
    latency_ms: int = 0
    lose_create_response_rate: float = 0.0
    seed: Optional[int] = None
    # Fault only writes (set through POST /_emulator/faults): reads, and so lookups, are answered.
    writes_only: bool = False


@dataclass
class Config:
    account: Account = field(default_factory=Account)
    # How long a resource stays in each pending status (PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE).
    transition_seconds: float = 1.0
    # Allowed clock skew for X-Sdk-Date, as on the real API gateway.
    max_clock_skew_seconds: int = 15 * 60
    state_file: Optional[str] = None
    faults: Faults = field(default_factory=Faults)
