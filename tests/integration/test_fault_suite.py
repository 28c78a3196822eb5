"""The collection under faults: the lifecycle playbook (tests/integration/faults/lifecycle.yml, every module that
creates something) converges against emulators that answer 5xx, VPN.0030, 429 with Retry-After, drop connections
and lose create answers; afterwards the emulator holds exactly the declared resources (a retried create left no
duplicate, nothing is missing) and a second run changes nothing. The role playbooks (playbooks/*.yml) converge under
faults as AWX job templates: tests/awx/test_awx_job.py. The fault-rate-0.2 scenario of the lifecycle runs three
lifecycles at once: tests/integration/test_concurrency.py; here the rate limit and the lost create answers are one
emulator's behaviour (each fault is checked as in a scenario of its own: the 429s were retried after Retry-After,
the lost creates recovered by reading). Each scenario writes its summary (requests sent,
faults injected, retries, duplicates) to tests/output/faults/<scenario>.json and puts it in its assertion
messages; scripts/fault_summary.py prints the same table.

When retries run out, the task fails saying what it was doing, the last error code and request id, the attempts,
and what to try; and no secret is in the message. Those single creates run the module's main() in this process
(support.inprocess): their result is what the task would show."""

from __future__ import annotations

import re
from typing import Any, Dict

import pytest
from support.emulator import EmulatorProcess
from support.faults import SCENARIOS, run_scenario
from support.inprocess import ModuleRun, run_module

EXHAUSTED_PSK = "Exhausted-Psk-2024"
# fault-rate-0.2 runs the lifecycle three times at once in test_concurrency.py; the other two scenarios share one
# emulator (and one pair of lifecycle runs): a throttled API that also loses create answers.
THROTTLED_AND_LOSSY = "rate-limit-4+lost-create-responses"
LIFECYCLE_SCENARIOS = {THROTTLED_AND_LOSSY: SCENARIOS["rate-limit-4"] + SCENARIOS["lost-create-responses"]}


@pytest.mark.slow
@pytest.mark.parametrize("scenario", sorted(LIFECYCLE_SCENARIOS))
def test_lifecycle_converges_under_faults(scenario: str) -> None:
    summary, passes = run_scenario(scenario, LIFECYCLE_SCENARIOS[scenario])
    report = summary.line()
    for runs in passes:
        for run in runs:
            assert run.returncode == 0, f"{report}\n{run.output[-6000:]}"
    assert len(passes) == 2, report
    # Faults injected, no duplicate, nothing missing, a second pass that changed and wrote nothing, every fault sent
    # again or recovered by reading.
    assert summary.problems() == [], report
    if scenario == THROTTLED_AND_LOSSY:
        assert summary.faults_by_kind.get("429", 0) > 0 and summary.faults_by_kind.get("lost-response", 0) > 0, report
        assert summary.recovered_by_reading > 0, report
    print(report)


def create_with_one_retry(emulator: EmulatorProcess, module: str) -> ModuleRun:
    """One create with `retries: 1`, expected to fail (the emulator fails every request, or every write)."""
    fixtures = emulator.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    eips = {e["name"]: e["id"] for e in fixtures["eips"]}
    args: Dict[str, Dict[str, Any]] = {
        "vpn_gateway": {"name": "ft-exhausted", "vpc_id": vpc["id"],
                        "connect_subnet": next(s["id"] for s in vpc["subnets"] if s["name"] == "subnet-demo-vpn"),
                        "local_subnets": ["192.168.0.0/24"], "eip1": {"id": eips["eip-01"]},
                        "eip2": {"id": eips["eip-02"]}},
        "vpn_customer_gateway": {"name": "ft-exhausted", "id_value": "203.0.113.99"},
        "vpn_connection": {"name": "ft-exhausted", "vgw_id": "0b4bc1a6-0c6c-4a3b-a0a7-5bd5e0f7c9d1", "vgw_ip": "eip1",
                           "cgw_id": "7f3c3a61-1c1e-4f55-8d7e-3b1c8a5b2e90", "peer_subnets": ["10.10.0.0/16"],
                           "psk": EXHAUSTED_PSK},
    }
    run = run_module(module, dict(args[module], retries=1), env=emulator.env())
    assert run.failed, run.result
    return run


@pytest.mark.parametrize("module, doing", [
    ("vpn_gateway", "Looking up VPN gateway 'ft-exhausted'"),
    ("vpn_customer_gateway", "Looking up customer gateway 'ft-exhausted'"),
    ("vpn_connection", "Looking up VPN connection 'ft-exhausted'"),
])
def test_running_out_of_retries_fails_saying_what_to_do(module: str, doing: str) -> None:
    with EmulatorProcess("--fault-rate", "1.0", "--seed", "5") as emulator:
        run = create_with_one_retry(emulator, module)
        log = emulator.requests()
    result = run.result
    message = result["msg"]
    assert message.startswith(doing + ": "), message
    assert "gave up after 2 attempts (retries=1)" in message, message
    assert "raise the retries (or timeout) option" in message and "service status" in message, message
    error = result["error"]
    assert error["attempts"] == 2 and error["retries_exhausted"] is True
    # The last answer's code and request id, as the emulator logged them (a dropped connection has neither).
    last = log[-1]
    if last["fault"] == "drop":
        assert "no answer from the API" in message, message
    else:
        assert error["request_id"] == last["request_id"] and f"request id {last['request_id']}" in message
        assert re.search(r"HTTP %d [A-Z]+\.\d{4}" % last["status"], message), message
    assert len(log) == 2 and all(entry["fault"] for entry in log)
    for secret in (emulator.secret_key, EXHAUSTED_PSK):
        assert secret not in run.output and secret not in str(result)


def test_an_exhausted_create_names_the_create() -> None:
    """The create itself refused until retries run out (throttled): the message says it was creating."""
    with EmulatorProcess() as emulator:
        emulator.set_faults(fault_rate=1.0, writes_only=True, seed=11)  # the lookup is answered, the create is not
        run = create_with_one_retry(emulator, "vpn_customer_gateway")
        writes = emulator.writes()
    message = run.msg
    # Seed 11: VPN.0030 (refused, sent again), then a 504 (the lookup finds nothing, so it would be sent again).
    assert [entry["fault"] for entry in writes] == ["busy", "504"]
    assert message.startswith("Creating customer gateway 'ft-exhausted': HTTP 504 APIGW.0204: "), message
    assert f"request id {writes[-1]['request_id']}; POST /v5/" in message, message
    assert "gave up after 2 attempts (retries=1)" in message, message
    assert "raise the retries (or timeout) option" in message, message
    assert emulator.secret_key not in run.output
    print(message)
