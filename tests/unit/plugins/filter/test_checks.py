"""The roles' input checks (plugins/filter/checks.py), each rule alone and all problems of one input at once: what
validate.yml of s2c_vpn and p2c_vpn report in one task before any API call."""

from __future__ import annotations

import sys
from typing import Any, Dict, List

from support.paths import collections_path

sys.path.insert(0, str(collections_path()))

from ansible_collections.hwcloud.vpn.plugins.filter.checks import FilterModule  # noqa: E402

FILTERS = FilterModule().filters()
PSK = "Good-Psk-2024"
SITE = {"name": "paris", "id_value": "203.0.113.10", "peer_subnets": ["10.10.0.0/16"], "psk": PSK}
BGP_TUNNELS = [{"tunnel_local_address": "169.254.10.1/30", "tunnel_peer_address": "169.254.10.2/30"},
               {"tunnel_local_address": "169.254.10.5/30", "tunnel_peer_address": "169.254.10.6/30"}]


def s2c(sites: List[Dict[str, Any]], gateway: Any = None, state: str = "present") -> List[str]:
    return FILTERS["s2c_vpn_problems"](sites, {"name": "hq"} if gateway is None else gateway, state)


def test_s2c_a_good_topology_has_no_problem() -> None:
    assert s2c([SITE, dict(SITE, name="lyon", style="bgp", bgp_asn=65010, tunnels=BGP_TUNNELS)]) == []
    assert s2c([dict(SITE, psk=None)], {"id": "gw"}, "absent") == []


def test_s2c_each_rule() -> None:
    assert s2c([SITE], {}) == ["s2c_vpn_gateway: needs a name (or the id of an existing gateway)."]
    assert s2c([SITE], {"name": 5}) == ["s2c_vpn_gateway: needs a name (or the id of an existing gateway)."]
    assert s2c([SITE, SITE], state="absent") == ["s2c_vpn_sites: each site needs its own name; listed: paris, paris."]
    needs = s2c([{"name": "a"}, dict(SITE, name="b", style="bgp", tunnels=BGP_TUNNELS),
                 dict(SITE, name="c", tunnels=BGP_TUNNELS * 2)])
    assert needs == ["s2c_vpn_sites: sites without id_value: a; sites without psk: a; bgp sites without bgp_asn or "
                     "two tunnels: b; sites with more than two tunnels: c."]
    assert s2c([{"name": "a", "id_value": "203.0.113.1"}], {"name": "hq", "flavor": "GM"}) == []
    # Two sites with one customer gateway, by its id or by its name (an adopted one keeps its own name).
    shared = ("s2c_vpn_sites paris, lyon: they share the customer gateway %s, and a gateway address takes one "
              "connection per customer gateway.")
    assert s2c([dict(SITE, cgw_id="c-1"), dict(SITE, name="lyon", cgw_id="c-1")]) == [shared % "c-1"]
    assert s2c([dict(SITE, cgw_id="c-1", cgw_name="x"), dict(SITE, name="lyon", cgw_name="x")]) == [shared % "x"]
    assert s2c([dict(SITE, cgw_id="c-1"), dict(SITE, name="lyon", cgw_name="paris")]) == []
    [short] = s2c([dict(SITE, psk="short")])
    assert short.startswith("s2c_vpn_sites[0] (paris): psk: must be 8 to 128 characters") and "short" not in short[30:]


def test_s2c_every_problem_at_once() -> None:
    problems = s2c([dict(SITE, psk="short"), dict(SITE, psk="short")], {})
    assert len(problems) == 5, problems  # the gateway, the names, two keys, one customer gateway for two sites
    assert not [p for p in problems if "short\"" in p or "'short'" in p]


SERVER = {"client_cidr": "172.16.0.0/22", "local_subnets": ["192.168.0.0/24"], "server_certificate": {"id": "c"}}
USERS = [{"name": "alice", "password": "Alice-Pass-1", "user_group": "eng"}, {"name": "bobby"}]
GROUPS = [{"name": "eng"}]
POLICIES = [{"name": "eng-apps", "user_group": "eng", "dest_ip_cidrs": ["192.168.0.0/24"]}]


def p2c(state: str = "present", **changes: Any) -> List[str]:
    """p2c_vpn_problems of a good topology with these arguments changed."""
    args = dict(gateway={"name": "p2c"}, server=SERVER, cas=[], users=USERS, groups=GROUPS, policies=POLICIES)
    args.update(changes)
    return FILTERS["p2c_vpn_problems"](state, args["gateway"], args["server"], args["cas"], args["users"],
                                       args["groups"], args["policies"])


def test_p2c_a_good_topology_has_no_problem() -> None:
    assert p2c() == []
    assert p2c(server=dict(SERVER, client_auth_type="CERT"), cas=[{"content": "pem"}], users=[], groups=[],
               policies=[]) == []
    assert p2c("absent", server=None, users=[{"name": "x", "password": "y"}]) == []


def test_p2c_each_rule() -> None:
    assert p2c("absent", gateway={}) == ["p2c_vpn_gateway needs a name (or the id of an existing gateway)."]
    assert p2c(server={"client_cidr": "172.16.0.0/22"})[0].startswith(
        "p2c_vpn_state=present needs p2c_vpn_server with at least client_cidr")
    assert p2c(server=None)[0].startswith("p2c_vpn_state=present needs p2c_vpn_server")
    assert p2c(cas=[{"content": "pem"}])[0].startswith("p2c_vpn_client_ca_certificates: a server with client_auth_type")
    [cert] = p2c(server=dict(SERVER, client_auth_type="CERT"), users=[], groups=[], policies=[])
    assert cert.endswith("(p2c_vpn_server.client_auth_type is CERT).")
    assert any(p.startswith("p2c_vpn_users, p2c_vpn_user_groups and p2c_vpn_access_policies exist only")
               for p in p2c(server=dict(SERVER, client_auth_type="CERT"), cas=[{"content": "pem"}]))
    for groups in ([{"name": "eng"}, {"name": "eng"}], [{"name": "eng"}, {"name": "default"}],
                   [{"name": "eng"}, {"name": "bad name"}], [{"name": "eng"}, {"name": "x" * 65}]):
        assert p2c(groups=groups) == [
            "p2c_vpn_user_groups: each group is listed once, named with 1 to 64 letters, digits, underscores and "
            "hyphens, and the server's own group 'default' is not listed (users without user_group are in it)."]
    users = [{"name": "alice", "password": "short", "user_group": "ops"}, {"name": "alice"}, {"name": "bo"},
             {"name": "carol", "password": "x" * 33}]
    [message, *password_rules] = p2c(users=users)
    assert len(password_rules) == 2, password_rules  # p2c_problems: alice's and carol's
    assert message == ("p2c_vpn_users: each user is listed once (4 entries, 3 names), named with 4 to 32 letters, "
                       "digits, periods, underscores and hyphens (not so: bo), with a password of 8 to 32 characters "
                       "when one is given (not so for: alice, carol), in a group of p2c_vpn_user_groups or "
                       "'default' (unknown groups: ops).")
    text = " ".join([message, *password_rules])
    assert "short" not in text and "x" * 33 not in text
    assert p2c(policies=POLICIES * 2 + [{"name": "ops", "user_group": "ops"}]) == [
        "p2c_vpn_access_policies: each policy is listed once, for a group of p2c_vpn_user_groups or 'default' "
        "(unknown groups: ops)."]
    [size] = p2c(gateway={"name": "p2c", "max_connection_number": 500})
    assert size.startswith("p2c_vpn_server.client_cidr: 172.16.0.0/22 has 1022 usable addresses")
