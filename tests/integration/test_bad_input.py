"""Bad input, table-driven: every case runs as a task of one generated playbook per module, and must fail with a
message that names the option, before the API is called (cases the module can only judge once it knows the
resource does not exist may read, but never write)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, NamedTuple

import pytest
import yaml
from support.certs import issue
from support.playbook import run_playbook

UUID = "0b9f5c4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
LEAF = issue("bad-input-leaf")


class Case(NamedTuple):
    args: Dict[str, Any]
    option: str  # the message must name it
    reads_allowed: bool = False  # True for create-only requirements, judged after looking the resource up


GATEWAY = {"name": "bad-input-gw", "vpc_id": UUID, "connect_subnet": UUID, "local_subnets": ["192.168.0.0/24"],
           "eip1": {"id": UUID}, "eip2": {"type": "5_bgp", "bandwidth_size": 10}}
GM_CERTIFICATE = {"certificate": LEAF.pem, "private_key": LEAF.key_pem, "certificate_chain": LEAF.pem,
                  "enc_certificate": LEAF.pem, "enc_private_key": LEAF.key_pem}


def gateway(**changes: Any) -> Dict[str, Any]:
    args = dict(GATEWAY, **changes)
    return {key: value for key, value in args.items() if value is not None}


CASES: Dict[str, List[Case]] = {
    "vpn_gateway": [
        Case(gateway(name="bad name!"), "name"),
        Case(gateway(name="x" * 65), "name"),
        Case(gateway(id="not-a-uuid"), "id"),
        Case(gateway(vpc_id="vpc-1"), "vpc_id"),
        Case(gateway(connect_subnet="subnet-1"), "connect_subnet"),
        Case(gateway(access_vpc_id="vpc-2"), "access_vpc_id"),
        Case(gateway(access_subnet_id="subnet-2"), "access_subnet_id"),
        Case(gateway(enterprise_project_id="project-x"), "enterprise_project_id"),
        Case(gateway(bgp_asn=0), "bgp_asn"),
        Case(gateway(bgp_asn=4294967296), "bgp_asn"),
        Case(gateway(network_type="internet"), "network_type"),
        Case(gateway(flavor="Huge"), "flavor"),
        Case(gateway(local_subnets=["192.168.0.1/24"]), "local_subnets"),
        Case(gateway(local_subnets=["fd00::/64"]), "local_subnets"),
        Case(gateway(local_subnets=["10.%d.0.0/16" % i for i in range(51)]), "local_subnets"),
        Case(gateway(local_subnets=["10.0.0.0/8", "10.0.0.0/8"]), "local_subnets"),
        Case(gateway(local_subnets=[]), "local_subnets"),
        Case(gateway(local_subnets_v6=["10.0.0.0/8"], local_subnets=None, ip_version="ipv6"), "local_subnets_v6"),
        Case(gateway(local_subnets_v6=["fd00::/64"]), "local_subnets_v6"),
        Case(gateway(attachment_type="er", er_id=UUID), "local_subnets"),
        Case(gateway(er_id=UUID), "er_id"),
        Case(gateway(attachment_type="er", er_id="er-1", local_subnets=None), "er_id"),
        Case(gateway(attachment_type="er", er_id=UUID, local_subnets=None, access_vpc_id=UUID.replace("0b", "0c")),
             "vpc_id"),
        Case(gateway(flavor="Basic", network_type="private", eip1=None, eip2=None), "flavor"),
        Case(gateway(ip_version="ipv6", attachment_type="er", er_id=UUID, local_subnets=None), "ip_version"),
        Case(gateway(availability_zone_ids=["a", "b", "c"]), "availability_zone_ids"),
        Case(gateway(availability_zone_ids=["a", "a"]), "availability_zone_ids"),
        Case(gateway(network_type="private"), "eip1"),
        Case(gateway(eip1={"id": UUID, "type": "5_bgp"}), "eip1"),
        Case(gateway(eip1={"id": "eip-1"}), "eip1.id"),
        Case(gateway(eip2={"bandwidth_size": 10}), "eip2.type"),
        Case(gateway(eip2={"type": "5_bgp"}), "eip2.bandwidth_size"),
        Case(gateway(eip2={"type": "5_bgp", "bandwidth_size": 301}), "eip2.bandwidth_size"),
        Case(gateway(flavor="Basic", eip2={"type": "5_bgp", "bandwidth_size": 101}), "eip2.bandwidth_size"),
        Case(gateway(eip2={"type": "5_bgp", "bandwidth_size": 10, "bandwidth_name": "bad name"}),
             "eip2.bandwidth_name"),
        Case(gateway(eip2={"type": "5_bgp", "bandwidth_id": "bw-1"}), "eip2.bandwidth_id"),
        Case(gateway(eip2={"type": "5_bgp", "charge_mode": "free"}), "charge_mode"),
        Case(gateway(eip2={"id": UUID}), "eip2.id"),
        Case(gateway(access_private_ip_1="192.168.100.5", access_private_ip_2="192.168.100.6"),
             "access_private_ip_1"),
        Case(gateway(network_type="private", eip1=None, eip2=None, access_private_ip_1="192.168.100.500",
                     access_private_ip_2="192.168.100.6"), "access_private_ip_1"),
        Case(gateway(network_type="private", eip1=None, eip2=None, access_private_ip_1="192.168.100.5"),
             "access_private_ip_1"),
        Case(gateway(network_type="private", eip1=None, eip2=None, access_private_ip_1="192.168.100.5",
                     access_private_ip_2="192.168.100.5"), "access_private_ip_2"),
        Case(gateway(flavor="Professional1", policy_template={"ike_policy": {"dh_group": "group21"}}),
             "policy_template"),
        Case(gateway(policy_template={"ike_policy": {"dh_group": "group21"}}), "policy_template", reads_allowed=True),
        Case(gateway(flavor="Professional1-NonFixedIP", policy_template={"ike_policy": {"lifetime_seconds": 59}}),
             "policy_template.ike_policy.lifetime_seconds"),
        Case(gateway(flavor="Professional1-NonFixedIP", policy_template={"ipsec_policy": {"lifetime_seconds": 604801}}),
             "policy_template.ipsec_policy.lifetime_seconds"),
        Case(gateway(flavor="Professional2-NonFixedIP", policy_template={"ipsec_policy": {"pfs": "group1"}}), "pfs"),
        Case(gateway(flavor="Professional2", certificate=GM_CERTIFICATE), "certificate"),
        Case(gateway(certificate=GM_CERTIFICATE), "certificate", reads_allowed=True),
        Case(gateway(flavor="GM", certificate=dict(GM_CERTIFICATE, name="ab")), "certificate.name"),
        Case(gateway(flavor="GM", certificate=dict(GM_CERTIFICATE, certificate="not a pem")),
             "certificate.certificate"),
        Case(gateway(flavor="GM", certificate=dict(GM_CERTIFICATE, enc_private_key="not a key")),
             "certificate.enc_private_key"),
        Case(gateway(flavor="GM", certificate={"certificate": LEAF.pem}), "certificate"),
        Case(gateway(tags=dict(("k%d" % i, "v") for i in range(21))), "tags"),
        Case(gateway(tags={"bad/key": "v"}), "tags"),
        Case(gateway(wait_timeout="soon"), "wait_timeout"),
        Case(gateway(vpc_id=None), "vpc_id", reads_allowed=True),
        Case(gateway(local_subnets=None), "local_subnets", reads_allowed=True),
        Case(gateway(eip1=None), "eip1", reads_allowed=True),
        Case(gateway(attachment_type="er", local_subnets=None, er_id=None), "er_id", reads_allowed=True),
        Case(gateway(ip_version="ipv6", local_subnets=None), "local_subnets_v6", reads_allowed=True),
    ],
    "vpn_customer_gateway": [
        Case({"name": "bad name!", "id_value": "203.0.113.1"}, "name"),
        Case({"id": "cgw-1"}, "id"),
        Case({"name": "c", "id_value": "203.0.113.300"}, "id_value"),
        Case({"name": "c", "id_value": "2001:db8::1"}, "id_value"),
        Case({"name": "c", "id_type": "fqdn", "id_value": "has space.example.com"}, "id_value"),
        Case({"name": "c", "id_type": "fqdn", "id_value": "x" * 129}, "id_value"),
        Case({"name": "c", "id_type": "fqdn", "id_value": "vpn.example.com", "bgp_asn": 65000}, "bgp_asn"),
        Case({"name": "c", "id_type": "dns", "id_value": "vpn.example.com"}, "id_type"),
        Case({"name": "c", "id_value": "203.0.113.1", "bgp_asn": 0}, "bgp_asn"),
        Case({"name": "c", "id_value": "203.0.113.1", "ca_certificate": "not a certificate"}, "ca_certificate"),
        Case({"name": "c", "id_value": "203.0.113.1", "tags": {"k": "bad#value"}}, "tags"),
        Case({"name": "c"}, "id_value", reads_allowed=True),
    ],
    "vpn_gateway_info": [
        Case({"routing_table": "sometimes"}, "routing_table"),
    ],
    "vpn_availability_zone_info": [
        Case({"api_version": "v6"}, "api_version"),
        Case({"flavor": "Huge"}, "flavor"),
    ],
}


def _log_tasks(url: str, phase: str) -> List[Dict[str, Any]]:
    return [{"name": f"requests of {phase}", "ansible.builtin.uri": {"url": f"{url}/_emulator/requests"}},
            {"name": f"forget {phase}", "ansible.builtin.uri": {"url": f"{url}/_emulator/requests", "method": "DELETE",
                                                                "status_code": 204}}]


@pytest.mark.slow
@pytest.mark.parametrize("module", sorted(CASES))
def test_bad_input_fails_before_any_call_naming_the_option(module, fresh_emulator, tmp_path: Path) -> None:
    """Cases run in two phases: those that must send nothing at all, then those that may read but not write;
    the emulator's request log is read after each phase."""
    cases = list(enumerate(CASES[module]))
    tasks: List[Dict[str, Any]] = []
    for phase, reads_allowed in (("no requests", False), ("reads only", True)):
        tasks += [{"name": f"case {index}", f"hwcloud.vpn.{module}": case.args, "ignore_errors": True}
                  for index, case in cases if case.reads_allowed == reads_allowed]
        tasks += _log_tasks(fresh_emulator.url, phase)
    playbook = tmp_path / "bad_input.yml"
    playbook.write_text(yaml.safe_dump([{"name": f"Bad input for {module}", "hosts": "localhost",
                                         "gather_facts": False, "tasks": tasks}], sort_keys=False))
    fresh_emulator.clear_requests()
    run = run_playbook(playbook, env=fresh_emulator.env())
    assert run.returncode == 0, run.output[-3000:]
    problems = []
    for index, case in cases:
        message = run.result(f"case {index}").get("msg", "")
        if run.status(f"case {index}") != "failed":
            problems.append(f"case {index} {case.args}: did not fail")
        elif case.option not in message:
            problems.append(f"case {index}: the message does not name {case.option!r}: {message}")
    sent_nothing = run.result("requests of no requests")["json"]
    if sent_nothing:
        problems.append(f"cases that must send nothing sent: {[(r['method'], r['path']) for r in sent_nothing]}")
    writes = [r for r in run.result("requests of reads only")["json"] if r["write"]]
    if writes:
        problems.append(f"cases that may only read wrote: {[(r['method'], r['path']) for r in writes]}")
    assert not problems, "\n".join(problems)
