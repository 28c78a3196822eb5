"""Both ends in one run (playbooks/s2c_both_ends.yml): hwcloud.vpn.s2c_vpn builds the cloud side against the
emulator, then hwcloud.vpn.strongswan_site configures each site host, which is a network namespace here (the
module runs there through `ip netns exec`), against its own private charon. The gateway's side follows the API
state as it changes, like the service. A second run changes nothing; check mode changes nothing."""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import yaml

from support.dataplane import netns
from support.dataplane.s2c import ControlClient, S2CLab, Site
from support.emulator import EmulatorProcess
from support.paths import REPO
from support.playbook import PlaybookRun, run_playbook
from support.signed_client import SignedClient

REASON = netns.skip_reason(("charon-systemd", "swanctl", "ping"))
pytestmark = [pytest.mark.skipif(REASON is not None, reason=str(REASON)), pytest.mark.xdist_group("dataplane-site")]

PLAYBOOK = REPO / "playbooks" / "s2c_both_ends.yml"
GATEWAY = "s2c-both-ends-vpngw"
SITES = {
    "lisbon": {"id_value": "203.0.113.40", "style": "static", "peer_subnets": ["10.40.0.0/16"],
               "psk": "Lisbon-Example-Psk-4", "ikepolicy": {"dh_group": "group19"}, "ipsecpolicy": {"pfs": "group19"}},
    "porto": {"id_value": "203.0.113.41", "style": "policy", "peer_subnets": ["10.41.0.0/16", "10.42.0.0/16"],
              "psk": "Porto-Example-Psk-5", "ikepolicy": {"ike_version": "v1", "dh_group": "group14"},
              "ipsecpolicy": {"pfs": "group14"},
              "policy_rules": [{"source": "192.168.0.0/24", "destination": ["10.41.0.0/16", "10.42.0.0/16"]}]},
}


def interpreter(directory: Path, site: Site) -> Path:
    """A Python that runs inside the site's namespace (Ansible takes the interpreter as one path, so
    `ip netns exec NS python` goes in a script)."""
    path = directory / f"python-{site.name}"
    path.write_text(f"#!/bin/sh\nexec ip netns exec {site.namespace.name} {sys.executable} \"$@\"\n", encoding="utf-8")
    path.chmod(0o700)
    return path


def inventory(directory: Path, sites: Dict[str, Site]) -> Path:
    """Each site host is its namespace: the local connection, with the interpreter run through ip netns exec, and
    the role pointed at the site's private charon."""
    hosts: Dict[str, Any] = {}
    for name, site in sites.items():
        hosts[name] = {
            "ansible_connection": "local",
            "ansible_python_interpreter": str(interpreter(directory, site)),
            "s2c_site": SITES[name],
            "strongswan_site_install_packages": False,
            "strongswan_site_manage_service": False,
            "strongswan_site_swanctl_dir": str(site.charon.swanctl_dir),
            "strongswan_site_strongswan_conf": str(site.charon.conf),
            "strongswan_site_wait_timeout": 15,
        }
    path = directory / "inventory.yml"
    path.write_text(yaml.safe_dump({"all": {
        "hosts": {"localhost": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
        "children": {"sites": {"hosts": hosts}}}}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def both_ends() -> Iterator[Dict[str, Any]]:
    with EmulatorProcess(transition_seconds=0.05) as emulator, \
            tempfile.TemporaryDirectory(prefix="hv-site-") as scratch, netns.Lab() as lab:
        directory = Path(scratch)
        api = SignedClient(emulator)
        eips = [eip["ip_address"] for eip in emulator.fixtures()["eips"] if eip["name"] in ("eip-05", "eip-06")]  # both_ends_eip_ids
        s2c = S2CLab(lab, directory, api, ControlClient(emulator.url)).start(eips)
        for name, spec in SITES.items():
            s2c.add_site(name, spec["id_value"], spec["peer_subnets"], eips=eips)
        stop = threading.Event()
        follower = s2c.follow(GATEWAY, stop)
        hosts = inventory(directory, s2c.sites)

        def play(*args: str) -> PlaybookRun:
            run = run_playbook(PLAYBOOK, args=["-i", str(hosts), "-e", f"@{REPO / 'playbooks/vars/emulator.yml'}",
                                               "-e", f"s2c_vpn_config_dir={directory / 'configs'}", *args],
                               env=emulator.env())
            assert run.returncode == 0, run.output[-8000:]
            return run

        try:
            yield {"play": play, "s2c": s2c, "api": api}
        finally:
            stop.set()
            follower.join(timeout=5)


def site_results(run: PlaybookRun) -> List[Dict[str, Any]]:
    return [entry for entry in run.results if entry["task"] == "Set the fact strongswan_site_result"]


def test_both_ends_in_one_run_then_nothing_changes(both_ends: Dict[str, Any]) -> None:
    run = both_ends["play"]()
    s2c: S2CLab = both_ends["s2c"]
    reports = [line for entry in run.results if entry["task"] == "Report the tunnels" for line in entry["result"]["msg"]]
    for line in reports:
        print(line)
    for name in SITES:
        assert f"site {name}: 2 of 2 tunnels up" in reports
        site = s2c.sites[name]
        config = site.charon.swanctl_dir / "conf.d" / f"hwcloud-vpn-{name}.conf"
        assert config.stat().st_mode & 0o777 == 0o600
        # Traffic passes through each tunnel the role brought up.
        site.refresh()
        assert sorted(site.children) == [f"{name}-1", f"{name}-2"]
        for report in s2c.check_tunnels(name):
            for line in report.lines():
                print(line)
    assert "Lisbon-Example-Psk-4" not in run.output and "Porto-Example-Psk-5" not in run.output
    assert set(s2c.report().values()) == {"ACTIVE"}

    again = recap(both_ends["play"]())
    assert set(again) == {"localhost", "lisbon", "porto"} and all(
        "changed=0" in line and "failed=0" in line for line in again.values()), again
    checked = recap(both_ends["play"]("--check"))
    assert all("changed=0" in line and "failed=0" in line for line in checked.values()), checked


def recap(run: PlaybookRun) -> Dict[str, str]:
    """The PLAY RECAP line of each host."""
    lines = run.output.split("PLAY RECAP", 1)[1].splitlines()
    return {line.split()[0]: line for line in lines if "changed=" in line}
