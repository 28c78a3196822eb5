"""Two runs of the same task released at the same instant (a barrier in two forked processes, each running the
module's main() in process) against one emulator, for every resource type whose name the API does not keep unique
(docs/developing.md, "Concurrent runs"). The emulator adds latency to every request, so both runs list before either
creates: both create, and the runs must settle on one resource. Then: exactly one resource carries the name, both
runs succeed and report it, one of them says which duplicate it deleted, and a third run changes nothing."""

from __future__ import annotations

import importlib
import multiprocessing
from typing import Any, Callable, Dict, Iterator, List, NamedTuple

import pytest
from support.emulator import EmulatorProcess
from support.inprocess import PACKAGE, ModuleRun, run_module

RUNS = 2
DEADLINE = 120.0  # seconds for a whole race (each run waits for a gateway to be created)


class Case(NamedTuple):
    module: str
    key: str  # the result key of the resource
    collection: str  # the emulator's state collection
    create_path: str  # the create request's path ends with this
    args: Callable[[Dict[str, Any]], Dict[str, Any]]


CASES = [
    Case("vpn_gateway", "vpn_gateway", "vpn_gateways", "/vpn-gateways", lambda ids: {
        "name": "race-vgw", "vpc_id": ids["vpc_id"], "connect_subnet": ids["vpn_subnet"],
        "local_subnets": ["192.168.0.0/24"], "eip1": {"type": "5_bgp", "bandwidth_size": 10},
        "eip2": {"type": "5_bgp", "bandwidth_size": 10}}),
    Case("p2c_gateway", "p2c_vpn_gateway", "p2c_gateways", "/p2c-vpn-gateways", lambda ids: {
        "name": "race-p2c", "vpc_id": ids["vpc_id"], "connect_subnet": ids["p2c_subnet"],
        "eip": {"type": "5_bgp", "bandwidth_size": 10}}),
    Case("access_policy", "access_policy", "access_policies", "/access-policies", lambda ids: {
        "name": "race-policy", "vpn_server_id": ids["server"], "user_group_id": ids["group"],
        "dest_ip_cidrs": ["192.168.0.0/24"]}),
]


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    # 40 ms per request: the two runs' look-ups overlap, so both create (the race the test is about).
    with EmulatorProcess("--latency-ms", "40") as emulator:
        yield emulator


def made(api: EmulatorProcess, module: str, args: Dict[str, Any], key: str) -> str:
    done = run_module(module, args, env=api.env())
    assert not done.failed, (module, done.result)
    return str(done.result[key]["id"])


@pytest.fixture(scope="module")
def ids(api: EmulatorProcess) -> Dict[str, Any]:
    fixtures = api.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    subnets = {s["name"]: s["id"] for s in vpc["subnets"]}
    found: Dict[str, Any] = {"vpc_id": vpc["id"], "vpn_subnet": subnets["subnet-demo-vpn"],
                             "p2c_subnet": subnets["subnet-demo-p2c"]}
    ccm_id = next(c["id"] for c in fixtures["certificates"] if c["status"] == "ISSUED")
    gateway = made(api, "p2c_gateway", {"name": "race-server-p2c", "vpc_id": vpc["id"],
                                        "connect_subnet": found["p2c_subnet"],
                                        "eip": {"type": "5_bgp", "bandwidth_size": 10}}, "p2c_vpn_gateway")
    found["server"] = made(api, "p2c_server", {
        "p2c_vgw_id": gateway, "client_auth_type": "LOCAL_PASSWORD", "client_cidr": "172.16.0.0/24",
        "local_subnets": ["192.168.0.0/24"], "server_certificate": {"id": ccm_id}}, "vpn_server")
    found["group"] = made(api, "p2c_user_group", {"vpn_server_id": found["server"], "name": "race-group"},
                          "user_group")
    return found


def released_together(api: EmulatorProcess, module: str, args: Dict[str, Any]) -> List[ModuleRun]:
    """RUNS runs of the task, each in a process of its own, released at the same instant by a barrier."""
    importlib.import_module(f"{PACKAGE}.{module}")  # before the fork: no import time between barrier and requests
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(RUNS)
    results = context.Queue()

    def one(index: int) -> None:
        barrier.wait(timeout=DEADLINE)
        done = run_module(module, args, env=api.env())
        results.put((index, done.exit_code, done.result, done.output))

    processes = [context.Process(target=one, args=(index,)) for index in range(RUNS)]
    for process in processes:
        process.start()
    runs = dict((index, ModuleRun(code, result, output)) for index, code, result, output in
                (results.get(timeout=DEADLINE) for _process in processes))
    for process in processes:
        process.join(timeout=DEADLINE)
    return [runs[index] for index in range(RUNS)]


def named(api: EmulatorProcess, case: Case, name: str) -> List[str]:
    return sorted(r["id"] for r in api.state().get(case.collection, {}).values() if r.get("name") == name)


@pytest.mark.parametrize("case", CASES, ids=[c.module for c in CASES])
def test_runs_started_together_settle_on_one_resource(api: EmulatorProcess, ids: Dict[str, Any], case: Case) -> None:
    args = case.args(ids)
    api.clear_requests()
    runs = released_together(api, case.module, args)
    creates = [w for w in api.writes() if w["method"] == "POST" and w["path"].endswith(case.create_path)]
    assert len(creates) == RUNS, f"the runs did not race (one found the other's resource): {creates}"
    for run in runs:
        assert not run.failed, run.output
        assert run.result["changed"] is True
    kept = named(api, case, args["name"])
    assert len(kept) == 1, f"{case.module}: {len(kept)} resources named {args['name']}: {kept}"
    assert [run.result[case.key]["id"] for run in runs] == kept * RUNS
    deleted = [run.result["converged_from_duplicate"] for run in runs if "converged_from_duplicate" in run.result]
    assert len(deleted) == 1 and deleted[0] != kept[0], [run.result for run in runs]

    api.clear_requests()
    third = run_module(case.module, args, env=api.env())
    assert not third.failed, third.output
    assert third.result["changed"] is False
    assert third.result[case.key]["id"] == kept[0]
    assert api.writes() == []
