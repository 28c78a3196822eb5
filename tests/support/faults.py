"""The fault suite's scenarios: the lifecycle playbook (tests/integration/faults/lifecycle.yml) run twice (once or
several times at once in each pass) against an emulator that misbehaves, the emulator's state checked against what
the playbooks declare, and a summary read from the request log (requests sent, faults injected, requests repeated,
lost answers recovered by reading, duplicates) with what would say the runs did not converge.
Used by tests/integration/test_fault_suite.py, tests/integration/test_concurrency.py and scripts/fault_summary.py."""

from __future__ import annotations

import collections
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

from .emulator import EmulatorProcess
from .paths import REPO
from .playbook import PlaybookRun, run_playbook

LIFECYCLE = REPO / "tests" / "integration" / "faults" / "lifecycle.yml"
OUTPUT = REPO / "tests" / "output" / "faults"

# name: emulator arguments. Fixed seeds: the same faults every run.
SCENARIOS: Dict[str, Tuple[str, ...]] = {
    "fault-rate-0.2": ("--fault-rate", "0.2", "--seed", "20"),
    "rate-limit-4": ("--rate-limit", "4",),
    "lost-create-responses": ("--lose-create-responses", "1.0", "--seed", "1"),
}


def declared(prefix: str) -> Dict[str, List[str]]:
    """What the lifecycle playbook leaves, by emulator collection: names (or, without a name, a label)."""
    return {
        "vpn_gateways": [f"{prefix}-vgw"],
        "customer_gateways": sorted([f"{prefix}-paris", f"{prefix}-berlin"]),
        "vpn_connections": sorted([f"{prefix}-berlin-1", f"{prefix}-paris-1", f"{prefix}-paris-2"]),
        "connection_monitors": [f"{prefix}-paris-1"],
        "p2c_gateways": [f"{prefix}-p2c"],
        "vpn_servers": [f"{prefix}-p2c"],
        "vpn_user_groups": sorted([f"{prefix}-p2c/default", f"{prefix}-p2c/engineering", f"{prefix}-p2c/operations"]),
        "vpn_users": sorted(f"{prefix}-p2c/{name}" for name in ("alice", "bob1", "carol", "dave", "erin")),
        "access_policies": [f"{prefix}-p2c/{prefix}-engineering-apps"],
    }


def found(state: Dict[str, Dict[str, Dict[str, Any]]]) -> Dict[str, List[str]]:
    """The emulator's state (GET /_emulator/state) in the form of declared(): every record, duplicates kept."""
    def records(kind: str) -> List[Dict[str, Any]]:
        return list(state.get(kind, {}).values())

    connections = {r["id"]: r["name"] for r in records("vpn_connections")}
    p2c_names = {r["id"]: r["name"] for r in records("p2c_gateways")}
    server_gateway = {r["id"]: p2c_names.get(r.get("p2c_vgw_id"), "?") for r in records("vpn_servers")}

    def on_server(record: Dict[str, Any]) -> str:
        server = record.get("vpn_server_id") or record.get("_vpn_server_id") or record.get("_server_id")
        return f"{server_gateway.get(server, '?')}/{record.get('name')}"

    return {
        "vpn_gateways": sorted(r["name"] for r in records("vpn_gateways")),
        "customer_gateways": sorted(r["name"] for r in records("customer_gateways")),
        "vpn_connections": sorted(connections.values()),
        "connection_monitors": sorted(connections.get(r.get("vpn_connection_id"), "?")
                                      for r in records("connection_monitors")),
        "p2c_gateways": sorted(p2c_names.values()),
        "vpn_servers": sorted(server_gateway.values()),
        "vpn_user_groups": sorted(on_server(r) for r in records("vpn_user_groups")),
        "vpn_users": sorted(on_server(r) for r in records("vpn_users")),
        "access_policies": sorted(on_server(r) for r in records("access_policies")),
    }


def compare(expected: Dict[str, List[str]], actual: Dict[str, List[str]]) -> Tuple[List[str], List[str]]:
    """(duplicated or unexpected records, missing records), as 'collection: name'."""
    extra, missing = [], []
    for kind in sorted(set(expected) | set(actual)):
        want, have = collections.Counter(expected.get(kind, [])), collections.Counter(actual.get(kind, []))
        extra += [f"{kind}: {name}" for name in sorted((have - want).elements())]
        missing += [f"{kind}: {name}" for name in sorted((want - have).elements())]
    return extra, missing


@dataclass
class Summary:
    scenario: str
    emulator_args: List[str]
    playbook_runs: int = 0
    requests_sent: int = 0
    writes_sent: int = 0
    faults_injected: int = 0
    faults_by_kind: Dict[str, int] = field(default_factory=dict)
    retries: int = 0  # requests sent again after a fault (same method, path, query and body)
    recovered_by_reading: int = 0  # faulted writes not sent again: the lookup found they had taken effect
    duplicates: List[str] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    changed_on_second_pass: int = 0
    writes_on_second_pass: int = 0

    def problems(self) -> List[str]:
        """What says the runs did not converge cleanly under the faults; empty when they did."""
        found = []
        if self.faults_injected == 0:
            found.append("the emulator injected no fault")
        if self.duplicates or self.missing:
            found.append(f"duplicated by a retry or unexpected: {self.duplicates}; missing: {self.missing}")
        if self.changed_on_second_pass or self.writes_on_second_pass:
            found.append(f"the second pass changed {self.changed_on_second_pass} tasks and sent "
                         f"{self.writes_on_second_pass} writes")
        # A fault is followed by the same request again, or (a write whose answer was lost) recovered by reading: a
        # retry is never a new create (no duplicates above).
        if self.retries + self.recovered_by_reading < self.faults_injected - self.faults_by_kind.get("lost-response", 0):
            found.append("a fault was neither sent again nor recovered by reading")
        return found

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.faults_by_kind.items()))
        return (f"{self.scenario}: {self.requests_sent} requests sent ({self.writes_sent} writes), "
                f"{self.faults_injected} faults injected ({kinds or 'none'}), {self.retries} retries, "
                f"{self.recovered_by_reading} recovered by reading, {len(self.duplicates)} duplicates, "
                f"{len(self.missing)} missing, second pass changed {self.changed_on_second_pass} and wrote "
                f"{self.writes_on_second_pass}")


def summarize(scenario: str, args: Sequence[str], log: List[Dict[str, Any]]) -> Summary:
    summary = Summary(scenario, list(args), requests_sent=len(log),
                      writes_sent=sum(1 for entry in log if entry.get("write")))
    kinds = collections.Counter(entry["fault"] for entry in log if entry.get("fault"))
    summary.faults_injected, summary.faults_by_kind = sum(kinds.values()), dict(kinds)

    def key(entry: Dict[str, Any]) -> Tuple[Any, ...]:
        return entry["method"], entry["path"], entry.get("query"), entry.get("body_sha256")

    for index, entry in enumerate(log):
        if not entry.get("fault"):
            continue
        if any(key(later) == key(entry) for later in log[index + 1:]):
            summary.retries += 1
        elif entry.get("write"):
            summary.recovered_by_reading += 1
    return summary


def run_lifecycle(emulator: EmulatorProcess, prefix: str = "ft", eip_pair: Sequence[str] = ("eip-01", "eip-02"),
                  passes: Sequence[int] = (1, 2), site_index: int = 0) -> List[PlaybookRun]:
    runs = []
    for number in passes:
        runs.append(run_playbook(LIFECYCLE, extra_vars={"emulator_url": emulator.url, "prefix": prefix,
                                                        "eip_pair": list(eip_pair), "lifecycle_pass": number,
                                                        "site_index": site_index},
                                 env=emulator.env()))
        if runs[-1].returncode != 0:
            break
    return runs


def changed_tasks(run: PlaybookRun) -> int:
    return sum(1 for r in run.results if r["status"] == "ok" and r["result"].get("changed"))


def prefixes(at_once: int) -> List[str]:
    """The names' prefix of each lifecycle run side by side."""
    return ["ft"] if at_once == 1 else [f"ft{index}" for index in range(at_once)]


def lifecycle_pass(emulator: EmulatorProcess, number: int, at_once: int) -> List[PlaybookRun]:
    """Pass `number` of `at_once` lifecycles side by side, each with its own names, EIPs and BGP ASNs."""
    def one(index: int) -> PlaybookRun:
        eips = (f"eip-{2 * index + 1:02d}", f"eip-{2 * index + 2:02d}")
        return run_lifecycle(emulator, prefix=prefixes(at_once)[index], eip_pair=eips, passes=(number,),
                             site_index=index)[0]

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        return list(pool.map(one, range(at_once)))


def run_scenario(name: str, args: Sequence[str], at_once: int = 1) -> Tuple[Summary, List[List[PlaybookRun]]]:
    """The lifecycle twice (`at_once` runs side by side in each pass) against a new emulator started with `args`:
    its summary (also written to tests/output/faults/<name>.json) and the runs of each pass. The state is compared
    with what the runs declare after each pass."""
    expected: Dict[str, List[str]] = {}
    for prefix in prefixes(at_once):
        for kind, names in declared(prefix).items():
            expected.setdefault(kind, []).extend(names)
    passes: List[List[PlaybookRun]] = []
    extra: List[str] = []
    missing: List[str] = []
    second_pass_from = 0
    with EmulatorProcess(*args) as emulator:
        for number in (1, 2):
            second_pass_from = len(emulator.requests())
            passes.append(lifecycle_pass(emulator, number, at_once))
            emulator.wait_until_idle()
            now_extra, now_missing = compare(expected, found(emulator.state()))
            extra, missing = sorted(set(extra + now_extra)), sorted(set(missing + now_missing))
            if any(run.returncode != 0 for run in passes[-1]):
                break
        log = emulator.requests()
    summary = summarize(name, args, log)
    summary.playbook_runs = sum(len(runs) for runs in passes)
    summary.duplicates, summary.missing = extra, missing
    if len(passes) == 2:
        summary.changed_on_second_pass = sum(changed_tasks(run) for run in passes[1])
        summary.writes_on_second_pass = sum(1 for entry in log[second_pass_from:] if entry.get("write"))
    write(summary)
    return summary, passes


def write(summary: Summary) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{summary.scenario}.json"
    path.write_text(json.dumps(asdict(summary), indent=2) + "\n")
    return path
