"""Data-plane tests: real strongSwan (and OpenVPN) tunnels in network namespaces against the emulator's gateways.

They run as root where namespaces and the daemons are available, in their own xdist group (make test runs
`--dist loadgroup`), and skip elsewhere with the reason. Leftovers of earlier runs are swept once per session.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from support.dataplane import netns


@pytest.fixture(scope="session", autouse=True)
def dataplane_sweep() -> Iterator[None]:
    """Remove namespaces and processes of earlier runs that were killed before they could clean up."""
    if netns.skip_reason() is None:
        netns.sweep()
    yield
    netns.close_all()
