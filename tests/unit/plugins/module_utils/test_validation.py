"""Checks before any call name the option and the rule."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError


@pytest.mark.parametrize("call, message", [
    (lambda: validation.name("name", "has space"), "name: 'has space' is not a valid name"),
    (lambda: validation.name("name", "x" * 65), "name: "),
    (lambda: validation.uuid("vpc_id", "vpc-1"), "vpc_id: 'vpc-1' is not a UUID"),
    (lambda: validation.integer_range("bgp_asn", 0, 1, 4294967295), "bgp_asn: 0 is out of range"),
    (lambda: validation.ip_address("id_value", "300.1.1.1"), "id_value: '300.1.1.1' is not a valid IP address"),
    (lambda: validation.ip_address("id_value", "::1", version=4), "id_value: '::1' is not an IPv4 address"),
    (lambda: validation.cidrs("local_subnets", ["10.0.0.1/24"]), "local_subnets: '10.0.0.1/24' is not a valid CIDR"),
    (lambda: validation.cidrs("local_subnets", ["fd00::/64"], version=4), "is not an IPv4 CIDR block"),
    (lambda: validation.cidrs("local_subnets", ["10.0.0.0/24"] * 2), "duplicate CIDR block(s): 10.0.0.0/24"),
    (lambda: validation.cidrs("local_subnets", ["10.%d.0.0/16" % i for i in range(51)], max_items=50),
     "51 CIDR blocks given; the API accepts at most 50"),
    (lambda: validation.cidrs("local_subnets", [], min_items=1), "at least 1 CIDR block"),
    (lambda: validation.tags("tags", dict(("k%d" % i, "v") for i in range(21))), "21 tags given"),
    (lambda: validation.tags("tags", {"bad/key": "v"}), "tag key 'bad/key'"),
    (lambda: validation.tags("tags", {"k": "bad#value"}), "the value of tag 'k'"),
])
def test_messages(call, message):
    with pytest.raises(ValidationError) as raised:
        call()
    assert message in str(raised.value)


def test_valid_values_pass():
    validation.name("name", "vpngw-a4.5_b")
    validation.uuid("id", "cb4a631d-1234-a8df-9a86-ca3fa348c36c")
    validation.cidrs("local_subnets_v6", ["2407:c080::/48"], version=6, max_items=50, min_items=1)
    validation.tags("tags", {"Año fiscal": "São Paulo @ 2026", "empty": "", "none": None})
