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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from demo_p2c_dataplane import p2c_client_lines  # noqa: E402
from support.emulator import EmulatorProcess  # noqa: E402  (needs the paths above)
from support.paths import BUILD, collections_path  # noqa: E402
from support.playbook import CALLBACKS  # noqa: E402

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
        print("\n".join(p2c_client_lines(emulator, OUTPUT / "openvpn" / "remote-access.ovpn")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
