"""The API's algorithm names in strongSwan's keywords, and swanctl's --raw output as data."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import ipsec, strongswan


@pytest.mark.parametrize("policy, proposal", [
    ({"encryption_algorithm": "aes-256", "authentication_algorithm": "sha2-256", "dh_group": "group14"},
     "aes256-sha256-modp2048"),
    ({"encryption_algorithm": "aes-128", "authentication_algorithm": "sha1", "dh_group": "group19"},
     "aes128-sha1-ecp256"),
    ({"encryption_algorithm": "aes-256-gcm-16", "authentication_algorithm": "sha2-384", "dh_group": "group20"},
     "aes256gcm16-prfsha384-ecp384"),
])
def test_ike_proposals(policy, proposal):
    assert strongswan.ike_proposal(policy) == proposal


@pytest.mark.parametrize("policy, proposal", [
    ({"encryption_algorithm": "aes-128", "authentication_algorithm": "sha2-256", "pfs": "group15"},
     "aes128-sha256-modp3072"),
    ({"encryption_algorithm": "aes-256-gcm-16", "authentication_algorithm": "sha2-256", "pfs": "group21"},
     "aes256gcm16-ecp521"),
    ({"encryption_algorithm": "3des", "authentication_algorithm": "md5", "pfs": "disable"}, "3des-md5"),
])
def test_esp_proposals(policy, proposal):
    assert strongswan.esp_proposal(policy) == proposal


@pytest.mark.parametrize("policy, named", [
    ({"encryption_algorithm": "sm4", "authentication_algorithm": "sha2-256", "dh_group": "group14"},
     "encryption_algorithm sm4 is a GM"),
    ({"encryption_algorithm": "aes-128", "authentication_algorithm": "sm3", "dh_group": "group14"},
     "authentication_algorithm sm3 is a GM"),
    ({"encryption_algorithm": "aes-128", "authentication_algorithm": "sha1", "dh_group": "group99"},
     "dh_group 'group99' is not an algorithm of a VPN connection"),
])
def test_gm_and_unknown_algorithms_are_refused_by_name(policy, named):
    with pytest.raises(ValueError, match=named):
        strongswan.ike_proposal(policy)


RAW = ("list-sa event {site-1 {uniqueid=1 version=2 state=ESTABLISHED local-host=203.0.113.5 "
       "child-sas {site-1-3 {name=site-1 state=INSTALLED packets-in=4 local-ts=[10.1.0.0/16 10.2.0.0/16] "
       "remote-ts=[192.168.0.0/24]}}}}\n"
       "list-sa event {site-2 {uniqueid=2 state=CONNECTING child-sas {}}}\n"
       "list-sas reply {}\n")


def test_raw_output_as_sections():
    found = strongswan.sections(RAW)
    assert sorted(found) == ["site-1", "site-2"]
    child = found["site-1"]["child-sas"]["site-1-3"]
    assert child["state"] == "INSTALLED" and child["packets-in"] == "4"
    assert child["local-ts"] == ["10.1.0.0/16", "10.2.0.0/16"]
    assert found["site-1"]["local-host"] == "203.0.113.5"
    assert found["site-2"]["child-sas"] == {}
    assert [label for label, _message in strongswan.parse_raw(RAW)] == ["list-sa event", "list-sa event", "list-sas reply"]


def test_every_algorithm_a_connection_takes_has_a_strongswan_keyword_but_the_gm_ones():
    assert set(strongswan.ENCRYPTION) | {"sm4"} == set(ipsec.CONNECTION_ENCRYPTION)
    assert set(strongswan.INTEGRITY) | {"sm3"} == set(ipsec.CONNECTION_AUTHENTICATION)
    assert set(strongswan.DH_GROUPS) == set(ipsec.CONNECTION_DH_GROUPS)
    assert set(strongswan.GM_ALGORITHMS) == set(ipsec.GM_ALGORITHMS.values())
