"""The suite's time in floors, printed at the end of every run with the slowest tests.

A floor is the wall time of one ansible-playbook run of 34 ansible.builtin.ping tasks (the benchmarks' floor,
benchmarks/run.py): Ansible's own cost, so that suite times compare across machines of different speeds. It is
measured in the controller when nothing else of the suite competes for the CPU. For the whole suite (run by
pytest-xdist's workers, as `make test` does) it is measured once before the tests start and twice after they
end, and the floor is the median of the three: one run alone varied by 15 % (8.9 to 10.4 s on one machine in one
day), as much as the suite itself from run to run, and the runs before and after also follow a machine that gets
faster or slower during the suite. A run without workers measures it once, at the end. Every run's time is
printed with the median.

Wall time alone also follows how the machine shares its cores that hour (the same commit measured 58.9 and 85.5
floors back to back), so the CPU the suite used (this process and every process it waited for: the workers, and
through them every playbook and module run) is printed too, in floors of CPU (that many floor runs' CPU) and in
what that would take in wall time on this machine's cores, were they always busy. It leaves out the time the
processes waited for a core.

The slowest tests are ranked by their CPU, measured where each test runs (an xdist worker, or this process): the
process's own and that of every process it waited for during the test (its playbook, molecule, ansible-test and
emulator runs), while a test's wall time also holds the time it waited for a core the other workers were using.
A process is counted when it is waited for: an emulator a module fixture started, in the test that stops it; the
session's emulators, at the end, in no test.

The lines come before pytest's final `N passed` line, which stays last. `-p no:support.timing` turns this off.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Dict, Generator, List, NamedTuple

import pytest

from .paths import REPO
from .playbook import run_playbook

FLOOR_TASKS = 34
SLOWEST = 15
# Every test's wall and CPU seconds, most first, for finding where the suite's time goes (not read back by the suite).
DURATIONS_FILE = REPO / "tests" / "output" / "durations.json"
CPU_PROPERTY = "cpu_seconds"
ReportWrapper = Generator[None, pytest.TestReport, pytest.TestReport]


class Floor(NamedTuple):
    wall: float
    cpu: float


def ping_playbook(tasks: int) -> str:
    return ("- name: Ansible's own floor\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
            + "".join("    - name: Ping %d\n      ansible.builtin.ping:\n" % n for n in range(tasks)))


def cpu_seconds() -> float:
    """User and system time of this process and of every process it has waited for (and they for theirs)."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def measure_floor() -> Floor:
    """One ansible-playbook run of FLOOR_TASKS ping tasks, in a HOME of its own: its wall time and CPU."""
    with tempfile.TemporaryDirectory() as scratch:
        playbook = Path(scratch) / "floor.yml"
        playbook.write_text(ping_playbook(FLOOR_TASKS))
        start, cpu_start = time.monotonic(), cpu_seconds()
        run = run_playbook(playbook, env={"HOME": scratch})
        floor = Floor(time.monotonic() - start, cpu_seconds() - cpu_start)
    if run.returncode != 0:
        raise RuntimeError(f"the floor playbook failed:\n{run.output[-2000:]}")
    return floor


class CpuPerTest:
    """A test's CPU (setup, call and teardown), in its teardown report, which xdist sends to the controller."""

    def __init__(self) -> None:
        self.start = 0.0

    @pytest.hookimpl
    def pytest_runtest_logstart(self) -> None:
        self.start = cpu_seconds()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, call: pytest.CallInfo) -> ReportWrapper:
        report = yield
        if call.when == "teardown":
            report.user_properties.append((CPU_PROPERTY, cpu_seconds() - self.start))
        return report


class SuiteTiming:
    def __init__(self, workers: int) -> None:
        self.floors_before = [measure_floor()] if workers > 1 else []  # before the workers start
        self.start, self.cpu_start = time.monotonic(), cpu_seconds()
        self.workers = workers
        self.durations: Dict[str, float] = {}
        self.cpu: Dict[str, float] = {}

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # setup, call and teardown of a test (under xdist, the controller receives every worker's reports)
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        cpu = sum(value for name, value in report.user_properties if name == CPU_PROPERTY)
        self.cpu[report.nodeid] = self.cpu.get(report.nodeid, 0.0) + cpu

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.durations:
            return
        # xdist has stopped and waited for its workers by now, so their CPU is counted
        suite, suite_cpu = time.monotonic() - self.start, cpu_seconds() - self.cpu_start
        runs: List[Floor] = self.floors_before + [measure_floor()
                                                  for _after in range(2 if self.floors_before else 1)]
        floor = statistics.median(run.wall for run in runs)
        floor_cpu = statistics.median(run.cpu for run in runs)
        cores = len(os.sched_getaffinity(0))  # the cores this run may use, as the Makefile's nproc counts them
        write = terminalreporter.write_line
        terminalreporter.section("suite time")
        ranked = dict(sorted(self.durations.items(), key=lambda item: -item[1]))
        ranked_cpu = dict(sorted(self.cpu.items(), key=lambda item: -item[1]))
        write(f"the {SLOWEST} tests that used the most CPU: seconds of CPU, floors of CPU, seconds of wall time")
        for nodeid, cpu in list(ranked_cpu.items())[:SLOWEST]:
            write(f"{cpu:8.1f} s {cpu / floor_cpu:6.1f} floors of CPU {self.durations[nodeid]:8.1f} s  {nodeid}")
        DURATIONS_FILE.parent.mkdir(parents=True, exist_ok=True)
        DURATIONS_FILE.write_text(json.dumps({
            "floor": floor, "floor_runs": [run.wall for run in runs], "floor_cpu": floor_cpu,
            "floor_cpu_runs": [run.cpu for run in runs], "suite": suite, "suite_cpu": suite_cpu, "cores": cores,
            "tests": ranked, "tests_cpu": ranked_cpu}, indent=1) + "\n")
        busy = sum(self.durations.values())
        write(f"tests: {busy:.0f} s = {busy / floor:.1f} floors of work, over {self.workers} worker(s), "
              f"{sum(self.cpu.values()):.0f} s of CPU; every test's time and CPU in "
              f"{DURATIONS_FILE.relative_to(REPO)}")
        write(f"CPU: {suite_cpu:.0f} s = {suite_cpu / floor_cpu:.1f} floors of CPU (a floor run used {floor_cpu:.1f} "
              f"s), {suite_cpu / floor_cpu / cores:.1f} floors of wall time on {cores} core(s) always busy")
        measured = (f"the median of {runs[0].wall:.1f} s before the tests, {runs[1].wall:.1f} and {runs[2].wall:.1f}"
                    f" s after" if len(runs) == 3 else "measured after the tests")
        write(f"suite: {suite:.0f} s = {suite / floor:.1f} floors (floor {floor:.1f} s: {FLOOR_TASKS} "
              f"ansible.builtin.ping tasks in one ansible-playbook run, {measured})")


def pytest_configure(config: pytest.Config) -> None:
    if config.option.collectonly:
        return
    workers = int(getattr(config.option, "numprocesses", None) or 1)  # pytest-xdist's -n
    worker = hasattr(config, "workerinput")
    if worker or workers == 1:  # where the tests run
        config.pluginmanager.register(CpuPerTest(), "hwcloud-test-cpu")
    if not worker:  # the controller prints the time
        config.pluginmanager.register(SuiteTiming(workers), "hwcloud-suite-timing")
