"""Field declarations: what counts as a change, what the update sends, what diffs show."""

from __future__ import annotations

from ansible_collections.hwcloud.vpn.plugins.module_utils import compare
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field


def bound(fields):
    return dict((name, field.bind(name)) for name, field in fields.items())


FIELDS = bound({
    "name": Field(update=PUT),
    "style": Field(update=PUT, normalize=compare.lower),
    "local_subnets": Field(update=PUT, normalize=compare.cidr_set),
    "network_type": Field(),
    "flavor": Field(update="flavor"),
    "psk": Field(update=PUT, secret=True),
    "eip1": Field(nested={"id": Field(update=PUT, put_key="eip_id_1"), "type": Field()}),
    "ikepolicy": Field(update=PUT, nested={
        "lifetime_seconds": Field(),
        "dpd": Field(nested={"timeout": Field(), "interval": Field()}),
    }),
})
RESOURCE = {
    "id": "r1", "name": "a", "style": "POLICY", "local_subnets": ["10.0.1.0/24", "10.0.0.0/24"],
    "network_type": "public", "flavor": "Professional1",
    "eip1": {"id": "e1", "type": "5_bgp", "ip_address": "88.0.0.1"},
    "ikepolicy": {"lifetime_seconds": 86400, "dpd": {"timeout": 15, "interval": 30, "msg": "seq-notify-hash"},
                  "phase1_negotiation_mode": "main"},
}


def paths(found):
    return sorted(change.path for change in found)


def test_only_set_options_are_compared_after_normalising():
    params = {"name": "a", "style": "policy", "local_subnets": ["10.0.0.0/24", "10.0.1.0/24"], "network_type": None,
              "ikepolicy": {"lifetime_seconds": None, "dpd": None}}
    assert compare.changes(FIELDS, params, RESOURCE) == []


def test_nested_leaves_are_compared_one_by_one():
    params = {"ikepolicy": {"lifetime_seconds": 86400, "dpd": {"timeout": 20, "interval": None}}}
    found = compare.changes(FIELDS, params, RESOURCE)
    assert paths(found) == ["ikepolicy.dpd.timeout"]
    assert (found[0].before, found[0].after) == (15, 20)


def test_immutable_and_action_changes_are_told_apart():
    found = compare.changes(FIELDS, {"network_type": "private", "flavor": "Professional2"}, RESOURCE)
    by_path = dict((c.path, c) for c in found)
    assert not by_path["network_type"].updatable
    assert by_path["flavor"].updatable and compare.actions(found) == ["flavor"]


def test_secrets_are_never_compared_nor_shown():
    assert compare.changes(FIELDS, {"psk": "Secret-123"}, RESOURCE) == []
    assert "psk" not in compare.managed_view(FIELDS, dict(RESOURCE, psk="leaked?"))
    assert "psk" not in compare.desired_view(FIELDS, {"psk": "Secret-123"}, RESOURCE)


def test_update_body_sends_whole_nested_objects_and_top_level_put_keys():
    params = {"name": "b", "eip1": {"id": "e2", "type": None},
              "ikepolicy": {"lifetime_seconds": None, "dpd": {"timeout": 20, "interval": None}}}
    found = compare.changes(FIELDS, params, RESOURCE)
    body = compare.update_body(FIELDS, params, RESOURCE, found)
    assert body == {"name": "b", "eip_id_1": "e2",
                    "ikepolicy": {"lifetime_seconds": 86400, "dpd": {"timeout": 20, "interval": 30}}}


def test_desired_view_is_the_current_view_with_the_options_applied():
    params = {"style": "STATIC", "ikepolicy": {"lifetime_seconds": 3600, "dpd": None}}
    before = compare.managed_view(FIELDS, RESOURCE)
    after = compare.desired_view(FIELDS, params, RESOURCE)
    assert before["ikepolicy"] == {"lifetime_seconds": 86400, "dpd": {"timeout": 15, "interval": 30}}
    assert after["ikepolicy"] == {"lifetime_seconds": 3600, "dpd": {"timeout": 15, "interval": 30}}
    assert after["style"] == "static" and before["style"] == "policy"
    assert before["local_subnets"] == ["10.0.0.0/24", "10.0.1.0/24"]


def test_create_body_holds_what_was_set():
    params = {"name": "n", "psk": "Secret-123", "eip1": {"id": None, "type": "5_bgp"}, "flavor": None}
    assert compare.create_body(FIELDS, params) == {"name": "n", "psk": "Secret-123", "eip1": {"type": "5_bgp"}}


def test_different_shapes_compare_through_desired_and_current():
    field = Field(update=PUT, desired=lambda pem: pem.split(":")[1], current=lambda api: api["serial_number"])
    fields = bound({"ca_certificate": field})
    resource = {"ca_certificate": {"serial_number": "42"}}
    assert compare.changes(fields, {"ca_certificate": "PEM:42"}, resource) == []
    assert paths(compare.changes(fields, {"ca_certificate": "PEM:43"}, resource)) == ["ca_certificate"]
