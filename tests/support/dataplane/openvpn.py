"""The P2C data plane: the gateway's OpenVPN server, configured from the emulator's VPN server the way the
gateway applies it, and OpenVPN clients that load the exported client configuration unchanged.

The server runs in a namespace of its own at the gateway's EIP (an ifb address); each local subnet has its first
host address on an ifb there, so clients can ping it. Each client runs in a namespace of its own, linked to the
cloud namespace by a veth pair, with a route to the EIP. Everything waits on the daemons' own log lines.

Where the emulator stands in for the gateway (tests only, /_emulator/ control paths):
- the server certificate: the emulator keeps no server private key, so the harness makes one with openssl in its
  work directory and the emulator signs it with the CA that the exported <ca> holds (same subject);
- the client CA certificates: the API describes them but does not return them;
- passwords: the emulator keeps only hashes; the server's auth-user-pass-verify script asks the harness over a
  UNIX socket (it runs in another network namespace), and the harness asks the emulator: ok or refused.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socketserver
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from ..p2c_api import GATEWAYS, SERVERS, control, server_of
from ..signed_client import SignedClient
from .netns import Lab, Namespace

HOOKS = Path(__file__).resolve().parent / "openvpn_hooks.py"
READY = "Initialization Sequence Completed"
# Client options that make a failure quick (DATAPLANE.md); the exported file itself is loaded unchanged.
FAST_FAILURE = ["--auth-retry", "none", "--connect-retry-max", "1", "--server-poll-timeout", "5"]
DEADLINE = 15.0


def missing() -> Optional[str]:
    """What this harness needs that the machine lacks, or None."""
    for command, package in (("openvpn", "openvpn"), ("openssl", "openssl"), ("ping", "iputils-ping")):
        if shutil.which(command) is None:
            return f"{command} is not installed (Debian package {package}: apt-get install {package})"
    return None


def wait_for_line(log: Path, patterns: Sequence[str], process: Optional[subprocess.Popen] = None,
                  timeout: float = DEADLINE, offset: int = 0) -> str:
    """The first of `patterns` that the daemon's log shows (after `offset` characters); fails when the process
    exits first or at the deadline, with the log's end."""
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text(errors="replace")[offset:] if log.exists() else ""
        for pattern in patterns:
            if pattern in text:
                return pattern
        if process is not None and process.poll() is not None:
            raise AssertionError(f"openvpn exited ({process.returncode}) before {patterns}: {text[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"none of {patterns} in {log} after {timeout} s: {text[-2000:]}")
        time.sleep(0.02)


def _paged(api: SignedClient, path: str, key: str) -> List[Dict[str, Any]]:
    found: List[Dict[str, Any]] = []
    query: Dict[str, Any] = {"limit": 200}
    while True:
        page = api.ok("GET", path, query=query)
        found += page[key]
        marker = page.get("page_info", {}).get("next_marker")
        if not marker:
            return found
        query = {"limit": 200, "marker": marker}


@dataclass
class ServerState:
    """What the gateway applies, read from the emulator's API."""
    gateway_id: str
    server: Dict[str, Any]
    eip: str
    # user name -> {"static_ip": address or None, "allowed": destination CIDRs, or None when unrestricted}
    users: Dict[str, Dict[str, Any]] = field(default_factory=dict)

    @property
    def client_network(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(self.server["client_cidr"])

    @property
    def local_subnets(self) -> List[ipaddress.IPv4Network]:
        return [ipaddress.IPv4Network(subnet) for subnet in self.server["local_subnets"]]

    @classmethod
    def read(cls, api: SignedClient, gateway_id: str) -> "ServerState":
        gateway = api.ok("GET", f"{GATEWAYS}/{gateway_id}")["p2c_vpn_gateway"]
        server = server_of(api, gateway_id)
        state = cls(gateway_id, server, gateway["eip"]["ip_address"])
        if server["client_auth_type"] == "LOCAL_PASSWORD":
            base = f"{SERVERS}/{server['id']}"
            allowed: Dict[str, List[str]] = {}
            for policy in _paged(api, f"{base}/access-policies", "access_policies"):
                allowed.setdefault(policy["user_group_id"], []).extend(policy["dest_ip_cidrs"])
            for user in _paged(api, f"{base}/users", "users"):
                static_ip = user.get("static_ip", "disable")
                state.users[user["name"]] = {"static_ip": None if static_ip == "disable" else static_ip,
                                             "allowed": allowed.get(user["user_group_id"])}
        return state


class PasswordBridge(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """A UNIX socket the verify hook reaches from the server's namespace; it asks the emulator and answers ok or
    refused. It keeps and logs nothing."""
    daemon_threads = True

    def __init__(self, path: Path, api: SignedClient, server_id: str) -> None:
        self.api, self.server_id = api, server_id
        super().__init__(str(path), _BridgeHandler)
        self.thread = threading.Thread(target=self.serve_forever, name="p2c-password-bridge", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _BridgeHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        bridge: PasswordBridge = self.server  # type: ignore[assignment]
        asked = json.loads(self.rfile.readline() or b"{}")
        answer = control(bridge.api, "POST", f"vpn-servers/{bridge.server_id}/verify-password",
                         {"user_name": asked.get("user_name", ""), "password": asked.get("password", "")})
        self.wfile.write(answer["result"].encode() + b"\n")


class P2CGateway:
    """The OpenVPN server of one P2C gateway's VPN server, in the lab namespace `role`."""

    def __init__(self, lab: Lab, api: SignedClient, gateway_id: str, workdir: Path, role: str = "gw") -> None:
        self.lab, self.api, self.workdir = lab, api, workdir
        self.state = ServerState.read(api, gateway_id)
        self.role = role
        self.namespace: Namespace = lab.namespace(role)
        self.log = workdir / "server.log"
        self.process: Optional[subprocess.Popen] = None
        self.bridge: Optional[PasswordBridge] = None
        self._clients = 0

    @property
    def ssl(self) -> Dict[str, Any]:
        return self.state.server["ssl_options"]

    def _server_certificate(self) -> None:
        """A key made here, a certificate for it from the emulator, signed by the CA the exported <ca> holds."""
        key, request = self.workdir / "server.key", self.workdir / "server.csr"
        subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-subj", "/CN=p2c-gateway", "-keyout", str(key), "-out", str(request)],
                       check=True, capture_output=True, timeout=30)
        key.chmod(0o600)
        signed = control(self.api, "POST", f"vpn-servers/{self.state.server['id']}/server-certificate",
                         {"csr": request.read_text()})
        (self.workdir / "server.crt").write_text(signed["certificate"])
        (self.workdir / "server-ca.crt").write_text(signed["ca"])

    def _client_authentication(self) -> List[str]:
        """The options that check clients: client CAs (CERT) or the emulator's users (LOCAL_PASSWORD)."""
        server_id = self.state.server["id"]
        if self.state.server["client_auth_type"] == "CERT":
            authorities = control(self.api, "GET", f"vpn-servers/{server_id}/client-ca-certificates")
            (self.workdir / "client-ca.crt").write_text("".join(c["content"].strip() + "\n"
                                                                for c in authorities["client_ca_certificates"]))
            return [f"ca {self.workdir / 'client-ca.crt'}", "verify-client-cert require"]
        socket_path = self.workdir / "verify.sock"
        self.bridge = PasswordBridge(socket_path, self.api, server_id)
        gateway_file = self.workdir / "gateway.json"
        gateway_file.write_text(json.dumps({
            "users": self.state.users, "local_subnets": [str(s) for s in self.state.local_subnets],
            "netmask": str(self.state.client_network.netmask), "ip": shutil.which("ip")}))
        hooks = f"{sys.executable} {HOOKS}"
        return [f"ca {self.workdir / 'server-ca.crt'}", "verify-client-cert none", "username-as-common-name",
                "script-security 2", f"tmp-dir {self.workdir}",
                f'auth-user-pass-verify "{hooks} verify {socket_path}" via-file',
                f'client-connect "{hooks} connect {gateway_file}"',
                f'client-disconnect "{hooks} disconnect {gateway_file}"']

    def config(self) -> str:
        network = self.state.client_network
        # The API has one tunnel protocol (SSL) over one transport (ssl_options.protocol TCP).
        lines = ["dev tun", f"proto {self.ssl['protocol'].lower()}-server",
                 f"local {self.state.eip}", f"port {self.ssl['port']}", "topology subnet",
                 f"server {network.network_address} {network.netmask}", "dh none", "disable-dco",
                 f"cert {self.workdir / 'server.crt'}", f"key {self.workdir / 'server.key'}",
                 f"data-ciphers {self.ssl['encryption_algorithm']}", f"auth {self.ssl['authentication_algorithm']}",
                 "verb 3"]
        lines += [f'push "route {subnet.network_address} {subnet.netmask}"' for subnet in self.state.local_subnets]
        lines += [f'push "dhcp-option DNS {server}"' for server in self.state.server.get("dns_servers", [])]
        return "\n".join(lines + self._client_authentication()) + "\n"

    def start(self) -> "P2CGateway":
        self._server_certificate()
        self.namespace.add_address(f"{self.state.eip}/32")
        for subnet in self.state.local_subnets:
            self.namespace.add_address(f"{next(subnet.hosts())}/{subnet.prefixlen}")
        # Access policies are policy-routing rules (openvpn_hooks.py) ahead of the local table: move it after them.
        self.namespace.run(["ip", "rule", "add", "pref", "300", "lookup", "local"])
        self.namespace.run(["ip", "rule", "del", "pref", "0"])
        config = self.workdir / "server.conf"
        config.write_text(self.config())
        self.process = self.namespace.spawn(["openvpn", "--config", str(config)], log_path=str(self.log))
        wait_for_line(self.log, [READY], self.process)
        return self

    def client(self, name: str) -> "OpenVpnClient":
        """A client in a namespace of its own, linked to this gateway's namespace, with a route to the EIP."""
        index = self._clients
        self._clients += 1
        namespace = self.lab.namespace(f"{self.role}{index}")
        self.lab.link(self.namespace, f"100.64.{index}.1/30", namespace, f"100.64.{index}.2/30")
        self.lab.route(namespace, f"{self.state.eip}/32", f"100.64.{index}.1")
        workdir = self.workdir / f"client-{index}"
        workdir.mkdir(mode=0o700)
        return OpenVpnClient(name, namespace, workdir)

    def close(self) -> None:
        if self.bridge is not None:
            self.bridge.close()
            self.bridge = None


@dataclass
class Connection:
    """How a client's attempt ended: connected (with its tunnel address) or refused (the line that says so)."""
    connected: bool
    address: Optional[str]
    outcome: str
    log: str


class OpenVpnClient:
    def __init__(self, name: str, namespace: Namespace, workdir: Path) -> None:
        self.name, self.namespace, self.workdir = name, namespace, workdir
        self.log = workdir / "client.log"
        self.process: Optional[subprocess.Popen] = None

    def start(self, profile: Path, password: Optional[str] = None, certificate: Optional[str] = None,
              key: Optional[str] = None) -> None:
        """openvpn --config <the exported profile, unchanged>, with the user's credentials (a 0600 file) or
        certificate and key given on the command line."""
        self.log.unlink(missing_ok=True)
        args = ["openvpn", "--config", str(profile), "--disable-dco", *FAST_FAILURE]
        if password is not None:
            credentials = self.workdir / "credentials"
            credentials.touch(mode=0o600)
            credentials.write_text(f"{self.name}\n{password}\n")
            args += ["--auth-user-pass", str(credentials)]
        for option, pem in (("--cert", certificate), ("--key", key)):
            if pem is not None:
                path = self.workdir / option.strip("-")
                path.touch(mode=0o600)
                path.write_text(pem)
                args += [option, str(path)]
        self.process = self.namespace.spawn(args, log_path=str(self.log))

    def connect(self, profile: Path, password: Optional[str] = None, certificate: Optional[str] = None,
                key: Optional[str] = None) -> Connection:
        """start(), then wait until the client is connected or refused (AUTH_FAILED)."""
        self.start(profile, password, certificate, key)
        try:
            outcome = wait_for_line(self.log, [READY, "AUTH_FAILED"], self.process)
        except AssertionError:
            self.stop()
            raise
        connected = outcome == READY
        if not connected:
            self.stop()
        return Connection(connected, self.address() if connected else None, outcome,
                          self.log.read_text(errors="replace"))

    def address(self) -> str:
        shown = self.namespace.run(["ip", "-4", "-o", "address", "show", "dev", "tun0"]).stdout.split()
        return shown[shown.index("inet") + 1].split("/")[0]

    def ping(self, address: str) -> subprocess.CompletedProcess:
        """One ping through the tunnel (a refused destination answers at once: ICMP 'Packet filtered')."""
        return self.namespace.run(["ping", "-n", "-c", "1", "-W", "2", address], check=False)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
