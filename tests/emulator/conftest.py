"""An in-process emulator per test, and a client signed by the official SDK's signer."""

from __future__ import annotations

from typing import Dict, Iterator

import pytest
# SignedClient lives in tests/support/signed_client.py: import it from there (test modules that import it from
# conftest break when another directory's conftest is collected first).
from support.signed_client import TRANSITION, SignedClient

from emulator import fixtures
from emulator.config import Config
from emulator.server import BackgroundEmulator


@pytest.fixture
def emulator() -> Iterator[BackgroundEmulator]:
    with BackgroundEmulator(Config(transition_seconds=TRANSITION)) as running:
        yield running


@pytest.fixture
def api(emulator: BackgroundEmulator) -> SignedClient:
    return SignedClient(emulator)


@pytest.fixture
def ids() -> Dict[str, str]:
    """Fixture ids by name."""
    return {name: fixtures.fixture_id(name) for name in (
        "vpc-demo", "subnet-demo-app", "subnet-demo-vpn", "subnet-demo-v6", "subnet-demo-tiny", "vpc-transit",
        "subnet-transit-a", "vpc-er-access", "subnet-er-access", "er-hub", "eip-01", "eip-02", "eip-03",
        "eip-frozen", "eip-bound", "eip-shared-bandwidth", "eip-edge", "ep-network")}
