"""A key is checked against the special characters of the call that will carry it (the reference gives each call
its own list), and the message never quotes the key."""

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import ipsec
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError


@pytest.mark.parametrize("call, key", [("create", "Abc-12&xyz"), ("create", "Abc-12.xyz"), ("batch-create", "Abc-12&xy"),
                                       ("update", "Abc-12:xyz")])
def test_a_character_the_call_does_not_take_is_refused_without_quoting_the_key(call, key):
    with pytest.raises(ValidationError) as raised:
        ipsec.check_psk_for_call("psk", key, call)
    assert str(raised.value).startswith("psk: holds a special character the API does not take")
    assert key not in str(raised.value)


@pytest.mark.parametrize("call, key", [("create", "Abc-12:xyz"), ("batch-create", "Abc-12.xy:z"),
                                       ("update", "Abc-12&x.yz"), ("create", None)])
def test_a_key_the_call_takes_passes(call, key):
    ipsec.check_psk_for_call("psk", key, call)


def test_every_special_character_is_taken_by_some_call():
    assert ipsec.PSK_SPECIALS == frozenset().union(*ipsec.PSK_SPECIALS_BY_CALL.values())
