"""Role hwcloud.vpn.s2c_vpn: the pre-shared keys never appear in the output, at -vvv with --diff.

The role_s2c_vpn_standby playbook builds a site, rotates its key with update_psk always, and tears it down
(test_playbooks runs it with its assertions); here it runs again at the highest verbosity with diffs, and the output must hold neither
the old key nor the new one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.playbook import run_playbook

PLAYBOOK = Path(__file__).parent / "playbooks" / "role_s2c_vpn_standby.yml"
KEYS = ("Berlin-Psk-Old-2024", "Berlin-Psk-New-2025")


@pytest.mark.slow
def test_keys_never_shown(fresh_emulator: Any) -> None:
    run = run_playbook(PLAYBOOK, extra_vars={"emulator_url": fresh_emulator.url}, env=fresh_emulator.env(),
                       args=["-vvv", "--diff"])
    assert run.returncode == 0, run.output[-8000:]
    assert "Rotate the site's key" in run.output  # the rotation ran, verbosely
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.output or "censored" in run.output
    for key in KEYS:
        assert key in PLAYBOOK.read_text()
        assert key not in run.output
