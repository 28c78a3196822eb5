"""Several ansible-playbook runs at once against one emulator that also misbehaves as production APIs do (the fault
suite's fault-rate-0.2 scenario: 5xx, VPN.0030 and dropped connections), each run managing its own resources
(distinct names, EIPs and BGP ASNs): all converge, nothing is duplicated or missing after either pass, every fault
was followed by the same request again or recovered by reading, and all run again at once with no change and no
write.

This is the fault suite's fault-rate-0.2 scenario of the lifecycle playbook (tests/integration/test_fault_suite.py
runs the others, one lifecycle at a time); its summary goes to tests/output/faults/concurrent-fault-rate-0.2.json."""

from __future__ import annotations

import pytest
from support.faults import SCENARIOS, changed_tasks, run_scenario

# Three runs at once: more than the two cores of the machines the suite targets, so that they interleave their
# requests throughout the lifecycle; each further run costs another 40-50 s of CPU (a lifecycle's two passes, under
# the contention of the other workers).
RUNS = 3
SCENARIO = "fault-rate-0.2"


@pytest.mark.slow
def test_concurrent_runs_converge_under_faults_without_duplicates() -> None:
    summary, passes = run_scenario(f"concurrent-{SCENARIO}", SCENARIOS[SCENARIO], at_once=RUNS)
    report = summary.line()
    for number, runs in enumerate(passes, 1):
        for index, run in enumerate(runs):
            assert run.returncode == 0, f"run {index}, pass {number}:\n{run.output[-6000:]}"
            if number == 2:
                assert changed_tasks(run) == 0, f"run {index} changed on its second pass:\n{run.output[-6000:]}"
    assert len(passes) == 2 and all(len(runs) == RUNS for runs in passes), report
    assert summary.problems() == [], report
    print(report)
