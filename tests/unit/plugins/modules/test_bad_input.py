"""Bad input, table-driven: every case runs the module's main() in this process (support.inprocess, as Ansible runs
it on localhost, without an ansible-playbook start-up per module) against the emulator, and must fail with a
message that names the option, before the API is called (cases the module can only judge once it knows the
resource does not exist may read, but never write)."""

from __future__ import annotations

from typing import Any, Dict, List, NamedTuple, Optional

import pytest
from support.certs import issue
from support.emulator import EmulatorProcess
from support.inprocess import p2c_setup, run_module
from support.module_specs import MODULES

UUID = "0b9f5c4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
UNKNOWN = "9e9e9e9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"  # a well-formed id of nothing
# An info module (or p2c_gateway_connection, or state absent) under a parent that does not exist is not bad input:
# its list is empty, the teardown done (issue 11 item 12, test_module_failure_paths.py).
SERVER = "{{ vpn_server.id }}"  # the server of p2c_server(), for modules listed in NEEDS_SERVER
LEAF = issue("bad-input-leaf")
PEER_FILE = 'secret = "Psk-Bad-Input-5Tx"\n'  # no_log: a short content would be masked in every message


class Case(NamedTuple):
    args: Dict[str, Any]
    option: str  # the message must name it
    reads_allowed: bool = False  # True for create-only requirements, judged after looking the resource up
    value: Optional[str] = None  # the message must quote it too (never set for a secret)


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
        Case({"id": "cgw-1"}, "id", value="cgw-1"),
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
        Case({"id": "gw-1"}, "id", value="gw-1"),
        Case({"enterprise_project_id": ["0", "project-x"]}, "enterprise_project_id[1]", value="project-x"),
    ],

    "access_policy": [
        Case({"p2c_vgw_id": "gw-1", "name": "p"}, "p2c_vgw_id", value="gw-1"),
        Case({"vpn_server_id": "srv-1", "name": "p"}, "vpn_server_id", value="srv-1"),
        Case({"vpn_server_id": UUID, "p2c_vgw_id": UUID, "name": "p"}, "vpn_server_id"),
        Case({"vpn_server_id": UUID, "id": "ap-1"}, "id", value="ap-1"),
        Case({"vpn_server_id": UUID, "name": ""}, "name"),
        Case({"vpn_server_id": UUID, "name": "p", "user_group_id": "grp-1"}, "user_group_id", value="grp-1"),
        Case({"vpn_server_id": UUID, "name": "p", "user_group": "g", "user_group_id": UUID}, "user_group"),
        Case({"vpn_server_id": UUID, "name": "p", "dest_ip_cidrs": ["10.0.0.1/24"]}, "dest_ip_cidrs",
             value="10.0.0.1/24"),
        Case({"vpn_server_id": UUID, "name": "p", "dest_ip_cidrs": ["fd00::/64"]}, "dest_ip_cidrs", value="fd00::/64"),
        Case({"vpn_server_id": UUID, "name": "p", "dest_ip_cidrs": ["127.0.0.0/24"]}, "dest_ip_cidrs",
             value="127.0.0.0/24"),
        Case({"vpn_server_id": UUID, "name": "p", "dest_ip_cidrs": ["10.%d.0.0/16" % i for i in range(11)]},
             "dest_ip_cidrs"),
        Case({"vpn_server_id": UUID, "name": "p", "dest_ip_cidrs": []}, "dest_ip_cidrs"),
        Case({"vpn_server_id": UUID, "name": "p", "state": "gone"}, "state", value="gone"),
        Case({"vpn_server_id": UNKNOWN, "name": "p"}, "vpn_server_id", reads_allowed=True, value=UNKNOWN),
        Case({"p2c_vgw_id": UNKNOWN, "name": "p"}, "p2c_vgw_id", reads_allowed=True, value=UNKNOWN),
        Case({"vpn_server_id": SERVER, "name": "p", "user_group": "nobody", "dest_ip_cidrs": ["10.0.0.0/8"]},
             "user_group", reads_allowed=True, value="nobody"),
        Case({"vpn_server_id": SERVER, "name": "p", "dest_ip_cidrs": ["10.0.0.0/8"]}, "user_group",
             reads_allowed=True),
        Case({"vpn_server_id": SERVER, "name": "p", "user_group": "default"}, "dest_ip_cidrs", reads_allowed=True),
    ],
    "access_policy_info": [
        Case({"p2c_vgw_id": "gw-1"}, "p2c_vgw_id", value="gw-1"),
        Case({"vpn_server_id": UUID, "id": "ap-1"}, "id", value="ap-1"),
        Case({}, "vpn_server_id"),
        Case({"vpn_server_id": UUID, "p2c_vgw_id": UUID}, "p2c_vgw_id"),
    ],
    "p2c_client_ca_certificate": [
        Case({"vpn_server_id": UUID, "name": "bad.name"}, "name", value="bad.name"),
        Case({"vpn_server_id": UUID, "name": "x" * 65}, "name"),
        Case({"vpn_server_id": UUID, "id": "ca-1"}, "id", value="ca-1"),
        Case({"p2c_vgw_id": "gw-1", "name": "ca"}, "p2c_vgw_id", value="gw-1"),
        Case({"vpn_server_id": UUID, "content": "not a certificate"}, "content"),
        Case({"vpn_server_id": UUID, "content": LEAF.pem + "x" * 8192}, "content"),
        Case({"vpn_server_id": UUID}, "id"),
        Case({"name": "ca"}, "vpn_server_id"),
        Case({"p2c_vgw_id": UNKNOWN, "content": LEAF.pem}, "p2c_vgw_id", reads_allowed=True, value=UNKNOWN),
        Case({"vpn_server_id": SERVER, "name": "ca-new"}, "content", reads_allowed=True),
    ],
    "p2c_gateway": [
        Case({"name": "bad.name"}, "name", value="bad.name"),
        Case({"name": "x" * 65}, "name"),
        Case({"id": "p2c-1"}, "id", value="p2c-1"),
        Case({"name": "g", "vpc_id": "vpc-1"}, "vpc_id", value="vpc-1"),
        Case({"name": "g", "connect_subnet": "subnet-1"}, "connect_subnet", value="subnet-1"),
        Case({"name": "g", "enterprise_project_id": "project-x"}, "enterprise_project_id", value="project-x"),
        Case({"name": "g", "max_connection_number": 0}, "max_connection_number"),
        Case({"name": "g", "max_connection_number": 501}, "max_connection_number", value="501"),
        Case({"name": "g", "flavor": "Professional2"}, "flavor", value="Professional2"),
        Case({"name": "g", "availability_zone_ids": ["a", "b", "c"]}, "availability_zone_ids"),
        Case({"name": "g", "availability_zone_ids": ["a", "a"]}, "availability_zone_ids"),
        Case({"name": "g", "eip": {"id": UUID, "type": "5_bgp"}}, "eip"),
        Case({"name": "g", "eip": {"id": "eip-1"}}, "eip.id", value="eip-1"),
        Case({"name": "g", "eip": {"bandwidth_size": 10}}, "eip.type"),
        Case({"name": "g", "eip": {"type": "5_bgp"}}, "eip.bandwidth_size"),
        Case({"name": "g", "eip": {"type": "5_bgp", "bandwidth_size": 301}}, "eip.bandwidth_size", value="301"),
        Case({"name": "g", "eip": {"type": "5_bgp", "bandwidth_size": 10, "bandwidth_name": "bad name"}},
             "eip.bandwidth_name", value="bad name"),
        Case({"name": "g", "eip": {"type": "5_bgp", "bandwidth_size": 10, "charge_mode": "free"}}, "charge_mode"),
        Case({"name": "g", "log_config": {"log_group_id": UUID}}, "log_config"),
        Case({"name": "g", "tags": {"bad/key": "v"}}, "tags", value="bad/key"),
        Case({"name": "g", "wait": "maybe"}, "wait"),
        Case({"name": "g", "eip": {"type": "5_bgp", "bandwidth_size": 10}}, "vpc_id", reads_allowed=True),
        Case({"id": UNKNOWN}, "id", reads_allowed=True, value=UNKNOWN),
    ],
    "p2c_gateway_connection": [
        Case({"p2c_vgw_id": "gw-1", "client_user_name": "alice"}, "p2c_vgw_id", value="gw-1"),
        Case({"p2c_vgw_id": UUID}, "connection_id"),
        Case({"client_user_name": "alice"}, "p2c_vgw_id"),
        Case({"p2c_vgw_id": UUID, "client_user_name": "alice", "state": "present"}, "state", value="present"),
    ],
    "p2c_gateway_info": [
        Case({"id": "p2c-1"}, "id", value="p2c-1"),
        Case({"connections": "sometimes"}, "connections"),
        Case({"log_config": "sometimes"}, "log_config"),
    ],
    "p2c_server": [
        Case({"p2c_vgw_id": "gw-1"}, "p2c_vgw_id", value="gw-1"),
        Case({"p2c_vgw_id": UUID, "id": "srv-1"}, "id", value="srv-1"),
        Case({"p2c_vgw_id": UUID, "client_cidr": "172.16.0.1/24"}, "client_cidr", value="172.16.0.1/24"),
        Case({"p2c_vgw_id": UUID, "client_cidr": "172.16.0.0/27"}, "client_cidr"),
        Case({"p2c_vgw_id": UUID, "client_cidr": "172.16.0.0/15"}, "client_cidr"),
        Case({"p2c_vgw_id": UUID, "client_cidr": "169.254.0.0/16"}, "client_cidr", value="169.254.0.0/16"),
        Case({"p2c_vgw_id": UUID, "client_cidr": "fd00::/64"}, "client_cidr", value="fd00::/64"),
        Case({"p2c_vgw_id": UUID, "local_subnets": ["192.168.0.0/33"]}, "local_subnets", value="192.168.0.0/33"),
        Case({"p2c_vgw_id": UUID, "local_subnets": ["10.%d.0.0/16" % i for i in range(21)]}, "local_subnets"),
        Case({"p2c_vgw_id": UUID, "local_subnets": ["224.0.0.0/24"]}, "local_subnets", value="224.0.0.0/24"),
        Case({"p2c_vgw_id": UUID, "local_subnets": ["172.16.0.0/24"], "client_cidr": "172.16.0.0/16"},
             "client_cidr"),
        Case({"p2c_vgw_id": UUID, "client_auth_type": "CERT", "idp_name": "idp"}, "idp_name"),
        Case({"p2c_vgw_id": UUID, "client_auth_type": "LDAP"}, "client_auth_type", value="LDAP"),
        Case({"p2c_vgw_id": UUID, "tunnel_protocol": "IPSEC"}, "tunnel_protocol", value="IPSEC"),
        Case({"p2c_vgw_id": UUID, "server_certificate": {"source": "SERVICE_SIGN", "id": UUID}},
             "server_certificate.id"),
        Case({"p2c_vgw_id": UUID, "server_certificate": {"source": "CCM"}}, "server_certificate.id"),
        Case({"p2c_vgw_id": UUID, "client_auth_type": "LOCAL_PASSWORD",
              "client_ca_certificates": [{"content": LEAF.pem}]}, "client_ca_certificates"),
        Case({"p2c_vgw_id": UUID, "client_ca_certificates": [{"content": LEAF.pem}] * 11}, "client_ca_certificates"),
        Case({"p2c_vgw_id": UUID, "client_ca_certificates": [{"content": LEAF.pem}, {"content": LEAF.pem}]},
             "client_ca_certificates"),
        Case({"p2c_vgw_id": UUID, "client_ca_certificates": [{"name": "bad.name", "content": LEAF.pem}]},
             "client_ca_certificates[0].name", value="bad.name"),
        Case({"p2c_vgw_id": UUID, "client_ca_certificates": [{"content": "not a certificate"}]},
             "client_ca_certificates"),
        Case({"p2c_vgw_id": UUID, "ssl_options": {"port": 8443}}, "port", value="8443"),
        Case({"p2c_vgw_id": UUID, "ssl_options": {"encryption_algorithm": "DES"}}, "encryption_algorithm"),
        Case({"p2c_vgw_id": UUID, "dns_servers": ["8.8.8.8", "8.8.4.4", "1.1.1.1"]}, "dns_servers"),
        Case({"p2c_vgw_id": UUID, "dns_servers": ["8.8.8.300"]}, "dns_servers[0]", value="8.8.8.300"),
        Case({"p2c_vgw_id": UUID, "dns_servers": ["2001:db8::1"]}, "dns_servers[0]", value="2001:db8::1"),
        Case({"p2c_vgw_id": UUID, "client_config": {"dest": "/tmp/c.ovpn", "os_type": "BeOS"}}, "os_type",
             value="BeOS"),
        Case({"p2c_vgw_id": UUID, "state": "absent", "wait_timeout": "later"}, "wait_timeout"),
        Case({"p2c_vgw_id": UNKNOWN, "client_cidr": "172.16.0.0/24"}, "p2c_vgw_id", reads_allowed=True,
             value=UNKNOWN),
    ],
    "p2c_server_info": [
        Case({"p2c_vgw_id": "gw-1"}, "p2c_vgw_id", value="gw-1"),
        Case({"id": "srv-1"}, "id", value="srv-1"),
    ],
    "p2c_user": [
        Case({"vpn_server_id": UUID, "name": "bob", "password": "Good-Pass-1"}, "name", value="bob"),
        Case({"vpn_server_id": UUID, "name": "x" * 33, "password": "Good-Pass-1"}, "name"),
        Case({"vpn_server_id": UUID, "name": "bad name", "password": "Good-Pass-1"}, "name", value="bad name"),
        Case({"vpn_server_id": UUID, "name": "Administrator", "password": "Good-Pass-1"}, "name",
             value="Administrator"),
        Case({"vpn_server_id": UUID, "name": "alice", "password": "Sh0rt!"}, "password"),
        Case({"vpn_server_id": UUID, "name": "alice", "password": "x" * 33}, "password"),
        Case({"vpn_server_id": UUID, "name": "Ab3-user", "password": "resu-3bA"}, "password"),
        Case({"vpn_server_id": UUID, "name": "alice", "static_ip": "172.16.0.300"}, "static_ip",
             value="172.16.0.300"),
        Case({"vpn_server_id": UUID, "name": "alice", "static_ip": "fd00::5"}, "static_ip", value="fd00::5"),
        Case({"vpn_server_id": UUID, "name": "alice", "description": "has spaces"}, "description",
             value="has spaces"),
        Case({"vpn_server_id": UUID, "name": "alice", "user_group": "bad.group"}, "user_group", value="bad.group"),
        Case({"vpn_server_id": UUID, "name": "alice", "purge": True}, "purge"),
        Case({"vpn_server_id": UUID, "users": [{"name": "alice"}], "state": "absent", "purge": True}, "purge"),
        Case({"vpn_server_id": UUID, "name": "alice", "update_password": "sometimes"}, "update_password",
             value="sometimes"),
        Case({"vpn_server_id": UUID, "name": "alice", "users": [{"name": "carol"}]}, "name"),
        Case({"vpn_server_id": UUID, "users": [{"name": "carol"}, {"name": "carol"}]}, "users[1].name",
             value="carol"),
        Case({"vpn_server_id": UUID, "users": [{"name": "carol", "static_ip": "172.16.0.13"},
                                               {"name": "david", "static_ip": "172.16.0.13"}]},
             "users[1].static_ip", value="172.16.0.13"),
        Case({"vpn_server_id": UUID, "users": [{"name": "carol", "password": "short"}]}, "users[0].password"),
        Case({"vpn_server_id": UUID, "users": [{"password": "Good-Pass-1"}]}, "name"),
        Case({"p2c_vgw_id": "gw-1", "name": "alice"}, "p2c_vgw_id", value="gw-1"),
        Case({"name": "alice"}, "vpn_server_id"),
        Case({"p2c_vgw_id": UNKNOWN, "name": "alice"}, "p2c_vgw_id", reads_allowed=True, value=UNKNOWN),
        Case({"vpn_server_id": UNKNOWN, "name": "alice"}, "vpn_server_id", reads_allowed=True, value=UNKNOWN),
        Case({"vpn_server_id": SERVER, "name": "alice"}, "password", reads_allowed=True),
        Case({"vpn_server_id": SERVER, "name": "alice", "password": "Good-Pass-1", "user_group": "nobody"},
             "user_group", reads_allowed=True, value="nobody"),
        Case({"vpn_server_id": SERVER, "name": "alice", "password": "Good-Pass-1", "static_ip": "10.0.0.5"},
             "static_ip", reads_allowed=True, value="10.0.0.5"),
        Case({"vpn_server_id": SERVER, "name": "alice", "password": "Good-Pass-1", "static_ip": "172.16.0.10"},
             "static_ip", reads_allowed=True, value="172.16.0.10"),
    ],
    "p2c_user_group": [
        Case({"vpn_server_id": UUID, "name": "bad.name"}, "name", value="bad.name"),
        Case({"vpn_server_id": UUID, "name": "x" * 65}, "name"),
        Case({"vpn_server_id": UUID, "id": "grp-1"}, "id", value="grp-1"),
        Case({"vpn_server_id": UUID, "name": "g", "description": "x" * 65}, "description"),
        Case({"vpn_server_id": UUID, "name": "g", "users": ["bob"]}, "users[0]", value="bob"),
        Case({"vpn_server_id": UUID, "name": "g", "users": ["alice", "alice"]}, "users"),
        Case({"vpn_server_id": UUID, "name": "g", "purge_users": True}, "purge_users"),
        Case({"p2c_vgw_id": "gw-1", "name": "g"}, "p2c_vgw_id", value="gw-1"),
        Case({"vpn_server_id": UUID, "p2c_vgw_id": UUID, "name": "g"}, "vpn_server_id"),
        Case({"vpn_server_id": UNKNOWN, "name": "g"}, "vpn_server_id", reads_allowed=True, value=UNKNOWN),
        Case({"vpn_server_id": SERVER, "name": "g", "users": ["nobody"]}, "users", reads_allowed=True,
             value="nobody"),
        Case({"vpn_server_id": SERVER, "name": "default", "description": "changed"}, "name", reads_allowed=True),
    ],
    "p2c_user_group_info": [
        Case({"vpn_server_id": "srv-1"}, "vpn_server_id", value="srv-1"),
        Case({"vpn_server_id": UUID, "id": "grp-1"}, "id", value="grp-1"),
        Case({"vpn_server_id": UUID, "users": "sometimes"}, "users"),
    ],
    "p2c_user_info": [
        Case({"p2c_vgw_id": "gw-1"}, "p2c_vgw_id", value="gw-1"),
        Case({"vpn_server_id": UUID, "id": "user-1"}, "id", value="user-1"),
        Case({}, "vpn_server_id"),
    ],
    "vpn_availability_zone_info": [
        Case({"api_version": "v6"}, "api_version", value="v6"),
        Case({"flavor": "Huge"}, "flavor", value="Huge"),
        Case({"attachment_type": "vpn"}, "attachment_type", value="vpn"),
        Case({"ip_version": "ipv5"}, "ip_version", value="ipv5"),
    ],
    "vpn_connection": [
        # The full tables are in test_bad_input_vpn_connection.py (they need gateways); these need nothing.
        Case({"name": "bad name!", "vgw_id": UUID, "cgw_id": UUID}, "name", value="bad name!"),
        Case({"name": "c", "vgw_id": "gw-1", "cgw_id": UUID}, "vgw_id", value="gw-1"),
        Case({"name": "c", "vgw_id": UUID, "vgw_name": "g"}, "vgw_id"),
        Case({"name": "c", "vgw_id": UUID, "vgw_ip": "eip1", "cgw_id": UUID, "peer_subnets": ["10.1.0.1/16"]},
             "peer_subnets", value="10.1.0.1/16"),
        Case({"name": "c", "vgw_id": UUID, "vgw_ip": "eip1", "cgw_id": UUID, "psk": "weak"}, "psk"),
        Case({"name": "c", "vgw_id": UUID, "vgw_ip": "eip1", "cgw_id": UUID, "ikepolicy": {"lifetime_seconds": 59}},
             "ikepolicy.lifetime_seconds", value="59"),
        Case({"name": "c", "vgw_id": UUID, "vgw_ip": "eip1", "cgw_id": UUID, "style": "route"}, "style",
             value="route"),
        Case({"name": "c", "vgw_name": "it-nowhere", "vgw_ip": "eip1", "cgw_id": UUID, "psk": "Good-Psk-1"},
             "vgw_name", reads_allowed=True, value="it-nowhere"),
        Case({"name": "c", "vgw_id": UNKNOWN, "vgw_ip": "eip1", "cgw_id": UUID, "psk": "Good-Psk-1"}, "vgw_id",
             reads_allowed=True, value=UNKNOWN),
    ],
    "vpn_connection_info": [
        Case({"id": "conn-1"}, "id", value="conn-1"),
        Case({"vgw_id": "gw-1"}, "vgw_id", value="gw-1"),
        Case({"cgw_id": "cgw-1"}, "cgw_id", value="cgw-1"),
        Case({"vgw_id": UUID, "vgw_name": "g"}, "vgw_id"),
        Case({"logs": "sometimes"}, "logs"),
    ],
    "vpn_connection_monitor": [
        Case({"vpn_connection_id": "conn-1"}, "vpn_connection_id", value="conn-1"),
        Case({"id": "mon-1"}, "id", value="mon-1"),
        Case({"vpn_connection_name": "bad name!"}, "vpn_connection_name", value="bad name!"),
        Case({"vpn_connection_name": "c", "vgw_id": "gw-1"}, "vgw_id", value="gw-1"),
        Case({"vpn_connection_name": "c", "vgw_name": "bad name!"}, "vgw_name", value="bad name!"),
        Case({"vpn_connection_id": UUID, "vpn_connection_name": "c"}, "vpn_connection_id"),
        Case({}, "vpn_connection_id"),
        Case({"vpn_connection_name": "it-nowhere"}, "vpn_connection_name", reads_allowed=True, value="it-nowhere"),
        Case({"vpn_connection_name": "c", "vgw_name": "it-nowhere"}, "vgw_name", reads_allowed=True,
             value="it-nowhere"),
        Case({"id": UNKNOWN}, "id", reads_allowed=True, value=UNKNOWN),
    ],
    "vpn_connection_monitor_info": [
        Case({"id": "mon-1"}, "id", value="mon-1"),
        Case({"vpn_connection_id": "conn-1"}, "vpn_connection_id", value="conn-1"),
        Case({"vpn_connection_name": "c", "vgw_id": "gw-1"}, "vgw_id", value="gw-1"),
        Case({"vgw_id": UUID, "vgw_name": "g"}, "vgw_id"),
    ],
    "vpn_customer_gateway_info": [
        Case({"id": "cgw-1"}, "id", value="cgw-1"),
    ],
    "vpn_quota_info": [
        Case({"type": ["vpn_gateway", "p2c_gateway"]}, "type", value="p2c_gateway"),
        Case({"type": {"vpn_gateway": 1}}, "type"),
    ],
    "vpn_resource_info": [
        Case({"resource_type": ["vpn-gateway", "bogus"]}, "resource_type", value="bogus"),
        Case({"tags": {"k": "v"}, "without_any_tag": True}, "tags"),
        Case({"tags": dict(("k%d" % i, "v") for i in range(21))}, "tags"),
        Case({"tags": {"bad/key": "v"}}, "tags", value="bad/key"),
        Case({"name": "x" * 256}, "name"),
        Case({"count_only": "sometimes"}, "count_only"),
    ],
    "vpn_tag_info": [
        Case({"resource_type": ["bogus"]}, "resource_type", value="bogus"),
    ],
    "vpn_gateway_upgrade": [
        Case({"gateway_id": "gw-1", "action": "start"}, "gateway_id", value="gw-1"),
        Case({"gateway_id": UUID, "action": "upgrade"}, "action", value="upgrade"),
        Case({"gateway_id": UUID, "action": "start", "gateway_type": "c2c"}, "gateway_type", value="c2c"),
        Case({"action": "start"}, "gateway_id"),
        Case({"gateway_id": UNKNOWN, "action": "finish"}, "gateway_id", reads_allowed=True, value=UNKNOWN),
    ],
    "vpn_gateway_job": [
        Case({"id": "job-1"}, "id", value="job-1"),
        Case({"gateway_id": "gw-1"}, "gateway_id", value="gw-1"),
        Case({}, "gateway_id"),
        Case({"id": UUID, "state": "present"}, "state", value="present"),
    ],
    "vpn_gateway_job_info": [
        Case({"gateway_id": "gw-1"}, "gateway_id", value="gw-1"),
        Case({"id": "job-1"}, "id", value="job-1"),
        Case({"gateway_type": "c2c"}, "gateway_type", value="c2c"),
    ],
    "peer_config_files": [
        Case({"files": [{"path": "/nonexistent-hwcloud-vpn/a.conf"}]}, "files[0].content"),
        Case({"files": [{"path": "/nonexistent-hwcloud-vpn/a.conf", "content": PEER_FILE},
                        {"path": "/nonexistent-hwcloud-vpn/a.conf", "content": PEER_FILE + "2"}]}, "files[1].path"),
        Case({"files": [{"path": "/", "content": PEER_FILE}]}, "files[0].path"),
        Case({"files": [{"path": "/nonexistent-hwcloud-vpn/a.conf", "content": PEER_FILE}], "mode": "rw"}, "mode",
             value="rw"),
        Case({"files": [{"path": "/nonexistent-hwcloud-vpn/a.conf", "content": PEER_FILE, "state": "gone"}]}, "state"),
    ],
    "p2c_user_password": [
        Case({"p2c_vgw_id": "gw-1", "name": "alice", "old_password": "Old-Pass-2023", "new_password": "New-Pass-2024"},
             "p2c_vgw_id", value="gw-1"),
        Case({"vpn_server_id": UUID, "name": "alice", "old_password": "Old-Pass-2023", "new_password": "short"},
             "new_password"),
        Case({"vpn_server_id": UUID, "name": "alice", "old_password": "Old-Pass-2023", "new_password": "alice"},
             "new_password"),
        Case({"vpn_server_id": UUID, "name": "bad name!", "old_password": "Old-Pass-2023",
              "new_password": "New-Pass-2024"}, "name"),
        Case({"vpn_server_id": UUID, "name": "alice", "old_password": "Old-Pass-2023"}, "new_password"),
        Case({"name": "alice", "old_password": "Old-Pass-2023", "new_password": "New-Pass-2024"}, "vpn_server_id"),
        Case({"vpn_server_id": UNKNOWN, "name": "alice", "old_password": "Old-Pass-2023",
              "new_password": "New-Pass-2024"}, "vpn_server_id", reads_allowed=True, value=UNKNOWN),
    ],
}


NEEDS_SERVER = sorted(module for module, cases in CASES.items() if any(SERVER in repr(case.args) for case in cases))


def test_every_module_has_bad_input_cases() -> None:
    """A new module fails here until it has its table."""
    assert sorted(CASES) == MODULES


def p2c_server(emulator: EmulatorProcess) -> str:
    """A P2C gateway with a VPN server (as the playbooks' common/p2c_setup.yml makes it); returns the server's id."""
    return p2c_setup(emulator, "it-p2c-setup")[1]["id"]


def with_server(value: Any, server_id: str) -> Any:
    """The case's options with SERVER replaced by the id of the server p2c_server() made."""
    if isinstance(value, dict):
        return {key: with_server(item, server_id) for key, item in value.items()}
    if isinstance(value, list):
        return [with_server(item, server_id) for item in value]
    return server_id if value == SERVER else value


@pytest.mark.parametrize("module", sorted(CASES))
def test_bad_input_fails_before_any_call_naming_the_option(module: str, fresh_emulator: EmulatorProcess) -> None:
    """Cases run in two phases: those that must send nothing at all, then those that may read but not write;
    the emulator's request log is read after each phase. Modules of a VPN server's resources first get a
    server (p2c_server()) for the cases that refer to it."""
    server_id = p2c_server(fresh_emulator) if module in NEEDS_SERVER else ""
    problems = []
    for reads_allowed in (False, True):  # the cases that must send nothing, then those that may read
        fresh_emulator.clear_requests()
        for index, case in enumerate(CASES[module]):
            if case.reads_allowed != reads_allowed:
                continue
            run = run_module(module, with_server(case.args, server_id), env=fresh_emulator.env())
            if not run.failed:
                problems.append(f"case {index} {case.args}: did not fail")
            elif case.option not in run.msg:
                problems.append(f"case {index}: the message does not name {case.option!r}: {run.msg}")
            elif case.value is not None and case.value not in run.msg:
                problems.append(f"case {index}: the message does not quote {case.value!r}: {run.msg}")
        sent = fresh_emulator.requests()
        if not reads_allowed and sent:
            problems.append(f"cases that must send nothing sent: {[(r['method'], r['path']) for r in sent]}")
        writes = [r for r in sent if r["write"]]
        if reads_allowed and writes:
            problems.append(f"cases that may only read wrote: {[(r['method'], r['path']) for r in writes]}")
    assert not problems, "\n".join(problems)
