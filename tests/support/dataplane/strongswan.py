"""A private strongSwan daemon (charon-systemd) in a namespace, driven with swanctl, and what it reports.

Each daemon has its own directory: strongswan.conf, the vici socket, swanctl/ (SWANCTL_DIR) and charon.log.
ESP runs in userspace (kernel-libipsec, TUN device ipsec0): this kernel has no ESP (DATAPLANE.md).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ansible_collections.hwcloud.vpn.plugins.module_utils.strongswan import parse_raw, sections

from .netns import Namespace, binary

# Plugins for every proposal the API can ask for, userspace ESP first (before kernel-netlink), kdf for the PRFs.
PLUGINS = ("random nonce openssl aes des sha1 sha2 md5 hmac gcm gmp kdf pem pkcs1 x509 pubkey "
           "kernel-libipsec kernel-netlink socket-default vici")
# What swanctl itself needs to read keys and certificates (its default list names plugins Debian does not ship).
SWANCTL_PLUGINS = "random nonce openssl pem pkcs1 pkcs8 x509 pubkey"
# Seconds for swanctl calls; --initiate gets its own --timeout below this.
SWANCTL_TIMEOUT = 15
# Seconds to wait for a daemon's vici socket, and for CHILD_SAs to be installed.
START_TIMEOUT = 10.0
INSTALL_TIMEOUT = 15.0


def strongswan_conf(directory: Path) -> str:
    """A strongswan.conf for a daemon of its own: the same settings for charon and charon-systemd."""
    settings = f"""    load_modular = no
    load = {PLUGINS}
    retransmit_tries = 1
    retransmit_timeout = 1.0
    install_routes = yes
    filelog {{
        log {{
            path = {directory}/charon.log
            default = 1
            ike = 2
            cfg = 2
            time_format = %H:%M:%S
        }}
    }}
    journal {{
        default = -1
    }}
    plugins {{
        vici {{
            socket = unix://{directory}/charon.vici
        }}
    }}
"""
    return (f"charon {{\n{settings}}}\n\ncharon-systemd {{\n{settings}}}\n\n"
            f"swanctl {{\n    load = {SWANCTL_PLUGINS}\n    socket = unix://{directory}/charon.vici\n}}\n")


class Charon:
    """A charon-systemd in a namespace with its own configuration directory."""

    def __init__(self, namespace: Namespace, directory: Path) -> None:
        self.namespace = namespace
        self.directory = directory
        self.swanctl_dir = directory / "swanctl"
        self.conf = directory / "strongswan.conf"
        self.socket = directory / "charon.vici"
        self.log = directory / "charon.log"
        self.process: Optional[subprocess.Popen] = None

    @property
    def env(self) -> Dict[str, str]:
        return {"STRONGSWAN_CONF": str(self.conf), "SWANCTL_DIR": str(self.swanctl_dir)}

    def start(self) -> "Charon":
        """Write strongswan.conf, start the daemon and wait until its vici socket answers."""
        self.swanctl_dir.mkdir(parents=True, exist_ok=True)
        self.swanctl_dir.chmod(0o700)
        self.conf.write_text(strongswan_conf(self.directory), encoding="utf-8")
        self.process = self.namespace.spawn([binary("charon-systemd") or "charon-systemd"], env=self.env,
                                            log_path=self.directory / "charon.out")
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"charon in {self.namespace.name} exited with {self.process.returncode}: "
                                   f"{self.tail()}")
            if self.socket.exists() and self.swanctl("--stats", check=False).returncode == 0:
                return self
            if time.monotonic() > deadline:
                raise RuntimeError(f"charon in {self.namespace.name} did not answer in {START_TIMEOUT} s: "
                                   f"{self.tail()}")
            time.sleep(0.02)

    def tail(self, lines: int = 20) -> str:
        logs = [path for path in (self.log, self.directory / "charon.out") if path.exists()]
        text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in logs)
        return "\n".join(text.splitlines()[-lines:])

    def swanctl(self, *args: str, check: bool = True, timeout: float = SWANCTL_TIMEOUT) -> subprocess.CompletedProcess:
        """swanctl inside the namespace, against this daemon, under `timeout` (a stuck daemon cannot hang a test)."""
        command = ["timeout", str(int(timeout)), binary("swanctl") or "swanctl", *args]
        result = self.namespace.run(command, check=False, timeout=timeout + 5, env=self.env)
        if check and result.returncode != 0:
            raise RuntimeError(f"swanctl {' '.join(args)} in {self.namespace.name} failed ({result.returncode}): "
                               f"{result.stdout}{result.stderr}")
        return result

    def install_config(self, text: str) -> Path:
        """Write swanctl.conf (mode 0600: it holds keys) into SWANCTL_DIR."""
        path = self.swanctl_dir / "swanctl.conf"
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
        return path

    def load_all(self) -> subprocess.CompletedProcess:
        return self.swanctl("--load-all", "--noprompt")

    def initiate(self, child: str, timeout: int = 5) -> subprocess.CompletedProcess:
        """Initiate one CHILD_SA (and its IKE_SA); the result carries strongSwan's log lines (rc 0 on success)."""
        return self.swanctl("--initiate", "--child", child, "--timeout", str(timeout), check=False,
                            timeout=timeout + 5)

    def terminate(self, ike: str) -> subprocess.CompletedProcess:
        return self.swanctl("--terminate", "--ike", ike, "--timeout", "5", check=False)

    def sas(self) -> Dict[str, Dict[str, Any]]:
        """The IKE_SAs by connection name, each with its child-sas (by unique name) as swanctl --raw lists them."""
        return sections(self.swanctl("--list-sas", "--raw").stdout)

    def ike_sas(self) -> List[Tuple[str, Dict[str, Any]]]:
        """Every IKE_SA as (connection name, IKE_SA), several of one connection included."""
        return [(name, ike_sa) for _label, message in parse_raw(self.swanctl("--list-sas", "--raw").stdout)
                for name, ike_sa in message.items() if isinstance(ike_sa, dict)]

    def children(self) -> List[Dict[str, Any]]:
        """Every CHILD_SA, with its IKE_SA's connection name under 'ike'."""
        listed = []
        for ike_name, ike_sa in self.ike_sas():
            for child in (ike_sa.get("child-sas") or {}).values():
                listed.append(dict(child, ike=ike_name, ike_state=ike_sa.get("state"), ike_proposal=negotiated_ike(ike_sa)))
        return listed

    def installed(self, child_names: Sequence[str]) -> Dict[str, Dict[str, Any]]:
        """The INSTALLED CHILD_SA of each of these child names that has one. When a child has several (initiated
        twice), the newest stands for it, with the packets of all of them."""
        found: Dict[str, Dict[str, Any]] = {}
        for child in self.children():
            if child.get("state") != "INSTALLED" or child.get("name") not in child_names:
                continue
            earlier = found.get(child["name"])
            if earlier is not None:
                newest = child if int(child.get("uniqueid", 0)) > int(earlier.get("uniqueid", 0)) else earlier
                child = dict(newest, **{key: str(int(earlier.get(key, 0)) + int(child.get(key, 0)))
                                        for key in ("packets-in", "packets-out", "bytes-in", "bytes-out")})
            found[child["name"]] = child
        return found

    def negotiating(self, ike_names: Sequence[str]) -> List[str]:
        """The IKE_SAs of these connections still being set up (so initiating them again would duplicate them)."""
        return [name for name, ike_sa in self.ike_sas()
                if name in ike_names and ike_sa.get("state") in ("CREATED", "CONNECTING")]

    def wait_installed(self, child_names: Sequence[str], timeout: float = INSTALL_TIMEOUT) -> Dict[str, Dict[str, Any]]:
        """Wait until every named child has an INSTALLED CHILD_SA; fail with the daemon's log when one has not."""
        deadline = time.monotonic() + timeout
        while True:
            installed = self.installed(child_names)
            if len(installed) == len(set(child_names)):
                return installed
            if time.monotonic() > deadline:
                missing = sorted(set(child_names) - set(installed))
                raise AssertionError(f"CHILD_SAs not INSTALLED in {self.namespace.name} after {timeout} s: {missing}"
                                     f"\n{self.tail(40)}")
            time.sleep(0.05)

    def wait_gone(self, ike: str, timeout: float = INSTALL_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while ike in self.sas():
            if time.monotonic() > deadline:
                raise AssertionError(f"IKE_SA {ike} still there in {self.namespace.name} after {timeout} s")
            time.sleep(0.05)


def negotiated_ike(ike_sa: Dict[str, Any]) -> str:
    """The algorithms an IKE_SA negotiated, as swanctl names them: AES_CBC-256/HMAC_SHA2_256_128/.../MODP_2048."""
    parts = [f"{ike_sa.get('encr-alg')}-{ike_sa.get('encr-keysize')}"]
    parts += [ike_sa[key] for key in ("integ-alg", "prf-alg", "dh-group") if ike_sa.get(key)]
    return "/".join(parts)


def packets(child: Dict[str, Any]) -> Tuple[int, int]:
    """(packets in, packets out) of a CHILD_SA as listed."""
    return int(child.get("packets-in", 0)), int(child.get("packets-out", 0))
