"""Several ansible-playbook runs at once against one emulator that also misbehaves as production APIs do (the fault
suite's fault-rate-0.2 scenario: 5xx, VPN.0030 and dropped connections), each run managing its own resources
(distinct names, EIPs and BGP ASNs): all converge, nothing is duplicated or missing, every fault was followed by the
same request again or recovered by reading, and all run again at once with no change and no write.

This is the fault suite's fault-rate-0.2 scenario of the lifecycle playbook (tests/integration/test_fault_suite.py
runs the others, one lifecycle at a time); its summary goes to tests/output/faults/concurrent-fault-rate-0.2.json."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import pytest
from support.emulator import EmulatorProcess
from support.faults import SCENARIOS, changed_tasks, compare, declared, found, run_lifecycle, summarize, write
from support.playbook import PlaybookRun

RUNS = 4
SCENARIO = "fault-rate-0.2"


def all_at_once(emulator: Any, lifecycle_pass: int) -> List[PlaybookRun]:
    def one(index: int) -> PlaybookRun:
        eips = (f"eip-{2 * index + 1:02d}", f"eip-{2 * index + 2:02d}")
        return run_lifecycle(emulator, prefix=f"cc{index}", eip_pair=eips, passes=(lifecycle_pass,),
                             site_index=index)[0]

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        return list(pool.map(one, range(RUNS)))


@pytest.mark.slow
def test_concurrent_runs_converge_under_faults_without_duplicates() -> None:
    expected: Dict[str, List[str]] = {}
    for index in range(RUNS):
        for kind, names in declared(f"cc{index}").items():
            expected.setdefault(kind, []).extend(names)
    with EmulatorProcess(*SCENARIOS[SCENARIO]) as emulator:
        first = all_at_once(emulator, 1)
        for index, run in enumerate(first):
            assert run.returncode == 0, f"run cc{index}:\n{run.output[-6000:]}"
        emulator.wait_until_idle()
        extra, missing = compare(expected, found(emulator.state()))
        log = emulator.requests()
        emulator.clear_requests()

        again = all_at_once(emulator, 2)
        for index, run in enumerate(again):
            assert run.returncode == 0, f"run cc{index}, second pass:\n{run.output[-6000:]}"
        emulator.wait_until_idle()
        second_log = emulator.requests()
        after = compare(expected, found(emulator.state()))

    summary = summarize(f"concurrent-{SCENARIO}", SCENARIOS[SCENARIO], log + second_log)
    summary.playbook_runs = 2 * RUNS
    summary.duplicates, summary.missing = extra, missing
    summary.changed_on_second_pass = sum(changed_tasks(run) for run in again)
    write(summary)
    report = summary.line()
    assert summary.faults_injected > 0, f"the emulator injected no fault: {report}"
    assert (extra, missing) == ([], []), f"duplicated or unexpected: {extra}; missing: {missing}; {report}"
    for index, run in enumerate(again):
        assert changed_tasks(run) == 0, f"run cc{index} changed on its second pass:\n{run.output[-6000:]}"
    assert [entry for entry in second_log if entry.get("write")] == [], report
    assert after == ([], []), report
    # A fault is followed by the same request again, or (a write whose answer was lost) recovered by reading: a
    # retry is never a new create (no duplicates above).
    assert summary.retries + summary.recovered_by_reading >= summary.faults_injected - \
        summary.faults_by_kind.get("lost-response", 0), report
    print(report)
