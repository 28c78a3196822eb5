"""Network namespaces joined by veth pairs, with the processes started in them, removed even when a test fails
or is interrupted.

Names carry the owner's PID: `hv<pid base 36>-<lab counter>-<role>`. A sweep removes only what belongs to a
process that no longer runs, so parallel test workers (and other runs on the same machine) leave each other alone.
Interfaces are created directly inside their namespaces, so their short names never meet in the root namespace.
"""

from __future__ import annotations

import atexit
import itertools
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import IO, Dict, List, Optional, Sequence, Tuple

PREFIX = "hv"
# Interface names are at most 15 characters (IFNAMSIZ - 1).
IFNAMSIZ = 15
# The ifb interface that holds addresses of private subnets (dummy interfaces are not available here).
PRIVATE_INTERFACE = "priv0"
BINARIES = ("charon-systemd", "swanctl", "openvpn", "ping")
# Debian's packages for all of them (DATAPLANE.md); no service starts on install.
PACKAGES = ("strongswan-swanctl", "charon-systemd", "libcharon-extra-plugins", "libstrongswan-standard-plugins",
            "openvpn", "iputils-ping")
# Where Debian installs the daemons that are not on a user's PATH.
SBIN = ("/usr/sbin", "/sbin", "/usr/lib/ipsec")
LIBIPSEC_PLUGIN = Path("/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so")
# The largest PID Linux hands out (kernel.pid_max at most 2^22).
PID_MAX = 4194304
# Seconds a process gets to exit on SIGTERM before SIGKILL.
TERM_GRACE = 2.0

_counter = itertools.count()
_open_labs: List["Lab"] = []


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def binary(name: str) -> Optional[str]:
    """The path of a program, also where Debian keeps daemons outside a normal user's PATH."""
    found = shutil.which(name)
    if found:
        return found
    for directory in SBIN:
        candidate = Path(directory) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def install_packages(packages: Sequence[str] = PACKAGES) -> Optional[str]:
    """Install the data plane's packages with apt when root on a Debian-like system (for make demo). None when they
    are installed; otherwise one line saying why not."""
    if os.geteuid() != 0:
        return "installing %s needs root" % " ".join(packages)
    if not shutil.which("apt-get") or not shutil.which("dpkg-query"):
        return "no apt-get here (not Debian-like): install strongSwan (swanctl, charon-systemd), OpenVPN and ping"
    status = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Status}\\n", *packages], capture_output=True,
                            text=True, check=False)
    installed = {line.split()[0] for line in status.stdout.splitlines() if line.endswith("install ok installed")}
    missing = [package for package in packages if package not in installed]
    if not missing:
        return None
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, timeout=900)
        if done.returncode != 0:
            return "%s failed: %s" % (" ".join(command[:2]), (done.stderr or done.stdout).strip()[-300:])
    return None


def _ip(*args: str, check: bool = True, timeout: float = 10) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True, timeout=timeout)


def skip_reason(binaries: Sequence[str] = BINARIES) -> Optional[str]:
    """None when namespaces and the daemons can run here; otherwise one line saying why not and how to fix it."""
    if os.name != "posix" or not Path("/proc/self/ns/net").exists():
        return "data-plane tests need Linux network namespaces"
    if os.geteuid() != 0:
        return "data-plane tests need root (network namespaces); run the tests as root to include them"
    if not shutil.which("ip"):
        return "data-plane tests need iproute2 (`ip`); apt-get install iproute2"
    missing = [name for name in binaries if not binary(name)]
    if missing:
        return ("data-plane tests need %s; apt-get install strongswan-swanctl charon-systemd libcharon-extra-plugins "
                "libstrongswan-standard-plugins openvpn iputils-ping" % ", ".join(missing))
    if "charon-systemd" in binaries and not LIBIPSEC_PLUGIN.exists():
        return "data-plane tests need strongSwan's kernel-libipsec plugin; apt-get install libcharon-extra-plugins"
    if "openvpn" in binaries and not Path("/dev/net/tun").exists():
        return "data-plane tests need /dev/net/tun for OpenVPN"
    probe = "%s%s-probe" % (PREFIX, _base36(os.getpid()))
    added = _ip("netns", "add", probe, check=False)
    if added.returncode != 0:
        return "cannot create a network namespace here: %s" % (added.stderr.strip() or "ip netns add failed")
    _ip("netns", "del", probe, check=False)
    return None


def _ours_and_orphaned(name: str, prefix: str) -> bool:
    """Whether a name follows this module's pattern (<prefix><pid base 36>-<counter>[-<role>], or the probe's) and
    the process whose PID it carries no longer runs. Names of any other form are someone else's: left alone."""
    match = re.match(r"^%s([0-9a-z]{1,5})-(probe$|[0-9a-z]+(-|$))" % re.escape(prefix), name)
    if not match:
        return False
    pid = int(match.group(1), 36)
    if pid == os.getpid():
        return not any(name.startswith(lab.prefix + "-") for lab in _open_labs)
    if pid > PID_MAX:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def namespaces() -> List[str]:
    listed = _ip("netns", "list", check=False).stdout
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


def _kill(pids: Sequence[int]) -> None:
    """SIGTERM, then SIGKILL whatever still runs after TERM_GRACE seconds."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + TERM_GRACE
    remaining = list(pids)
    while remaining and time.monotonic() < deadline:
        remaining = [pid for pid in remaining if _running(pid)]
        if remaining:
            time.sleep(0.02)
    for pid in remaining:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _running(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reap our own children so they do not linger as zombies
    except ChildProcessError:
        pass
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def _namespace_pids(name: str) -> List[int]:
    listed = _ip("netns", "pids", name, check=False).stdout
    return [int(pid) for pid in listed.split() if pid.isdigit()]


def _remove_namespace(name: str) -> None:
    _kill(_namespace_pids(name))
    _ip("netns", "del", name, check=False)


def sweep(prefix: str = PREFIX) -> None:
    """Remove namespaces (and the processes in them) and root-namespace links left by earlier runs whose owner
    process is gone."""
    if skip_reason(()) is not None:
        return
    for name in namespaces():
        if _ours_and_orphaned(name, prefix):
            _remove_namespace(name)
    links = _ip("-o", "link", "show", check=False).stdout
    for line in links.splitlines():
        parts = line.split(":", 2)
        if len(parts) < 3:
            continue
        link = parts[1].strip().split("@", 1)[0]
        if _ours_and_orphaned(link, prefix):
            _ip("link", "del", link, check=False)


class Namespace:
    """One network namespace of a lab, and the processes started in it."""

    def __init__(self, name: str, role: str) -> None:
        self.name = name
        self.role = role
        self.processes: List[subprocess.Popen] = []
        self._logs: List[IO[bytes]] = []
        _ip("netns", "add", name)
        self.run(["ip", "link", "set", "lo", "up"])

    def command(self, args: Sequence[str]) -> List[str]:
        return ["ip", "netns", "exec", self.name, *args]

    def run(self, args: Sequence[str], check: bool = True, timeout: float = 10,
            env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
        """Run a command inside the namespace and wait for it; output is captured as text."""
        return subprocess.run(self.command(args), check=check, capture_output=True, text=True, timeout=timeout,
                              env=_environment(env))

    def spawn(self, args: Sequence[str], env: Optional[Dict[str, str]] = None,
              log_path: Optional[Path] = None) -> subprocess.Popen:
        """Start a long-running process inside the namespace (in its own session); it is killed at close()."""
        if log_path is not None:
            log: Optional[IO[bytes]] = open(log_path, "ab")  # pylint: disable=consider-using-with
            self._logs.append(log)
        else:
            log = None
        process = subprocess.Popen(self.command(args), env=_environment(env),  # pylint: disable=consider-using-with
                                   stdin=subprocess.DEVNULL, stdout=log or subprocess.DEVNULL,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def add_address(self, cidr: str) -> None:
        """Give the namespace an address in a private subnet, on an ifb interface (e.g. 192.168.0.1/24)."""
        links = self.run(["ip", "-o", "link", "show"]).stdout
        if (" %s:" % PRIVATE_INTERFACE) not in links:
            self.run(["ip", "link", "add", PRIVATE_INTERFACE, "type", "ifb"])
            self.run(["ip", "link", "set", PRIVATE_INTERFACE, "up"])
        # An address that is there already is left alone: replacing it makes the daemons see an address change
        # (and probe their peers).
        if (" %s " % cidr) not in self.run(["ip", "-o", "address", "show", "dev", PRIVATE_INTERFACE]).stdout:
            self.run(["ip", "address", "add", cidr, "dev", PRIVATE_INTERFACE])

    def close(self) -> None:
        """Kill the recorded processes, then whatever else runs in the namespace, then delete it."""
        _kill([process.pid for process in self.processes if process.poll() is None])
        for process in self.processes:
            try:
                process.wait(timeout=TERM_GRACE)
            except subprocess.TimeoutExpired:
                pass
        self.processes.clear()
        _remove_namespace(self.name)
        for log in self._logs:
            log.close()
        self._logs.clear()


def _environment(env: Optional[Dict[str, str]]) -> Optional[Dict[str, str]]:
    if env is None:
        return None
    merged = dict(os.environ)
    merged.update(env)
    return merged


class Lab:
    """Namespaces and the veth pairs between them, with a short prefix unique to this process and lab."""

    def __init__(self, prefix: str = PREFIX) -> None:
        self.prefix = "%s%s-%s" % (prefix, _base36(os.getpid()), _base36(next(_counter)))
        self.namespaces: List[Namespace] = []
        self._links = itertools.count()
        _open_labs.append(self)
        _install_handlers()

    def __enter__(self) -> "Lab":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def namespace(self, role: str) -> Namespace:
        """A new namespace named <prefix>-<role> with its loopback up."""
        namespace = Namespace("%s-%s" % (self.prefix, role), role)
        self.namespaces.append(namespace)
        return namespace

    def link(self, a: Namespace, a_cidr: str, b: Namespace, b_cidr: str) -> Tuple[str, str]:
        """A veth pair between two namespaces, both ends up with their addresses. Returns the interface names in a
        and in b; each is named after the namespace it leads to (v<n><peer role>)."""
        number = next(self._links)
        a_name = ("v%d%s" % (number, b.role))[:IFNAMSIZ]
        b_name = ("v%d%s" % (number, a.role))[:IFNAMSIZ]
        _ip("link", "add", a_name, "netns", a.name, "type", "veth", "peer", "name", b_name, "netns", b.name)
        for namespace, interface, cidr in ((a, a_name, a_cidr), (b, b_name, b_cidr)):
            namespace.run(["ip", "address", "add", cidr, "dev", interface])
            namespace.run(["ip", "link", "set", interface, "up"])
        return a_name, b_name

    @staticmethod
    def route(namespace: Namespace, dest_cidr: str, via: str) -> None:
        namespace.run(["ip", "route", "replace", dest_cidr, "via", via])

    def close(self) -> None:
        for namespace in reversed(self.namespaces):
            namespace.close()
        self.namespaces.clear()
        if self in _open_labs:
            _open_labs.remove(self)


def close_all() -> None:
    """Close every lab of this process (at exit, or on SIGTERM/SIGHUP)."""
    for lab in list(_open_labs):
        lab.close()


_handlers_installed = False


def _install_handlers() -> None:
    global _handlers_installed  # pylint: disable=global-statement
    if _handlers_installed:
        return
    _handlers_installed = True
    atexit.register(close_all)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous = signal.getsignal(signum)

        def handler(number: int, frame: object, previous: object = previous) -> None:
            close_all()
            if callable(previous):
                previous(number, frame)
            else:
                signal.signal(number, signal.SIG_DFL)
                os.kill(os.getpid(), number)

        try:
            signal.signal(signum, handler)
        except ValueError:  # not the main thread: atexit still applies
            pass
