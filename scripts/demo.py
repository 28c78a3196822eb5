"""`make demo`: start the bundled emulator, run the example playbooks against it twice (the second run must
change nothing), print what was built and what each run sent, and stop the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from support.emulator import EmulatorProcess  # noqa: E402  (needs the paths above)
from support.paths import collections_path  # noqa: E402

PLAYBOOKS = [REPO / "playbooks" / "s2c_gateway.yml"]
VARS = REPO / "playbooks" / "vars" / "emulator.yml"
BIN = Path(sys.executable).parent


def run_playbook(playbook: Path, env: Dict[str, str]) -> Tuple[int, str]:
    """Run ansible-playbook, showing its output as it comes, and return (exit code, recap line)."""
    process = subprocess.Popen([str(BIN / "ansible-playbook"), str(playbook), "-e", f"@{VARS}"], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    recap, lines = "", []
    for line in process.stdout:
        sys.stdout.write(line)
        lines.append(line)
    process.wait()
    for index, line in enumerate(lines):
        if line.startswith("PLAY RECAP"):
            recap = " ".join(lines[index + 1].split())
    return process.returncode, recap


def main() -> int:
    with EmulatorProcess(transition_seconds=1.0) as emulator:
        print(f"Emulator of the Huawei Cloud VPN API listening on {emulator.url} (project {emulator.project_id}, "
              f"region {emulator.region})\n", flush=True)
        env = dict(os.environ, **emulator.env(), ANSIBLE_COLLECTIONS_PATH=str(collections_path()),
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="False",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="False", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
        summary: List[str] = []
        for title in ("First run: build everything", "Second run: everything is in place, nothing may change"):
            print(f"\n=== {title} ===", flush=True)
            emulator.clear_requests()
            for playbook in PLAYBOOKS:
                code, recap = run_playbook(playbook, env)
                if code != 0:
                    print(f"\n{playbook.name} failed (exit code {code}).", file=sys.stderr)
                    return code
                requests = emulator.requests()
                writes = [r for r in requests if r.get("write")]
                summary.append(f"{title.split(':', maxsplit=1)[0]:<11} {playbook.name:<22} {recap}\n"
                               f"{'':<34} {len(requests)} API requests, {len(writes)} of them writes")
        second_run_changed = [line for line in summary[len(PLAYBOOKS):] if "changed=0 " not in line]
        print("\n=== Summary ===")
        print("\n".join(summary))
        if second_run_changed:
            print("The second run changed something: the playbooks are not idempotent.", file=sys.stderr)
            return 1
        print("The second run changed nothing and sent no write request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
