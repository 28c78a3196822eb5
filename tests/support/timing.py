"""The suite's time in floors, printed at the end of every run with the slowest tests.

A floor is the wall time of one ansible-playbook run of 34 ansible.builtin.ping tasks (the benchmarks' floor,
benchmarks/run.py): Ansible's own cost, so that suite times compare across machines of different speeds. It is
measured in the controller when nothing else of the suite competes for the CPU. For the whole suite (run by
pytest-xdist's workers, as `make test` does) it is measured once before the tests start and twice after they
end, and the floor is the median of the three: one run alone varied by 15 % (8.9 to 10.4 s on one machine in one
day), as much as the suite itself from run to run, and the runs before and after also follow a machine that gets
faster or slower during the suite. A run without workers measures it once, at the end. Every run's time is
printed with the median.
The lines come before pytest's final `N passed` line, which stays last. `-p no:support.timing` turns this off.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Dict

import pytest

from .paths import REPO
from .playbook import run_playbook

FLOOR_TASKS = 34
SLOWEST = 15
# Every test's seconds, slowest first, for finding where the suite's time goes (not read back by the suite).
DURATIONS_FILE = REPO / "tests" / "output" / "durations.json"


def ping_playbook(tasks: int) -> str:
    return ("- name: Ansible's own floor\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
            + "".join("    - name: Ping %d\n      ansible.builtin.ping:\n" % n for n in range(tasks)))


def measure_floor() -> float:
    """Seconds of one ansible-playbook run of FLOOR_TASKS ping tasks, in a HOME of its own."""
    with tempfile.TemporaryDirectory() as scratch:
        playbook = Path(scratch) / "floor.yml"
        playbook.write_text(ping_playbook(FLOOR_TASKS))
        start = time.monotonic()
        run = run_playbook(playbook, env={"HOME": scratch})
        seconds = time.monotonic() - start
    if run.returncode != 0:
        raise RuntimeError(f"the floor playbook failed:\n{run.output[-2000:]}")
    return seconds


class SuiteTiming:
    def __init__(self, workers: int) -> None:
        self.floors_before = [measure_floor()] if workers > 1 else []  # before the workers start
        self.start = time.monotonic()
        self.workers = workers
        self.durations: Dict[str, float] = {}

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # setup, call and teardown of a test (under xdist, the controller receives every worker's reports)
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.durations:
            return
        suite = time.monotonic() - self.start
        runs = self.floors_before + [measure_floor() for _after in range(2 if self.floors_before else 1)]
        floor = statistics.median(runs)
        write = terminalreporter.write_line
        terminalreporter.section("suite time")
        for nodeid, seconds in sorted(self.durations.items(), key=lambda item: -item[1])[:SLOWEST]:
            write(f"{seconds:8.1f} s {seconds / floor:6.1f} floors  {nodeid}")
        ranked = dict(sorted(self.durations.items(), key=lambda item: -item[1]))
        DURATIONS_FILE.parent.mkdir(parents=True, exist_ok=True)
        DURATIONS_FILE.write_text(json.dumps({"floor": floor, "floor_runs": runs, "suite": suite, "tests": ranked},
                                             indent=1) + "\n")
        busy = sum(self.durations.values())
        write(f"tests: {busy:.0f} s = {busy / floor:.1f} floors of work, over {self.workers} worker(s); "
              f"every test's time in {DURATIONS_FILE.relative_to(REPO)}")
        measured = (f"the median of {runs[0]:.1f} s before the tests, {runs[1]:.1f} and {runs[2]:.1f} s after"
                    if len(runs) == 3 else "measured after the tests")
        write(f"suite: {suite:.0f} s = {suite / floor:.1f} floors (floor {floor:.1f} s: {FLOOR_TASKS} "
              f"ansible.builtin.ping tasks in one ansible-playbook run, {measured})")


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or config.option.collectonly:  # an xdist worker, or nothing runs
        return
    workers = getattr(config.option, "numprocesses", None) or 1  # pytest-xdist's -n
    config.pluginmanager.register(SuiteTiming(int(workers)), "hwcloud-suite-timing")
