"""Managing the users of a full P2C VPN server: one p2c_user task for all of them against one task per user.

Runs real ansible-playbook against a fresh emulator (python -m emulator on a free loopback port) and measures,
side by side in one run:

  one task, from nothing     one p2c_user task converging N users (default 500, a full server) from none
  one task, nothing to do    the same task again
  one task per user          the same N users from none, one p2c_user task each (a loop in one play)
  Ansible floor              one ansible.builtin.ping task, for the cost of a playbook run itself

For each: wall time of the ansible-playbook run, and the API requests (all, and writes) from the emulator's
request log. Prints a table with the ratios and writes JSON to benchmarks/results/ (git-ignored).

    .venv/bin/python benchmarks/p2c_users.py [--users 500]
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

from support.emulator import EmulatorProcess  # noqa: E402  (needs the paths above)
from support.playbook import run_playbook  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"

SETUP = """
- name: A P2C gateway and its server
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Fixtures
      ansible.builtin.uri:
        url: "{{ emulator_url }}/_emulator/fixtures"
      register: fixtures
    - name: Gateway
      hwcloud.vpn.p2c_gateway:
        name: bench-p2c
        vpc_id: "{{ (fixtures.json.vpcs | selectattr('name', 'eq', 'vpc-demo') | first).id }}"
        connect_subnet: "{{ ((fixtures.json.vpcs | selectattr('name', 'eq', 'vpc-demo') | first).subnets
                             | selectattr('name', 'eq', 'subnet-demo-p2c') | first).id }}"
        eip: {type: 5_bgp, bandwidth_size: 10}
      register: gateway
    - name: Server
      hwcloud.vpn.p2c_server:
        p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
        client_cidr: 172.16.0.0/22
        local_subnets: [192.168.0.0/24]
        server_certificate: {source: SERVICE_SIGN}
      register: server
    - name: Keep the server id
      ansible.builtin.copy:
        content: "{{ server.vpn_server.id }}"
        dest: "{{ server_id_file }}"
        mode: "0600"
"""

ONE_TASK = """
- name: All users in one task
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Users
      hwcloud.vpn.p2c_user:
        vpn_server_id: "{{ vpn_server_id }}"
        users: "{{ vpn_users }}"
        state: "{{ users_state | default('present') }}"
"""

TASK_PER_USER = """
- name: One task per user
  hosts: localhost
  gather_facts: false
  tasks:
    - name: User
      hwcloud.vpn.p2c_user:
        vpn_server_id: "{{ vpn_server_id }}"
        name: "{{ item.name }}"
        password: "{{ item.password }}"
        user_group: "{{ item.user_group }}"
      loop: "{{ vpn_users }}"
      loop_control:
        label: "{{ item.name }}"
"""

FLOOR = """
- name: Ansible's own floor
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Ping
      ansible.builtin.ping:
"""


def users(count: int) -> List[Dict[str, str]]:
    return [{"name": "user-%03d" % n, "password": "Bench-%03d-Pw" % n, "user_group": "default"}
            for n in range(count)]


def measure(emulator: EmulatorProcess, label: str, playbook: Path, extra_vars: Dict[str, Any]) -> Dict[str, Any]:
    emulator.clear_requests()
    start = time.monotonic()
    run = run_playbook(playbook, extra_vars=extra_vars, env=emulator.env(), timeout=3600)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        raise SystemExit("%s failed:\n%s" % (label, run.output[-4000:]))
    log = emulator.requests()
    changed = sum(1 for r in run.results if r["result"].get("changed"))
    return {"case": label, "seconds": round(seconds, 2), "requests": len(log),
            "writes": sum(1 for r in log if r.get("write")), "changed_tasks": changed}


def compare(count: int) -> Dict[str, Any]:
    """The four cases for `count` users, each against a fresh emulator state: rows, ratios and targets met."""
    team = users(count)
    with tempfile.TemporaryDirectory() as scratch, EmulatorProcess(transition_seconds=0.05) as emulator:
        books = {}
        for name, text in (("setup", SETUP), ("one", ONE_TASK), ("per_user", TASK_PER_USER), ("floor", FLOOR)):
            books[name] = Path(scratch) / (name + ".yml")
            books[name].write_text(text)
        id_file = Path(scratch) / "server_id"
        setup = run_playbook(books["setup"], extra_vars={"emulator_url": emulator.url, "server_id_file": str(id_file)},
                             env=emulator.env())
        if setup.returncode != 0:
            raise SystemExit("setup failed:\n" + setup.output[-4000:])
        common = {"vpn_server_id": id_file.read_text(), "vpn_users": team}
        rows = [measure(emulator, "one task, from nothing", books["one"], common),
                measure(emulator, "one task, nothing to do", books["one"], common)]
        remove = run_playbook(books["one"], extra_vars=dict(common, users_state="absent"), env=emulator.env())
        if remove.returncode != 0:
            raise SystemExit("removing the users failed:\n" + remove.output[-4000:])
        rows.append(measure(emulator, "one task per user, from nothing", books["per_user"], common))
        rows.append(measure(emulator, "Ansible floor (one ping task)", books["floor"], {}))
    converge, rerun, per_user, _floor = rows
    ratios = {"per_user_vs_one_task_seconds": round(per_user["seconds"] / converge["seconds"], 1),
              "per_user_vs_one_task_requests": round(per_user["requests"] / converge["requests"], 1)}
    return {"users": count, "rows": rows, "ratios": ratios,
            "targets": {"converge_requests_at_most": 20, "rerun_writes": 0, "per_user_slower_at_least": 50},
            "met": {"converge_requests": converge["requests"] <= 20, "rerun_writes": rerun["writes"] == 0,
                    "per_user_slower": ratios["per_user_vs_one_task_seconds"] >= 50}}


def print_table(result: Dict[str, Any]) -> None:
    print("%d users on one VPN server\n" % result["users"])
    print("%-34s %9s %9s %7s" % ("case", "seconds", "requests", "writes"))
    for row in result["rows"]:
        print("%-34s %9.2f %9d %7d" % (row["case"], row["seconds"], row["requests"], row["writes"]))
    print("\none task per user / one task: %sx the time, %sx the requests"
          % (result["ratios"]["per_user_vs_one_task_seconds"], result["ratios"]["per_user_vs_one_task_requests"]))


def write_json(name: str, result: Dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    output = RESULTS / ("%s-%s.json" % (name, stamp))
    output.write_text(json.dumps(result, indent=2))
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--users", type=int, default=500, help="users on the server (500, the gateway's limit)")
    result = compare(parser.parse_args().users)
    print_table(result)
    print("written to %s" % write_json("p2c_users", result).relative_to(REPO))


if __name__ == "__main__":
    main()
