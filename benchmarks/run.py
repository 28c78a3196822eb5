"""All the benchmarks, side by side in one run against the bundled emulator; prints a table and writes JSON.

  first run            the S2C and P2C example playbooks building their topology from nothing; how long the run
                       waited for the emulator's transitions, and how late it noticed each resource was ready
  no-change run        the same playbooks again: API requests (no write may be sent) and wall time, against the
                       same number of ansible.builtin.ping tasks (Ansible's own floor for that many tasks)
  P2C users            one p2c_user task for N users against one task per user (benchmarks/p2c_users.py)

    .venv/bin/python benchmarks/run.py [--users 500] [--transition-seconds 1.0] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path[:0] = [str(BENCHMARKS), str(REPO / "tests"), str(REPO)]

import p2c_users  # noqa: E402  (needs the paths above)
from support.emulator import EmulatorProcess  # noqa: E402
from support.playbook import PlaybookRun, run_playbook  # noqa: E402

EXAMPLES = [("S2C", REPO / "playbooks" / "s2c_vpn.yml"), ("P2C", REPO / "playbooks" / "p2c_vpn.yml")]
VARS = REPO / "playbooks" / "vars" / "emulator.yml"
FLOOR_TARGET = 1.3


def ping_playbook(tasks: int) -> str:
    return ("- name: Ansible's own floor\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
            + "".join("    - name: Ping %d\n      ansible.builtin.ping:\n" % n for n in range(tasks)))


def executions(run: PlaybookRun) -> int:
    """Task executions that ran: a task, or each item of a loop, that was not skipped. Each costs Ansible what a
    ping task costs, so the floor is that many ping tasks."""
    count = 0
    for entry in run.results:
        items = entry["result"].get("results")
        if isinstance(items, list):
            count += sum(1 for item in items if not item.get("skipped"))
        elif entry["status"] != "skipped":
            count += 1
    return count


def timed(playbook: Path, emulator: EmulatorProcess, scratch: Path, extra: List[str]) -> Dict[str, Any]:
    emulator.clear_requests()
    start = time.monotonic()
    run = run_playbook(playbook, env=dict(emulator.env(), HOME=str(scratch)), args=extra, timeout=3600)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        raise SystemExit("%s failed:\n%s" % (playbook.name, run.output[-4000:]))
    log = emulator.requests()
    return {"seconds": seconds, "requests": len(log), "writes": sum(1 for r in log if r.get("write")),
            "tasks": executions(run), "changed": sum(1 for r in run.results if r["result"].get("changed")),
            "log": log}


def waits(log: List[Dict[str, Any]], state: Dict[str, Dict[str, Any]], transition: float) -> Dict[str, Any]:
    """Resources the run polled while they were pending, and how long after each became ready the run noticed
    (the first request on it after it settled)."""
    lags = []
    for records in state.values():
        for record in records.values():
            settled = record.get("_settled_at")
            if settled is None:
                continue
            suffix = "/" + str(record.get("id"))
            times = sorted(e["at"] for e in log if e["method"] == "GET" and e["path"].endswith(suffix))
            polled_while_pending = any(settled - transition <= at < settled for at in times)
            after = [at for at in times if at >= settled]
            if polled_while_pending and after:
                lags.append(after[0] - settled)
    return {"resources_waited_for": len(lags), "transition_seconds": transition,
            "noticed_after_mean": round(statistics.mean(lags), 3) if lags else 0.0,
            "noticed_after_max": round(max(lags), 3) if lags else 0.0}


def topology(name: str, playbook: Path, transition: float, repeat: int) -> Dict[str, Any]:
    """First run, then `repeat` no-change runs each beside a ping playbook of as many tasks, alternating so that
    the machine's noise hits both alike."""
    with tempfile.TemporaryDirectory() as scratch_dir, EmulatorProcess(transition_seconds=transition) as emulator:
        scratch = Path(scratch_dir)
        extra = ["-e", "@%s" % VARS]
        first = timed(playbook, emulator, scratch, extra)
        first_waits = waits(first["log"], emulator.state(), transition)
        noop_runs, floor_runs = [], []
        floor_book = scratch / "floor.yml"
        for _round in range(repeat):
            noop = timed(playbook, emulator, scratch, extra)
            floor_book.write_text(ping_playbook(noop["tasks"]))
            noop_runs.append(noop)
            floor_runs.append(timed(floor_book, emulator, scratch, []))
    noop_seconds = statistics.median(r["seconds"] for r in noop_runs)
    floor_seconds = statistics.median(r["seconds"] for r in floor_runs)
    return {
        "topology": name, "playbook": str(playbook.relative_to(REPO)),
        "first_run": {"seconds": round(first["seconds"], 2), "requests": first["requests"],
                      "writes": first["writes"], "changed_tasks": first["changed"], **first_waits},
        "no_change_run": {"seconds": round(noop_seconds, 2), "requests": noop_runs[-1]["requests"],
                          "writes": max(r["writes"] for r in noop_runs),
                          "changed_tasks": max(r["changed"] for r in noop_runs), "tasks": noop_runs[-1]["tasks"]},
        "ping_floor": {"seconds": round(floor_seconds, 2), "tasks": noop_runs[-1]["tasks"]},
        "no_change_vs_floor": round(noop_seconds / floor_seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--users", type=int, default=500, help="users for the P2C user comparison")
    parser.add_argument("--transition-seconds", type=float, default=1.0,
                        help="how long the emulator keeps resources in their pending statuses")
    parser.add_argument("--repeat", type=int, default=3, help="no-change and floor runs (the median is reported)")
    args = parser.parse_args()

    topologies = [topology(name, playbook, args.transition_seconds, args.repeat) for name, playbook in EXAMPLES]
    users = p2c_users.compare(args.users)

    print("%-4s %-16s %8s %9s %7s %8s  %s" % ("", "case", "seconds", "requests", "writes", "changed", "notes"))
    for result in topologies:
        first, noop, floor = result["first_run"], result["no_change_run"], result["ping_floor"]
        print("%-4s %-16s %8.2f %9d %7d %8d  waited for %d resources (%.1f s transitions); noticed each after "
              "%.2f s on average, %.2f s at most" % (
                  result["topology"], "first run", first["seconds"], first["requests"], first["writes"],
                  first["changed_tasks"], first["resources_waited_for"], first["transition_seconds"],
                  first["noticed_after_mean"], first["noticed_after_max"]))
        print("%-4s %-16s %8.2f %9d %7d %8d  median of %d" % (
            "", "no-change run", noop["seconds"], noop["requests"], noop["writes"], noop["changed_tasks"],
            args.repeat))
        floor_note = "%d ping tasks, one per task run; no-change run = %.2fx the floor (target <= %.1fx)" % (
            floor["tasks"], result["no_change_vs_floor"], FLOOR_TARGET)
        print("%-4s %-16s %8.2f %9d %7d %8d  %s" % ("", "Ansible floor", floor["seconds"], 0, 0, 0, floor_note))
    print()
    p2c_users.print_table(users)

    met = {"no_change_writes": all(t["no_change_run"]["writes"] == 0 for t in topologies),
           "no_change_vs_floor": all(t["no_change_vs_floor"] <= FLOOR_TARGET for t in topologies),
           **{"p2c_users_" + key: value for key, value in users["met"].items()}}
    output = p2c_users.write_json("all", {"topologies": topologies, "p2c_users": users,
                                          "targets": {"no_change_writes": 0, "no_change_vs_floor_at_most": FLOOR_TARGET,
                                                      **users["targets"]},
                                          "met": met})
    print("\ntargets met: %s" % ", ".join("%s=%s" % item for item in met.items()))
    print("written to %s" % output.relative_to(REPO))


if __name__ == "__main__":
    main()
