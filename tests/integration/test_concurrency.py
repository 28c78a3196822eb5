"""Several ansible-playbook runs at once against one emulator, each managing its own resources (distinct names,
EIPs and BGP ASNs): all converge, nothing is duplicated or missing, and all run again at once with no change."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, List

import pytest
from support.faults import changed_tasks, compare, declared, found, run_lifecycle
from support.playbook import PlaybookRun

RUNS = 4


def all_at_once(emulator: Any, lifecycle_pass: int) -> List[PlaybookRun]:
    def one(index: int) -> PlaybookRun:
        eips = (f"eip-{2 * index + 1:02d}", f"eip-{2 * index + 2:02d}")
        return run_lifecycle(emulator, prefix=f"cc{index}", eip_pair=eips, passes=(lifecycle_pass,),
                             site_index=index)[0]

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        return list(pool.map(one, range(RUNS)))


@pytest.mark.slow
def test_concurrent_runs_converge_without_duplicates(fresh_emulator: Any) -> None:
    first = all_at_once(fresh_emulator, 1)
    for index, run in enumerate(first):
        assert run.returncode == 0, f"run cc{index}:\n{run.output[-6000:]}"
    fresh_emulator.wait_until_idle()
    expected = {}
    for index in range(RUNS):
        for kind, names in declared(f"cc{index}").items():
            expected.setdefault(kind, []).extend(names)
    extra, missing = compare(expected, found(fresh_emulator.state()))
    assert (extra, missing) == ([], []), f"duplicated or unexpected: {extra}; missing: {missing}"
    fresh_emulator.clear_requests()

    again = all_at_once(fresh_emulator, 2)
    for index, run in enumerate(again):
        assert run.returncode == 0, f"run cc{index}, second pass:\n{run.output[-6000:]}"
        assert changed_tasks(run) == 0, f"run cc{index} changed on its second pass:\n{run.output[-6000:]}"
    assert fresh_emulator.writes() == []
    assert compare(expected, found(fresh_emulator.state())) == ([], [])
