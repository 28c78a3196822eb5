"""The P2C data plane: the client configuration that the p2c_vpn role exports, loaded unchanged by a real
OpenVPN client, against an OpenVPN server configured from the emulator's VPN server (support/dataplane/openvpn.py).

Two gateways are built by the role (playbooks/p2c_vpn.yml, two runs in parallel): one with password users,
groups and access policies (port 443, a service-signed server certificate), one with certificate authentication
(port 1194, a CCM server certificate). Each runs in its own namespace; each client in a namespace of its own.
"""

from __future__ import annotations

import ipaddress
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from support.certs import issue
from support.dataplane import netns
from support.dataplane.openvpn import READY, OpenVpnClient, P2CGateway, missing, wait_for_line
from support.emulator import EmulatorProcess
from support.paths import REPO
from support.playbook import PlaybookRun, run_playbook
from support.signed_client import SignedClient

from emulator.fixtures import fixture_id

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dataplane-p2c")]

PLAYBOOK = REPO / "playbooks" / "p2c_vpn.yml"
VARS = REPO / "playbooks" / "vars" / "emulator.yml"
PASSWORD = "Example-Passw0rd-2025"  # the playbook's example_password
# Fewer users than the playbook's 22, for speed; alice.martin (engineering) and bob.dupont (operations) stay.
ENGINEERS, OPERATORS = ["engineer01", "engineer02"], ["operator01"]


@dataclass
class P2CLab:
    emulator: EmulatorProcess
    workdir: Path
    password: P2CGateway
    cert: P2CGateway
    team_ca: Any

    def build(self, **extra_vars: Any) -> PlaybookRun:
        return build(self.emulator, extra_vars)


def build(emulator: EmulatorProcess, extra_vars: Dict[str, Any]) -> PlaybookRun:
    run = run_playbook(PLAYBOOK, extra_vars, env=emulator.env(), args=["-e", f"@{VARS}"], timeout=120)
    assert run.returncode == 0, run.output[-3000:]
    return run


def password_vars(workdir: Path, engineers: Any) -> Dict[str, Any]:
    return {"engineers": engineers, "operators": OPERATORS, "client_config_path": str(workdir / "password.ovpn")}


def cert_vars(workdir: Path, team_ca_pem: str) -> Dict[str, Any]:
    return {
        "p2c_vpn_gateway": {"name": "cert-access", "vpc_id": fixture_id("vpc-demo"),
                            "connect_subnet": fixture_id("subnet-demo-p2c"), "eip": {"id": fixture_id("eip-11")},
                            "max_connection_number": 20},
        "p2c_vpn_server": {"client_cidr": "172.17.0.0/24", "local_subnets": ["192.168.2.0/24"],
                           "client_auth_type": "CERT", "server_certificate": {"id": fixture_id("ccm-cert-p2c-server")},
                           "ssl_options": {"port": 1194, "encryption_algorithm": "AES-128-GCM"}},
        "p2c_vpn_client_ca_certificates": [{"name": "team-ca", "content": team_ca_pem}],
        "p2c_vpn_user_groups": [], "p2c_vpn_users": [], "p2c_vpn_purge_users": False, "p2c_vpn_access_policies": [],
        "client_config_path": str(workdir / "cert.ovpn"),
    }


@pytest.fixture(scope="module")
def lab() -> Iterator[P2CLab]:
    reason = netns.skip_reason() or missing()
    if reason:
        pytest.skip(reason)
    team_ca = issue("team CA", ca=True)
    with tempfile.TemporaryDirectory(prefix="hv-p2c-") as scratch, \
            EmulatorProcess(transition_seconds=0.05) as emulator, netns.Lab() as namespaces:
        workdir = Path(scratch)
        with ThreadPoolExecutor(2) as pool:
            runs = [pool.submit(build, emulator, password_vars(workdir, ENGINEERS)),
                    pool.submit(build, emulator, cert_vars(workdir, team_ca.pem))]
            password_run, cert_run = (run.result() for run in runs)
        api = SignedClient(emulator)
        gateways = []
        try:
            for role, run in (("pw", password_run), ("ct", cert_run)):
                (workdir / role).mkdir()
                gateway_id = run.result("P2C VPN gateway")["p2c_vpn_gateway"]["id"]
                gateways.append(P2CGateway(namespaces, api, gateway_id, workdir / role, role=role))
                gateways[-1].start()
            yield P2CLab(emulator, workdir, gateways[0], gateways[1], team_ca)
        finally:
            for gateway in gateways:
                gateway.close()


def connected(client: OpenVpnClient, profile: Path, **credentials: Any) -> str:
    connection = client.connect(profile, **credentials)
    assert connection.connected, connection.log[-2000:]
    return connection.address


def test_exported_profile_connects_and_reaches_every_local_subnet(lab: P2CLab) -> None:
    server = lab.password.state
    for user, static_ip in (("bob.dupont", "172.16.0.9"), ("operator01", None)):
        client = lab.password.client(user)
        address = connected(client, lab.workdir / "password.ovpn", password=PASSWORD)
        assert ipaddress.ip_address(address) in server.client_network
        if static_ip:
            assert address == static_ip
        print(f"P2C client {user}: connected, address {address}")
        for subnet in server.local_subnets:
            target = str(next(subnet.hosts()))
            pinged = client.ping(target)
            assert pinged.returncode == 0, pinged.stdout + pinged.stderr
            print(f"  ping {target} ok")
        client.stop()


def test_access_policy_limits_a_group_to_its_destinations(lab: P2CLab) -> None:
    # engineering's policy: 192.168.0.0/24 only; the server's local subnets are 192.168.0.0/24 and 192.168.1.0/24
    # (bob.dupont of operations reached both in the test above).
    client = lab.password.client("alice.martin")
    address = connected(client, lab.workdir / "password.ovpn", password=PASSWORD)
    rules = lab.password.namespace.run(["ip", "rule", "show", "from", address]).stdout
    assert f"from {address} to 192.168.1.0/24 prohibit" in rules, rules
    allowed, denied = client.ping("192.168.0.1"), client.ping("192.168.1.1")
    print(f"alice.martin ({address}, engineering): ping 192.168.0.1 "
          f"{'ok' if allowed.returncode == 0 else 'failed'}, ping 192.168.1.1 "
          f"{'ok' if denied.returncode == 0 else 'refused'}")
    assert allowed.returncode == 0, allowed.stdout
    assert denied.returncode != 0, denied.stdout
    client.stop()
    # The server's client-disconnect hook removes the user's rules once it sees the client go.
    deadline = time.monotonic() + 10
    while lab.password.namespace.run(["ip", "rule", "show", "from", address]).stdout.strip():
        assert time.monotonic() < deadline, "the access rules of a disconnected client are still there"
        time.sleep(0.05)


def test_wrong_password_is_refused(lab: P2CLab) -> None:
    connection = lab.password.client("engineer01").connect(lab.workdir / "password.ovpn", password="Wrong-Passw0rd-1")
    assert not connection.connected
    assert connection.outcome == "AUTH_FAILED"
    print(next(line for line in connection.log.splitlines() if "AUTH_FAILED" in line))


def test_user_removed_with_purge_is_refused(lab: P2CLab) -> None:
    client = lab.password.client("engineer02")
    connected(client, lab.workdir / "password.ovpn", password=PASSWORD)
    client.stop()
    purge = lab.build(**password_vars(lab.workdir, ["engineer01"]))
    assert purge.result("VPN users, all in one task")["changed"]
    connection = client.connect(lab.workdir / "password.ovpn", password=PASSWORD)
    assert not connection.connected
    assert connection.outcome == "AUTH_FAILED"
    print(next(line for line in connection.log.splitlines() if "AUTH_FAILED" in line))


def test_client_certificate_of_an_uploaded_ca_is_admitted_and_another_refused(lab: P2CLab) -> None:
    profile = lab.workdir / "cert.ovpn"
    member = issue("laptop-1", issuer=lab.team_ca)
    client = lab.cert.client("laptop-1")
    address = connected(client, profile, certificate=member.pem, key=member.key_pem)
    assert ipaddress.ip_address(address) in lab.cert.state.client_network
    pinged = client.ping("192.168.2.1")
    assert pinged.returncode == 0, pinged.stdout
    client.stop()

    stranger = issue("laptop-2", issuer=issue("other CA", ca=True))
    already = len(lab.cert.log.read_text())
    refused = lab.cert.client("laptop-2")
    refused.start(profile, certificate=stranger.pem, key=stranger.key_pem)
    # The server's verdict is the state to wait on: the client only sees its handshake fail.
    wait_for_line(lab.cert.log, ["VERIFY ERROR"], offset=already)
    print(next(line for line in lab.cert.log.read_text()[already:].splitlines() if "VERIFY ERROR" in line))
    assert READY not in refused.log.read_text()
    refused.stop()
