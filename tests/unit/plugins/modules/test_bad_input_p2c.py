"""Bad input of the P2C modules, table-driven, in this process (support.inprocess) against an emulator of this
file's own: each case changes the valid task of a playbook in tests/integration/playbooks/ (the loops those
playbooks ran, which now keep one case of each table through ansible-playbook) and must fail with a message that
holds the fragment given (which names the option), sending nothing, or only reads for what only the server can
tell. The resources a table needs are made once, as the playbook made them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, NamedTuple

import pytest
from emulator.fixtures import fixture_id
from support.certs import issue
from support.emulator import EmulatorProcess
from support.inprocess import made, p2c_setup, refused, run_on


class Case(NamedTuple):
    change: Dict[str, Any]  # over the table's valid task (combined as Ansible's combine does: None sets null)
    message: str  # a fragment of the message, naming the option


def ids(cases: List[Case]) -> List[str]:
    return [case.message for case in cases]


@pytest.fixture(scope="module")
def api() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(transition_seconds=0.05) as emulator:
        yield emulator


# -- p2c_gateway (playbooks/p2c_gateway.yml) -------------------------------------------------------------------

LOG_GROUP = fixture_id("lts-group-vpn")
GATEWAY_CASES = [
    Case({"name": "it.remote"}, "name: 'it.remote' is not a valid name"),
    Case({"max_connection_number": 501}, "max_connection_number: 501 is out of range"),
    Case({"eip": {"id": fixture_id("eip-01"), "type": "5_bgp"}}, "eip: set either id"),
    Case({"eip": {"type": "5_bgp", "bandwidth_size": 301}}, "eip.bandwidth_size: 301 is out of range"),
    Case({"eip": {"type": "5_bgp"}}, "eip.bandwidth_size: is needed for a new EIP"),
    Case({"availability_zone_ids": ["cn-north-4a", "cn-north-4a"]}, "the AZs must differ"),
    Case({"log_config": {"log_group_id": LOG_GROUP}}, "set both log_group_id and log_stream_id"),
    Case({"vpc_id": "not-a-uuid"}, "vpc_id: 'not-a-uuid' is not a UUID"),
]


@pytest.fixture(scope="module")
def remote(api: EmulatorProcess) -> Dict[str, Any]:
    """The gateway p2c_gateway.yml manages, in the AZs p2c_gateway_info lists."""
    zones = run_on(api, "p2c_gateway_info", {})
    assert not zones.failed, zones.result
    return {"name": "it-remote", "vpc_id": fixture_id("vpc-demo"), "connect_subnet": fixture_id("subnet-demo-p2c"),
            "availability_zone_ids": zones.result["availability_zones"],
            "eip": {"type": "5_bgp", "charge_mode": "traffic", "bandwidth_size": 20}, "max_connection_number": 20,
            "enterprise_project_id": fixture_id("ep-network"),
            "log_config": {"log_group_id": LOG_GROUP, "log_stream_id": fixture_id("lts-stream-p2c")},
            "tags": {"team": "it"}}


@pytest.mark.parametrize("case", GATEWAY_CASES, ids=ids(GATEWAY_CASES))
def test_p2c_gateway(api: EmulatorProcess, remote: Dict[str, Any], case: Case) -> None:
    run = refused(api, "p2c_gateway", dict(remote, **case.change))
    assert case.message in run.msg, run.msg


# -- p2c_server (playbooks/p2c_server.yml) ---------------------------------------------------------------------

CA = issue("Test Root CA", ca=True)
THIS_FILE = Path(__file__).resolve()
HERE = THIS_FILE.parent
SERVER_CASES = [
    Case({"client_cidr": "172.16.0.0/27"}, "client_cidr: the mask must be 16 to 26 bits"),
    Case({"client_cidr": "172.16.0.1/24"}, "client_cidr: '172.16.0.1/24' is not a valid CIDR block"),
    Case({"client_cidr": "169.254.0.0/24"}, "client_cidr: 169.254.0.0/24 overlaps 169.254.0.0/16"),
    Case({"local_subnets": ["127.0.0.0/8"]}, "local_subnets: 127.0.0.0/8 overlaps 127.0.0.0/8"),
    Case({"local_subnets": ["172.16.0.0/16"]}, "client_cidr: overlaps the local subnet(s) 172.16.0.0/16"),
    Case({"client_auth_type": "IAM", "idp_name": "corp"}, "idp_name: can be set only with client_auth_type FEDERATED"),
    Case({"client_auth_type": "IAM", "client_ca_certificates": [{"content": CA.pem}]},
         "client_ca_certificates: only a server with client_auth_type CERT"),
    Case({"server_certificate": {"source": "CCM"}}, "server_certificate.id: is needed with source CCM"),
    Case({"dns_servers": ["192.168.0.53", "192.168.0.54", "192.168.0.55"]}, "dns_servers: at most two"),
    Case({"dns_servers": ["dns.example.com"]}, "dns_servers[0]: 'dns.example.com' is not a valid IP address"),
    # Checked before any call, so that no server is made or changed for a file that cannot be written.
    Case({"client_config": {"dest": str(HERE), "os_type": "Linux"}}, "client_config.dest: %s is a directory" % HERE),
    Case({"client_config": {"dest": str(THIS_FILE / "clients" / "remote.ovpn"), "os_type": "Linux"}},
         "client_config.dest: %s is not a directory" % THIS_FILE),
]
# Options that depend on the authentication the server will have: LOCAL_PASSWORD, the API's default.
FOR_THE_DEFAULT_CASES = [
    Case({"idp_name": "corp"}, "idp_name: can be set only with client_auth_type FEDERATED (the server"),
    Case({"client_ca_certificates": [{"content": CA.pem}]}, "client_ca_certificates: only a server with client_auth_type CERT"),
    Case({"client_auth_type": "FEDERATED"}, "idp_name: is needed with client_auth_type FEDERATED"),
]


@pytest.fixture(scope="module")
def server(api: EmulatorProcess, tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    """The server p2c_server.yml manages, on a gateway of its own that has no server yet."""
    gateway = made(api, "p2c_gateway", {"name": "it-server-gw", "vpc_id": fixture_id("vpc-demo"),
                                        "connect_subnet": fixture_id("subnet-demo-p2c"),
                                        "eip": {"type": "5_bgp", "bandwidth_size": 10}}, "p2c_vpn_gateway")
    scratch: Path = tmp_path_factory.mktemp("client-config")
    return {"p2c_vgw_id": gateway, "client_cidr": "172.16.0.0/24", "local_subnets": ["192.168.0.0/24"],
            "server_certificate": {"source": "SERVICE_SIGN"}, "ssl_options": {"port": 1194, "is_compressed": True},
            "dns_servers": ["192.168.0.53"], "client_config": {"dest": str(scratch / "remote.ovpn"), "os_type": "Linux"}}


@pytest.mark.parametrize("case", SERVER_CASES, ids=ids(SERVER_CASES))
def test_p2c_server(api: EmulatorProcess, server: Dict[str, Any], case: Case) -> None:
    run = refused(api, "p2c_server", dict(server, **case.change))
    assert case.message in run.msg, run.msg


@pytest.mark.parametrize("case", FOR_THE_DEFAULT_CASES, ids=ids(FOR_THE_DEFAULT_CASES))
def test_p2c_server_against_the_default_authentication(api: EmulatorProcess, server: Dict[str, Any],
                                                       case: Case) -> None:
    run = refused(api, "p2c_server", dict(server, **case.change), reads_allowed=True)
    assert case.message in run.msg, run.msg


# -- p2c_user (playbooks/p2c_user.yml) -------------------------------------------------------------------------

ALICE_PASSWORD = "Alice-Secret-1"
NEVER_QUOTED = (ALICE_PASSWORD, "Short1", "short")  # passwords of the cases below
USER_CASES = [
    Case({"name": "bob"}, "name: 'bob' is not a valid name"),
    Case({"name": "Administrator"}, "name: 'Administrator' is a name the service keeps"),
    Case({"name": "L3SW_ops"}, "name: 'L3SW_ops' is a name the service keeps"),
    Case({"password": "Short1"}, "password: must be 8 to 32 characters with at least two"),
    Case({"password": "alllowercase"}, "password: must be 8 to 32 characters with at least two"),
    Case({"password": "Pass wörd1"}, "password: contains a character other than"),
    Case({"name": "Ab3-user", "password": "resu-3bA"}, "password: cannot be the user name or the user name reversed"),
    Case({"static_ip": "172.16.0.300"}, "static_ip: '172.16.0.300' is not a valid IP address"),
    Case({"description": "Alice from IT"}, "description: 'Alice from IT' is not a valid description"),
    Case({"user_group": "eng.team"}, "user_group: 'eng.team' is not a valid name"),
    Case({"purge": True}, "purge: applies to users, not to name"),
]
USER_LIST_CASES = [  # the change is the task's users
    Case({"users": [{"name": "carol", "password": "Carol-Secret-1"}, {"name": "carol", "password": "Carol-Secret-2"}]},
         "users[1].name: user carol is listed twice"),
    Case({"users": [{"name": "carol", "static_ip": "172.16.0.13"}, {"name": "dave", "static_ip": "172.16.0.13"}]},
         "users[1].static_ip: 172.16.0.13 is also the static IP of user carol"),
    Case({"users": [{"name": "carol", "password": "carol-lorac"}, {"name": "dave", "password": "short"}]},
         "users[1].password: must be 8 to 32"),
]
# What only the server can tell (static IP rules, groups): refused after reading.
USER_SERVER_CASES = [
    Case({"static_ip": "10.0.0.5"}, "static_ip: 10.0.0.5 is not in the server's client CIDR block"),
    Case({"static_ip": "172.16.0.1"}, "static_ip: 172.16.0.1 is the gateway address"),
    Case({"static_ip": "172.16.0.10"},
         "static_ip: 172.16.0.10 is not the first host address of a /30 block (for example 172.16.0.9)"),
    Case({"user_group": "sales"}, "user_group: VPN server"),
]


@pytest.fixture(scope="module")
def groups_server(api: EmulatorProcess) -> Dict[str, Any]:
    """A password-authenticated server with the user groups engineering and operations (p2c_user.yml and
    access_policy.yml); its gateway's API view."""
    gateway, server_view = p2c_setup(api, "it-p2c-groups")
    for name in ("engineering", "operations"):
        made(api, "p2c_user_group", {"vpn_server_id": server_view["id"], "name": name}, "user_group")
    return gateway


@pytest.fixture(scope="module")
def alice(groups_server: Dict[str, Any]) -> Dict[str, Any]:
    """The user p2c_user.yml manages."""
    return {"p2c_vgw_id": groups_server["id"], "name": "alice", "password": ALICE_PASSWORD,
            "description": "Alice_from_IT", "user_group": "engineering", "static_ip": "172.16.0.9"}


@pytest.mark.parametrize("case", USER_CASES, ids=ids(USER_CASES))
def test_p2c_user(api: EmulatorProcess, alice: Dict[str, Any], case: Case) -> None:
    run = refused(api, "p2c_user", dict(alice, **case.change))
    assert case.message in run.msg, run.msg
    assert not [secret for secret in NEVER_QUOTED if secret in run.msg], run.msg


@pytest.mark.parametrize("case", USER_LIST_CASES, ids=ids(USER_LIST_CASES))
def test_p2c_user_list(api: EmulatorProcess, groups_server: Dict[str, Any], case: Case) -> None:
    run = refused(api, "p2c_user", dict({"p2c_vgw_id": groups_server["id"]}, **case.change))
    assert case.message in run.msg, run.msg
    assert not [secret for secret in NEVER_QUOTED if secret in run.msg], run.msg


@pytest.mark.parametrize("case", USER_SERVER_CASES, ids=ids(USER_SERVER_CASES))
def test_p2c_user_against_the_server(api: EmulatorProcess, alice: Dict[str, Any], case: Case) -> None:
    run = refused(api, "p2c_user", dict(alice, **case.change), reads_allowed=True)
    assert case.message in run.msg, run.msg


# -- access_policy (playbooks/access_policy.yml) ---------------------------------------------------------------

POLICY_CASES = [
    Case({"dest_ip_cidrs": ["10.0.%d.0/24" % i for i in range(11)]},
         "dest_ip_cidrs: 11 CIDR blocks given; the API accepts at most 10"),
    Case({"dest_ip_cidrs": ["127.0.0.0/8"]}, "dest_ip_cidrs: 127.0.0.0/8 overlaps 127.0.0.0/8"),
    Case({"dest_ip_cidrs": ["10.0.0.1/24"]}, "dest_ip_cidrs: '10.0.0.1/24' is not a valid CIDR block"),
    Case({"dest_ip_cidrs": ["10.0.0.0/24", "10.0.0.0/24"]}, "dest_ip_cidrs: duplicate CIDR block(s): 10.0.0.0/24"),
    Case({"dest_ip_cidrs": []}, "dest_ip_cidrs: at least 1 CIDR block(s) are needed"),
    Case({"name": ""}, "name: cannot be empty"),
    Case({"user_group_id": "engineering"}, "parameters are mutually exclusive: user_group|user_group_id"),
]


@pytest.mark.parametrize("case", POLICY_CASES, ids=ids(POLICY_CASES))
def test_access_policy(api: EmulatorProcess, groups_server: Dict[str, Any], case: Case) -> None:
    policy = {"p2c_vgw_id": groups_server["id"], "name": "engineering-apps", "user_group": "engineering",
              "dest_ip_cidrs": ["192.168.0.0/24", "192.168.1.0/24"], "description": "Applications"}
    run = refused(api, "access_policy", dict(policy, **case.change))
    assert case.message in run.msg, run.msg


# -- p2c_client_ca_certificate (playbooks/p2c_client_ca_certificate.yml) ---------------------------------------

CLIENTS_CA = issue("P2C Clients CA", ca=True)
EXPIRED_CA = issue("Expired CA", ca=True, days=-1, not_before_days=-30)
LEAF = issue("p2c-client", issuer=CLIENTS_CA)
CA_CASES = [
    Case({"name": "second.ca"}, "name: 'second.ca' is not a valid name"),
    Case({"content": "not a certificate"}, "content: is not a PEM certificate"),
    Case({"vpn_server_id": "server-1"}, "vpn_server_id: 'server-1' is not a UUID"),
]
# Certificates the service's verification refuses, in check mode.
REFUSED_CA_CASES = [
    Case({"content": EXPIRED_CA.pem}, "VPN.0072"),
    Case({"content": LEAF.pem}, "VPN.0076"),
]


@pytest.fixture(scope="module")
def second(api: EmulatorProcess) -> Dict[str, Any]:
    """The certificate p2c_client_ca_certificate.yml manages, on a certificate-authenticated server trusting one
    CA."""
    _gateway, server_view = p2c_setup(api, "it-p2c-cert", client_auth_type="CERT",
                                      client_ca_certificates=[{"name": "first-ca", "content": CA.pem}])
    return {"vpn_server_id": server_view["id"], "name": "second-ca",
            "content": issue("Other Test Root CA", ca=True).pem}


@pytest.mark.parametrize("case", CA_CASES, ids=ids(CA_CASES))
def test_p2c_client_ca_certificate(api: EmulatorProcess, second: Dict[str, Any], case: Case) -> None:
    run = refused(api, "p2c_client_ca_certificate", dict(second, **case.change))
    assert case.message in run.msg, run.msg


@pytest.mark.parametrize("case", REFUSED_CA_CASES, ids=ids(REFUSED_CA_CASES))
def test_p2c_client_ca_certificate_the_service_refuses(api: EmulatorProcess, second: Dict[str, Any],
                                                       case: Case) -> None:
    """Refused by the service's verification before any write, and no PEM shown but the one given."""
    run = refused(api, "p2c_client_ca_certificate", dict(second, **case.change), reads_allowed=True,
                  check_mode=True)
    assert case.message in run.msg, run.msg
    assert "-----BEGIN" not in json.dumps(run.result).replace(json.dumps(case.change["content"]), ""), run.result


# -- p2c_user_group (playbooks/p2c_user_group.yml) -------------------------------------------------------------

GROUP_CASES = [
    Case({"name": "engineering team"}, "name: 'engineering team' is not a valid name"),
    Case({"description": "two words"}, "description: 'two words' must be 0 to 64 letters"),
    Case({"users": ["alice", "alice"]}, "users: a user is listed twice"),
    Case({"users": ["al"]}, "users[0]: 'al' is not a valid name"),
    Case({"users": None, "purge_users": True}, "purge_users: needs users"),
]


@pytest.fixture(scope="module")
def group(api: EmulatorProcess) -> Dict[str, Any]:
    """The group p2c_user_group.yml manages, on a password-authenticated server with some users."""
    _gateway, server_view = p2c_setup(api, "it-p2c-users")
    users = run_on(api, "p2c_user", {"vpn_server_id": server_view["id"], "users": [
        {"name": "alice", "password": "Alice-Secret-1"}, {"name": "bob1", "password": "Bob1-Secret-1"},
        {"name": "carol", "password": "Carol-Secret-1"}]})
    assert not users.failed, users.result
    return {"vpn_server_id": server_view["id"], "name": "engineering", "description": "Engineers_(R&D)",
            "users": ["alice", "bob1"]}


@pytest.mark.parametrize("case", GROUP_CASES, ids=ids(GROUP_CASES))
def test_p2c_user_group(api: EmulatorProcess, group: Dict[str, Any], case: Case) -> None:
    run = refused(api, "p2c_user_group", dict(group, **case.change))
    assert case.message in run.msg, run.msg
