"""Site-to-cloud tunnels for real: the gateway's side played by strongSwan, configured from the emulator's API
state the way Huawei's gateway applies a VPN connection, and sites that load the role's swanctl.conf unchanged.

    cloud namespace: the gateway's EIPs and the first address of each local subnet (on ifb priv0), one charon
    site namespace per site: its id_value and the first address of each peer subnet, its own charon
    a veth pair per site to the cloud (172.31.<n>.0/30), routes to the EIPs and back to the site's address

Once tunnels are up or have failed, report() tells the emulator each connection's status (ACTIVE when a CHILD_SA is
INSTALLED on the gateway's side, DOWN otherwise) through POST /_emulator/statuses/vpn-connections/<id>.
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ansible_collections.hwcloud.vpn.plugins.module_utils.strongswan import esp_proposal, ike_proposal, sections

from .netns import Lab, Namespace
from .strongswan import Charon, packets

ROUTE_BASED = ("static", "bgp")
ANY = "0.0.0.0/0"
# Seconds a ping waits for its answer, and the deadline of a tunnel's first answered ping.
PING_WAIT = 2
PING_DEADLINE = 8.0
# Rounds of pings through a tunnel until its CHILD_SAs' counters show them.
TRAFFIC_ATTEMPTS = 3


class ControlClient:
    """The emulator's test-only control paths (/_emulator/...), which need no signature."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/_emulator/{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
        return json.loads(content) if content else None

    def psk(self, connection_id: str) -> str:
        return self.call("GET", f"vpn-connections/{connection_id}/psk")["psk"]

    def set_status(self, resource_type: str, resource_id: str, status: str) -> Dict[str, Any]:
        return self.call("POST", f"statuses/{resource_type}/{resource_id}", {"status": status})


@dataclass
class CloudConnection:
    """One VPN connection as the gateway applies it: everything strongSwan needs on the gateway's side."""
    api: Dict[str, Any]
    customer_gateway: Dict[str, Any]
    address: str  # the gateway address (EIP) of the connection
    psk: str

    @property
    def name(self) -> str:
        return self.api["name"]

    @property
    def style(self) -> str:
        return self.api["style"].lower()

    def identities(self) -> Tuple[str, str]:
        """(the gateway's IKE identity, the site's), as the ikepolicy says or the two addresses."""
        ike = self.api["ikepolicy"]
        local = "%any" if ike.get("local_id_type") == "any" else ike.get("local_id") or self.address
        peer = ("%any" if ike.get("peer_id_type") == "any"
                else ike.get("peer_id") or self.customer_gateway["id_value"])
        return local, peer

    def traffic_selectors(self) -> List[Tuple[List[str], List[str]]]:
        """(gateway subnets, site subnets) per child: the policy rules, 0.0.0.0/0 for route-based styles (routes
        decide there), otherwise the gateway's local subnets and the connection's peer subnets."""
        if self.style in ROUTE_BASED:
            return [([ANY], [ANY])]
        rules = self.api.get("policy_rules") or []
        if self.style == "policy" and rules:
            return [([rule["source"]], list(rule["destination"])) for rule in rules]
        return [(list(self.api["_local_subnets"]), list(self.api.get("peer_subnets") or []))]

    def swanctl(self) -> Tuple[str, str]:
        """(the connection section, its secret section) of the gateway's swanctl.conf."""
        ike, ipsec = self.api["ikepolicy"], self.api["ipsecpolicy"]
        local_id, peer_id = self.identities()
        remote_address = self.customer_gateway["id_value"] if self.customer_gateway.get("id_type", "ip") == "ip" \
            else "%any"
        lines = [f"    {self.name} {{",
                 f"        version = {ike['ike_version'].lstrip('v')}"]
        if ike["ike_version"] == "v1" and ike.get("phase1_negotiation_mode") == "aggressive":
            lines.append("        aggressive = yes")
        # The gateway keeps its EIP: the API has no MOBIKE. With MOBIKE, the gateway announces its other addresses
        # and the tunnel moves to the namespaces' transfer addresses, rekeying every CHILD_SA on the way.
        lines.append("        mobike = no")
        lines += [f"        local_addrs = {self.address}",
                  f"        remote_addrs = {remote_address}",
                  f"        proposals = {ike_proposal(ike)}",
                  f"        rekey_time = {ike['lifetime_seconds']}s",
                  f"        dpd_delay = {ike['dpd']['interval']}s"]
        if ike["ike_version"] == "v1":
            # As the role's template: strongSwan counts IKEv1's dpd_timeout from the peer's last message.
            lines.append(f"        dpd_timeout = {ike['dpd']['interval'] + ike['dpd']['timeout']}s")
        lines += ["        local {", "            auth = psk", f"            id = {local_id}", "        }",
                  "        remote {", "            auth = psk", f"            id = {peer_id}", "        }",
                  "        children {"]
        selectors = self.traffic_selectors()
        for index, (local_ts, remote_ts) in enumerate(selectors, 1):
            child = self.name + (f"-rule{index}" if len(selectors) > 1 else "")
            lines += [f"            {child} {{",
                      f"                local_ts = {','.join(local_ts)}",
                      f"                remote_ts = {','.join(remote_ts)}",
                      f"                esp_proposals = {esp_proposal(ipsec)}",
                      f"                life_time = {ipsec['lifetime_seconds']}s",
                      f"                rekey_time = {int(ipsec['lifetime_seconds'] * 0.9)}s",
                      "                mode = tunnel",
                      "                dpd_action = clear",
                      "            }"]
        lines += ["        }", "    }"]
        secret = [f"    ike-{self.name} {{", f"        id-1 = {local_id}", f"        id-2 = {peer_id}",
                  f"        secret = \"{self.psk}\"", "    }"]
        return "\n".join(lines), "\n".join(secret)


def read_gateway(api: Any, control: ControlClient, gateway_id: str) -> Tuple[Dict[str, Any], List[CloudConnection]]:
    """The gateway and its connections (with customer gateways and keys) as the API and the control path show
    them. `api` is a signed client (tests/support/signed_client.py)."""
    gateway = api.ok("GET", f"/v5/{{project}}/vpn-gateways/{gateway_id}")["vpn_gateway"]
    listed = api.ok("GET", "/v5/{project}/vpn-connection", query={"vgw_id": gateway_id})["vpn_connections"]
    connections = []
    for connection in sorted(listed, key=lambda c: c["name"]):
        customer = api.ok("GET", f"/v5/{{project}}/customer-gateways/{connection['cgw_id']}")["customer_gateway"]
        connection = dict(connection, _local_subnets=gateway.get("local_subnets", []))
        connections.append(CloudConnection(connection, customer, gateway_address(gateway, connection["vgw_ip"]),
                                           control.psk(connection["id"])))
    return gateway, connections


def gateway_address(gateway: Dict[str, Any], vgw_ip: str) -> str:
    """The IP address behind a connection's vgw_ip: an EIP id of a public gateway, or a private address."""
    for slot in ("eip1", "eip2"):
        eip = gateway.get(slot) or {}
        if eip.get("id") == vgw_ip:
            return eip["ip_address"]
    return vgw_ip


def cloud_swanctl_conf(connections: Sequence[CloudConnection]) -> str:
    parts = [connection.swanctl() for connection in connections]
    return ("# The gateway's side, from the emulator's API state (tests/support/dataplane/s2c.py).\nconnections {\n"
            + "\n".join(section for section, _secret in parts) + "\n}\n\nsecrets {\n"
            + "\n".join(secret for _section, secret in parts) + "\n}\n")


def first_host(cidr: str) -> str:
    network = ipaddress.ip_network(cidr, strict=False)
    return str(network.network_address) if network.prefixlen == 32 else str(next(network.hosts()))


@dataclass
class Site:
    """A site's namespace and daemon, loaded with the role's swanctl.conf."""
    name: str
    namespace: Namespace
    charon: Charon
    address: str
    config: Optional[Path] = None
    children: Dict[str, List[str]] = field(default_factory=dict)  # IKE connection name -> its child names

    def load(self, config: Path) -> None:
        """Install the file byte for byte, load it and read which connections and children it declares."""
        self.config = config
        self.charon.install_config(config.read_text(encoding="utf-8"))
        self.charon.load_all()
        self.refresh()

    def refresh(self) -> None:
        """Read which connections and children the daemon has loaded (by whoever loaded them)."""
        listed = sections(self.charon.swanctl("--list-conns", "--raw").stdout)
        self.children = {name: sorted((connection.get("children") or {}).keys()) for name, connection in listed.items()}

    def child_names(self, tunnels: Optional[Sequence[str]] = None) -> List[str]:
        return [child for tunnel, names in self.children.items() if tunnels is None or tunnel in tunnels
                for child in names]

    def bring_up(self, tunnels: Optional[Sequence[str]] = None) -> Dict[str, Dict[str, Any]]:
        """Initiate what is not INSTALLED yet (start_action may have done it already) and wait for every child."""
        wanted = self.child_names(tunnels)
        # What start_action is negotiating right now settles first: initiating it again would duplicate it.
        deadline = time.monotonic() + PING_DEADLINE
        while self.charon.negotiating(list(tunnels or self.children)) and time.monotonic() < deadline:
            time.sleep(0.05)
        installed = self.charon.installed(wanted)
        for child in wanted:
            if child not in installed:
                self.charon.initiate(child)
        return self.charon.wait_installed(wanted)

    def selectors(self) -> Dict[str, Tuple[List[str], List[str]]]:
        """(local_ts, remote_ts) of each child, as loaded."""
        listed = sections(self.charon.swanctl("--list-conns", "--raw").stdout)
        return {child: (settings.get("local-ts", []), settings.get("remote-ts", []))
                for connection in listed.values() for child, settings in (connection.get("children") or {}).items()}


@dataclass
class TunnelReport:
    site: str
    tunnel: str
    children: Dict[str, Dict[str, Any]]
    pings: List[Tuple[str, str]]

    def lines(self) -> List[str]:
        out = []
        for name, child in sorted(self.children.items()):
            packets_in, packets_out = packets(child)
            out.append(f"site {self.site} tunnel {self.tunnel} child {name}: {child.get('state')} "
                       f"IKE {child.get('ike_proposal')} ESP {child.get('encr-alg')}-{child.get('encr-keysize')}"
                       f"{'/' + child['integ-alg'] if child.get('integ-alg') else ''}"
                       f"{'/' + child['dh-group'] if child.get('dh-group') else ''} "
                       f"local {','.join(child.get('local-ts', []))} remote {','.join(child.get('remote-ts', []))} "
                       f"packets in {packets_in} out {packets_out}")
        return out


def carried(before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> bool:
    """Whether a child's INSTALLED CHILD_SA counted packets both ways since `before` (the same CHILD_SA, or a
    new one that counted from zero)."""
    if before is None or before.get("uniqueid") != after.get("uniqueid"):
        return min(packets(after)) > 0
    return all(now > then for now, then in zip(packets(after), packets(before)))


class S2CLab:
    """The gateway's side and the sites, in one Lab."""

    def __init__(self, lab: Lab, directory: Path, api: Any, control: ControlClient, gateway_id: str = "") -> None:
        self.lab = lab
        self.directory = directory
        self.api = api
        self.control = control
        self.gateway_id = gateway_id
        self.gateway: Dict[str, Any] = {}
        self.connections: List[CloudConnection] = []
        self.cloud_namespace = lab.namespace("cloud")
        self.cloud = Charon(self.cloud_namespace, directory / "cloud")
        self.sites: Dict[str, Site] = {}
        self.follow_errors: List[str] = []

    def start(self, eips: Sequence[str] = ()) -> "S2CLab":
        """Start the gateway's daemon with the connections of the API state (only the EIP addresses `eips` when
        the gateway does not exist yet: follow() configures it once it does)."""
        self.cloud.start()
        for address in eips:
            self.cloud_namespace.add_address(f"{address}/32")
        if self.gateway_id:
            self.configure_cloud()
        return self

    def follow(self, gateway_name: str, stop: threading.Event, interval: float = 0.1) -> threading.Thread:
        """Apply the API state to the gateway's side as it changes, like the service does: a thread that finds the
        gateway by name, then reloads the daemon whenever the gateway's connections change, until `stop` is set."""

        def connections_state() -> List[Tuple[str, str]]:
            listed = self.api.ok("GET", "/v5/{project}/vpn-connection", query={"vgw_id": self.gateway_id})
            return sorted((c["id"], c.get("updated_at", "")) for c in listed["vpn_connections"])

        def run() -> None:
            applied: Optional[List[Tuple[str, str]]] = None
            while not stop.wait(interval):
                try:
                    if not self.gateway_id:
                        gateways = self.api.ok("GET", "/v5/{project}/vpn-gateways")["vpn_gateways"]
                        found = [g for g in gateways if g["name"] == gateway_name and g["status"] == "ACTIVE"]
                        if not found:
                            continue
                        self.gateway_id = found[0]["id"]
                    current = connections_state()
                    if current and current != applied:
                        self.configure_cloud()
                        applied = current
                except (AssertionError, RuntimeError, OSError) as error:
                    # A connection changing under the reads (or going away): noted, and tried again next time.
                    self.follow_errors.append(f"{type(error).__name__}: {error}")

        thread = threading.Thread(target=run, name=f"follow-{gateway_name}", daemon=True)
        thread.start()
        return thread

    def configure_cloud(self) -> None:
        """(Re)read the gateway from the API and (re)load the gateway's side: addresses and connections."""
        self.gateway, self.connections = read_gateway(self.api, self.control, self.gateway_id)
        for slot in ("eip1", "eip2"):
            address = (self.gateway.get(slot) or {}).get("ip_address")
            if address:
                self.cloud_namespace.add_address(f"{address}/32")
        for subnet in self.gateway.get("local_subnets", []):
            network = ipaddress.ip_network(subnet)
            self.cloud_namespace.add_address(f"{first_host(subnet)}/{network.prefixlen}")
        for connection in self.connections:
            local = connection.api.get("tunnel_local_address")
            if connection.style == "bgp" and local:
                self.cloud_namespace.add_address(local.split("/")[0] + "/32")
        self.cloud.install_config(cloud_swanctl_conf(self.connections))
        self.cloud.load_all()

    def connections_of(self, site: str) -> List[CloudConnection]:
        address = self.sites[site].address
        return [c for c in self.connections if c.customer_gateway["id_value"] == address]

    def add_site(self, name: str, address: str, subnets: Sequence[str],
                 tunnel_addresses: Sequence[str] = (), eips: Sequence[str] = ()) -> Site:
        """A site namespace at `address` (its customer gateway's id_value) holding the first address of each of
        its subnets (and its BGP tunnel addresses), linked to the cloud, with its daemon started. Routes go to the
        gateway's EIPs, or to `eips` when the gateway does not exist yet."""
        number = len(self.sites)
        namespace = self.lab.namespace(name)
        transfer = ipaddress.ip_network(f"172.31.{number}.0/30")
        cloud_end, site_end = (str(host) for host in transfer.hosts())
        self.lab.link(self.cloud_namespace, f"{cloud_end}/30", namespace, f"{site_end}/30")
        namespace.add_address(f"{address}/32")
        for subnet in subnets:
            namespace.add_address(f"{first_host(subnet)}/{ipaddress.ip_network(subnet).prefixlen}")
        for tunnel_address in tunnel_addresses:
            namespace.add_address(tunnel_address.split("/")[0] + "/32")
        for eip in list(eips) or [(self.gateway.get(slot) or {}).get("ip_address") for slot in ("eip1", "eip2")]:
            if eip:
                self.lab.route(namespace, f"{eip}/32", cloud_end)
        self.lab.route(self.cloud_namespace, f"{address}/32", site_end)
        site = Site(name, namespace, Charon(namespace, self.directory / name).start(), address)
        self.sites[name] = site
        return site

    def ping(self, site: Site, source: str, destination: str) -> None:
        """Ping from a site address to a cloud address until one answer comes back (bounded)."""
        deadline = time.monotonic() + PING_DEADLINE
        while True:
            result = site.namespace.run(["ping", "-n", "-c", "1", "-W", str(PING_WAIT), "-I", source, destination],
                                        check=False, timeout=PING_WAIT + 5)
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"no answer from {destination} to {source} in {site.name}: {result.stdout}")

    def check_tunnels(self, site_name: str) -> List[TunnelReport]:
        """Every tunnel of a site on its own: the others torn down, its children INSTALLED, a ping from each site
        subnet to each cloud subnet of each child, and the child's packet counters up. All tunnels up again at the
        end."""
        site = self.sites[site_name]
        tunnels = list(site.children)
        selectors = site.selectors()
        reports = []
        site.bring_up()
        for tunnel in tunnels:
            for other in tunnels:
                if other != tunnel:
                    site.charon.terminate(other)
                    site.charon.wait_gone(other)
            before = site.bring_up([tunnel])
            pairs = [(child, first_host(local), first_host(remote)) for child in site.children[tunnel]
                     for local in selectors[child][0] for remote in selectors[child][1]]
            for attempt in range(1, TRAFFIC_ATTEMPTS + 1):
                for _child, local, remote in pairs:
                    self.ping(site, local, remote)
                after = site.charon.wait_installed(site.children[tunnel])
                # A CHILD_SA replaced meanwhile (strongSwan sometimes re-creates a fresh one) starts from zero.
                silent = [child for child, settings in after.items()
                          if not carried(before.get(child), settings)]
                if not silent:
                    break
                if attempt == TRAFFIC_ATTEMPTS:
                    raise AssertionError(f"{site_name} {silent}: pings answered, but the packet counters of these "
                                         f"CHILD_SAs did not move\n{site.charon.swanctl('--list-sas').stdout}"
                                         f"\n{site.charon.tail(60)}")
                before = after
            pings = [(local, remote) for _child, local, remote in pairs]
            reports.append(TunnelReport(site_name, tunnel, after, pings))
        site.bring_up()
        return reports

    def cloud_state(self) -> Dict[str, str]:
        """ACTIVE or DOWN per connection id, from the gateway side's INSTALLED CHILD_SAs."""
        installed = {child["ike"] for child in self.cloud.children() if child.get("state") == "INSTALLED"}
        return {c.api["id"]: "ACTIVE" if c.name in installed else "DOWN" for c in self.connections}

    def report(self) -> Dict[str, str]:
        """Tell the emulator what the data plane shows; returns the status set per connection name."""
        states = self.cloud_state()
        for connection in self.connections:
            self.control.set_status("vpn-connections", connection.api["id"], states[connection.api["id"]])
        return {c.name: states[c.api["id"]] for c in self.connections}
