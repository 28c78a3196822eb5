"""Every module's EXAMPLES, run in order against a fresh emulator, so that the examples cannot drift from the
modules: the examples of each group of modules are concatenated into one play (one ansible-playbook run for all),
in an order where each example finds what it needs, with the emulator's fixture ids (playbooks/vars/emulator.yml)
and the values the examples leave to the reader (EXAMPLE_VARS). A few tasks of the test's own (SETUP), named
"Test setup: ...", make what an example assumes exists and that no other example makes."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from typing import Any, Dict, List, Union

import pytest
import yaml

from support.certs import issue
from support.paths import REPO
from support.playbook import run_playbook

MODULES = REPO / "plugins" / "modules"
VARS = REPO / "playbooks" / "vars" / "emulator.yml"
pytestmark = pytest.mark.slow

# The values each group's examples leave to the reader.
S2C_VARS: Dict[str, Any] = {
    "eip_id": "{{ gateway_eip_ids[0] }}",
    "er_id": "310f597a-4b38-5b8b-93b0-caaae6188f8b",                # er-hub
    "access_vpc_id": "{{ vpc_id }}",
    "access_subnet_id": "c34538f5-6f23-5fe2-9882-3c536c769818",     # subnet-demo-app
    "paris_psk": "Example-Psk-Paris1", "lyon_psk": "Example-Psk-Lyon1", "berlin_psk": "Example-Psk-Berlin1",
    "new_berlin_psk": "Example-Psk-Berlin2",
    "connection_id": "{{ site.vpn_connections[0].id }}",
    "peer_config_dir": "{{ playbook_dir }}/peer-configs",
}


def setup(title: str, module: str, **options: Any) -> Dict[str, Any]:
    return {"name": f"Test setup: {title}", f"hwcloud.vpn.{module}": options}


# Each group: module names (their EXAMPLES in order) and the test's own tasks between them.
S2C: List[Union[str, Dict[str, Any]]] = [
    "vpn_quota_info", "vpn_availability_zone_info", "vpn_customer_gateway", "vpn_customer_gateway_info",
    setup("the Berlin office the connection examples name", "vpn_customer_gateway", name="berlin-office",
          id_value="203.0.113.30"),
    setup("the Lyon office the connection examples name", "vpn_customer_gateway", name="lyon-office",
          id_value="203.0.113.20"),
    setup("the gateway the connection examples name (as the vpn_gateway example makes it)", "vpn_gateway",
          name="hq-vpngw", vpc_id="{{ vpc_id }}", connect_subnet="{{ vpn_subnet_id }}",
          local_subnets=["192.168.0.0/24", "192.168.1.0/24"], flavor="Professional1", eip1={"id": "{{ eip_id }}"},
          eip2={"type": "5_bgp", "charge_mode": "bandwidth", "bandwidth_size": 100}, tags={"env": "prod"}),
    "vpn_connection", "vpn_connection_monitor", "vpn_connection_monitor_info", "vpn_connection_info",
    "peer_config_files", "vpn_gateway_info", "vpn_resource_info", "vpn_tag_info",
    setup("delete the connections, so that the vpn_gateway example can delete the gateway", "vpn_connection",
          vgw_name="hq-vpngw", cgw_name="paris-office", state="absent",
          connections=[{"name": "paris-bgp-1", "vgw_ip": "eip1"}, {"name": "paris-bgp-2", "vgw_ip": "eip2"}]),
    setup("delete the policy-based connection too", "vpn_connection", vgw_name="hq-vpngw", name="lyon",
          state="absent"),
    "vpn_gateway",
]
P2C_VARS: Dict[str, Any] = {
    "ccm_certificate_id": "25fbcd07-3ed5-535c-a7dc-8067a00c1da0",  # p2c-server, ISSUED
    "log_group_id": "23f65d02-38eb-5bed-8d10-10b3572cc9c8",        # lts-group-vpn
    "log_stream_id": "24c9eb01-c49d-56f2-b56a-8bc0f73fcf2b",       # lts-stream-p2c
    "alice_password": "Example-Passw0rd-1", "bob_password": "Example-Passw0rd-2",
    "alice_new_password": "Example-Passw0rd-3",
    "alice_old_password": "{{ alice_password }}",
    "connection_id": "8b7c3a52-0d41-4f7e-9b55-2f5b8c1d6e01",       # a client connection that has ended
}
P2C: List[Union[str, Dict[str, Any]]] = [
    dict(setup("the gateway the examples call gateway (as the p2c_gateway example makes it)", "p2c_gateway",
               name="remote-access", vpc_id="{{ vpc_id }}", connect_subnet="{{ p2c_subnet_id }}",
               eip={"type": "5_bgp", "bandwidth_size": 10}, max_connection_number=10,
               log_config={"log_group_id": "{{ log_group_id }}", "log_stream_id": "{{ log_stream_id }}"},
               tags={"team": "it"}), register="gateway"),
    dict(setup("the gateway the examples call other_gateway", "p2c_gateway", name="remote-access-certs",
               vpc_id="{{ vpc_id }}", connect_subnet="{{ p2c_subnet_id }}", eip={"id": "{{ p2c_gateway_eip_id }}"}),
         register="other_gateway"),
    "p2c_gateway_info", "p2c_server", "p2c_server_info", "p2c_client_ca_certificate",
    setup("the group the user and policy examples name (the p2c_user_group example, which needs the users, sets "
          "its members later)", "p2c_user_group", p2c_vgw_id="{{ gateway.p2c_vpn_gateway.id }}", name="engineering"),
    "p2c_user", "p2c_user_password", "p2c_user_info", "access_policy", "access_policy_info", "p2c_user_group_info", "p2c_user_group",
    "p2c_gateway_connection", "p2c_gateway",
]
# Upgrades: an S2C gateway (gateway) and a P2C gateway (p2c_gateway) of the test's own, upgraded and rolled back.
UPGRADES: List[Union[str, Dict[str, Any]]] = [
    dict(setup("an S2C gateway to upgrade", "vpn_gateway", name="upgrade-vpngw", vpc_id="{{ vpc_id }}",
               connect_subnet="{{ vpn_subnet_id }}", local_subnets=["192.168.0.0/24"], flavor="Professional1",
               eip1={"type": "5_bgp", "bandwidth_size": 10}, eip2={"type": "5_bgp", "bandwidth_size": 10}),
         register="gateway"),
    dict(setup("a P2C gateway to upgrade", "p2c_gateway", name="upgrade-p2c", vpc_id="{{ vpc_id }}",
               connect_subnet="{{ p2c_subnet_id }}", eip={"type": "5_bgp", "bandwidth_size": 10}),
         register="p2c_gateway"),
    "vpn_gateway_upgrade", "vpn_gateway_job_info",
    dict(setup("the P2C gateway's jobs", "vpn_gateway_job_info", gateway_type="p2c",
               gateway_id="{{ p2c_gateway.p2c_vpn_gateway.id }}"), register="p2c_jobs"),
    "vpn_gateway_job",
]
GROUPS = {"s2c": (S2C, S2C_VARS), "p2c": (P2C, P2C_VARS), "upgrade": (UPGRADES, {})}


def write_ca_certificates(directory: Path) -> None:
    """The client CA certificates the P2C examples read with lookup('ansible.builtin.file', ...), next to the
    playbook."""
    for name in ("clients-ca.pem", "clients-ca-2.pem", "partners-ca.pem"):
        (directory / name).write_text(issue(name[:-4], ca=True).pem)


def examples(module: str) -> List[Dict[str, Any]]:
    tree = ast.parse((MODULES / f"{module}.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "EXAMPLES":
            return yaml.safe_load(node.value.value)
    raise AssertionError(f"{module} has no EXAMPLES")


def play(name: str, steps: List[Union[str, Dict[str, Any]]], example_vars: Dict[str, Any]) -> Dict[str, Any]:
    tasks: List[Dict[str, Any]] = []
    for step in steps:
        tasks += examples(step) if isinstance(step, str) else [step]
    return {"name": f"The EXAMPLES of the {name} modules", "hosts": "localhost", "gather_facts": False,
            "vars": example_vars, "tasks": tasks}


def test_groups_hold_every_module() -> None:
    listed = {step for steps, _vars in GROUPS.values() for step in steps if isinstance(step, str)}
    assert listed == {path.stem for path in MODULES.glob("*.py") if path.stem != "__init__"}


def test_module_examples(fresh_emulator: Any, tmp_path: Path) -> None:
    playbook = tmp_path / "examples.yml"
    write_ca_certificates(tmp_path)
    plays = [play(name, steps, example_vars) for name, (steps, example_vars) in GROUPS.items()]
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False))
    run = run_playbook(playbook, extra_vars=yaml.safe_load(VARS.read_text()), env=fresh_emulator.env())
    assert run.returncode == 0 and "failed=0" in run.recap, run.output[-8000:]
    from_examples = [r for r in run.results if not r["task"].startswith("Test setup:")]
    modules = [step for steps, _vars in GROUPS.values() for step in steps if isinstance(step, str)]
    expected = sum(len(examples(module)) for module in modules)
    assert len(from_examples) == expected, [r["task"] for r in run.results]
    print(f"{expected} example tasks of {len(modules)} modules run")


# The roles' README examples: s2c_vpn and p2c_vpn, each built then torn down (the same play with the role's state
# absent). strongswan_site's example configures remote hosts over SSH (an inventory of sites), which this test has
# not; tests/dataplane runs that role.
README_ROLES = ("s2c_vpn", "p2c_vpn")
# What the README examples leave to the reader (vault variables, and a writable directory for the strongSwan files).
README_VARS = {"vault_psks": {"munich": "Example-Psk-Munich1", "madrid": "Example-Psk-Madrid1"},
               "vault_alice_password": "Example-Passw0rd-1", "vault_bob_password": "Example-Passw0rd-2"}


def readme_example(role: str) -> Dict[str, Any]:
    """The example playbook of a role's README, as scripts/build_docs.py puts it in the role's page."""
    spec = importlib.util.spec_from_file_location("build_docs", REPO / "scripts" / "build_docs.py")
    build_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_docs)
    [example] = yaml.safe_load(build_docs.role_examples(REPO / "roles" / role / "README.md")[0])
    return example


def test_role_readme_examples(fresh_emulator: Any, tmp_path: Path) -> None:
    plays = []
    for role in README_ROLES:
        example = readme_example(role)
        teardown = dict(example, name=f"{example['name']} (torn down)", vars=dict(example["vars"], **{
            f"{role}_state": "absent"}))
        plays += [example, teardown]
    playbook = tmp_path / "readme_examples.yml"
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False))
    extra_vars = dict(yaml.safe_load(VARS.read_text()), s2c_vpn_config_dir=str(tmp_path / "strongswan"),
                      **README_VARS)
    run = run_playbook(playbook, extra_vars=extra_vars, env=fresh_emulator.env())
    assert run.returncode == 0 and "failed=0" in run.recap, run.output[-8000:]
    print(f"{len(README_ROLES)} role README examples run, each built and torn down")
