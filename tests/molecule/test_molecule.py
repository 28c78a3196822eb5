"""Every molecule scenario in extensions/molecule, run with `molecule test` against a fresh emulator.

A scenario that matches no host passes while testing nothing, so each run must show that its converge,
idempotence and verify steps really ran plays on localhost.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import List

import pytest

from support.emulator import EmulatorProcess
from support.paths import REPO
from support.playbook import BIN, ansible_env

EXTENSIONS = REPO / "extensions"
SCENARIOS = sorted(path.parent.name for path in (EXTENSIONS / "molecule").glob("*/molecule.yml"))
RECAP = re.compile(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)


def recaps(output: str) -> List[tuple]:
    """(host, ok, changed, unreachable, failed) of every PLAY RECAP in the output, in order."""
    return [(host, int(ok), int(changed), int(unreachable), int(failed))
            for host, ok, changed, unreachable, failed in RECAP.findall(output)]


def test_scenarios_exist() -> None:
    assert {"s2c_vpn", "p2c_vpn"} <= set(SCENARIOS), SCENARIOS


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario: str, tmp_path: Path) -> None:
    # Each scenario gets an emulator of its own: molecule's sequence builds and destroys real (emulated) state.
    with EmulatorProcess(transition_seconds=0.2) as emulator:
        env = ansible_env(dict(emulator.env(), HOME=str(tmp_path), NO_COLOR="1", PY_COLORS="0"))
        for name in ("ANSIBLE_CALLBACKS_ENABLED", "ANSIBLE_CALLBACK_PLUGINS"):  # the tests' results recorder
            env.pop(name)
        completed = subprocess.run([str(BIN / "molecule"), "test", "--scenario-name", scenario], cwd=EXTENSIONS,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900,
                                   check=False)
        output = completed.stdout
        assert completed.returncode == 0, output[-8000:]
        assert "no hosts matched" not in output, output[-8000:]
        runs = recaps(output)
        # converge, idempotence (a second converge) and verify each ran tasks on localhost, none failed.
        localhost = [run for run in runs if run[0] == "localhost"]
        assert len(localhost) >= 3, output[-8000:]
        assert all(run[1] > 0 and run[3] == 0 and run[4] == 0 for run in localhost), runs
        for action in ("check", "converge", "idempotence", "verify", "cleanup"):
            assert f"{scenario} > {action}: Executed: Successful" in output, (action, output[-3000:])
        assert re.search(rf"^{scenario}\s*:.*\bmissing=0\s+failed=0", output, re.MULTILINE), output[-3000:]
        assert any(entry["method"] == "POST" for entry in emulator.writes()), "the scenario built nothing"
        # The sequence ends with cleanup (the role with state absent): nothing may be left behind.
        emulator.wait_until_idle()
        left = {name: sorted(records) for name, records in emulator.state().items()
                if records and name != "client_tokens"}  # the X-Client-Token memory of the emulator
        assert not left, left
