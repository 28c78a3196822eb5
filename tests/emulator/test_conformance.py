"""Conformance of every answer the emulator gives, for all 85 operations of the reference, against two
independent descriptions of the API:

- the official SDK's response models (huaweicloudsdkvpn): the answer deserializes into the operation's response
  model and has no key the model does not know, at any depth;
- the reference's response tables (reference_responses.json, written from the reference by reference_tables.py):
  every field the reference always returns is there, every field has the documented type, and no field is
  outside the reference's tables (except the few the reference's own examples show, in EXAMPLE_ONLY).

One lifecycle (S2C and P2C, every operation at least once) runs through one in-process emulator per session and
records every successful answer under its reference section; each operation is then one parametrized test.
test_totals prints the totals and writes them to tests/output/conformance.json.
"""

from __future__ import annotations

import json
import os
import re
import time
import warnings
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
from huaweicloudsdkcore.warning import warning as sdk_warning
from huaweicloudsdkvpn.v5 import VpnClient
from huaweicloudsdkvpn.v5 import model as sdk_models
from support.certs import issue
from support.p2c_api import control
from support.paths import REPO
from support.signed_client import TRANSITION, SignedClient

from emulator.config import Config
from emulator.fixtures import fixture_id
from emulator.server import BackgroundEmulator

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "reference_responses.json"), encoding="utf-8") as _handle:
    REFERENCE: Dict[str, Dict[str, Any]] = json.load(_handle)

# Fields the reference documents elsewhere although this operation's tables leave them out.
EXAMPLE_ONLY: Dict[str, Tuple[str, ...]] = {
    # 4.1.1.14 and 4.2.1.10: the Job table has no sub_jobs row; the SubJob table and the examples have them.
    "4.1.1.14": ("jobs[].sub_jobs",),
    "4.2.1.10": ("jobs[].sub_jobs",),
    # 4.1.3.2's CreateResponseVpnConnection has no enable_hub row; 4.1.3.1's table and the SDK's model have it.
    "4.1.3.2": ("vpn_connections[].enable_hub",),
    # BgpPeer: the reference's table says peer_ip_addresses, the SDK's model (and the emulator) peer_ip_address.
    "4.1.3.3": ("vpn_connection.bgp_peer.peer_ip_address",),
    "4.1.3.4": ("vpn_connections[].bgp_peer.peer_ip_address",),
}
# Fields a table lists without a condition that the reference shows elsewhere to be returned only in some cases.
SOMETIMES: Tuple[str, ...] = (
    # "available only when flavor is set to GM" (4.1.1.1); no example has it
    "vpn_gateway.certificate_id", "vpn_gateways[].certificate_id",
    # an enterprise router attachment: er gateways only
    "vpn_gateway.er_attachment_id", "vpn_gateways[].er_attachment_id",
    # yearly/monthly gateways only: the API creates pay-per-use ones (4.1.1.1, 4.2.1.1)
    "p2c_vpn_gateway.order_id", "p2c_vpn_gateways[].order_id",
    "vpn_servers[].idp_name",  # the identity provider of FEDERATED authentication
    "vpn_connection.enable_hub",  # "returned only when style is BGP" (4.1.3.3)
    "vpn_connection.bgp_peer", "vpn_connections[].bgp_peer",  # BGP connections only (no example shows one)
    "vpn_connection.bgp_peer.peer_ip_addresses", "vpn_connections[].bgp_peer.peer_ip_addresses",  # renamed above
    "page_info.next_marker",  # not on the last page ("current_count less than limit: the last page")
)

PYTHON_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict}
SDK_PRIMITIVES = {"str": str, "int": int, "bool": bool, "float": (int, float), "datetime": str, "date": str,
                  "object": object}


def _template(path: str) -> re.Pattern:
    escaped = re.escape(path.replace("{project_id}", "\0"))
    return re.compile("^" + re.sub(r"\\\{[a-z0-9_]+\\\}", "[^/]+", escaped).replace("\0", "[0-9a-f]+") + "$")


def _sdk_operations() -> Dict[Tuple[str, str], str]:
    """(method, path template) -> the SDK's response model name, from every operation of VpnClient."""
    found: Dict[Tuple[str, str], str] = {}
    for attribute in dir(VpnClient):
        match = re.match(r"^_(\w+)_http_info$", attribute)
        if not match:
            continue
        request_class = getattr(sdk_models, "".join(p.capitalize() for p in match.group(1).split("_")) + "Request")
        info = getattr(VpnClient, attribute)(request_class())
        found[(info["method"], re.sub(r"\{[a-z0-9_]+\}", "{}", info["resource_path"]))] = info["response_type"]
    return found


SDK_OPERATIONS = _sdk_operations()


def sdk_response_model(section: str) -> str:
    entry = REFERENCE[section]
    return SDK_OPERATIONS[(entry["method"], re.sub(r"\{[a-z0-9_]+\}", "{}", entry["path"]))]


class Recorder:
    """A signed client that files every successful answer under the reference section it belongs to."""

    def __init__(self, api: SignedClient) -> None:
        self.api = api
        self.answers: Dict[str, List[Tuple[int, Any]]] = {section: [] for section in REFERENCE}
        self.templates = {section: _template(entry["path"]) for section, entry in REFERENCE.items()}

    def call(self, section: str, method: str, path: str, body: Any = None,
             query: Optional[Dict[str, Any]] = None) -> Any:
        entry = REFERENCE[section]
        concrete = path.replace("{project}", self.api.project_id)
        assert method == entry["method"] and self.templates[section].match(concrete), (section, method, concrete)
        status, payload = self.api.call(method, path, body, query)[:2]
        assert status < 400, (section, status, payload)
        self.answers[section].append((status, payload))
        return payload

    def wait(self, section: str, path: str, key: str, status: str) -> Dict[str, Any]:
        """Read until the resource has `status`, recording every answer read on the way (pending ones too)."""
        deadline = time.monotonic() + 10
        while True:
            found = self.call(section, "GET", path)[key]
            if found.get("status") == status or time.monotonic() > deadline:
                assert found.get("status") == status, found
                return found
            time.sleep(0.02)


# -- the lifecycle -----------------------------------------------------------------------------------------

GATEWAYS = "/v5/{project}/vpn-gateways"
CUSTOMER_GATEWAYS = "/v5/{project}/customer-gateways"
CONNECTIONS = "/v5/{project}/vpn-connection"
MONITORS = "/v5/{project}/connection-monitors"
P2C = "/v5/{project}/p2c-vpn-gateways"
SERVERS = P2C + "/vpn-servers"


def _gm_certificate(name: str) -> Dict[str, Any]:
    chain, signing, encryption = issue("GM Root", ca=True), issue("gm-sign"), issue("gm-enc")
    return {"certificate": {"name": name, "certificate": signing.pem, "private_key": signing.key_pem,
                            "enc_certificate": encryption.pem, "enc_private_key": encryption.key_pem,
                            "certificate_chain": chain.pem}}


def _s2c(rec: Recorder) -> None:
    rec.call("4.1.1.7", "GET", GATEWAYS + "/availability-zones")
    rec.call("4.1.1.8", "GET", "/v5.1/{project}/vpn-gateways/availability-zones")
    rec.call("4.3.1.1", "GET", "/v5/{project}/vpn/quotas")
    gateway_body = {"name": "conformance", "vpc_id": fixture_id("vpc-demo"), "connect_subnet": fixture_id(
        "subnet-demo-vpn"), "local_subnets": ["192.168.0.0/24"], "eip1": {"id": fixture_id("eip-01")},
        "eip2": {"type": "5_bgp", "charge_mode": "bandwidth", "bandwidth_size": 50, "bandwidth_name": "conf-bw"},
        "tags": [{"key": "env", "value": "test"}]}
    gateway = rec.call("4.1.1.1", "POST", GATEWAYS, {"vpn_gateway": gateway_body})["vpn_gateway"]
    path = f"{GATEWAYS}/{gateway['id']}"
    gateway = rec.wait("4.1.1.2", path, "vpn_gateway", "ACTIVE")
    private = rec.call("4.1.1.1", "POST", GATEWAYS, {"vpn_gateway": {
        "name": "private", "network_type": "private", "vpc_id": fixture_id("vpc-demo"),
        "connect_subnet": fixture_id("subnet-demo-vpn"), "local_subnets": ["192.168.5.0/24"]}})["vpn_gateway"]
    rec.wait("4.1.1.2", f"{GATEWAYS}/{private['id']}", "vpn_gateway", "ACTIVE")
    rec.call("4.1.1.3", "GET", GATEWAYS)
    rec.call("4.1.1.4", "PUT", path, {"vpn_gateway": {"name": "conformance-2"}})
    rec.call("4.1.1.4", "PUT", path, {"vpn_gateway": {"local_subnets": ["192.168.0.0/24", "192.168.1.0/24"]}})
    rec.wait("4.1.1.2", path, "vpn_gateway", "ACTIVE")
    rec.call("4.1.1.5", "POST", path + "/update-specification", {"vpn_gateway": {"flavor": "Professional2"}})
    gateway = rec.wait("4.1.1.2", path, "vpn_gateway", "ACTIVE")

    gm = rec.call("4.1.1.1", "POST", GATEWAYS, {"vpn_gateway": {
        "name": "gm", "flavor": "GM", "vpc_id": fixture_id("vpc-demo"), "connect_subnet": fixture_id(
            "subnet-demo-vpn"), "local_subnets": ["192.168.9.0/24"], "eip1": {"id": fixture_id("eip-02")},
        "eip2": {"id": fixture_id("eip-03")}}})["vpn_gateway"]
    gm_path = f"{GATEWAYS}/{gm['id']}"
    rec.wait("4.1.1.2", gm_path, "vpn_gateway", "ACTIVE")
    certificate = rec.call("4.1.1.10", "POST", gm_path + "/certificate", _gm_certificate("cert-1"))["certificate"]
    rec.wait("4.1.1.11", gm_path + "/certificate", "certificate", "BOUND")
    rec.call("4.1.1.12", "PUT", f"{gm_path}/certificate/{certificate['id']}", {"certificate": {"name": "cert-2"}})
    rec.call("4.1.1.12", "PUT", f"{gm_path}/certificate/{certificate['id']}", _gm_certificate("cert-3"))

    customer = rec.call("4.1.2.1", "POST", CUSTOMER_GATEWAYS, {"customer_gateway": {
        "name": "branch", "id_value": "203.0.113.10", "bgp_asn": 65010, "tags": [{"key": "env", "value": "test"}],
        "ca_certificate": {"content": issue("Branch CA", ca=True).pem}}})["customer_gateway"]
    customer_path = f"{CUSTOMER_GATEWAYS}/{customer['id']}"
    rec.call("4.1.2.2", "GET", customer_path)
    rec.call("4.1.2.3", "GET", CUSTOMER_GATEWAYS, query={"limit": 10})
    rec.call("4.1.2.4", "PUT", customer_path, {"customer_gateway": {"name": "branch-2"}})
    other = rec.call("4.1.2.1", "POST", CUSTOMER_GATEWAYS, {"customer_gateway": {
        "name": "bgp-branch", "id_value": "203.0.113.20", "bgp_asn": 65020}})[
        "customer_gateway"]

    def connection(eip: str, name: str, **more: Any) -> Dict[str, Any]:
        return dict({"name": name, "vgw_id": gateway["id"], "vgw_ip": gateway[eip]["id"], "cgw_id": customer["id"],
                     "peer_subnets": ["10.10.0.0/16"], "psk": "Site2Cloud-Key",
                     "tags": [{"key": "env", "value": "test"}]}, **more)

    static = rec.call("4.1.3.1", "POST", CONNECTIONS, {"vpn_connection": connection("eip1", "static")})[
        "vpn_connection"]
    static_path = f"{CONNECTIONS}/{static['id']}"
    rec.wait("4.1.3.3", static_path, "vpn_connection", "DOWN")
    batch = rec.call("4.1.3.2", "POST", "/v5/{project}/vpn-connections/batch-create", {"vpn_connections": [
        connection("eip1", "bgp-1", cgw_id=other["id"], style="bgp", tunnel_local_address="169.254.70.1/30",
                   tunnel_peer_address="169.254.70.2/30"),
        connection("eip2", "bgp-2", cgw_id=other["id"], style="bgp", tunnel_local_address="169.254.71.1/30",
                   tunnel_peer_address="169.254.71.2/30")]})["vpn_connections"]
    for created in batch:
        rec.wait("4.1.3.3", f"{CONNECTIONS}/{created['id']}", "vpn_connection", "DOWN")
    rec.call("4.1.3.4", "GET", CONNECTIONS, query={"limit": 2})
    rec.call("4.1.3.4", "GET", CONNECTIONS, query={"vgw_id": gateway["id"]})
    rec.call("4.1.3.5", "PUT", static_path, {"vpn_connection": {"name": "static-2", "peer_subnets": [
        "10.20.0.0/16"]}})
    rec.wait("4.1.3.3", static_path, "vpn_connection", "DOWN")
    rec.call("4.1.3.7", "GET", static_path + "/log")
    rec.call("4.1.3.8", "POST", static_path + "/reset")
    rec.call("4.1.1.9", "GET", path + "/routing-table")

    monitor = rec.call("4.1.4.1", "POST", MONITORS, {"connection_monitor": {"vpn_connection_id": static["id"]}})[
        "connection_monitor"]
    rec.wait("4.1.4.2", f"{MONITORS}/{monitor['id']}", "connection_monitor", "ACTIVE")
    rec.call("4.1.4.3", "GET", MONITORS)
    rec.call("4.1.4.4", "DELETE", f"{MONITORS}/{monitor['id']}")

    tags = f"/v5/{{project}}/vpn-gateway/{gateway['id']}/tags"
    rec.call("4.3.2.3", "POST", tags + "/create", {"tags": [{"key": "team", "value": "net"}]})
    rec.call("4.3.2.5", "GET", tags)
    rec.call("4.3.2.6", "GET", "/v5/{project}/vpn-gateway/tags")
    rec.call("4.3.2.1", "POST", "/v5/{project}/vpn-gateway/resource-instances/filter",
             {"tags": [{"key": "team", "values": ["net"]}]})
    rec.call("4.3.2.1", "POST", "/v5/{project}/vpn-connection/resource-instances/filter", {"without_any_tag": False})
    rec.call("4.3.2.2", "POST", "/v5/{project}/vpn-gateway/resource-instances/count", {})
    rec.call("4.3.2.4", "POST", tags + "/delete", {"tags": [{"key": "team"}]})

    job = rec.call("4.1.1.13", "POST", path + "/upgrade", {"action": "start"})
    rec.call("4.1.1.14", "GET", GATEWAYS + "/jobs", query={"resource_id": gateway["id"]})
    rec.wait("4.1.1.2", path, "vpn_gateway", "PENDING_UPGRADE_CONFIRM")
    rec.call("4.1.1.13", "POST", path + "/upgrade", {"action": "finish"})
    rec.call("4.1.1.14", "GET", GATEWAYS + "/jobs")
    rec.call("4.1.1.15", "DELETE", f"{GATEWAYS}/jobs/{job['job_id']}")

    for created in [static] + batch:
        rec.call("4.1.3.6", "DELETE", f"{CONNECTIONS}/{created['id']}")
    for created in [static] + batch:
        rec.api.wait_gone(f"{CONNECTIONS}/{created['id']}")
    rec.call("4.1.2.5", "DELETE", customer_path)
    for gone in (path, gm_path, f"{GATEWAYS}/{private['id']}"):
        rec.call("4.1.1.6", "DELETE", gone)


def _p2c(rec: Recorder) -> None:
    rec.call("4.2.1.6", "GET", P2C + "/availability-zones", query={"flavor": "Professional1"})
    gateway = rec.call("4.2.1.1", "POST", P2C, {"p2c_vpn_gateway": {
        "name": "p2c-conformance", "vpc_id": fixture_id("vpc-demo"), "connect_subnet": fixture_id("subnet-demo-p2c"),
        "eip": {"type": "5_bgp", "bandwidth_size": 10}, "tags": [{"key": "env", "value": "test"}]}})[
        "p2c_vpn_gateway"]
    path = f"{P2C}/{gateway['id']}"
    rec.wait("4.2.1.2", path, "p2c_vpn_gateway", "ACTIVE")
    rec.call("4.2.1.3", "GET", P2C, query={"limit": 5})
    rec.call("4.2.1.4", "PUT", path, {"p2c_vpn_gateway": {"name": "p2c-conformance-2"}})
    rec.wait("4.2.1.2", path, "p2c_vpn_gateway", "ACTIVE")

    rec.call("4.2.2.1", "POST", path + "/vpn-servers", {"vpn_server": {
        "client_cidr": "172.16.0.0/24", "local_subnets": ["192.168.0.0/24"], "dns_servers": ["192.168.0.53"],
        "server_certificate": {"id": fixture_id("ccm-cert-p2c-server")}, "ssl_options": {},
        "client_auth_type": "LOCAL_PASSWORD"}})
    deadline = time.monotonic() + 10
    while True:
        server = rec.call("4.2.2.2", "GET", path + "/vpn-servers")["vpn_servers"][0]
        if server["status"] == "ACTIVE" or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    server_path = f"{SERVERS}/{server['id']}"
    rec.call("4.2.2.5", "GET", "/v5/{project}/vpn-servers", query={"limit": 10})
    rec.call("4.2.2.4", "POST", server_path + "/client-config/export", {"os_type": "Linux"})
    ca = issue("Clients CA", ca=True)
    rec.call("4.2.2.6", "POST", SERVERS + "/client-ca-certificates/check", {"client_ca_certificate": {
        "name": "clients", "content": ca.pem}})
    rec.call("4.2.2.11", "PUT", path + "/log-config", {"log_config": {
        "log_group_id": fixture_id("lts-group-vpn"), "log_stream_id": fixture_id("lts-stream-p2c")}})
    rec.call("4.2.2.12", "GET", path + "/log-config")
    rec.call("4.2.2.13", "DELETE", path + "/log-config")

    group = rec.call("4.2.3.10", "POST", server_path + "/groups", {"user_group": {"name": "ops"}})["user_group"]
    group_path = f"{server_path}/groups/{group['id']}"
    rec.call("4.2.3.11", "GET", group_path)
    rec.call("4.2.3.12", "GET", server_path + "/groups", query={"limit": 10})
    rec.call("4.2.3.13", "PUT", group_path, {"user_group": {"description": "operations"}})
    user = rec.call("4.2.3.1", "POST", server_path + "/users", {"user": {
        "name": "alice", "password": "Alice-Pass1", "description": "first"}})["user"]
    user_path = f"{server_path}/users/{user['id']}"
    rec.call("4.2.3.2", "POST", server_path + "/users/batch-create", {"users": [
        {"name": "bob1", "password": "Bob-Pass11"}, {"name": "carol", "password": "Carol-Pass1",
                                                     "user_group_name": "ops", "description": "third"}]})
    rec.call("4.2.3.2", "POST", server_path + "/users/batch-create", {"users": [
        {"name": "dave", "password": "short"}, {"name": "erin", "password": "Erin-Pass1", "user_group_name": "nope",
                                                "description": "x", "static_ip": "disable"}]})
    rec.call("4.2.3.3", "GET", user_path)
    users = rec.call("4.2.3.4", "GET", server_path + "/users", query={"limit": 2})
    rec.call("4.2.3.4", "GET", server_path + "/users", query={"limit": 2,
                                                              "marker": users["page_info"]["next_marker"]})
    rec.call("4.2.3.5", "PUT", user_path, {"user": {"description": "changed"}})
    rec.call("4.2.3.8", "PUT", user_path + "/password", {"old_password": "Alice-Pass1", "new_password": "Alice-Pass2"})
    rec.call("4.2.3.9", "POST", user_path + "/reset-password", {"new_password": "Alice-Pass3"})
    rec.call("4.2.3.15", "POST", group_path + "/add-users", {"users": [{"id": user["id"]}]})
    rec.call("4.2.3.17", "GET", group_path + "/users", query={"limit": 10})
    policy = rec.call("4.2.4.1", "POST", server_path + "/access-policies", {"access_policy": {
        "name": "ops-policy", "user_group_id": group["id"], "dest_ip_cidrs": ["192.168.0.0/24"]}})["access_policy"]
    policy_path = f"{server_path}/access-policies/{policy['id']}"
    rec.call("4.2.4.2", "GET", policy_path)
    rec.call("4.2.4.3", "GET", server_path + "/access-policies", query={"limit": 10})
    rec.call("4.2.4.4", "PUT", policy_path, {"access_policy": {"description": "ops only"}})

    control(rec.api, "POST", f"p2c-vpn-gateways/{gateway['id']}/connections", {"client_user_name": "alice"})
    connections = rec.call("4.2.1.7", "GET", path + "/connections", query={"limit": 10})["connections"]
    rec.call("4.2.1.8", "POST", f"{path}/connections/{connections[0]['connection_id']}/disconnect")

    rec.call("4.2.3.16", "POST", group_path + "/remove-users", {"users": [{"id": user["id"]}]})
    rec.call("4.2.4.5", "DELETE", policy_path)
    rec.call("4.2.3.14", "DELETE", group_path)
    rec.call("4.2.3.6", "DELETE", user_path)
    remaining = rec.call("4.2.3.4", "GET", server_path + "/users")["users"]
    rec.call("4.2.3.7", "POST", server_path + "/users/batch-delete", {"users": [{"id": u["id"]} for u in remaining]})

    rec.call("4.2.2.3", "PUT", server_path, {"vpn_server": {"client_auth_type": "CERT"}})
    deadline = time.monotonic() + 10
    while rec.call("4.2.2.2", "GET", path + "/vpn-servers")["vpn_servers"][0]["status"] != "ACTIVE":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    authorities = [rec.call("4.2.2.7", "POST", server_path + "/client-ca-certificates", {"client_ca_certificate": {
        "name": name, "content": issue(name, ca=True).pem}})["client_ca_certificate"] for name in ("ca-1", "ca-2")]
    ca_path = f"{server_path}/client-ca-certificates/{authorities[0]['id']}"
    rec.call("4.2.2.8", "GET", ca_path)
    rec.call("4.2.2.9", "PUT", ca_path, {"client_ca_certificate": {"name": "ca-renamed"}})
    rec.call("4.2.2.10", "DELETE", ca_path)
    rec.call("4.2.2.2", "GET", path + "/vpn-servers")

    job = rec.call("4.2.1.9", "POST", path + "/upgrade", {"action": "start"})
    rec.wait("4.2.1.2", path, "p2c_vpn_gateway", "PENDING_UPGRADE_CONFIRM")
    rec.call("4.2.1.10", "GET", P2C + "/jobs", query={"resource_id": gateway["id"]})
    rec.call("4.2.1.9", "POST", path + "/upgrade", {"action": "rollback"})
    rec.wait("4.2.1.2", path, "p2c_vpn_gateway", "ACTIVE")
    rec.call("4.2.1.10", "GET", P2C + "/jobs")
    rec.call("4.2.1.11", "DELETE", f"{P2C}/jobs/{job['job_id']}")
    rec.call("4.2.1.5", "DELETE", path)


@pytest.fixture(scope="session")
def recorded() -> Iterator[Dict[str, List[Tuple[int, Any]]]]:
    with BackgroundEmulator(Config(transition_seconds=TRANSITION)) as emulator:
        recorder = Recorder(SignedClient(emulator))
        _s2c(recorder)
        _p2c(recorder)
        yield recorder.answers


# -- the checks ----------------------------------------------------------------------------------------------

class Check:
    """The checks of one operation's answers, counting what they looked at."""

    def __init__(self, section: str) -> None:
        self.section = section
        self.entry = REFERENCE[section]
        self.model = sdk_response_model(section)
        self.allowed = EXAMPLE_ONLY.get(section, ())
        self.fields = 0  # values checked against the reference's tables
        self.keys = 0  # keys checked against the SDK's models

    def answer(self, status: int, body: Any) -> List[str]:
        if status != self.entry["status"]:
            return [f"status {status}, the reference documents {self.entry['status']}"]
        if status == 204:
            return [] if body is None else [f"a body with 204: {body!r}"]
        with warnings.catch_warnings():
            # Values the SDK cannot convert to the model's types (it warns and keeps them) fail.
            warnings.simplefilter("error", sdk_warning.TypeConversionWarning)
            VpnClient()._deserialize(body, self.model)  # pylint: disable=protected-access
        problems = self.sdk(body, self.model, "")
        if self.entry["fields"] is not None:
            problems += self.object(body, self.entry["fields"], "")
        return problems

    def sdk(self, value: Any, type_name: str, where: str) -> List[str]:
        """Keys the SDK's model does not know, and values of the wrong kind, at every depth."""
        if value is None:
            return []
        if type_name.startswith("list["):
            if not isinstance(value, list):
                return [f"{where}: a list expected, got {value!r}"]
            return [p for i, item in enumerate(value) for p in self.sdk(item, type_name[5:-1], f"{where}[{i}]")]
        if type_name.startswith("dict("):
            return [] if isinstance(value, dict) else [f"{where}: an object expected"]
        if type_name in SDK_PRIMITIVES:
            expected = SDK_PRIMITIVES[type_name]
            if expected is int and isinstance(value, bool) or not isinstance(value, expected):
                return [f"{where}: {type_name} expected, got {value!r}"]
            return []
        model = getattr(sdk_models, type_name)
        if not isinstance(value, dict):
            return [f"{where}: a {type_name} object expected, got {value!r}"]
        by_key = {key: attribute for attribute, key in model.attribute_map.items()}
        self.keys += len(value)
        problems = [f"{where}.{key}: unknown to the SDK's {type_name}" for key in value if key not in by_key]
        for key, item in value.items():
            if key in by_key:
                problems += self.sdk(item, model.openapi_types[by_key[key]], f"{where}.{key}")
        return problems

    def value(self, value: Any, field: Dict[str, Any], where: str) -> List[str]:
        """The documented type, then the fields inside."""
        self.fields += 1
        expected = PYTHON_TYPES[field["type"]]
        if value is None and not field["always"]:
            return []  # "left empty" (4.3.2.1's resource_detail)
        if value is None or not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return [f"{where}: {field['type']} expected, got {value!r}"]
        problems: List[str] = []
        if field["type"] == "array" and "items" in field:
            for item in value:
                problems += self.value(item, field["items"], f"{where}[]")
        if field["type"] == "object" and "fields" in field:
            problems += self.object(value, field["fields"], where)
        return problems

    def object(self, value: Dict[str, Any], fields: Dict[str, Any], where: str) -> List[str]:
        """Every field the reference always returns, and none outside its tables."""
        problems = []
        for name, field in fields.items():
            if name not in value:
                if field["always"] and f"{where}.{name}".lstrip(".") not in SOMETIMES:
                    problems.append(f"{where}.{name}: missing (the reference always returns it)")
                continue
            problems += self.value(value[name], field, f"{where}.{name}")
        problems += [f"{where}.{name}: not in the reference's tables" for name in value
                     if name not in fields and f"{where}.{name}".lstrip(".") not in self.allowed]
        return problems


@pytest.mark.parametrize("section", list(REFERENCE))
def test_operation(section: str, recorded: Dict[str, List[Tuple[int, Any]]]) -> None:
    entry = REFERENCE[section]
    assert recorded[section], f"the lifecycle never called {section} {entry['title']}"
    check = Check(section)
    for status, body in recorded[section]:
        problems = check.answer(status, body)
        assert not problems, f"{section} {entry['title']}:\n" + "\n".join(problems)


def test_totals(recorded: Dict[str, List[Tuple[int, Any]]]) -> None:
    """What the table covers: every operation of the reference, with the number of answers and fields checked
    (printed, and written to tests/output/conformance.json)."""
    assert len(REFERENCE) == 85
    totals = {"operations": 0, "answers": 0, "reference_fields": 0, "sdk_keys": 0}
    for section in REFERENCE:
        check = Check(section)
        for status, body in recorded[section]:
            check.answer(status, body)
        totals["operations"] += bool(recorded[section])
        totals["answers"] += len(recorded[section])
        totals["reference_fields"] += check.fields
        totals["sdk_keys"] += check.keys
    assert totals["operations"] == 85
    print(f"\nconformance: {totals['operations']} operations, {totals['answers']} answers, "
          f"{totals['reference_fields']} fields checked against the reference, {totals['sdk_keys']} keys against "
          f"the SDK's models")
    output = os.path.join(REPO, "tests", "output")
    os.makedirs(output, exist_ok=True)
    with open(os.path.join(output, "conformance.json"), "w", encoding="utf-8") as handle:
        json.dump(totals, handle, indent=1)
