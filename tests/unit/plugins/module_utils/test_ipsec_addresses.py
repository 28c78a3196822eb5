"""A gateway's two addresses and the HA role of each one's connection: one table that vpn_connection (vgw_ip,
ha_role) and the s2c_vpn role's plan both read."""

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import ipsec


def test_each_address_has_its_network_type_and_place():
    assert ipsec.ADDRESS_SLOTS == {"eip1": ("public", 1), "eip2": ("public", 2),
                                   "access_private_ip_1": ("private", 1), "access_private_ip_2": ("private", 2)}


@pytest.mark.parametrize("ha_mode, roles", [("active-standby", ["master", "slave"]),
                                            ("active-active", ["master", "master"])])
def test_the_ha_role_follows_the_address_in_active_standby_mode_only(ha_mode, roles):
    assert [ipsec.ha_role(ha_mode, slot) for slot in (1, 2)] == roles
