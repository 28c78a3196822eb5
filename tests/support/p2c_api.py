"""Building P2C resources in the emulator through its API, for the emulator's P2C tests."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any, Dict, Optional

from emulator.fixtures import fixture_id

from .signed_client import SignedClient

GATEWAYS = "/v5/{project}/p2c-vpn-gateways"
SERVERS = GATEWAYS + "/vpn-servers"


def gateway_body(**changes: Any) -> Dict[str, Any]:
    body = {"name": "p2c-gw", "vpc_id": fixture_id("vpc-demo"), "connect_subnet": fixture_id("subnet-demo-p2c"),
            "eip": {"type": "5_bgp", "bandwidth_size": 10}}
    body.update(changes)
    return {"p2c_vpn_gateway": {k: v for k, v in body.items() if v is not None}}


def create_gateway(api: SignedClient, **changes: Any) -> Dict[str, Any]:
    """An ACTIVE gateway (its API view)."""
    created = api.ok("POST", GATEWAYS, gateway_body(**changes), expected=201)["p2c_vpn_gateway"]
    return api.wait_for(f"{GATEWAYS}/{created['id']}", "p2c_vpn_gateway", "ACTIVE")


def server_body(**changes: Any) -> Dict[str, Any]:
    body = {"client_cidr": "172.16.0.0/24", "local_subnets": ["192.168.0.0/24"],
            "server_certificate": {"id": fixture_id("ccm-cert-p2c-server")}, "ssl_options": {}}
    body.update(changes)
    return {"vpn_server": {k: v for k, v in body.items() if v is not None}}


def server_of(api: SignedClient, gateway_id: str) -> Dict[str, Any]:
    return api.ok("GET", f"{GATEWAYS}/{gateway_id}/vpn-servers")["vpn_servers"][0]


def wait_server(api: SignedClient, gateway_id: str, status: str = "ACTIVE") -> Dict[str, Any]:
    deadline = time.monotonic() + 10
    while True:
        server = server_of(api, gateway_id)
        if server["status"] == status or time.monotonic() > deadline:
            assert server["status"] == status, server
            return server
        time.sleep(0.02)


def create_server(api: SignedClient, gateway_id: Optional[str] = None, **changes: Any) -> Dict[str, Any]:
    """An ACTIVE server (its API view), on a new gateway unless one is given."""
    gateway_id = gateway_id or create_gateway(api)["id"]
    api.ok("POST", f"{GATEWAYS}/{gateway_id}/vpn-servers", server_body(**changes), expected=201)
    return wait_server(api, gateway_id)


def control(api: SignedClient, method: str, path: str, body: Any = None) -> Any:
    """A control path of the emulator (tests only, not signed)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(api.base + "/_emulator/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        content = response.read()
    return json.loads(content) if content else None
