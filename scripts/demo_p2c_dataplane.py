"""The end of `make demo` for point-to-cloud: the client configuration the p2c_vpn playbook exported, loaded
unchanged by a real OpenVPN client in a network namespace, against an OpenVPN server configured from the
emulator's VPN server (tests/support/dataplane/openvpn.py). Needs root, network namespaces and openvpn."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import List, Tuple

from support.dataplane import netns
from support.dataplane.openvpn import P2CGateway, missing
from support.emulator import EmulatorProcess
from support.p2c_api import GATEWAYS
from support.signed_client import SignedClient

GATEWAY_NAME = "remote-access"  # playbooks/p2c_vpn.yml
USER, PASSWORD = "alice.martin", "Example-Passw0rd-2025"  # one of its users, and its example_password


def p2c_client_lines(emulator: EmulatorProcess, profile: Path) -> Tuple[bool, List[str]]:
    """What a client of the demo's P2C gateway sees, or one line saying why this part was skipped; and whether
    that is as it should be (a refused client is not)."""
    reason = netns.skip_reason() or missing()
    if reason:
        return True, [f"P2C client: skipped ({reason}); to connect a real OpenVPN client, run `make demo` as root "
                      f"on Debian with openvpn and iputils-ping installed."]
    api = SignedClient(emulator)
    gateways = api.ok("GET", GATEWAYS)["p2c_vpn_gateways"]
    gateway_id = next(g["id"] for g in gateways if g["name"] == GATEWAY_NAME)
    with tempfile.TemporaryDirectory(prefix="hv-demo-p2c-") as scratch, netns.Lab() as lab:
        gateway = P2CGateway(lab, api, gateway_id, Path(scratch), role="dm")
        try:
            gateway.start()
            client = gateway.client(USER)
            connection = client.connect(profile, password=PASSWORD)
            if not connection.connected:
                return False, [f"P2C client {USER}: refused ({connection.outcome})"]
            pings = []
            for subnet in gateway.state.local_subnets:
                target = str(next(subnet.hosts()))
                reached = client.ping(target).returncode == 0
                pings.append(f"ping {target} {'ok' if reached else 'refused by its access policy'}")
            client.stop()
            return True, [f"P2C client {USER}: connected, address {connection.address}, {', '.join(pings)}"]
        finally:
            gateway.close()
