"""Tags change by difference only."""

from __future__ import annotations

from ansible_collections.hwcloud.vpn.plugins.module_utils import tags


def test_unset_tags_are_left_alone():
    assert tags.plan({"a": "1"}, None, True) == ({}, {})


def test_purge_removes_unlisted_and_sets_changed():
    assert tags.plan({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "9", "d": 4}, True) == (
        {"b": "9", "d": "4"}, {"c": "3"})


def test_without_purge_others_stay():
    assert tags.plan({"a": "1", "c": "3"}, {"a": "2"}, False) == ({"a": "2"}, {})


def test_apply_sends_only_the_difference():
    class Recorder:
        calls = []

        def request(self, method, path, body=None, idempotent=None):
            self.calls.append((method, path, body))

    recorder = Recorder()
    tags.apply(recorder, "vpn-gateway", "g 1", {"b": "9"}, {"c": "3"})
    assert recorder.calls == [
        ("POST", "/v5/{project_id}/vpn-gateway/g%201/tags/delete", {"tags": [{"key": "c", "value": "3"}]}),
        ("POST", "/v5/{project_id}/vpn-gateway/g%201/tags/create", {"tags": [{"key": "b", "value": "9"}]}),
    ]
    recorder.calls.clear()
    tags.apply(recorder, "vpn-gateway", "g", {}, {})
    assert recorder.calls == []
