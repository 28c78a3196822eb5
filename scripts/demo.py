"""`make demo`: start the bundled emulator, run the example playbooks (site-to-cloud with the s2c_vpn role,
point-to-cloud with the p2c_vpn role) against it twice (the second run must change nothing and send no write),
print what was built and where the peer and client configurations were written, and stop the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from demo_p2c_dataplane import p2c_client_lines  # noqa: E402
from support.emulator import EmulatorProcess  # noqa: E402  (needs the paths above)
from support.paths import BUILD, collections_path  # noqa: E402
from support.playbook import CALLBACKS  # noqa: E402

sys.path.insert(0, str(collections_path()))  # the data-plane harness uses the collection's strongswan table

from support.dataplane import netns  # noqa: E402
from support.dataplane.s2c import ControlClient, S2CLab  # noqa: E402
from support.signed_client import SignedClient  # noqa: E402

VARS = REPO / "playbooks" / "vars" / "emulator.yml"
OUTPUT = BUILD / "demo"
# (title, playbook, extra vars: where each writes what the other side needs)
PLAYBOOKS = [
    ("Site-to-cloud", REPO / "playbooks" / "s2c_vpn.yml", {"s2c_vpn_config_dir": str(OUTPUT / "strongswan")}),
    ("Point-to-cloud", REPO / "playbooks" / "p2c_vpn.yml",
     {"client_config_path": str(OUTPUT / "openvpn" / "remote-access.ovpn")}),
]
BIN = Path(sys.executable).parent


def run_playbook(playbook: Path, extra_vars: Dict[str, Any], env: Dict[str, str]) -> Tuple[int, str, List[Any]]:
    """Run ansible-playbook, showing its output as it comes; return (exit code, recap line, task results)."""
    with tempfile.TemporaryDirectory() as scratch:
        results_file = Path(scratch) / "results.jsonl"
        vars_file = Path(scratch) / "vars.json"
        vars_file.write_text(json.dumps(extra_vars))
        run_env = dict(env, HWCLOUD_TEST_RESULTS=str(results_file))
        process = subprocess.Popen([str(BIN / "ansible-playbook"), str(playbook), "-e", f"@{VARS}",
                                    "-e", f"@{vars_file}"], cwd=REPO, env=run_env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        recap, lines = "", []
        for line in process.stdout:
            sys.stdout.write(line)
            lines.append(line)
        process.wait()
        results = [json.loads(line) for line in results_file.read_text().splitlines()] if results_file.exists() else []
    for index, line in enumerate(lines):
        if line.startswith("PLAY RECAP"):
            recap = " ".join(lines[index + 1].split())
    return process.returncode, recap, results


def what_was_built(results: List[Dict[str, Any]]) -> List[str]:
    """The lines of the playbook's last "What was built" task."""
    for entry in reversed(results):
        if entry["task"] == "What was built":
            message = entry["result"].get("msg", [])
            return [" ".join(str(line).split()) for line in (message if isinstance(message, list) else [message])]
    return []


def main() -> int:
    with EmulatorProcess(transition_seconds=1.0) as emulator:
        print(f"Emulator of the Huawei Cloud VPN API listening on {emulator.url} (project {emulator.project_id}, "
              f"region {emulator.region})\n", flush=True)
        env = dict(os.environ, **emulator.env(), ANSIBLE_COLLECTIONS_PATH=str(collections_path()),
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="False",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="False", ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS),
                   ANSIBLE_CALLBACKS_ENABLED="hwcloud_results",
                   PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
        runs: List[str] = []
        built: Dict[str, List[str]] = {}
        idempotent = True
        for run_title in ("First run: build everything", "Second run: everything is in place, nothing may change"):
            print(f"\n=== {run_title} ===", flush=True)
            first = run_title.startswith("First")
            for title, playbook, extra_vars in PLAYBOOKS:
                emulator.clear_requests()
                code, recap, results = run_playbook(playbook, extra_vars, env)
                if code != 0:
                    print(f"\n{playbook.name} failed (exit code {code}).", file=sys.stderr)
                    return code
                requests = emulator.requests()
                writes = [r for r in requests if r.get("write")]
                runs.append(f"{'first' if first else 'second'} run  {playbook.name:<12} {recap}\n"
                            f"{'':<24} {len(requests)} API requests, {len(writes)} of them writes")
                built[title] = what_was_built(results)
                if not first and (" changed=0 " not in f" {recap} " or writes):
                    idempotent = False
        print("\n=== Summary ===\n")
        for title, lines in built.items():
            print(f"{title}:")
            print("".join(f"  - {line}\n" for line in lines))
        print("Runs:")
        print("\n".join(runs))
        if not idempotent:
            print("\nThe second run changed something: the playbooks are not idempotent.", file=sys.stderr)
            return 1
        print("\nThe second run changed nothing and sent no write request.")
        print(f"Peer (strongSwan) and client (OpenVPN) configurations are in {OUTPUT.relative_to(REPO)}/.")
        tunnels_up = s2c_tunnels(emulator)
        print("\n=== Point-to-cloud client ===\n", flush=True)
        client_ok, lines = p2c_client_lines(emulator, OUTPUT / "openvpn" / "remote-access.ovpn")
        print("\n".join(lines))
        if not (tunnels_up and client_ok):
            return 1
    return 0


# -- the site-to-cloud tunnels, for real (tests/support/dataplane) ------------------------------------------

S2C_PLAYBOOK = REPO / "playbooks" / "s2c_vpn.yml"


def s2c_tunnels(emulator: EmulatorProcess) -> bool:
    """Bring the demo's site-to-cloud tunnels up: the gateway's side in a namespace configured from the emulator,
    a namespace per site loading the swanctl.conf the role wrote, and a ping through each tunnel. Needs root and
    network namespaces, installs the packages with apt when missing; elsewhere says in one line why it skipped.
    False when the tunnels could not be brought up."""
    print("\n=== Site-to-cloud tunnels ===\n", flush=True)
    reason = netns.skip_reason(("charon-systemd", "swanctl", "ping"))
    if reason is not None and os.name == "posix" and os.geteuid() == 0:
        print("Installing strongSwan and ping (apt-get)...", flush=True)
        reason = netns.install_packages() or netns.skip_reason(("charon-systemd", "swanctl", "ping"))
    if reason is not None:
        print(f"Tunnels skipped: {reason}. Run `sudo make demo` on a Debian-like Linux machine to see them up.")
        return True
    play = yaml.safe_load(S2C_PLAYBOOK.read_text(encoding="utf-8"))[0]["vars"]
    api = SignedClient(emulator)
    gateways = api.ok("GET", "/v5/{project}/vpn-gateways")["vpn_gateways"]
    gateway = next(g for g in gateways if g["name"] == play["s2c_vpn_gateway"]["name"])
    netns.sweep()
    ok = True
    with tempfile.TemporaryDirectory(prefix="hv-demo-") as scratch, netns.Lab() as lab:
        s2c = S2CLab(lab, Path(scratch), api, ControlClient(emulator.url), gateway["id"]).start()
        for spec in play["s2c_vpn_sites"]:
            tunnels = [t["tunnel_peer_address"] for t in spec.get("tunnels", [])]
            s2c.add_site(spec["name"], spec["id_value"], spec["peer_subnets"], tunnels)
            s2c.sites[spec["name"]].load(OUTPUT / "strongswan" / spec["name"] / "swanctl.conf")
        for spec in play["s2c_vpn_sites"]:
            site = s2c.sites[spec["name"]]
            try:
                reports = s2c.check_tunnels(spec["name"])
            except (AssertionError, RuntimeError) as error:
                print(f"site {spec['name']}: tunnels not up: {str(error).splitlines()[0]}")
                ok = False
                continue
            local, remote = reports[0].pings[0]
            pairs = max(len(report.pings) for report in reports)
            print(f"site {spec['name']}: {len(reports)} of {len(site.children)} tunnels up, ping {local} -> {remote} ok"
                  + (f" ({pairs} address pairs through each tunnel)" if pairs > 1 else ""))
        statuses = s2c.report()
        print(f"The emulator now shows {sum(s == 'ACTIVE' for s in statuses.values())} of {len(statuses)} "
              f"connections ACTIVE, from what the tunnels did.")
    return ok


if __name__ == "__main__":
    sys.exit(main())
