"""Network namespaces for the data-plane tests: a Lab of namespaces joined by veth pairs, torn down whatever happens.

Names are global to the machine and interface names are at most 15 characters, so every Lab takes a short
unique prefix (hv<pid>x<counter>). `ip netns del` does not kill what runs inside: close() kills the PIDs it
started, then every PID left in the namespace (`ip netns pids`), then deletes it. sweep() does the same for
leftovers of a run that was killed: namespaces whose creating process is gone (another test run on the machine
may be using its own). hvprobe<pid> namespaces live only inside skip_reason().
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
from typing import Dict, List, Optional, Sequence

_counter = itertools.count()
_open_labs: List["Lab"] = []
KILL_DEADLINE = 5.0
OWNER = re.compile(r"^hv(\d+)x")


def skip_reason() -> Optional[str]:
    """Why namespaces cannot be used here, or None."""
    if os.geteuid() != 0:
        return "data-plane tests need root (network namespaces, veth, tun); run them as root"
    if shutil.which("ip") is None:
        return "data-plane tests need the ip command (Debian package iproute2)"
    probe = f"hvprobe{os.getpid()}"
    added = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True, check=False)
    if added.returncode != 0:
        return f"cannot create a network namespace: {added.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True, check=False)
    return None


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=10)


def _namespace_pids(name: str) -> List[int]:
    listed = _ip("netns", "pids", name, check=False)
    return [int(pid) for pid in listed.stdout.split()] if listed.returncode == 0 else []


def _kill(pids: Sequence[int]) -> None:
    """SIGTERM, then SIGKILL for what is still there after a bounded wait."""
    alive = []
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
            alive.append(pid)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + KILL_DEADLINE
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if _running(pid)]
        if alive:
            time.sleep(0.02)
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _running(pid: int) -> bool:
    try:
        finished, _status = os.waitpid(pid, os.WNOHANG)  # reaps our own children
        if finished == pid:
            return False
    except ChildProcessError:
        pass  # not our child: ask the kernel
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _remove_namespace(name: str, pids: Sequence[int] = ()) -> None:
    _kill(list(pids))
    _kill(_namespace_pids(name))
    _ip("netns", "del", name, check=False)


def sweep(prefix: str = "hv") -> None:
    """Remove the namespaces (and their processes) that a Lab with this prefix left behind: those whose creating
    process is gone. Names of another form, and those of live runs on the machine, are left alone."""
    listed = _ip("netns", "list", check=False)
    for line in listed.stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        owner = OWNER.match(name)
        if name.startswith(prefix) and owner and not _running(int(owner.group(1))):
            _remove_namespace(name)


class Namespace:
    def __init__(self, name: str) -> None:
        self.name = name
        self._pids: List[int] = []
        self._addresses = 0
        _ip("netns", "add", name)
        self.run(["ip", "link", "set", "lo", "up"])

    def _command(self, args: Sequence[str]) -> List[str]:
        return ["ip", "netns", "exec", self.name, *args]

    def run(self, args: Sequence[str], check: bool = True, timeout: float = 10,
            env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
        """Run a command inside the namespace and wait for it (output captured as text)."""
        completed = subprocess.run(self._command(args), capture_output=True, text=True, timeout=timeout, env=env,
                                   check=False)
        if check and completed.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} in {self.name} failed ({completed.returncode}): "
                               f"{completed.stderr.strip() or completed.stdout.strip()}")
        return completed

    def spawn(self, args: Sequence[str], env: Optional[Dict[str, str]] = None,
              log_path: Optional[str] = None) -> subprocess.Popen:
        """Start a daemon inside the namespace (its own session); `ip netns exec` execs, so the PID is the daemon's."""
        output = open(log_path, "ab") if log_path else subprocess.DEVNULL  # pylint: disable=consider-using-with
        try:
            process = subprocess.Popen(self._command(args), env=env, stdin=subprocess.DEVNULL, stdout=output,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            if log_path:
                output.close()
        self._pids.append(process.pid)
        return process

    def add_address(self, cidr: str) -> None:
        """An address on an ifb interface of its own (the kernel has no dummy interfaces)."""
        interface = f"ifb{self._addresses}"
        self._addresses += 1
        self.run(["ip", "link", "add", interface, "type", "ifb"])
        self.run(["ip", "address", "add", cidr, "dev", interface])
        self.run(["ip", "link", "set", interface, "up"])

    def close(self) -> None:
        _remove_namespace(self.name, self._pids)
        self._pids = []


class Lab:
    """Namespaces with one short unique prefix; closed on exit, on error, and at interpreter exit."""

    def __init__(self) -> None:
        self.prefix = f"hv{os.getpid()}x{next(_counter)}"
        self.namespaces: Dict[str, Namespace] = {}
        self._links = 0
        _open_labs.append(self)

    def __enter__(self) -> "Lab":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def namespace(self, role: str) -> Namespace:
        name = f"{self.prefix}{role}"[:15]
        if name in {ns.name for ns in self.namespaces.values()}:
            raise ValueError(f"namespace name {name} is taken in this lab: give role {role!r} a shorter name")
        created = Namespace(name)
        self.namespaces[role] = created
        return created

    def link(self, a: Namespace, a_cidr: str, b: Namespace, b_cidr: str) -> None:
        """A veth pair between two namespaces, with an address at each end."""
        index = self._links
        self._links += 1
        end_a, end_b = f"{self.prefix}a{index}"[:15], f"{self.prefix}b{index}"[:15]
        _ip("link", "add", end_a, "netns", a.name, "type", "veth", "peer", "name", end_b, "netns", b.name)
        for namespace, end, cidr in ((a, end_a, a_cidr), (b, end_b, b_cidr)):
            namespace.run(["ip", "address", "add", cidr, "dev", end])
            namespace.run(["ip", "link", "set", end, "up"])

    def route(self, ns: Namespace, dest_cidr: str, via: str) -> None:
        ns.run(["ip", "route", "replace", dest_cidr, "via", via])

    def close(self) -> None:
        for namespace in reversed(list(self.namespaces.values())):
            namespace.close()
        self.namespaces = {}
        if self in _open_labs:
            _open_labs.remove(self)


@atexit.register
def _close_open_labs() -> None:
    for lab in list(_open_labs):
        lab.close()
