"""Check runs of new topologies written with the modules alone (playbooks/dry_run_*_modules.yml), against an
empty emulator: every task reports a planned create, the children of parents that are only planned say which
parent they assumed, and nothing is written. One ansible-playbook run for both playbooks."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
import yaml

from support.paths import REPO
from support.playbook import run_playbook

PLAYBOOKS = [REPO / "playbooks" / "dry_run_s2c_modules.yml", REPO / "playbooks" / "dry_run_p2c_modules.yml"]
VARS = REPO / "playbooks" / "vars" / "emulator.yml"
pytestmark = pytest.mark.slow

# The tasks whose parent an earlier task only plans, and the parent each one names.
PLANNED_PARENTS: Dict[str, str] = {
    "Connections on both EIPs of the gateway": "VPN gateway 'dryrun-vpngw'",
    "Monitor the first connection": "VPN gateway 'dryrun-vpngw'",
    "Its VPN server": "P2C VPN gateway 'dryrun-remote-access'",
    "User group": "P2C VPN gateway 'dryrun-remote-access'",
    "Users": "P2C VPN gateway 'dryrun-remote-access'",
    "Access policy of the group": "P2C VPN gateway 'dryrun-remote-access'",
}


def task_names() -> List[str]:
    return [task["name"] for playbook in PLAYBOOKS for play in yaml.safe_load(playbook.read_text())
            for task in play["tasks"]]


def test_check_run_of_new_topologies_plans_every_task_and_writes_nothing(fresh_emulator: Any) -> None:
    fresh_emulator.clear_requests()
    run = run_playbook(PLAYBOOKS[0], extra_vars=yaml.safe_load(VARS.read_text()), env=fresh_emulator.env(),
                       args=[str(PLAYBOOKS[1]), "--check", "--diff"])
    assert run.returncode == 0, run.output[-6000:]
    assert [r["task"] for r in run.results] == task_names()
    for entry in run.results:
        result = entry["result"]
        assert entry["status"] == "ok" and result["changed"] is True, (entry["task"], result)
        parent = PLANNED_PARENTS.get(entry["task"])
        if parent is None:
            assert "planned_parent" not in result, (entry["task"], result)
        else:
            assert result["planned_parent"].startswith(parent + " (not found: planned by an earlier task"), result
    assert fresh_emulator.writes() == []
    assert fresh_emulator.requests(), "the check run read nothing"
