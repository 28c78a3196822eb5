"""Settling the duplicates that concurrent runs create where the API does not keep names unique
(ResourceSpec(names_unique=False), docs/developing.md "Concurrent runs"): every run keeps the oldest resource
(created_at, then id) and deletes the one it created only when nothing uses it. The race itself, with two processes
against the emulator, is tests/unit/plugins/modules/test_concurrent_creates.py; here are the branches it cannot pick:
the duplicate in use, a kept resource that differs, and the other run's duplicate being newer."""

import copy
from typing import Any, Callable, Dict, List, Optional

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Response
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (Dependent, ResourceModule, ResourceSpec,

                                                                           module_argument_spec)
from support.fake_client import ReadsThroughRequest
from support.fake_module import Exited, FakeModule

USERS = Dependent("gadget", "/v5/{project_id}/gadgets", "gadgets", (("widget_id", "{id}"),))


class RacingClient(ReadsThroughRequest):
    """Widgets by id. The first create also makes `twin`: the same widget created by another run at the same time
    (its created_at says whether before or after this run's). gadgets: {widget id: [gadget ids]} that use one."""

    def __init__(self, twin_created_at: str, twin: Optional[Dict[str, Any]] = None,
                 gadgets: Optional[Dict[str, List[str]]] = None) -> None:
        self.twin = dict(twin or {}, id="w-other", created_at=twin_created_at)
        self.widgets: Dict[str, Dict[str, Any]] = {}
        self.gadgets = gadgets or {}
        self.calls: List[tuple] = []

    def request(self, method: str, path: str, query: Any = None, body: Any = None, idempotent: Any = None,
                client_token: bool = False, recover: Optional[Callable] = None) -> Response:
        self.calls.append((method, path, copy.deepcopy(body), query))
        last = path.split("/")[-1]
        if method == "GET" and last == "widgets":
            return Response(200, {"widgets": list(self.widgets.values())}, {})
        if method == "GET" and last == "gadgets":
            return Response(200, {"gadgets": [{"id": g} for g in self.gadgets.get(query["widget_id"], [])]}, {})
        if method == "GET":
            if last not in self.widgets:
                raise ApiError(404, "W.404", "no such widget")
            return Response(200, {"widget": self.widgets[last]}, {})
        if method == "POST":
            mine = dict(body["widget"], id="w-mine", created_at="2026-12-01T10:00:00.500Z")
            self.widgets.update({"w-mine": mine, "w-other": dict(body["widget"], **self.twin)})
            return Response(201, {"widget": {"id": "w-mine"}}, {})
        if method == "PUT":
            self.widgets[last].update(body["widget"])
            return Response(200, {"widget": self.widgets[last]}, {})
        if method == "DELETE":
            self.widgets.pop(last)
            return Response(204, None, {})
        raise AssertionError("unexpected request %s %s" % (method, path))

    def writes(self) -> List[tuple]:
        return [(method, path) for method, path, _body, _query in self.calls if method != "GET"]


class Widget(ResourceModule):
    spec = ResourceSpec(kind="widget", body_key="widget", list_key="widgets", path="/v5/{project_id}/widgets",
                        names_unique=False, dependents=(USERS,),
                        fields={"name": Field(update=PUT), "size": Field(update=PUT), "colour": Field()})


def run(client: RacingClient, spec: Optional[ResourceSpec] = None, check_mode: bool = False,
        **given: Any) -> Dict[str, Any]:
    options = {"name": {}, "size": {"type": "int"}, "colour": {}}
    values = {name: option.get("default") for name, option in module_argument_spec(Widget.spec, options).items()}
    values.update(dict(name="w", size=1, colour="red"), **given)
    task = Widget(FakeModule(values, check_mode, diff=False), client)
    if spec is not None:
        task.spec = spec
    with pytest.raises(Exited):
        task.run()
    return task.module.exited


def test_the_run_whose_resource_is_newer_deletes_it_and_reports_the_kept_one() -> None:
    client = RacingClient("2026-12-01T10:00:00.100Z")
    result = run(client)
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["widget"]["id"] == "w-other"
    assert result["converged_from_duplicate"] == "w-mine"
    assert list(client.widgets) == ["w-other"]
    assert client.writes()[-1] == ("DELETE", "/v5/{project_id}/widgets/w-mine")


def test_equal_creation_times_keep_the_smallest_id() -> None:
    client = RacingClient("2026-12-01T10:00:00.500Z")  # "w-mine" < "w-other"
    result = run(client)
    assert result["widget"]["id"] == "w-mine" and "converged_from_duplicate" not in result


def test_the_run_whose_resource_is_older_keeps_it_and_leaves_the_other_to_its_run() -> None:
    client = RacingClient("2026-12-01T10:00:00.900Z")
    result = run(client)
    assert not result.get("failed"), result
    assert result["widget"]["id"] == "w-mine" and "converged_from_duplicate" not in result
    assert sorted(client.widgets) == ["w-mine", "w-other"]  # never deletes what another run may be completing
    assert client.writes() == [("POST", "/v5/{project_id}/widgets")]


def test_a_duplicate_in_use_is_not_deleted_and_the_failure_names_both() -> None:
    client = RacingClient("2026-12-01T10:00:00.100Z", gadgets={"w-mine": ["g-1"]})
    result = run(client)
    assert result["failed"] and result["changed"] is True
    assert "w-other (kept: created first) and w-mine (created by this run)" in result["msg"]
    assert "1 gadget(s) (g-1)" in result["msg"] and "state absent" in result["msg"]
    assert sorted(client.widgets) == ["w-mine", "w-other"]
    assert ("widget_id", "w-mine") in client.calls[-1][3].items()


def test_the_kept_resource_is_brought_to_the_task_s_options() -> None:
    client = RacingClient("2026-12-01T10:00:00.100Z", twin={"size": 7})
    result = run(client, size=3)
    assert result["widget"]["id"] == "w-other" and result["widget"]["size"] == 3
    assert client.writes()[-2:] == [("DELETE", "/v5/{project_id}/widgets/w-mine"),
                                    ("PUT", "/v5/{project_id}/widgets/w-other")]


def test_a_kept_resource_with_another_immutable_option_fails_before_deleting() -> None:
    client = RacingClient("2026-12-01T10:00:00.100Z", twin={"colour": "blue"})
    result = run(client)
    assert result["failed"] and "w-other (kept: created first) and w-mine" in result["msg"]
    assert "colour cannot be changed" in result["msg"]
    assert sorted(client.widgets) == ["w-mine", "w-other"]


def test_names_kept_unique_by_the_api_and_check_mode_do_not_settle() -> None:
    unique = RacingClient("2026-12-01T10:00:00.100Z")
    spec = copy.copy(Widget.spec)
    spec.names_unique = True
    assert run(unique, spec=spec)["widget"]["id"] == "w-mine"
    assert [c[:2] for c in unique.calls[-2:]] == [("POST", "/v5/{project_id}/widgets"),
                                                  ("GET", "/v5/{project_id}/widgets/w-mine")]
    checked = RacingClient("2026-12-01T10:00:00.100Z")
    assert run(checked, check_mode=True)["changed"] is True
    assert checked.writes() == [] and checked.widgets == {}
