"""Every playbook in playbooks/ (one per module, topic or role edge case) run with real ansible-playbook against a
fresh emulator. They are plain playbooks, not ansible-test integration targets.

Each playbook asserts with ansible.builtin.assert, and on the emulator's request log, so a failing assertion
fails the playbook and this test; the test shows the end of the output.

A playbook that sends secrets (SECRETS) runs at the highest verbosity with diffs, and its output must hold none of
them: role_s2c_vpn_standby builds a site, rotates its key with update_psk always, and tears it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from support.certs import issue
from support.playbook import run_playbook

PLAYBOOKS = sorted((Path(__file__).parent / "playbooks").glob("*.yml"))
# playbook: (the secrets it sends, a task whose verbose output shows that they were sent)
SECRETS = {"role_s2c_vpn_standby": (("Berlin-Psk-Old-2024", "Berlin-Psk-New-2025"), "Rotate the site's key")}


@pytest.fixture(scope="session")
def playbook_vars() -> Dict[str, Any]:
    """Certificates the playbooks upload, made fresh for the run."""
    ca, other_ca = issue("Test Root CA", ca=True), issue("Other Test Root CA", ca=True)
    gm_ca = issue("GM Test CA", ca=True)
    signing, encryption = issue("vpn-sign", issuer=gm_ca), issue("vpn-enc", issuer=gm_ca)
    renewed = issue("vpn-sign-renewed", issuer=gm_ca)
    clients_ca, expired_ca = issue("P2C Clients CA", ca=True), issue("Expired CA", ca=True, days=-1, not_before_days=-30)
    return {
        "p2c": {"ca_pem": clients_ca.pem, "ca_serial": clients_ca.serial, "expired_ca_pem": expired_ca.pem},
        "ca_pem": ca.pem, "ca_serial": ca.serial, "other_ca_pem": other_ca.pem, "other_ca_serial": other_ca.serial,
        "gm": {"chain": gm_ca.pem, "chain_serial": gm_ca.serial,
               "sign": signing.pem, "sign_key": signing.key_pem, "sign_serial": signing.serial,
               "enc": encryption.pem, "enc_key": encryption.key_pem, "enc_serial": encryption.serial,
               "renewed": renewed.pem, "renewed_key": renewed.key_pem, "renewed_serial": renewed.serial},
    }


@pytest.mark.slow
@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=[p.stem for p in PLAYBOOKS])
def test_playbook(playbook: Path, fresh_emulator: Any, playbook_vars: Dict[str, Any], tmp_path: Path) -> None:
    secrets, shown = SECRETS.get(playbook.stem, ((), ""))
    # scratch_dir: where a playbook's roles and modules write files (pytest removes it), read back with lookups.
    run = run_playbook(playbook, extra_vars=dict(playbook_vars, emulator_url=fresh_emulator.url,
                                                 scratch_dir=str(tmp_path)),
                       env=fresh_emulator.env(), args=["-vvv", "--diff"] if secrets else [])
    assert run.returncode == 0, run.output[-8000:]
    assert "failed=0" in run.recap
    if secrets:
        assert shown in run.output  # the task that sends them ran, verbosely
        assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.output or "censored" in run.output
    for secret in secrets:
        assert secret in playbook.read_text()
        assert secret not in run.output
